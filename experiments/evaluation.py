"""One point of an exploratory experiment, evaluated: the Python call EMA Workbench, SALib or an
optimiser calls (``convergence.experiments.evaluate``).

A point is a base scenario, lever values (from ``policy_start``), uncertainty values (for the
whole run) and a seed; the answer is a dictionary of key outcomes, each the final value or the
mean over a window. It is exactly what ``convergence sweep`` keeps for the same point and seed:
the run is resolved by :func:`~convergence.experiments.sweep_model.resolve_point` and reduced
by :class:`~convergence.experiments.outputs.OutputSelection`, as a sweep does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from convergence.experiments.catalog import view
from convergence.experiments.outputs import OutputSelection
from convergence.experiments.sweep_model import resolve_point, view_rows
from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Value
from convergence.model.run import check_seed, run_model
from convergence.model.scenario import Scenario

KEEP = ("final", "mean")
"""What :func:`evaluate` can keep of each outcome: its last quarter, or its mean over a window."""


class EvaluationError(ConvergenceError):
    """An :func:`evaluate` argument outside what is allowed."""


def evaluate(scenario: str | Path | Scenario = "baseline", levers: Mapping[str, Value] | None = None,
             uncertainties: Mapping[str, Value] | None = None, *, policy_start: str = "2018Q1",
             until: str = DEFAULT_END, seed: int = 0, outcomes: Sequence[str] = ("convergence_index",),
             keep: str = "final", window: Sequence[str] | None = None) -> dict[str, float]:
    """Run one replication of a point and return its outcomes, ``{outcome: value}``.

    Args:
        scenario: base scenario (name, ``.toml`` path or loaded); it starts from its calibration.
        levers: policy levers and the values they take from ``policy_start`` (replacing the
            scenario's timeline entries for them from then on).
        uncertainties: parameters set for the whole run.
        policy_start: first quarter of the levers' values.
        until: last quarter simulated.
        seed: the run's seed (a sweep's replication ``r`` of point ``p`` uses
            ``convergence.runner.seeds.run_seed(master_seed, p, r)``).
        outcomes: key outcomes of ``experiments/catalog.py`` (``convergence_index``,
            ``chinese_share_us``, ...; units there).
        keep: ``"final"`` (the value in ``until``) or ``"mean"`` (the mean over ``window``).
        window: ``(first quarter, last quarter)``, needed when ``keep="mean"``.

    >>> evaluate("strict_localization", levers={"us_reciprocity_strength": 0.5},
    ...          uncertainties={"switching_cost": 2.0}, until="2025Q4", seed=1,
    ...          outcomes=["convergence_index", "chinese_share_us"])          # doctest: +SKIP
    """
    selection = _selection(outcomes, keep, window, until)
    run = resolve_point(scenario, dict(levers or {}), dict(uncertainties or {}), policy_start, until)
    table = run_model(run.parameters, run.timeline, end=until, seed=check_seed(seed), scenario=run.scenario)
    kept = selection(table)
    return {outcome: float(kept.value[kept.metric == outcome].iloc[-1]) for outcome in selection.metrics}


def _selection(outcomes: Sequence[str], keep: str, window: Sequence[str] | None, until: str) -> OutputSelection:
    """The sweep's output reducer for these arguments, after checking them."""
    if isinstance(outcomes, str) or not outcomes:
        raise EvaluationError(f"outcomes must be a non-empty list of outcome names, got {outcomes!r}",
                              key="outcomes", allowed="e.g. ['convergence_index']")
    for outcome in outcomes:
        view(outcome)                                               # unknown names list the known ones
    if keep not in KEEP:
        raise EvaluationError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}", key="keep",
                              allowed=", ".join(KEEP))
    last = quarter_to_step(until)
    if keep == "final":
        if window is not None:
            raise EvaluationError("window applies to keep='mean' only", key="window", allowed="None")
        return OutputSelection(view_rows, tuple(outcomes), keep)
    if window is None or isinstance(window, str) or len(window) != 2:
        raise EvaluationError(f"keep='mean' needs window=(first quarter, last quarter), got {window!r}",
                              key="window", allowed='("2026Q1", "2030Q4")')
    first, end = (quarter_to_step(str(quarter)) for quarter in window)
    if not first <= end <= last:
        raise EvaluationError(f"window {tuple(window)} must be ordered and end by until={until}", key="window",
                              allowed=f"quarters between 2013Q1 and {until}")
    return OutputSelection(view_rows, tuple(outcomes), keep, (str(window[0]), str(window[1])))
