"""Sweeps: run a spec's design x replications, streaming results to a Parquet dataset.

Directory layout::

    DIR/manifest.json          spec, model, sampler settings and SALib problem, resolved design,
                               versions, git commit, status, progress
    DIR/design.parquet         the design points (one row per point)
    DIR/results/part-*.parquet kept outputs, in chunks written atomically (temporary + rename)
    DIR/failures/part-*.parquet runs that raised: point, replication, seed, error

A run is identified by (point, replication); its seed derives from (master seed, point,
replication), so the dataset does not depend on executor, worker count or completion order.
``resume`` skips runs already in ``results/`` and never writes a run twice, so an interrupted
sweep (Ctrl-C, killed process, lost worker) continues to the same dataset as an uninterrupted
one. Memory stays bounded: results are flushed every ``chunk_runs`` runs and executors keep a
bounded number of runs in flight.

What runs is the spec's model (``spec.model``, a
:class:`~convergence.experiments.sweep_model.SweepModel`): the Convergence simulation unless
the spec was loaded for another model function.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from convergence.experiments.designs import Sampler, build_design, salib_problem
from convergence.experiments.outputs import OutputSelection
from convergence.experiments.specs import ExperimentSpec
from convergence.model.errors import ConvergenceError
from convergence.runner.execution import Executor, RunOutcome, RunSpec
from convergence.runner.provenance import environment, now

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
    """Every run of the sweep, point-major, with its derived seed (built by the spec's model)."""
    points = {int(p): {name: _scalar(v) for name, v in row.items()} for p, row in design.iterrows()}
    return spec.model.runs(spec, points)


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


def _prepare(spec: ExperimentSpec, directory: Path, sampler: Sampler, design: pd.DataFrame,
             resume: bool, overwrite: bool, executor: Executor) -> dict[str, Any]:
    """Create (or check, when resuming) the sweep directory; return its manifest."""
    if resume:
        if not (directory / "manifest.json").is_file():
            raise SweepError(f"nothing to resume in '{directory}' (no manifest.json)", key="--resume",
                             allowed="a directory written by `convergence sweep`")
        manifest = read_manifest(directory)
        if manifest["spec_text"] != spec.text or manifest["sampler"] != sampler.to_manifest():
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
            "model": spec.model.name, "sampler": sampler.to_manifest(), "problem": salib_problem(spec.factors),
            "factors": [{"name": f.name, "role": f.role, "levels": list(f.levels), "low": f.low, "high": f.high}
                        for f in spec.factors],
            "design_points": design.reset_index().to_dict(orient="records"),
            "replications": spec.replications, "master_seed": spec.seed, "until": spec.until,
            "policy_start": spec.policy_start, "outputs": {"metrics": list(spec.metrics), "keep": spec.keep,
                                                           "window": spec.window},
            "executor": executor.describe(), "started": now(), **environment()}


def run_sweep(spec: ExperimentSpec, directory: Path, executor: Executor, *, resume: bool = False,
              overwrite: bool = False, samples: int | None = None, chunk_runs: int = CHUNK_RUNS,
              progress: bool = True, on_outcome: Callable[[RunOutcome], None] | None = None) -> SweepSummary:
    """Run (or resume) a sweep of the spec's model into ``directory``; return its summary.

    ``samples`` overrides the spec's sample size (``--samples``); ``on_outcome`` is called
    after each run is buffered (tests use it to interrupt a sweep at a chosen point).
    """
    directory = Path(directory)
    sampler = spec.sampler.resized(samples)
    design = build_design(spec.factors, sampler)
    specs = run_specs(spec, design)
    manifest = _prepare(spec, directory, sampler, design, resume, overwrite, executor)
    results, failures = directory / "results", directory / "failures"
    done = _done_keys(results)
    todo = [s for s in specs if (s.point, s.replication) not in done]
    reducer = OutputSelection(spec.model.select, spec.metrics, spec.keep, spec.window)
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
        for outcome in executor.run(todo, reducer, spec.model.function):
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
    read_manifest(directory)
    parts = _part_files(directory / "results")
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
    manifest = read_manifest(directory)
    done = _done_keys(directory / "results")
    return SweepSummary(directory=directory, spec=manifest["spec"], design=manifest["sampler"]["design"],
                        points=len(manifest["design_points"]), replications=manifest["replications"],
                        done=len(done), failed=len(load_failures(directory, done)), status=manifest["status"])


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """A sweep directory's manifest; a clear error if there is none or it predates the stored
    sampler settings."""
    path = Path(directory) / "manifest.json"
    if not path.is_file():
        raise SweepError(f"'{directory}' is not a sweep directory (no manifest.json)", key=str(directory),
                         allowed="a directory written by `convergence sweep`")
    manifest = json.loads(path.read_text())
    if "sampler" not in manifest:
        raise SweepError(f"sweep '{directory}' was written by an older version (its manifest has no sampler "
                         f"settings); run it again", key=str(directory),
                         allowed="a directory written by this version of `convergence sweep`")
    return manifest
