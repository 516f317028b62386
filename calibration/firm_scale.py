"""Fix each firm's monetization (level and trend) and R&D intensity from data.

Monetization is revenue per user relative to the market's ARPU; its trend
(``monetization_growth``, share per year in 2013, decaying like every ARPU growth rate) is the
firm's revenue growth beyond what its users and its market's ARPU explain, bounded by
``revenue_scale.TREND_BOUND``. Both are fixed as ``calibration.revenue_scale`` describes: the
level matches the firm's first in-sample fiscal year, the trend its later in-sample years
(2014-2015; Alibaba's fiscal 2015-2016), mean over a few seeds, iterated with damping because
R&D feeds back into quality. Huawei, outside Appendix A, matches its 2016 revenue (USD 75.1 bn, annual report)
in level only; firms without revenue data keep 1 and 0.

R&D intensity is the mean of Appendix A's R&D share of revenue over the firm's in-sample fiscal
years (through 2015; Alibaba through fiscal 2016), and Huawei's 2016 share (14.6%).

Run ``python -m calibration.firm_scale`` to print the values, ``--write`` to store them in
``model/inputs/firms.csv`` (the model's input data). ``--calibrated`` uses the shipped
calibrated parameters instead of the defaults.
"""

from __future__ import annotations

import argparse
import csv
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from convergence.calibration.financials import appendix_a, fiscal_year_steps
from convergence.calibration.revenue_scale import current_growth, in_sample_revenue, monetization_adjustment
from convergence.calibration.targets import load_targets
from convergence.model.calendar import step_to_quarter
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters

EXTRA_TARGETS = {"Huawei": {2016: 75.1}}
"""Revenue (USD bn) of firms outside Appendix A: Huawei FY2016 results (external anchor A124)."""
EXTRA_RD_INTENSITY = {"Huawei": 0.146}
"""R&D / revenue of firms outside Appendix A: Huawei 2016 (CNY 76.39 bn of 521.57 bn, anchor A125)."""


def revenue_targets() -> dict[str, dict[int, float]]:
    """Firm -> {fiscal year: observed revenue USD bn} that fix its monetization."""
    return {**in_sample_revenue(load_targets()), **EXTRA_TARGETS}


def observed_rd_intensity() -> dict[str, float]:
    """Mean R&D / revenue over each firm's in-sample fiscal years (Appendix A), plus Huawei."""
    table = appendix_a()
    wide = table.pivot_table(index=["firm", "fiscal_year"], columns="metric", values="value_usd_bn").dropna()
    intensity = {}
    for firm, rows in wide.groupby(level=0):
        years = rows.index.get_level_values(1)
        rows = rows[years <= (2016 if firm == "Alibaba" else 2015)]
        if len(rows):
            intensity[str(firm)] = float((rows.rd_spend / rows.revenue).mean())
    return {**intensity, **EXTRA_RD_INTENSITY}


def simulated_revenue(targets: dict[str, dict[int, float]], params: Mapping[str, Any],
                      seeds: tuple[int, ...]) -> dict[str, dict[int, float]]:
    """Mean simulated revenue (USD bn) of each target firm in each of its target fiscal years."""
    last = max(max(fiscal_year_steps(f, y)) for f, years in targets.items() for y in years)
    sums: dict[str, dict[int, list[float]]] = {firm: {y: [] for y in years} for firm, years in targets.items()}
    for seed in seeds:
        model = ConvergenceModel(params, rng=seed, end=step_to_quarter(last))
        revenue_by_step: dict[int, np.ndarray] = {}
        while model.running:
            model.step()
            revenue_by_step[model.step_index] = model.firm_state.revenue.copy()
        names = model.firm_state.names
        for firm, years in sums.items():
            row = names.index(firm)
            for year, values in years.items():
                values.append(sum(revenue_by_step[s][row] for s in fiscal_year_steps(firm, year)))
    return {firm: {y: float(np.mean(v)) for y, v in years.items()} for firm, years in sums.items()}


def fitted_monetization(params: Mapping[str, Any],
                        seeds: tuple[int, ...] = (1, 2, 3)) -> dict[str, tuple[float, float]]:
    """Firm -> (monetization, monetization_growth) that match its observed revenue."""
    targets = revenue_targets()
    level, trend = _read_column("monetization"), current_growth()
    half_life = Parameters(params).revenue_per_user_growth_half_life
    simulated = simulated_revenue(targets, params, seeds)
    fitted = {}
    for firm, observed in targets.items():
        if min(simulated[firm].values()) <= 0:
            continue
        log_level, log_growth = monetization_adjustment(
            firm, {y: observed[y] / simulated[firm][y] for y in observed}, half_life, trend[firm])
        fitted[firm] = (level[firm] * np.exp(log_level), float(np.expm1(np.log1p(trend[firm]) + log_growth)))
    return fitted


def damped(fitted: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Halfway (in logs) from the stored values to ``fitted``: a firm whose R&D feeds back
    strongly into its users (Twitter) otherwise alternates between two values."""
    level, trend = _read_column("monetization"), current_growth()
    return {firm: (float(np.sqrt(level[firm] * new_level)),
                   float(np.expm1(0.5 * (np.log1p(trend[firm]) + np.log1p(new_trend)))))
            for firm, (new_level, new_trend) in fitted.items()}


def _firms_csv() -> Path:
    return Path(str(resources.files("convergence.model").joinpath("inputs", "firms.csv")))


def _read_column(column: str) -> dict[str, float]:
    with _firms_csv().open(newline="") as handle:
        return {row["firm"]: float(row[column]) for row in csv.DictReader(handle)}


def write_columns(columns: dict[str, dict[str, float]]) -> None:
    """Store per-firm values (column -> firm -> value) in ``model/inputs/firms.csv``."""
    path = _firms_csv()
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        for column, values in columns.items():
            if row["firm"] in values:
                row[column] = f"{values[row['firm']]:.4g}"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the values in firms.csv")
    parser.add_argument("--calibrated", action="store_true", help="use the shipped calibrated parameters")
    parser.add_argument("--iterations", type=int, default=8)
    args = parser.parse_args()
    from convergence.model.input_data import world_data

    params: dict[str, Any] = {}
    if args.calibrated:
        from convergence.scenarios.loader import calibrated_parameters
        params = calibrated_parameters()
    intensity = observed_rd_intensity()
    if args.write:
        write_columns({"rd_intensity": intensity})
        world_data.cache_clear()
    for _ in range(args.iterations if args.write else 1):
        fitted = fitted_monetization(params)
        if args.write:
            fitted = damped(fitted)
            write_columns({"monetization": {f: v[0] for f, v in fitted.items()},
                           "monetization_growth": {f: v[1] for f, v in fitted.items()}})
            world_data.cache_clear()
    for firm, (level, growth) in sorted(fitted.items()):
        print(f"{firm:10s} monetization {level:8.4g}  growth {growth:+7.3f}/yr   "
              f"R&D intensity {intensity.get(firm, float('nan')):.3f}")


if __name__ == "__main__":
    main()
