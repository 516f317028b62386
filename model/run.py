"""The documented way in: run a scenario (with its calibration) and get the tidy table.

:func:`simulate` is what notebooks, sweeps and calibration build on: it resolves a scenario
(the shipped ``baseline`` by default, which starts from the shipped calibration) with any
overrides and extra timeline entries, then runs the model once. :func:`resolve_run` is that
resolution on its own, and the one place that decides what overrides and extra timeline
entries do to a scenario (``simulate``, ``run_scenario`` and ``convergence run --set`` all go
through it); :func:`run_model` runs already-resolved parameters (what a worker process executes).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError, TimelineError
from convergence.model.metrics import TIDY_COLUMNS
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters, PolicyChange, Value, shown
from convergence.model.scenario import Scenario, load_scenario

__all__ = ["TIDY_COLUMNS", "ResolvedRun", "SeedError", "check_seed", "resolve_run", "run_model", "simulate"]

RAW_DEFAULTS = "defaults"
"""Scenario label of a run of the raw parameter defaults (no scenario, no calibration)."""


class SeedError(ConvergenceError):
    """A seed numpy's ``SeedSequence`` would refuse (negative, or not a whole number)."""


def check_seed(seed: Any, key: str = "seed") -> int:
    """``seed`` as an ``int`` if numpy's ``SeedSequence`` takes it (a whole number >= 0)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise SeedError(f"{key} must be a whole number >= 0, got {shown(seed)}", key=key,
                        allowed="an integer >= 0")
    return int(seed)


@dataclass(frozen=True)
class ResolvedRun:
    """What a run is made of once its scenario is resolved: a label, the parameter overrides of
    the defaults (validated), the timeline of lever changes, and the scenario's timeline entries
    that the overrides or extra entries replaced (``replaced``, for notes and manifests)."""

    scenario: str
    parameters: dict[str, Value]
    timeline: tuple[PolicyChange, ...]
    replaced: tuple[PolicyChange, ...] = ()


def resolve_run(scenario: str | Path | Scenario | None = "baseline",
                overrides: Mapping[str, Any] | None = None,
                timeline: Iterable[PolicyChange] = (), end: str = DEFAULT_END) -> ResolvedRun:
    """Resolve a scenario (name, path or loaded; ``None`` for the raw defaults) for a run to ``end``.

    * ``overrides`` hold for the whole run (validated): a lever named here keeps its value
      throughout, so every scenario timeline entry for it is replaced.
    * ``timeline`` entries (levers only, validated) change a lever from their quarter on: the
      scenario's entries for that lever from that quarter on are replaced, earlier ones kept.
    * Every entry must fall within the run: an extra entry after ``end``, or a scenario entry
      after both ``end`` and :data:`DEFAULT_END` (the period scenarios describe), is a
      :class:`TimelineError` naming where it was written and the run's last quarter. A run cut
      short with ``end`` simply stops before the scenario's later entries.
    """
    last = quarter_to_step(end)
    if scenario is None:
        label, base, scripted = RAW_DEFAULTS, {}, ()
    else:
        loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        label, base, scripted = loaded.name, loaded.overrides, loaded.timeline
    overrides = dict(overrides or {})
    parameters = {**base, **overrides}
    Parameters(parameters)                                 # validates, incl. cross-parameter constraints
    extra = tuple(PolicyChange.checked(c.quarter, c.name, c.value, source=c.source, key=c.key) for c in timeline)
    replaced = tuple(c for c in scripted if _replaced(c, overrides, extra))
    kept = tuple(c for c in scripted if c not in replaced)
    _check_within(extra, last, end)
    _check_within(kept, max(last, quarter_to_step(DEFAULT_END)), end)
    return ResolvedRun(label, parameters, (*kept, *extra), replaced)


def _replaced(change: PolicyChange, overrides: Mapping[str, Any], extra: tuple[PolicyChange, ...]) -> bool:
    """True if a whole-run override, or an extra entry for the same lever no later, replaces ``change``."""
    return change.name in overrides or any(e.name == change.name and e.step <= change.step for e in extra)


def _check_within(changes: Iterable[PolicyChange], last: int, end: str) -> None:
    """Raise for the first change that takes effect after step ``last``."""
    for change in changes:
        if change.step > last:
            where = change.key or f"timeline change of '{change.name}'"
            raise TimelineError(f"{where} takes effect in {change.quarter}, after the run's last quarter {end}",
                                key=where, allowed=f"a quarter up to {end}, or --until {change.quarter} or later",
                                source=change.source)


def run_model(params: Parameters | Mapping[str, Any] | None = None, timeline: Iterable[PolicyChange] = (),
              *, end: str = DEFAULT_END, seed: int = 0, scenario: str = "custom",
              replication: int = 0) -> pd.DataFrame:
    """Run the model on resolved parameters from 2013Q1 to ``end`` with ``seed``; return the
    tidy long table labelled with ``scenario`` and ``replication``.

    Columns: ``scenario, replication, seed, step, quarter, metric, region, sector, origin,
    firm, value`` (blank strings where a dimension does not apply).
    """
    model = ConvergenceModel(params, timeline, end=end, rng=check_seed(seed)).run()
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
