"""What a sweep keeps of each run: full time series of chosen metrics, or summaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from convergence.model.calendar import quarter_to_step

COLUMNS = ["replication", "seed", "metric", "step", "quarter", "value"]


@dataclass(frozen=True)
class OutputSelection:
    """Reduce a run's tidy table to the kept outputs (picklable: it travels to workers).

    ``select`` picks one metric's rows from the table (the sweep model's selector, a
    module-level function). ``keep``: ``timeseries`` (every quarter), ``final`` (last quarter)
    or ``mean`` (mean over ``window``, labelled ``"FIRST-LAST"``, step = last step of the window).
    """

    select: Callable[[pd.DataFrame, str], pd.DataFrame]
    metrics: tuple[str, ...]
    keep: str
    window: tuple[str, str] | None = None

    def __call__(self, table: pd.DataFrame) -> pd.DataFrame:
        parts = []
        for key in self.metrics:
            rows = self.select(table, key).assign(metric=key)[COLUMNS]
            if self.keep == "final":
                rows = rows[rows.step == rows.step.max()]
            elif self.keep == "mean":
                first, last = (quarter_to_step(q) for q in self.window)
                inside = rows[(rows.step >= first) & (rows.step <= last)]
                rows = inside.groupby(["replication", "seed", "metric"], as_index=False).value.mean()
                rows["step"] = last
                rows["quarter"] = f"{self.window[0]}-{self.window[1]}"
                rows = rows[COLUMNS]
            parts.append(rows)
        return pd.concat(parts, ignore_index=True)
