"""The documented way in: run a scenario (with its calibration) and get the tidy table.

:func:`simulate` is what notebooks, sweeps and calibration build on: it resolves a scenario
(the shipped ``baseline`` by default, which starts from the shipped calibration) with any
overrides and extra timeline entries, then runs the model once. :func:`resolve_run` is that
resolution on its own, and the one place that decides what overrides and extra timeline
entries do to a scenario (``simulate``, ``run_scenario`` and ``convergence run --set`` all go
through it); :func:`run_model` runs already-resolved parameters (what a worker process executes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from convergence.model.calendar import DEFAULT_END
from convergence.model.metrics import TIDY_COLUMNS
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters, PolicyChange
from convergence.model.resolution import RAW_DEFAULTS, ResolvedRun, SeedError, check_seed, resolve_run
from convergence.model.scenario import Scenario

__all__ = ["RAW_DEFAULTS", "TIDY_COLUMNS", "ResolvedRun", "SeedError", "check_seed", "resolve_run", "run_model",
           "simulate"]

def run_model(params: Parameters | Mapping[str, Any] | None = None, timeline: Iterable[PolicyChange] = (),
              *, end: str = DEFAULT_END, seed: int = 0, scenario: str = "custom",
              replication: int = 0) -> pd.DataFrame:
    """Run the model on resolved parameters from 2013Q1 to ``end`` with ``seed``; return the
    tidy long table labelled with ``scenario`` and ``replication``.

    Columns: ``scenario, replication, seed, step, quarter, metric, region, sector, origin,
    firm, value`` (blank strings where a dimension does not apply).
    """
    model = ConvergenceModel.from_parameters(params, timeline, end=end, rng=check_seed(seed)).run()
    return model.results(scenario=scenario, replication=replication, seed=seed)


def simulate(scenario: str | Path | Scenario | None = "baseline", *,
             overrides: Mapping[str, Any] | None = None, timeline: Iterable[PolicyChange] = (),
             seed: int = 0, end: str = DEFAULT_END, replication: int = 0) -> pd.DataFrame:
    """Run one replication of a scenario and return its tidy long table.

    By default this is the shipped ``baseline``, which starts from the shipped calibration
    (``scenarios/calibrations/shipped.toml``); any scenario name or ``.toml`` path works the same
    way. ``scenario=None`` runs the raw parameter defaults instead: no scenario, **no
    calibration** (the table's scenario column then says ``"defaults"``).

    ``overrides`` set parameters for the whole run, replacing the scenario's timeline entries
    for any lever among them; ``timeline`` schedules :class:`PolicyChange` entries, each
    replacing the scenario's entries for its lever from its quarter on (:func:`resolve_run`).
    The same arguments and ``seed`` give the same numbers.

    >>> table = simulate("decoupling", overrides={"switching_cost": 2.0}, seed=3, end="2020Q4")  # doctest: +SKIP
    """
    run = resolve_run(scenario, overrides, timeline, end=end)
    return run_model(run.parameters, run.timeline, end=end, seed=seed, scenario=run.scenario,
                     replication=replication)
