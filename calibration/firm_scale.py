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

Run ``python -m convergence.calibration.firm_scale`` to print the values, ``--out FILE`` to
also write a copy of ``model/inputs/firms.csv`` holding them (iterated in memory: each round
runs the model on the previous round's values). Calibration never writes into the model's
inputs: review the copy, then replace ``model/inputs/firms.csv`` with it. ``--calibrated``
uses the shipped calibration's parameters instead of the defaults.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from convergence.calibration.calibrate import shipped_calibration
from convergence.calibration.financials import firm_financials, fiscal_year_steps
from convergence.calibration.revenue_scale import in_sample_revenue, monetization_adjustment
from convergence.calibration.targets import (
    DEFAULT_HOLDOUT_FISCAL_YEAR,
    HOLDOUT_FISCAL_YEAR,
    LAST_FISCAL_YEAR,
    load_targets,
)
from convergence.model.calendar import step_to_quarter
from convergence.model.input_data import WorldData, world_data
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters

EXTRA_TARGETS = {"Huawei": {2016: 75.1}}
"""Revenue (USD bn) of firms outside Appendix A: Huawei FY2016 results (external anchor A124)."""
EXTRA_RD_INTENSITY = {"Huawei": 0.146}
"""R&D / revenue of firms outside Appendix A: Huawei 2016 (CNY 76.39 bn of 521.57 bn, anchor A125)."""


def revenue_targets() -> dict[str, dict[int, float]]:
    """Firm -> {fiscal year: observed revenue USD bn} that fix its monetization (the in-sample
    financials, plus Huawei's 2016 figure from the external anchors)."""
    targets = in_sample_revenue(load_targets())
    for firm, years in EXTRA_TARGETS.items():
        targets[firm] = dict(sorted({**targets.get(firm, {}), **years}.items()))
    return targets


def observed_rd_intensity() -> dict[str, float]:
    """Mean R&D / revenue over each firm's in-sample fiscal years (2013-2019 less the held-out
    year), plus Huawei."""
    table = firm_financials()
    wide = table.pivot_table(index=["firm", "fiscal_year"], columns="metric", values="value_usd_bn").dropna()
    intensity = {}
    for firm, rows in wide.groupby(level=0):
        years = rows.index.get_level_values(1)
        rows = rows[(years <= LAST_FISCAL_YEAR.get(firm, 2019))
                    & (years != HOLDOUT_FISCAL_YEAR.get(firm, DEFAULT_HOLDOUT_FISCAL_YEAR))]
        if len(rows):
            intensity[str(firm)] = float((rows.rd_spend / rows.revenue).mean())
    return {**intensity, **EXTRA_RD_INTENSITY}


def simulated_revenue(targets: dict[str, dict[int, float]], params: Mapping[str, Any],
                      seeds: tuple[int, ...], world: WorldData) -> dict[str, dict[int, float]]:
    """Mean simulated revenue (USD bn) of each target firm in each of its target fiscal years,
    running the model on the input tables ``world``."""
    last = max(max(fiscal_year_steps(f, y)) for f, years in targets.items() for y in years)
    sums: dict[str, dict[int, list[float]]] = {firm: {y: [] for y in years} for firm, years in targets.items()}
    for seed in seeds:
        model = ConvergenceModel.from_parameters(params, rng=seed, end=step_to_quarter(last), world=world)
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


def _monetization(world: WorldData) -> tuple[dict[str, float], dict[str, float]]:
    """Each incumbent's monetization level and growth in ``world``."""
    return ({firm.name: firm.monetization for firm in world.incumbents},
            {firm.name: firm.monetization_growth for firm in world.incumbents})


def fitted_monetization(params: Mapping[str, Any], world: WorldData,
                        seeds: tuple[int, ...] = (1, 2, 3)) -> dict[str, tuple[float, float]]:
    """Firm -> (monetization, monetization_growth) that match its observed revenue, starting
    from the values in ``world``."""
    targets = revenue_targets()
    level, trend = _monetization(world)
    half_life = Parameters(params).firm_monetization_half_life
    simulated = simulated_revenue(targets, params, seeds, world)
    fitted = {}
    for firm, observed in targets.items():
        if min(simulated[firm].values()) <= 0:
            continue
        log_level, log_growth = monetization_adjustment(
            firm, {y: observed[y] / simulated[firm][y] for y in observed}, half_life, trend[firm])
        fitted[firm] = (level[firm] * np.exp(log_level), float(np.expm1(np.log1p(trend[firm]) + log_growth)))
    return fitted


def damped(fitted: dict[str, tuple[float, float]], world: WorldData) -> dict[str, tuple[float, float]]:
    """Halfway (in logs) from the values in ``world`` to ``fitted``: a firm whose R&D feeds back
    strongly into its users (Twitter) otherwise alternates between two values."""
    level, trend = _monetization(world)
    return {firm: (float(np.sqrt(level[firm] * new_level)),
                   float(np.expm1(0.5 * (np.log1p(trend[firm]) + np.log1p(new_trend)))))
            for firm, (new_level, new_trend) in fitted.items()}


ROUNDED = "{:.4g}"
"""How values are stored in ``firms.csv`` (and rounded before the next round uses them)."""


def with_firm_values(world: WorldData, columns: dict[str, dict[str, float]]) -> WorldData:
    """``world`` with per-firm values (column -> firm -> value) replaced, rounded as stored."""
    incumbents = tuple(
        dataclasses.replace(firm, **{column: float(ROUNDED.format(values[firm.name]))
                                     for column, values in columns.items() if firm.name in values})
        for firm in world.incumbents)
    return dataclasses.replace(world, incumbents=incumbents)


def write_firms_csv(world: WorldData, path: Path) -> None:
    """A copy of ``model/inputs/firms.csv`` with the R&D and monetization columns of ``world``."""
    source = resources.files("convergence.model").joinpath("inputs", "firms.csv")
    with source.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    by_name = {firm.name: firm for firm in world.incumbents}
    for row in rows:
        firm = by_name[row["firm"]]
        for column in ("rd_intensity", "monetization", "monetization_growth"):
            row[column] = ROUNDED.format(getattr(firm, column))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write a copy of firms.csv with the fitted values here")
    parser.add_argument("--calibrated", action="store_true", help="use the shipped calibration's parameters")
    parser.add_argument("--iterations", type=int, default=8)
    args = parser.parse_args()
    params: dict[str, Any] = shipped_calibration() if args.calibrated else {}
    intensity = observed_rd_intensity()
    world = world_data()
    if args.out:
        world = with_firm_values(world, {"rd_intensity": intensity})
    for _ in range(args.iterations if args.out else 1):
        fitted = fitted_monetization(params, world)
        if args.out:
            fitted = damped(fitted, world)
            world = with_firm_values(world, {"monetization": {f: v[0] for f, v in fitted.items()},
                                             "monetization_growth": {f: v[1] for f, v in fitted.items()}})
    for firm, (level, growth) in sorted(fitted.items()):
        print(f"{firm:10s} monetization {level:8.4g}  growth {growth:+7.3f}/yr   "
              f"R&D intensity {intensity.get(firm, float('nan')):.3f}")
    if args.out:
        write_firms_csv(world, args.out)
        print(f"\nwrote {args.out}: review it, then copy it to model/inputs/firms.csv")


if __name__ == "__main__":
    main()
