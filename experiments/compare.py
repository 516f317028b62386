"""Scenario comparison: gather runs, compute final-year values and differences from a baseline.

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
from scipy import stats

from convergence.experiments.catalog import MetricView
from convergence.model.errors import ConvergenceError

CONFIDENCE = 0.90
"""Level of the confidence intervals of differences (and of the 5-95% bands)."""


class CompareError(ConvergenceError):
    """Inputs to a comparison are missing or inconsistent."""


@dataclass
class ScenarioRun:
    """One scenario's table with its description, timeline and provenance."""

    name: str
    table: pd.DataFrame
    description: str = ""
    report_passage: str = ""
    timeline: list[dict] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def read_run_directory(directory: Path) -> ScenarioRun:
    """A ``convergence run`` output directory as a :class:`ScenarioRun`."""
    table_path, manifest_path = directory / "timeseries.parquet", directory / "manifest.json"
    if not table_path.is_file():
        raise CompareError(f"'{directory}' holds no timeseries.parquet", key=str(directory),
                           allowed="a directory written by `convergence run`, or a scenario name")
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    table = pd.read_parquet(table_path)
    if table.empty:
        raise CompareError(f"'{table_path}' is empty", key=str(directory), allowed="a run with results")
    return ScenarioRun(name=str(table.scenario.iloc[0]), table=table,
                       description=manifest.get("description", ""), timeline=manifest.get("timeline", []),
                       manifest=manifest)


def final_values(table: pd.DataFrame, view: MetricView, year: int | None = None) -> pd.DataFrame:
    """Per scenario and replication: the view's mean over the quarters of ``year`` (default:
    the last year simulated)."""
    rows = view.select(table)
    if rows.empty:
        return rows.assign(year=[])[["scenario", "replication", "seed", "value"]]
    years = rows.quarter.str[:4].astype(int)
    year = int(years.max()) if year is None else year
    if year not in set(years):
        raise CompareError(f"year {year} is not in the runs", key="--final-year",
                           allowed=f"{years.min()}-{years.max()}")
    selected = rows[years == year]
    return selected.groupby(["scenario", "replication", "seed"], as_index=False).value.mean()


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
    """Per scenario and metric: final-year mean, 5th and 95th percentiles across replications,
    difference from the baseline with its 90% confidence interval, and whether it excludes 0."""
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
                mean, low, high = difference_interval(values, base.value.to_numpy(),
                                                      is_paired(table, scenario, baseline))
                row.update(difference=mean, difference_low=low, difference_high=high,
                           excludes_zero=bool(low > 0 or high < 0))
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


def timeline_events(runs: Sequence[ScenarioRun]) -> list[tuple[str, str]]:
    """(quarter, label) of every scripted policy change, labelled with the scenarios."""
    by_quarter: dict[str, set[str]] = {}
    for run in runs:
        for change in run.timeline:
            by_quarter.setdefault(change["quarter"], set()).add(run.name)
    return [(quarter, ", ".join(sorted(names))) for quarter, names in sorted(by_quarter.items())]
