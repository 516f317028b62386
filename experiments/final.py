"""What "final" means in every table the commands print: one definition for ``run`` and ``compare``.

The final value of a metric in a replication is its mean over the quarters of one year, the
last year simulated unless another is asked for (``compare --final-year``). A year rather than
a single quarter, because quarter-to-quarter noise (entries, exits, a firm tipping a small
market) would otherwise move the headline number; if the run stops before Q4, the year's
quarters that were simulated are averaged, and :func:`final_period` says which.
"""

from __future__ import annotations

import pandas as pd

from convergence.experiments.catalog import MetricView
from convergence.model.errors import ConvergenceError


def final_year(table: pd.DataFrame, year: int | None = None) -> int:
    """``year`` if the table covers it (else a one-line error naming ``--final-year``); by
    default the last year simulated."""
    years = table.quarter.str[:4].astype(int)
    if year is None:
        return int(years.max())
    if year not in set(years):
        raise ConvergenceError(f"year {year} is not in the runs", key="--final-year",
                               allowed=f"{years.min()}-{years.max()}")
    return year


def final_period(table: pd.DataFrame, year: int | None = None) -> str:
    """The final period in words, e.g. ``2030 (mean of 2030Q1-2030Q4)``."""
    year = final_year(table, year)
    quarters = sorted(set(table.quarter[table.quarter.str.startswith(str(year))]))
    span = quarters[0] if len(quarters) == 1 else f"{quarters[0]}-{quarters[-1]}"
    return f"{year} (mean of {span})"


def final_values(table: pd.DataFrame, view: MetricView, year: int | None = None) -> pd.DataFrame:
    """Per scenario and replication (columns ``scenario, replication, seed, value``): the view's
    mean over the quarters of the final year (:func:`final_year`)."""
    rows = view.select(table)
    if rows.empty:
        return rows[["scenario", "replication", "seed", "value"]]
    year = final_year(table, year)
    selected = rows[rows.quarter.str[:4].astype(int) == year]
    return selected.groupby(["scenario", "replication", "seed"], as_index=False).value.mean()
