"""Python API for notebooks: run a scenario and get its tidy table."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

import pandas as pd

from convergence.runner.execution import Executor, RunFailedError, RunOutcome, RunSpec, SerialExecutor
from convergence.runner.seeds import run_seed
from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Value
from convergence.scenarios import Scenario, load_scenario


def scenario_specs(scenario: Scenario, replications: int, seed: int, until: str,
                   overrides: Mapping[str, Value] | None = None) -> list[RunSpec]:
    """One spec per replication, seeds derived from ``seed`` (design point 0)."""
    quarter_to_step(until)
    if replications < 1:
        raise ConvergenceError(f"--replications must be at least 1, got {replications}",
                               key="--replications", allowed="an integer >= 1")
    scenario.parameters(dict(overrides or {}))              # validates, incl. cross-constraints
    parameters = {**scenario.overrides, **(overrides or {})}
    return [RunSpec(point=0, replication=r, seed=run_seed(seed, 0, r), parameters=parameters,
                    timeline=scenario.timeline, end=until, scenario=scenario.name)
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
            raise RunFailedError(f"replication {outcome.replication} (seed {outcome.seed}) failed: "
                                 f"{outcome.error}", key=loaded.name)
        tables.append(outcome.table.drop(columns="point"))
    tables.sort(key=lambda t: int(t.replication.iloc[0]))
    return pd.concat(tables, ignore_index=True)
