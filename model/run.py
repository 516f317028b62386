"""Run one simulation and return its tidy table (the function notebooks and sweeps call)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import pandas as pd

from convergence.model.calendar import DEFAULT_END
from convergence.model.metrics import TIDY_COLUMNS
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters, PolicyChange

__all__ = ["TIDY_COLUMNS", "simulate"]


def simulate(params: Parameters | Mapping[str, Any] | None = None,
             timeline: Iterable[PolicyChange] = (), *, end: str = DEFAULT_END, seed: int = 0,
             scenario: str = "custom", replication: int = 0) -> pd.DataFrame:
    """Run the model from 2013Q1 to ``end`` with ``seed`` and return the tidy long table.

    Columns: ``scenario, replication, seed, step, quarter, metric, region, sector, origin,
    firm, value`` (blank strings where a dimension does not apply).
    """
    model = ConvergenceModel(params, timeline, end=end, rng=seed).run()
    return model.results(scenario=scenario, replication=replication, seed=seed)
