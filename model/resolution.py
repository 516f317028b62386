"""Resolving a run: a scenario (name, path, loaded or none) plus overrides and extra timeline
entries, to the validated parameters and timeline the model is built from.

The one place that decides what overrides and extra timeline entries do to a scenario:
:func:`convergence.model.simulate`, :class:`convergence.model.ConvergenceModel`,
``run_scenario`` and ``convergence run --set`` all go through :func:`resolve_run`. It lives
apart from :mod:`convergence.model.run` so that the model class can use it (``run`` builds
the model).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError, TimelineError
from convergence.model.parameters import Parameters, PolicyChange, Value, shown
from convergence.model.scenario import Scenario, load_scenario

__all__ = ["RAW_DEFAULTS", "ResolvedRun", "SeedError", "check_seed", "resolve_run"]

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
