"""Sweeps: run a spec's design x replications, streaming results to a Parquet dataset.

Directory layout::

    DIR/manifest.json          spec, resolved design, versions, git commit, status, progress
    DIR/design.parquet         the design points (one row per point)
    DIR/results/part-*.parquet kept outputs, in chunks written atomically (temporary + rename)
    DIR/failures/part-*.parquet runs that raised: point, replication, seed, error

A run is identified by (point, replication); its seed derives from (master seed, point,
replication), so the dataset does not depend on executor, worker count or completion order.
``resume`` skips runs already in ``results/`` and never writes a run twice, so an interrupted
sweep (Ctrl-C, killed process, lost worker) continues to the same dataset as an uninterrupted
one. Memory stays bounded: results are flushed every ``chunk_runs`` runs and executors keep a
bounded number of runs in flight.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from convergence.experiments.designs import build_design
from convergence.runner.execution import Executor, RunOutcome, RunSpec
from convergence.experiments.outputs import OutputSelection
from convergence.runner.provenance import environment, now
from convergence.runner.seeds import run_seed
from convergence.experiments.specs import ExperimentSpec
from convergence.experiments.test_functions import TEST_FUNCTIONS
from convergence.model.calendar import quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PolicyChange
from convergence.scenarios import load_scenario

CHUNK_RUNS = 50
"""Runs buffered before a results chunk is written."""


class SweepError(ConvergenceError):
    """A sweep directory cannot be created, resumed or read."""


@dataclass
class SweepSummary:
    """Where a sweep stands."""

    directory: Path
    spec: str
    design: str
    points: int
    replications: int
    done: int
    failed: int
    status: str

    @property
    def total(self) -> int:
        return self.points * self.replications

    def lines(self) -> list[str]:
        return [f"sweep        {self.directory}", f"spec         {self.spec} ({self.design} design)",
                f"points       {self.points} x {self.replications} replications = {self.total} runs",
                f"done         {self.done}", f"failed       {self.failed}",
                f"remaining    {self.total - self.done - self.failed}", f"status       {self.status}"]


def run_specs(spec: ExperimentSpec, design: pd.DataFrame) -> list[RunSpec]:
    """Every run of the sweep, point-major, with its derived seed.

    Uncertainties hold for the whole run; levers take their values from ``policy_start``
    (scenario timeline entries for a varied lever from then on are dropped, so the design's
    value holds).
    """
    points = {int(p): {name: _scalar(v) for name, v in row.items()} for p, row in design.iterrows()}
    if spec.model != "convergence":
        return [RunSpec(point=p, replication=r, seed=run_seed(spec.seed, p, r), parameters=values,
                        scenario=spec.model)
                for p, values in points.items() for r in range(spec.replications)]
    scenario = load_scenario(spec.scenario)
    lever_names = {f.name for f in spec.levers}
    uncertainty_names = [f.name for f in spec.uncertainties]
    start = quarter_to_step(spec.policy_start)
    kept = tuple(c for c in scenario.timeline if not (c.name in lever_names and c.step >= start))
    specs = []
    for point, values in points.items():
        parameters = {**scenario.overrides, **{name: values[name] for name in uncertainty_names}}
        changes = tuple(PolicyChange.checked(spec.policy_start, f.name, values[f.name]) for f in spec.levers)
        scenario.parameters({name: values[name] for name in uncertainty_names})   # cross-checks
        for replication in range(spec.replications):
            specs.append(RunSpec(point=point, replication=replication,
                                 seed=run_seed(spec.seed, point, replication), parameters=parameters,
                                 timeline=kept + changes, end=spec.until, scenario=scenario.name))
    return specs


def _scalar(value):
    """A numpy scalar as the plain Python value parameters validate."""
    return value.item() if hasattr(value, "item") else value


def _part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def _done_keys(folder: Path) -> set[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    for part in _part_files(folder):
        table = pq.read_table(part, columns=["point", "replication"]).to_pandas()
        keys.update(zip(table.point.astype(int), table.replication.astype(int)))
    return keys


def _write_part(folder: Path, frame: pd.DataFrame) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    number = len(_part_files(folder))
    final = folder / f"part-{number:06d}.parquet"
    temporary = folder / f".part-{number:06d}.tmp-{os.getpid()}"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), temporary)
    os.replace(temporary, final)


def _write_manifest(directory: Path, manifest: dict) -> None:
    temporary = directory / f".manifest.json.tmp-{os.getpid()}"
    temporary.write_text(json.dumps(manifest, indent=2, default=str))
    os.replace(temporary, directory / "manifest.json")


def _prepare(spec: ExperimentSpec, directory: Path, design: pd.DataFrame, samples: int | None,
             resume: bool, overwrite: bool, executor: Executor) -> dict:
    """Create (or check, when resuming) the sweep directory; return its manifest."""
    manifest_path = directory / "manifest.json"
    if resume:
        if not manifest_path.is_file():
            raise SweepError(f"nothing to resume in '{directory}' (no manifest.json)", key="--resume",
                             allowed="a directory written by `convergence sweep`")
        manifest = json.loads(manifest_path.read_text())
        if manifest["spec_text"] != spec.text or manifest["samples"] != samples:
            raise SweepError(f"'{directory}' was started from a different spec or --samples; "
                             f"resume with the same ones", key="--resume", allowed="the original spec")
        stored = pd.read_parquet(directory / "design.parquet")
        if not stored.reset_index(drop=True).equals(design.reset_index(drop=True)):
            raise SweepError("the design differs from the stored one", key="--resume",
                             allowed="the original spec and package versions")
        manifest["resumed"] = manifest.get("resumed", []) + [now()]
        return manifest
    if directory.exists() and any(directory.iterdir()):
        if not overwrite:
            raise SweepError(f"output directory '{directory}' already exists", key="--out",
                             allowed="a new directory, --resume to continue it, or --overwrite")
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    design.to_parquet(directory / f".design.tmp-{os.getpid()}")
    os.replace(directory / f".design.tmp-{os.getpid()}", directory / "design.parquet")
    return {"kind": "convergence sweep", "spec": spec.name, "spec_path": str(spec.path), "spec_text": spec.text,
            "samples": samples, "design": spec.design, "factors": [
                {"name": f.name, "role": f.role, "levels": list(f.levels), "low": f.low, "high": f.high}
                for f in spec.factors],
            "design_points": design.reset_index().to_dict(orient="records"),
            "replications": spec.replications, "master_seed": spec.seed, "until": spec.until,
            "policy_start": spec.policy_start, "outputs": {"metrics": list(spec.metrics), "keep": spec.keep,
                                                           "window": spec.window},
            "executor": executor.describe(), "started": now(), **environment()}


def run_sweep(spec: ExperimentSpec, directory: Path, executor: Executor, *, resume: bool = False,
              overwrite: bool = False, samples: int | None = None, chunk_runs: int = CHUNK_RUNS,
              model_function: Callable | None = None, progress: bool = True,
              on_outcome: Callable[[RunOutcome], None] | None = None) -> SweepSummary:
    """Run (or resume) a sweep into ``directory``; return its summary.

    ``model_function`` replaces the simulation (tests); ``on_outcome`` is called after each
    run is buffered (tests use it to interrupt a sweep at a chosen point).
    """
    directory = Path(directory)
    design = build_design(spec, samples)
    specs = run_specs(spec, design)
    manifest = _prepare(spec, directory, design, samples, resume, overwrite, executor)
    results, failures = directory / "results", directory / "failures"
    done = _done_keys(results)
    todo = [s for s in specs if (s.point, s.replication) not in done]
    reducer = OutputSelection(spec.metrics, spec.keep, spec.window, test_function=spec.model != "convergence")
    function = model_function or TEST_FUNCTIONS.get(spec.model)
    buffer: list[pd.DataFrame] = []
    failed: list[dict] = []

    def flush(status: str) -> None:
        if buffer:
            _write_part(results, pd.concat(buffer, ignore_index=True))
            buffer.clear()
        if failed:
            _write_part(failures, pd.DataFrame(failed))
            failed.clear()
        manifest.update(status=status, updated=now(),
                        progress={"runs": len(specs), "done": len(done), "failed": _failed_count(directory, done)})
        _write_manifest(directory, manifest)

    flush("running")
    bar = tqdm(total=len(specs), initial=len(done), unit="run", desc=spec.name, disable=not progress)
    status = "interrupted"
    try:
        for outcome in executor.run(todo, reducer, function):
            key = (outcome.point, outcome.replication)
            if key in done:
                continue                                   # a retried duplicate
            if outcome.ok:
                done.add(key)
                buffer.append(outcome.table)
            else:
                failed.append({"point": outcome.point, "replication": outcome.replication,
                               "seed": outcome.seed, "error": outcome.error, "time": now()})
            bar.update()
            if len(buffer) + len(failed) >= chunk_runs:
                flush("running")
            if on_outcome:
                on_outcome(outcome)
        status = "complete"
    finally:
        bar.close()
        flush(status)
        if status == "complete":
            failed_total = manifest["progress"]["failed"]
            manifest["status"] = "complete" if failed_total == 0 else "complete with failed runs"
            manifest["finished"] = now()
            _write_manifest(directory, manifest)
    return summarize(directory)


def _failed_count(directory: Path, done: set[tuple[int, int]]) -> int:
    return len(load_failures(directory, done))


def load_failures(directory: Path, done: set[tuple[int, int]] | None = None) -> pd.DataFrame:
    """Runs whose latest attempt failed (a failure later rerun successfully is not listed)."""
    directory = Path(directory)
    parts = _part_files(directory / "failures")
    if not parts:
        return pd.DataFrame(columns=["point", "replication", "seed", "error", "time"])
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    done = _done_keys(directory / "results") if done is None else done
    frame = frame[[(p, r) not in done for p, r in zip(frame.point, frame.replication)]]
    return frame.drop_duplicates(["point", "replication"], keep="last").reset_index(drop=True)


def load_sweep(directory: str | Path, with_design: bool = True) -> pd.DataFrame:
    """A sweep's results as one DataFrame, sorted, with the design's factor columns."""
    directory = Path(directory)
    parts = _part_files(directory / "results")
    if not (directory / "manifest.json").is_file():
        raise SweepError(f"'{directory}' is not a sweep directory (no manifest.json)", key=str(directory),
                         allowed="a directory written by `convergence sweep`")
    if not parts:
        raise SweepError(f"sweep '{directory}' has no results yet", key=str(directory),
                         allowed="a sweep with finished runs")
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    frame = frame.sort_values(["point", "replication", "metric", "step"], kind="stable").reset_index(drop=True)
    if with_design:
        design = pd.read_parquet(directory / "design.parquet")
        frame = frame.merge(design, left_on="point", right_index=True, how="left")
    return frame


def kept_values(results: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Each run's kept value of ``metric`` (its last kept step: the final value, the window
    mean, or the last quarter of a kept time series); a clear error if it was not kept."""
    if metric not in set(results.metric):
        raise SweepError(f"metric '{metric}' was not kept by this sweep", key="--metric",
                         allowed=", ".join(sorted(set(results.metric))))
    rows = results[results.metric == metric]
    return rows[rows.step == rows.groupby("point").step.transform("max")]


def summarize(directory: str | Path) -> SweepSummary:
    """Points, runs done and failed, and status of a sweep directory."""
    directory = Path(directory)
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise SweepError(f"'{directory}' is not a sweep directory (no manifest.json)", key=str(directory),
                         allowed="a directory written by `convergence sweep`")
    manifest = json.loads(manifest_path.read_text())
    done = _done_keys(directory / "results")
    return SweepSummary(directory=directory, spec=manifest["spec"], design=manifest["design"],
                        points=len(manifest["design_points"]), replications=manifest["replications"],
                        done=len(done), failed=len(load_failures(directory, done)), status=manifest["status"])
