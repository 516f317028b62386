"""Python API for notebooks: run a scenario's replications and get their tidy table.

Replication ``r`` runs what :func:`convergence.model.simulate` runs for the same scenario and
overrides with the seed derived from (``seed``, 0, ``r``); executors may run them in parallel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Value
from convergence.model.run import resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import Executor, RunFailedError, RunOutcome, RunSpec, SerialExecutor
from convergence.runner.seeds import run_seed


def scenario_specs(scenario: Scenario, replications: int, seed: int, until: str,
                   overrides: Mapping[str, Value] | None = None) -> list[RunSpec]:
    """One spec per replication, seeds derived from ``seed`` (design point 0); the scenario is
    resolved with ``overrides`` exactly as :func:`convergence.model.simulate` resolves it."""
    quarter_to_step(until)
    if replications < 1:
        raise ConvergenceError(f"--replications must be at least 1, got {replications}",
                               key="--replications", allowed="an integer >= 1")
    run = resolve_run(scenario, overrides)
    return [RunSpec(point=0, replication=r, seed=run_seed(seed, 0, r), parameters=run.parameters,
                    timeline=run.timeline, end=until, scenario=run.scenario)
            for r in range(replications)]


def run_scenario(scenario: str | Path | Scenario, replications: int = 1, seed: int = 0,
                 until: str = DEFAULT_END, overrides: Mapping[str, Value] | None = None,
                 executor: Executor | None = None,
                 on_outcome: Callable[[RunOutcome], None] | None = None) -> pd.DataFrame:
    """Run a scenario's replications and return their tidy table (sorted by replication).

    >>> table = run_scenario("decoupling", replications=2, seed=1, until="2020Q4")  # doctest: +SKIP
    >>> table[table.metric == "convergence_index"].groupby("quarter").value.mean()   # doctest: +SKIP
    """
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    specs = scenario_specs(loaded, replications, seed, until, overrides)
    tables = []
    for outcome in (executor or SerialExecutor()).run(specs):
        if on_outcome:
            on_outcome(outcome)
        if not outcome.ok:
            first_line = outcome.error.splitlines()[0]        # the traceback stays out of the message
            raise RunFailedError(f"replication {outcome.replication} (seed {outcome.seed}) failed: "
                                 f"{first_line}", key=loaded.name)
        tables.append(outcome.table.drop(columns="point"))
    tables.sort(key=lambda t: int(t.replication.iloc[0]))
    return pd.concat(tables, ignore_index=True)
