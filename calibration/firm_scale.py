"""Fix each firm's monetization and R&D intensity from data.

Monetization is revenue per user relative to the sector's ARPU; R&D intensity is R&D / revenue.

Monetization is a scale factor, not a behavioural parameter: revenue is linear in it while
market shares do not depend on it. So it is fixed from data rather than searched over:
``monetization = observed revenue / simulated revenue at monetization 1`` in the firm's
first fiscal year the model covers (mean over a few seeds), iterated twice. Huawei uses its
2016 revenue (USD 75.1 bn, annual report); firms without revenue data keep 1.

R&D intensity is the mean of Appendix A's R&D share of revenue over the firm's in-sample fiscal
years (through 2015; Alibaba through fiscal 2016), and Huawei's 2016 share (14.6%).

Run ``python -m calibration.firm_scale`` to print the factors, ``--write`` to store them in
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

from calibration.financials import appendix_a, fiscal_year_steps
from model.calendar import step_to_quarter
from model.model import ConvergenceModel

EXTRA_TARGETS = {("Huawei", 2016): 75.1}
"""Revenue (USD bn) of firms outside Appendix A: Huawei FY2016 results (external anchor A124)."""
EXTRA_RD_INTENSITY = {"Huawei": 0.146}
"""R&D / revenue of firms outside Appendix A: Huawei 2016 (CNY 76.39 bn of 521.57 bn, anchor A125)."""


def revenue_targets() -> dict[str, tuple[int, float]]:
    """Firm -> (fiscal year, observed revenue USD bn): each firm's first year inside 2013-."""
    table = appendix_a()
    revenue = table[(table.metric == "revenue")]
    targets: dict[str, tuple[int, float]] = {}
    for firm, rows in revenue.groupby("firm"):
        rows = rows[rows.fiscal_year >= (2014 if firm == "Alibaba" else 2013)].sort_values("fiscal_year")
        if len(rows):
            targets[str(firm)] = (int(rows.fiscal_year.iloc[0]), float(rows.value_usd_bn.iloc[0]))
    for (firm, year), value in EXTRA_TARGETS.items():
        targets[firm] = (year, value)
    return targets


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


def simulated_revenue(targets: dict[str, tuple[int, float]], params: Mapping[str, Any],
                      seeds: tuple[int, ...]) -> dict[str, float]:
    """Mean simulated revenue (USD bn) of each target firm in its target fiscal year."""
    last = max(max(fiscal_year_steps(f, y)) for f, (y, _) in targets.items())
    sums: dict[str, list[float]] = {firm: [] for firm in targets}
    for seed in seeds:
        model = ConvergenceModel(params, rng=seed, end=step_to_quarter(last))
        revenue_by_step: dict[int, np.ndarray] = {}
        while model.running:
            model.step()
            revenue_by_step[model.step_index] = model.firm_state.revenue.copy()
        names = model.firm_state.names
        for firm, (year, _) in targets.items():
            row = names.index(firm)
            sums[firm].append(sum(revenue_by_step[s][row] for s in fiscal_year_steps(firm, year)))
    return {firm: float(np.mean(values)) for firm, values in sums.items()}


def fitted_monetization(params: Mapping[str, Any], seeds: tuple[int, ...] = (1, 2, 3)) -> dict[str, float]:
    """Monetization factors that match each target firm's observed revenue."""
    targets = revenue_targets()
    current = _read_column("monetization")
    simulated = simulated_revenue(targets, params, seeds)
    return {firm: current[firm] * observed / simulated[firm]
            for firm, (_, observed) in targets.items() if simulated[firm] > 0}


def _firms_csv() -> Path:
    return Path(str(resources.files("model").joinpath("inputs", "firms.csv")))


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
    parser.add_argument("--iterations", type=int, default=2)
    args = parser.parse_args()
    from model.input_data import world_data

    params: dict[str, Any] = {}
    if args.calibrated:
        from scenarios.loader import calibrated_parameters
        params = calibrated_parameters()
    intensity = observed_rd_intensity()
    if args.write:
        write_columns({"rd_intensity": intensity})
        world_data.cache_clear()
    for _ in range(args.iterations if args.write else 1):
        factors = fitted_monetization(params)
        if args.write:
            write_columns({"monetization": factors})
            world_data.cache_clear()
    for firm, factor in sorted(factors.items()):
        print(f"{firm:10s} monetization {factor:8.4g}   R&D intensity {intensity.get(firm, float('nan')):.3f}")


if __name__ == "__main__":
    main()
