"""Scenario comparison: gather runs, compute final values (:mod:`convergence.experiments.final`) and
differences from a baseline.

Scenarios run with the same master seed share replication seeds (common random numbers), so
replication r of a scenario and of the baseline differ only by policy: differences are then
paired. Otherwise they are compared as independent samples (Welch).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats

from convergence.experiments.catalog import MetricView
from convergence.experiments.final import final_values
from convergence.experiments.scenario_run import RUN_OUTPUT
from convergence.model.errors import ConvergenceError
from convergence.model.labels import format_value, parameter_label, scenario_name
from convergence.model.metrics import TIDY_COLUMNS
from convergence.runner.seeds import run_seed

CONFIDENCE = 0.90
"""Level of the confidence intervals of differences (and of the 5-95% bands)."""


PAIRING = {True: "paired", False: "unpaired (Welch)"}
"""How a difference from the baseline was computed, as the comparison table says it."""


class CompareError(ConvergenceError):
    """Inputs to a comparison are missing or inconsistent."""


@dataclass
class ScenarioRun:
    """One scenario's table with its description, timeline and provenance; ``origin`` says where
    it came from (a run directory, or the scenario run by this command) for messages."""

    name: str
    table: pd.DataFrame
    description: str = ""
    report_passage: str = ""
    timeline: list[dict] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    origin: str = ""


def read_run_directory(directory: Path) -> ScenarioRun:
    """A ``convergence run`` output directory as a :class:`ScenarioRun`; a missing, damaged or
    foreign file is a :class:`CompareError` naming it."""
    table_path, manifest_path = directory / "timeseries.parquet", directory / "manifest.json"
    for required in (table_path, manifest_path):
        if not required.is_file():
            raise CompareError(f"'{directory}' holds no {required.name}", key=str(directory),
                               allowed="a directory written by `convergence run`, or a scenario name")
    manifest = _run_manifest(manifest_path)
    table = _run_table(table_path)
    return ScenarioRun(name=str(table.scenario.iloc[0]), table=table, description=manifest.get("description", ""),
                       timeline=manifest.get("timeline", []), manifest=manifest, origin=str(directory))


def _run_manifest(path: Path) -> dict:
    """A run directory's manifest: a JSON object of kind ``convergence run``."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CompareError(f"cannot read '{path}': {str(error).splitlines()[0]}", key=str(path),
                           allowed="the manifest.json `convergence run` wrote") from None
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    if kind != RUN_OUTPUT.name:
        raise CompareError(f"'{path}' is not the manifest of a `{RUN_OUTPUT.name}` (kind: {kind!r})", key=str(path),
                           allowed="a directory written by `convergence run`")
    return manifest


def _run_table(path: Path) -> pd.DataFrame:
    """A run directory's tidy table, checked to be readable, complete in columns and non-empty."""
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise CompareError(f"cannot read '{path}': {str(error).splitlines()[0]}", key=str(path),
                           allowed="the timeseries.parquet `convergence run` wrote") from None
    missing = [column for column in TIDY_COLUMNS if column not in table.columns]
    if missing:
        raise CompareError(f"'{path}' lacks the columns {', '.join(missing)}", key=str(path),
                           allowed=f"a tidy table with columns {', '.join(TIDY_COLUMNS)}")
    if table.empty:
        raise CompareError(f"'{path}' is empty", key=str(path), allowed="a run with results")
    return table


@dataclass(frozen=True)
class RunDesign:
    """What pairing needs equal across runs (last quarter, replications, replication seeds), and
    where the run comes from (``origin``) with its master seed, for messages."""

    origin: str
    horizon: str
    replications: int
    seeds: tuple[int, ...]
    master_seed: object

    @classmethod
    def of(cls, run: ScenarioRun) -> RunDesign:
        """The design of a run that exists (read from its table)."""
        seeds = run.table.groupby("replication").seed.first()
        return cls(run.origin or run.name, str(run.table.quarter.max()), len(seeds), tuple(seeds.tolist()),
                   run.manifest.get("master_seed", "unknown"))

    @classmethod
    def planned(cls, origin: str, until: str, replications: int, seed: int) -> RunDesign:
        """The design of a scenario this command is about to run."""
        return cls(origin, until, replications, tuple(run_seed(seed, 0, r) for r in range(replications)), seed)

    def describe(self) -> str:
        return f"{self.origin}: until {self.horizon}, {self.replications} replications, master seed {self.master_seed}"


PAIRED_ASPECTS = {"horizon": "horizon (--until)", "replications": "replications (--replications)",
                  "seeds": "seeds (--seed)"}
"""The :class:`RunDesign` fields paired runs share, as messages name them."""


def pairing_differences(designs: Sequence[RunDesign]) -> list[str]:
    """The aspects (:data:`PAIRED_ASPECTS`) in which the runs differ; empty when they can be paired.
    Seeds are compared over the replications all runs have (more replications is its own aspect)."""
    shared = min(design.replications for design in designs)
    values = {aspect: {getattr(design, aspect) for design in designs} for aspect in ("horizon", "replications")}
    values["seeds"] = {design.seeds[:shared] for design in designs}
    return [words for aspect, words in PAIRED_ASPECTS.items() if len(values[aspect]) > 1]


def check_pairable(designs: Sequence[RunDesign]) -> None:
    """Raise a :class:`CompareError` saying what differs, per run, unless all runs can be paired."""
    differences = pairing_differences(designs)
    if differences:
        raise CompareError(f"cannot pair the runs, they differ in {' and '.join(differences)} "
                           f"({'; '.join(design.describe() for design in designs)})", key="SCENARIO_OR_RUN_DIR",
                           allowed="runs with the same --until, --replications and --seed, or --unpaired "
                                   "(compares the quarters all runs share; unpaired differences get Welch intervals)")


