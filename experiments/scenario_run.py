"""``convergence run``: a scenario's replications to a directory with manifest and plot."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from tqdm import tqdm

from convergence.experiments.api import check_size, run_resolved
from convergence.experiments.catalog import KEY_VIEWS
from convergence.experiments.final import final_period, final_values
from convergence.experiments.plots import summary_figure
from convergence.model.parameters import Parameters, PolicyChange, Value
from convergence.model.run import ResolvedRun, check_seed, resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import make_executor
from convergence.runner.output import OutputKind, atomic_directory
from convergence.runner.provenance import environment, now

RUN_OUTPUT = OutputKind("convergence run", ("timeseries.parquet", "manifest.json", "summary.png", "summary.svg"))
"""What ``convergence run`` writes (``--overwrite`` replaces only such a directory)."""


def run_to_directory(reference: str, *, replications: int, seed: int, until: str,
                     overrides: Mapping[str, Value], out: Path | None, overwrite: bool,
                     timeline: Iterable[PolicyChange] = (), workers: int = 1, allow_large: bool = False) -> int:
    """Run, then write ``timeseries.parquet``, ``manifest.json`` and ``summary.png`` to ``out``
    (atomically, under the directory's lock) and print a summary table. ``overrides`` and
    ``timeline`` are ``--set`` items as :func:`convergence.model.run.resolve_run` takes them; a
    note on stderr names the scenario timeline entries they replace. Returns the exit code."""
    scenario = load_scenario(reference)
    check_size(replications, until, f"run of {scenario.name}", allow_large=allow_large)
    check_seed(seed, "--seed")
    scheduled = tuple(timeline)
    run = resolve_run(scenario, overrides, scheduled, end=until)
    for line in replacement_notes(run, overrides):
        print(line, file=sys.stderr)
    out = out or Path("runs") / scenario.name
    started = now()
    with atomic_directory(out, overwrite, kind=RUN_OUTPUT) as folder:
        with make_executor(workers) as executor, tqdm(total=replications, unit="run",
                                                       desc=f"{scenario.name}") as bar:
            table = run_resolved(run, replications, seed, until, executor, on_outcome=lambda _: bar.update())
        manifest = run_manifest(scenario, run, seed, replications, until, table, started,
                                overrides=dict(overrides), scheduled=scheduled)
        manifest["rerun"] = rerun_command(reference, replications, seed, until, overrides, scheduled)
        _write_run(folder, table, manifest)
    print(f"Final values: {final_period(table)}, mean and 5th-95th percentile across {replications} replications")
    print(summary_table(table).to_string())
    print(f"\nwrote {out}/timeseries.parquet, manifest.json, summary.png")
    return 0


def _write_run(folder: Path, table: pd.DataFrame, manifest: dict) -> None:
    """The files of a run directory (:data:`RUN_OUTPUT`)."""
    table.to_parquet(folder / "timeseries.parquet", index=False)
    figure = summary_figure(table)
    try:
        figure.savefig(folder / "summary.png", dpi=120)
        figure.savefig(folder / "summary.svg")
    finally:
        plt.close(figure)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))


def replacement_notes(run: ResolvedRun, overrides: Mapping[str, Value]) -> list[str]:
    """One line per lever whose scenario timeline entries ``--set`` replaced, naming them."""
    by_lever: dict[str, list[PolicyChange]] = {}
    for change in run.replaced:
        by_lever.setdefault(change.name, []).append(change)
    lines = []
    for name, changes in by_lever.items():
        entries = ", ".join(f"{c.quarter} -> {_text(c.value)} ({Path(c.source or '').name} {c.key})"
                            for c in changes)
        how = "holds for the whole run" if name in overrides else "applies from its quarter on"
        lines.append(f"note: --set {name} {how}; it replaces the scenario's timeline entries {entries}")
    return lines


def _timeline_rows(changes: Iterable[PolicyChange]) -> list[dict]:
    return [{"quarter": c.quarter, "lever": c.name, "value": c.value} for c in changes]


def run_manifest(scenario: Scenario, run: ResolvedRun, seed: int, replications: int, until: str,
                 table: pd.DataFrame, started: str, *, overrides: dict | None = None,
                 scheduled: Iterable[PolicyChange] = ()) -> dict:
    """Everything needed to re-run a scenario's replications exactly: ``overrides`` and
    ``scheduled`` are what was asked (``--set``), ``parameters`` and ``timeline`` what ran."""
    return {
        "kind": RUN_OUTPUT.name,
        "scenario": scenario.name,
        "description": scenario.description,
        "scenario_chain": list(scenario.chain),
        "scenario_files": scenario.files,
        "overrides": overrides or {},
        "scheduled": _timeline_rows(scheduled),
        "parameters": Parameters(run.parameters).to_dict(),
        "timeline": _timeline_rows(run.timeline),
        "timeline_replaced": _timeline_rows(run.replaced),
        "master_seed": seed,
        "replications": replications,
        "seeds": sorted(table.groupby("replication").seed.first().astype(int).tolist()),
        "until": until,
        "started": started,
        "finished": now(),
        **environment(),
    }


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """Final value (:mod:`convergence.experiments.final`: each replication's mean over the last
    year simulated) of the key metrics: mean and 5-95% range across replications, the same
    numbers ``convergence compare`` prints."""
    rows = []
    for view in KEY_VIEWS:
        values = final_values(table, view).value
        if len(values):
            rows.append({"metric": view.title, "unit": view.unit, "mean": values.mean(),
                         "p05": values.quantile(0.05), "p95": values.quantile(0.95)})
    return pd.DataFrame(rows).set_index("metric").round(4)


def rerun_command(reference: str, replications: int, seed: int, until: str, overrides: Mapping[str, Value],
                  scheduled: Iterable[PolicyChange] = ()) -> str:
    """The ``convergence run`` command line that repeats a run exactly (same --set items)."""
    settings = [f"{name}={_text(value)}" for name, value in overrides.items()]
    settings += [f"{c.name}={_text(c.value)}@{c.quarter}" for c in scheduled]
    words = ["convergence", "run", reference, "--replications", str(replications), "--seed", str(seed),
             "--until", until, *(word for item in settings for word in ("--set", item))]
    return shlex.join(words)


def _text(value: Value) -> str:
    """A value as ``--set`` reads it back exactly (``repr`` of a float round-trips)."""
    return str(value).lower() if isinstance(value, bool) else repr(value)
