"""The model a sweep runs: one function per run, with its inputs and outcomes declared beside it.

In the spirit of the EMA Workbench (``em_framework``), a model is just a function: given a
:class:`~convergence.runner.execution.RunSpec` (parameters, timeline, end, seed) it returns a
tidy table with at least the columns ``replication, seed, metric, step, quarter, value``. What
a spec may vary and keep is declared apart from the function, so that specs are validated,
designs cast, runs built and outputs selected the same way whatever the model.
:data:`CONVERGENCE` is the agent-based model; any other function (a test function with known
sensitivity indices, a surrogate) is swept by giving its own :class:`SweepModel`.

Everything here is a frozen dataclass or a module-level function, so a model pickles by
reference and travels to process and Dask workers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from convergence.experiments.catalog import VIEWS_BY_KEY
from convergence.model.parameters import Parameter, PolicyChange, Value, lookup
from convergence.model.resolution import ResolvedRun, resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import RunSpec
from convergence.runner.seeds import run_seed


class NamedFactor(Protocol):
    """A varied quantity, as far as building runs needs it."""

    name: str


class ExperimentSpec(Protocol):
    """What building a design's runs reads of an experiment spec
    (:class:`convergence.experiments.specs.ExperimentSpec`, which imports this module)."""

    seed: int
    replications: int
    until: str
    scenario: str
    policy_start: str

    @property
    def levers(self) -> Sequence[NamedFactor]: ...

    @property
    def uncertainties(self) -> Sequence[NamedFactor]: ...

RunFunction = Callable[[RunSpec], pd.DataFrame]
"""One run of a model: its spec in, its tidy table out."""

Points = Mapping[int, Mapping[str, Value]]
"""Design points by number: each factor's (cast) value."""


def replicate(spec: ExperimentSpec, point: int, **fields: Any) -> list[RunSpec]:
    """The replications of one design point; each seed derives from (master seed, point,
    replication), so results do not depend on executor, worker count or completion order."""
    return [RunSpec(point=point, replication=replication, seed=run_seed(spec.seed, point, replication),
                    **fields)
            for replication in range(spec.replications)]


def point_runs(spec: ExperimentSpec, points: Points) -> list[RunSpec]:
    """Runs of a plain function: its parameters are exactly the design point's values (levers
    and uncertainties alike, for the whole run)."""
    return [run for point, values in points.items()
            for run in replicate(spec, point, parameters=dict(values), end=spec.until)]


def resolve_point(scenario: str | Path | Scenario, levers: Mapping[str, Value], uncertainties: Mapping[str, Value],
                  policy_start: str, until: str) -> ResolvedRun:
    """One point of an exploratory experiment as a run of the Convergence model.

    Uncertainties hold for the whole run; levers take their values from ``policy_start`` (the
    scenario's timeline entries for a varied lever from then on are replaced, so the point's
    value holds). Resolved by :func:`convergence.model.resolution.resolve_run`, like every run.
    """
    changes = [PolicyChange.checked(policy_start, name, value) for name, value in levers.items()]
    return resolve_run(scenario, uncertainties, changes, end=until)


def scenario_runs(spec: ExperimentSpec, points: Points) -> list[RunSpec]:
    """Runs of the Convergence model, point-major, on the spec's base scenario
    (:func:`resolve_point` for each design point)."""
    scenario = load_scenario(spec.scenario)
    lever_names = [f.name for f in spec.levers]
    uncertainty_names = [f.name for f in spec.uncertainties]
    runs = []
    for point, values in points.items():
        run = resolve_point(scenario, {name: values[name] for name in lever_names},
                            {name: values[name] for name in uncertainty_names}, spec.policy_start, spec.until)
        runs += replicate(spec, point, parameters=run.parameters, timeline=run.timeline, end=spec.until,
                          scenario=run.scenario)
    return runs


def metric_rows(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The rows of ``metric`` in a function's tidy table (its outcomes are its metric names)."""
    return table[table.metric == metric]


def view_rows(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The rows of a key outcome of the Convergence model (a view of ``experiments.catalog``)."""
    return VIEWS_BY_KEY[metric].select(table)


@dataclass(frozen=True)
class SweepModel:
    """What a sweep runs and how its specs are read.

    * ``name`` - recorded in the sweep manifest.
    * ``lookup`` - the declaration (:class:`~convergence.model.parameters.Parameter`) of a
      factor name: its kind, range and role cast and validate design values; an unknown name
      raises a :class:`~convergence.model.errors.ConvergenceError`. Only names declared with
      role ``lever`` may be listed under ``[levers]``.
    * ``metrics`` - the outcomes a spec may keep; the first is kept when a spec names none.
    * ``function`` - one run (:data:`RunFunction`); ``None`` runs the Convergence simulation
      (:func:`convergence.runner.execution.execute_run`'s default).
    * ``runs`` - the runs of a design, with replications from :func:`replicate`.
    * ``select`` - the rows of one outcome metric in a run's table.
    """

    name: str
    lookup: Callable[[str], Parameter]
    metrics: tuple[str, ...]
    function: RunFunction | None = None
    runs: Callable[[ExperimentSpec, Points], list[RunSpec]] = point_runs
    select: Callable[[pd.DataFrame, str], pd.DataFrame] = metric_rows


CONVERGENCE = SweepModel(name="convergence", lookup=lookup, metrics=tuple(VIEWS_BY_KEY),
                         runs=scenario_runs, select=view_rows)
"""The Convergence agent-based model: parameters as declared in ``model.parameters``, outcomes
the key views of ``experiments.catalog``, runs on the spec's base scenario."""
