"""Firm effects in revenue: the level and the (bounded) trend of each firm's monetization.

A firm's revenue is its users times the market's revenue per user times its own monetization,
which starts at ``monetization`` and grows at ``monetization_growth`` (decaying like every ARPU
growth rate, ``model.mechanisms.monetization``). These two numbers per firm turn users into
dollars (Tencent sells games, JD.com books first-party sales, eBay's marketplace stagnated), so
they are concentrated out of the objective rather than searched over:

* the level matches the firm's first in-sample fiscal year exactly (the ``scale`` target);
* the trend is the least-squares slope of ``log(observed / simulated)`` on the firm's
  monetization clock ``M_y`` (matured years averaged over the fiscal year's quarters) through
  the remaining in-sample years, with the level pinned, and is bounded: the firm's monetization
  may grow at most ``TREND_BOUND`` a year faster or slower than its market's ARPU. Beyond that
  the gap is the model's (users it loses or gains) and stays in the revenue errors, which the
  search therefore still sees.

Revenue is proportional to monetization, so the calibration applies this adjustment
analytically to every candidate (``apply_revenue_scale``) and ``calibration.firm_scale`` stores
it in ``model/inputs/firms.csv`` with full runs. It is exact for the level; for the trend it
treats a fiscal year's quarters alike, and R&D feeds back into quality, so ``firm_scale``
iterates full runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from convergence.calibration.financials import fiscal_year_steps
from convergence.model.calendar import step_to_year
from convergence.model.input_data import world_data
from convergence.model.mechanisms.monetization import matured_years

TREND_BOUND = 0.30
"""Largest gap (share per year, in 2013) between a firm's monetization growth and its market's
ARPU growth. Appendix A's spread of revenue growth within a sector is of this order (2013-2015:
JD.com 60% a year against Alibaba 36%, eBay 2% against Amazon 20%); larger gaps would let the
firm trend hide a model that loses or gains the firm's users."""


def fiscal_year_maturity(firm: str, fiscal_year: int, half_life: float) -> float:
    """Matured years (the monetization clock) averaged over the quarters of a fiscal year."""
    return float(np.mean([matured_years(step_to_year(s), half_life) for s in fiscal_year_steps(firm, fiscal_year)]))


def monetization_adjustment(firm: str, ratios: dict[int, float], half_life: float,
                            current_growth: float = 0.0) -> tuple[float, float]:
    """(log level, log growth per matured year) to apply to a firm's simulated revenue.

    ``ratios`` maps in-sample fiscal years to observed / simulated revenue; the first year is
    matched exactly, the rest set the trend. ``current_growth`` is the firm's monetization
    growth in the runs, so the bound applies to the total.
    """
    years = sorted(ratios)
    logs = np.log([ratios[y] for y in years])
    clock = np.array([fiscal_year_maturity(firm, y, half_life) for y in years])
    slope = 0.0
    if len(years) > 1:
        run, rise = clock[1:] - clock[0], logs[1:] - logs[0]
        slope = float(run @ rise / (run @ run))
        base = np.log1p(current_growth)
        slope = float(np.clip(base + slope, np.log1p(-TREND_BOUND), np.log1p(TREND_BOUND))) - base
    return float(logs[0] - slope * clock[0]), slope


def in_sample_revenue(targets: pd.DataFrame) -> dict[str, dict[int, float]]:
    """Firm -> {fiscal year: observed revenue USD bn} of its ``scale`` and ``fit`` revenue targets."""
    years: dict[str, dict[int, float]] = {}
    rows = targets[targets.role.isin(["scale", "fit"]) & targets.model_output.str.startswith("revenue|")]
    for row in rows.itertuples():
        _, firm, fiscal_year = row.model_output.split("|")
        years.setdefault(firm, {})[int(fiscal_year[2:])] = float(row.observed)
    return years


def current_growth() -> dict[str, float]:
    """Each incumbent's monetization growth in the model's input data."""
    return {firm.name: firm.monetization_growth for firm in world_data().incumbents}


def apply_revenue_scale(statistics: pd.DataFrame, targets: pd.DataFrame, half_life: float) -> pd.DataFrame:
    """Rescale each firm's simulated revenue and R&D by its concentrated-out level and trend."""
    scaled = statistics.copy()
    parts = {key: key.split("|") for key in statistics.index}
    growth = current_growth()
    for firm, observed in in_sample_revenue(targets).items():
        mine = [k for k, p in parts.items() if p[0] in ("revenue", "rd_spend") and p[1] == firm]
        simulated = {y: statistics.loc[f"revenue|{firm}|FY{y}", "mean"] for y in observed}
        if min(simulated.values()) <= 0:
            scaled.loc[mine, ["mean", "p05", "p95"]] = np.nan
            continue
        level, slope = monetization_adjustment(firm, {y: observed[y] / simulated[y] for y in observed},
                                               half_life, growth.get(firm, 0.0))
        for key in mine:
            factor = np.exp(level + slope * fiscal_year_maturity(firm, int(parts[key][2][2:]), half_life))
            scaled.loc[key, ["mean", "p05", "p95"]] *= factor
    return scaled