def common_quarters(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the quarters every scenario in ``table`` reached."""
    last = int(table.groupby("scenario").step.max().min())
    return table[table.step <= last]


def difference_interval(values: np.ndarray, baseline: np.ndarray, paired: bool) -> tuple[float, float, float]:
    """Mean difference and its CONFIDENCE interval (paired t, or Welch when unpaired)."""
    if paired:
        differences = values - baseline
        mean = float(differences.mean())
        if len(differences) < 2 or np.allclose(differences, differences[0]):
            return mean, mean, mean
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, len(differences) - 1) * stats.sem(differences)
        return mean, mean - half, mean + half
    mean = float(values.mean() - baseline.mean())
    if len(values) < 2 or len(baseline) < 2:
        return mean, np.nan, np.nan
    va, vb = values.var(ddof=1) / len(values), baseline.var(ddof=1) / len(baseline)
    if va + vb == 0:
        return mean, mean, mean
    dof = (va + vb) ** 2 / (va ** 2 / (len(values) - 1) + vb ** 2 / (len(baseline) - 1))
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, dof) * np.sqrt(va + vb)
    return mean, mean - half, mean + half


def is_paired(table: pd.DataFrame, scenario: str, baseline: str) -> bool:
    """True when both scenarios ran the same replication seeds (common random numbers)."""
    seeds = table.groupby("scenario").apply(lambda t: tuple(sorted(set(zip(t.replication, t.seed)))),
                                            include_groups=False)
    return seeds.get(scenario) == seeds.get(baseline)


def comparison_table(table: pd.DataFrame, views: Sequence[MetricView], baseline: str,
                     year: int | None = None) -> pd.DataFrame:
    """Per scenario and metric: mean of the final values (:func:`final_values`: each replication's
    mean over the final year), 5th and 95th percentiles across replications,
    difference from the baseline with its 90% confidence interval, whether it excludes 0, and
    whether it is paired (same replication seeds) or unpaired (Welch)."""
    rows = []
    for view in views:
        finals = final_values(table, view, year)
        if finals.empty:
            continue
        base = finals[finals.scenario == baseline].sort_values("replication")
        for scenario, group in finals.groupby("scenario", sort=False):
            group = group.sort_values("replication")
            values = group.value.to_numpy()
            row = {"scenario": scenario, "metric": view.key, "unit": view.unit, "mean": values.mean(),
                   "p05": np.quantile(values, 0.05), "p95": np.quantile(values, 0.95),
                   "replications": len(values)}
            if scenario != baseline and len(base):
                paired = is_paired(table, scenario, baseline)
                mean, low, high = difference_interval(values, base.value.to_numpy(), paired)
                row.update(difference=mean, difference_low=low, difference_high=high,
                           excludes_zero=bool(low > 0 or high < 0), pairing=PAIRING[paired])
            rows.append(row)
    return pd.DataFrame(rows)


def difference_series(table: pd.DataFrame, view: MetricView, baseline: str) -> pd.DataFrame:
    """Per scenario and quarter: mean difference from the baseline and its 90% interval."""
    rows = view.select(table)
    base = rows[rows.scenario == baseline].set_index(["step", "replication"]).value
    out = []
    for scenario, group in rows[rows.scenario != baseline].groupby("scenario", sort=False):
        paired = is_paired(table, scenario, baseline)
        for (step, quarter), at_step in group.groupby(["step", "quarter"]):
            values = at_step.sort_values("replication")
            baseline_values = base.loc[step].reindex(values.replication).to_numpy() if paired \
                else base.loc[step].to_numpy()
            mean, low, high = difference_interval(values.value.to_numpy(), baseline_values, paired)
            out.append({"scenario": scenario, "step": step, "quarter": quarter, "mean": mean,
                        "low": low, "high": high})
    return pd.DataFrame(out)


def policy_changes(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Every scripted policy change, once: ``quarter``, ``scenarios`` (display names, "all
    scenarios" when every run has it), ``lever`` (display name), ``value`` and ``unit``."""
    scenarios_of: dict[tuple[str, str, object], list[str]] = {}
    for run in runs:
        for change in run.timeline:
            scenarios_of.setdefault((change["quarter"], change["lever"], change["value"]), []).append(run.name)
    rows = []
    for (quarter, lever, value), names in sorted(scenarios_of.items(), key=lambda item: item[0][:2]):
        label = parameter_label(lever)
        rows.append({"quarter": quarter,
                     "scenarios": "all scenarios" if len(names) == len(runs) > 1
                     else ", ".join(scenario_name(name) for name in names),
                     "lever": label.name, "value": format_value(value), "unit": label.unit})
    return pd.DataFrame(rows, columns=["quarter", "scenarios", "lever", "value", "unit"])


MOST_CHANGES_NAMED = 2
"""Policy-change markers name each lever and value up to this many changes; more are counted
and listed in the report's table of policy changes."""


def timeline_events(runs: Sequence[ScenarioRun]) -> list[tuple[str, str]]:
    """(quarter, label) of every quarter with scripted policy changes; the label names the
    scenarios and, for each, the lever and its new value (or how many levers changed)."""
    changes = policy_changes(runs)
    events = []
    for quarter, at_quarter in changes.groupby("quarter", sort=True):
        parts = []
        for scenarios, rows in at_quarter.groupby("scenarios", sort=False):
            if len(rows) > MOST_CHANGES_NAMED:
                parts.append(f"{scenarios}: {len(rows)} levers change (see the policy table)")
            else:
                parts.append(f"{scenarios}: " + "; ".join(f"{row.lever} \u2192 {row.value}"
                                                           for row in rows.itertuples()))
        events.append((str(quarter), " | ".join(parts)))
    return events
