"""Python API for notebooks: run a scenario's replications and get their tidy table.

Replication ``r`` runs what :func:`convergence.model.simulate` runs for the same scenario,
overrides and timeline with the seed derived from (``seed``, 0, ``r``); executors may run them
in parallel. The request is checked before anything runs: replications at least 1, a valid
master seed, and a size this machine can hold (:func:`check_size`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PolicyChange, Value
from convergence.model.run import ResolvedRun, check_seed, resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import Executor, RunFailedError, RunOutcome, RunSpec, SerialExecutor
from convergence.runner.limits import BYTES_PER_ROW, check_runs
from convergence.runner.seeds import run_seed

ROWS_PER_QUARTER = 650
"""Rows of the tidy table one replication keeps per simulated quarter. Measured: 558-608 at
every population size from 200 to 10,000 users per region (decoupling, 2013Q1 to 2014Q4,
2020Q4 and 2030Q4); the by-firm metrics make most rows, so it grows with the firms alive."""


def check_replications(replications: int) -> int:
    """``replications`` if it is at least 1."""
    if replications < 1:
        raise ConvergenceError(f"--replications must be at least 1, got {replications}",
                               key="--replications", allowed="an integer >= 1")
    return replications


def check_size(replications: int, until: str, what: str, scenarios: int = 1, allow_large: bool = False) -> None:
    """Refuse, before anything runs, ``replications`` of ``scenarios`` to ``until`` that this machine
    cannot hold (:func:`convergence.runner.limits.check_runs`; ``allow_large`` overrides)."""
    check_replications(replications)
    quarters = quarter_to_step(until) + 1
    check_runs(replications * scenarios, ROWS_PER_QUARTER * quarters * BYTES_PER_ROW,
               f"{what} to {until}", allow_large)


def scenario_specs(run: ResolvedRun, replications: int, seed: int, until: str) -> list[RunSpec]:
    """One spec per replication of a resolved run, seeds derived from ``seed`` (design point 0)."""
    check_replications(replications)
    check_seed(seed, "--seed")
    return [RunSpec(point=0, replication=r, seed=run_seed(seed, 0, r), parameters=run.parameters,
                    timeline=run.timeline, end=until, scenario=run.scenario)
            for r in range(replications)]


def run_scenario(scenario: str | Path | Scenario, replications: int = 1, seed: int = 0,
                 until: str = DEFAULT_END, overrides: Mapping[str, Value] | None = None,
                 timeline: Iterable[PolicyChange] = (), executor: Executor | None = None,
                 on_outcome: Callable[[RunOutcome], None] | None = None,
                 allow_large: bool = False) -> pd.DataFrame:
    """Run a scenario's replications and return their tidy table (sorted by replication).

    ``overrides`` and ``timeline`` work as in :func:`convergence.model.simulate` (whole-run values
    replace the scenario's timeline entries for their levers; scheduled changes replace them from
    their quarter on). ``allow_large`` lifts the size limits of :func:`check_size`.

    >>> table = run_scenario("decoupling", replications=2, seed=1, until="2020Q4")  # doctest: +SKIP
    >>> table[table.metric == "convergence_index"].groupby("quarter").value.mean()   # doctest: +SKIP
    """
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    check_size(replications, until, f"scenario {loaded.name}", allow_large=allow_large)
    run = resolve_run(loaded, overrides, timeline, end=until)
    return run_resolved(run, replications, seed, until, executor, on_outcome)


def run_resolved(run: ResolvedRun, replications: int, seed: int, until: str, executor: Executor | None = None,
                 on_outcome: Callable[[RunOutcome], None] | None = None) -> pd.DataFrame:
    """Run the replications of an already resolved run (sizes checked by the caller)."""
    tables = []
    for outcome in (executor or SerialExecutor()).run(scenario_specs(run, replications, seed, until)):
        if on_outcome:
            on_outcome(outcome)
        if not outcome.ok:
            first_line = outcome.error.splitlines()[0]        # the traceback stays out of the message
            raise RunFailedError(f"replication {outcome.replication} (seed {outcome.seed}) failed: "
                                 f"{first_line}", key=run.scenario)
        tables.append(outcome.table.drop(columns="point"))
    tables.sort(key=lambda t: int(t.replication.iloc[0]))
    return pd.concat(tables, ignore_index=True)
