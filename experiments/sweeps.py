"""Sweeps: run a spec's design x replications, streaming results to a Parquet dataset.

Directory layout::

    DIR/manifest.json           spec, model, sampler settings and SALib problem, resolved design,
                                versions, git commit, status, progress (written first, atomically)
    DIR/design.parquet          the design points (one row per point)
    DIR/results/part-*.parquet  kept outputs, in chunks written atomically (temporary + rename)
    DIR/failures/part-*.parquet runs that raised: point, replication, seed, error
    DIR/quarantine/             damaged chunks and temporary leftovers set aside by --resume
    <parent>/.DIR.lock          held by the command writing DIR (:mod:`convergence.runner.locks`)

A run is identified by (point, replication); its seed derives from (master seed, point,
replication), so the dataset does not depend on executor, worker count or completion order.
Chunk names carry the first run they hold and a random suffix, so no chunk ever replaces
another. ``resume`` sets damaged chunks aside, skips runs already in ``results/`` and never
writes a run twice, so an interrupted sweep (Ctrl-C, SIGTERM, killed process, lost scheduler)
continues to the same dataset as an uninterrupted one. One command at a time writes a
directory (its lock), and ``overwrite`` runs the new sweep beside the old one and swaps them at
the end, so an interrupted overwrite leaves the old sweep as it was. Memory stays bounded:
results are flushed every ``chunk_runs`` runs and executors keep a bounded number of runs in
flight; sizes beyond the machine are refused before anything is drawn
(:mod:`convergence.runner.limits`).

What runs is the spec's model (``spec.model``, a
:class:`~convergence.experiments.sweep_model.SweepModel`): the Convergence simulation unless
the spec was loaded for another model function.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from convergence.experiments.designs import Sampler, build_design, design_size, salib_problem
from convergence.experiments.outputs import OutputSelection
from convergence.experiments.specs import ExperimentSpec
from convergence.model.calendar import quarter_to_step
from convergence.model.errors import ConvergenceError
from convergence.runner.execution import Executor, RunOutcome, RunSpec
from convergence.runner.limits import BYTES_PER_ROW, BYTES_PER_RUN_SPEC, check_runs
from convergence.runner.locks import DirectoryLock, lock_holder
from convergence.runner.provenance import environment, now

CHUNK_RUNS = 50
"""Runs buffered before a results chunk is written."""

KIND = "convergence sweep"
"""The manifest's ``kind``: what marks a directory as this program's sweep."""

MANIFEST_KEYS = ("kind", "spec", "spec_text", "sampler", "design_points", "replications", "status")
"""Manifest keys every reader relies on."""

CHUNK_FOLDERS = ("results", "failures", "quarantine")
"""Folders of a sweep that hold only chunks (and their temporary files)."""

DERIVED_SUFFIXES = (".png", ".svg", ".csv", ".html")
"""Files that ``plot-sweep`` (``DIR/plots``), ``sensitivity`` (``DIR/sensitivity-*``) and ``discover``
(``DIR/discovery-*``) add."""

DERIVED_FOLDERS = ("sensitivity-", "discovery-")
"""Name prefixes of the analysis folders commands add to a sweep."""



class SweepError(ConvergenceError):
    """A sweep directory cannot be created, resumed or read."""


def _resume_hint(directory: Path) -> str:
    """How to recover a sweep with damaged files (the ``allowed`` of a reader's error)."""
    return (f"rerun the same `convergence sweep` command with --resume: it moves damaged files to "
            f"{directory}/quarantine/ and recomputes their runs")


def _first_line(error: BaseException) -> str:
    """An exception's message in one line (its type's name if it has none), without the file name
    Arrow repeats (the caller names the file)."""
    line = str(error).splitlines()[0] if str(error) else type(error).__name__
    return re.sub(r"^Could not open Parquet input source '.*?': ", "", line)


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


# --- sizes -------------------------------------------------------------------------------------


def estimated_bytes_per_run(spec: ExperimentSpec) -> int:
    """Memory one run costs: its description while the sweep runs (``BYTES_PER_RUN_SPEC``) and
    its kept rows once loaded (``BYTES_PER_ROW`` each; a kept outcome is one row per run, or one
    per quarter when time series are kept)."""
    steps = quarter_to_step(spec.until) + 1 if spec.keep == "timeseries" else 1
    return BYTES_PER_RUN_SPEC + len(spec.metrics) * steps * BYTES_PER_ROW


def check_size(spec: ExperimentSpec, sampler: Sampler, allow_large: bool = False) -> int:
    """The number of runs of ``spec`` drawn by ``sampler``, refused (before anything is drawn)
    beyond this machine's limits unless ``allow_large``."""
    points = design_size(spec.factors, sampler)
    what = (f"sweep {spec.name} ({sampler.design} design of {points:,} points x {spec.replications} "
            f"replications)")
    return check_runs(points * spec.replications, estimated_bytes_per_run(spec), what, allow_large)


# --- files ---------------------------------------------------------------------------------------


def _fsync_directory(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _replace_durably(write: Callable[[Any], None], final: Path) -> None:
    """Write ``final`` through ``write(handle)`` into a hidden temporary file, fsync, rename."""
    temporary = final.with_name(f".{final.name}.tmp-{uuid.uuid4().hex[:8]}")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_directory(final.parent)


def _remove_interrupted_writes(directory: Path) -> None:
    """Delete the hidden temporary files of a manifest or design write that a killed process left
    (the caller holds the directory's lock, so no live process is writing them)."""
    for leftover in (*directory.glob(".manifest.json.tmp-*"), *directory.glob(".design.parquet.tmp-*")):
        leftover.unlink(missing_ok=True)


def _part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def _write_part(folder: Path, frame: pd.DataFrame) -> None:
    """A new chunk, named after its first run plus a random suffix, so it never replaces another."""
    folder.mkdir(parents=True, exist_ok=True)
    point, replication = min(zip(frame.point.astype(int), frame.replication.astype(int)))
    table = pa.Table.from_pandas(frame, preserve_index=False)
    _replace_durably(lambda handle: pq.write_table(table, handle),
                     folder / f"part-{point:06d}-{replication:04d}-{uuid.uuid4().hex}.parquet")


def _damage(part: Path) -> str | None:
    """Why a chunk cannot be used (unreadable, or without run keys); ``None`` if it is sound."""
    try:
        columns = pq.read_table(part).column_names
    except (pa.ArrowException, OSError, ValueError) as error:
        return _first_line(error)
    return None if {"point", "replication"} <= set(columns) else "it has no point and replication columns"


def _read_part(part: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """One chunk; a one-line error naming it (and how to recover) if it is damaged."""
    try:
        return pq.read_table(part, columns=columns).to_pandas()
    except (pa.ArrowException, OSError, ValueError, KeyError) as error:
        raise SweepError(f"'{part}' is damaged and cannot be read ({_first_line(error)})", key=str(part),
                         allowed=_resume_hint(part.parent.parent)) from None


def _done_keys(folder: Path) -> set[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    for part in _part_files(folder):
        table = _read_part(part, ["point", "replication"])
        keys.update(zip(table.point.astype(int), table.replication.astype(int)))
    return keys


def _quarantine_damaged(directory: Path) -> None:
    """Move damaged chunks and temporary leftovers of ``results/`` and ``failures/`` to
    ``quarantine/``, one line each, so that their runs are recomputed."""
    for folder in (directory / "results", directory / "failures"):
        leftovers = [(p, "a temporary file left by an interrupted write") for p in sorted(folder.glob(".part-*"))]
        damaged = [(p, reason) for p in _part_files(folder) if (reason := _damage(p))]
        for path, reason in leftovers + damaged:
            quarantine = directory / "quarantine"
            quarantine.mkdir(exist_ok=True)
            os.replace(path, quarantine / f"{folder.name}-{path.name}")
            print(f"moved {path} to {quarantine}/ ({reason}); its runs will be recomputed", file=sys.stderr)


def _write_manifest(directory: Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=2, default=str).encode()
    _replace_durably(lambda handle: handle.write(text), directory / "manifest.json")


def _write_design(directory: Path, design: pd.DataFrame) -> None:
    _replace_durably(design.to_parquet, directory / "design.parquet")


# --- the directory: what it holds, and what a sweep may do with it ------------------------------


def _is_own(entry: Path) -> bool:
    """True for a file or folder that sweeps and their analysis commands write into a sweep."""
    name = entry.name
    if name.startswith(tuple("." + prefix for prefix in DERIVED_FOLDERS)):
        return True                                   # an analysis command writing (or killed writing) its folder
    if entry.is_symlink():
        return False
    if entry.is_file():
        return name in ("manifest.json", "design.parquet") or name.startswith((".manifest.json.", ".design."))
    if not entry.is_dir():
        return False
    children = list(entry.iterdir())
    if name in CHUNK_FOLDERS:
        return all(c.is_file() and c.name.lstrip(".").startswith(("part-", "results-", "failures-"))
                   for c in children)
    if name == "plots" or name.startswith(DERIVED_FOLDERS):
        return all(c.is_file() and c.suffix in DERIVED_SUFFIXES for c in children)
    return False


def _foreign_entries(directory: Path) -> list[str]:
    """Names in ``directory`` that no sweep command writes."""
    return sorted(entry.name for entry in directory.iterdir() if not _is_own(entry))


def _manifest_kind(directory: Path) -> str | None:
    """The ``kind`` of ``directory``'s manifest; ``None`` without a readable one."""
    try:
        return json.loads((directory / "manifest.json").read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


def _is_debris(directory: Path) -> bool:
    """True for what a sweep stopped before writing its manifest leaves: a sweep's own files, no
    manifest (a damaged manifest is not debris: the runs beside it may be worth keeping)."""
    return directory.is_dir() and not (directory / "manifest.json").exists() and not _foreign_entries(directory)


def _is_empty(directory: Path) -> bool:
    return not directory.exists() or (directory.is_dir() and not any(directory.iterdir()))


def _is_working_directory(directory: Path) -> bool:
    """True if ``directory`` is the working directory or holds it."""
    here, target = Path.cwd().resolve(), directory.resolve()
    return here == target or target in here.parents


def _exists_error(directory: Path) -> SweepError:
    """The error for a fresh sweep into a directory that already holds something."""
    if _manifest_kind(directory) == KIND:
        status = sweep_status(directory, read_manifest(directory))
        return SweepError(f"output directory '{directory}' already holds a sweep (status: {status})", key="--out",
                          allowed="--resume to continue it, --overwrite to replace it, or another --out")
    if _is_debris(directory):
        return SweepError(f"output directory '{directory}' holds files of a sweep stopped before it wrote its "
                          f"manifest", key="--out", allowed="--resume to start it afresh, or --overwrite")
    return SweepError(f"output directory '{directory}' already exists and is not a sweep directory", key="--out",
                      allowed="a new or empty directory")


def _check_replaceable(directory: Path) -> None:
    """Refuse ``--overwrite`` of anything but this program's sweep (or its debris)."""
    if _is_working_directory(directory):
        raise SweepError(f"--overwrite would replace '{directory}', the working directory or one holding it",
                         key="--out", allowed="a sweep directory below the working directory")
    if not directory.is_dir():
        raise SweepError(f"--overwrite would replace '{directory}', which is not a directory", key="--out",
                         allowed="a directory written by `convergence sweep`")
    kind, foreign = _manifest_kind(directory), _foreign_entries(directory)
    if foreign or kind not in (KIND, None):
        held = f"holds {', '.join(foreign[:5])}{', ...' if len(foreign) > 5 else ''}" if foreign \
            else f"its manifest is a '{kind}'"
        raise SweepError(f"refusing to overwrite '{directory}': it does not look like a sweep directory ({held})",
                         key="--out", allowed="a directory written by `convergence sweep`, or another --out")


def _restore_after_interrupted_swap(directory: Path) -> None:
    """Undo what an ``--overwrite`` stopped mid-way left beside ``directory`` (called under its
    lock, so nothing else is using these): the old sweep comes back if the swap was cut between
    its two renames; unfinished new sweeps are removed."""
    replaced = sorted(directory.parent.glob(f".{directory.name}.replaced-*"))
    if replaced and not directory.exists():
        replaced.pop().rename(directory)
        print(f"restored the previous sweep in '{directory}' (an --overwrite was stopped while swapping)",
              file=sys.stderr)
    for leftover in replaced + sorted(directory.parent.glob(f".{directory.name}.overwrite-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, directory: Path) -> None:
    """Put the finished ``staging`` sweep in place of ``directory`` and delete the old one."""
    replaced = directory.parent / f".{directory.name}.replaced-{os.getpid()}"
    directory.rename(replaced)
    staging.rename(directory)
    _fsync_directory(directory.parent)
    shutil.rmtree(replaced)


def _start_afresh_from_debris(directory: Path) -> None:
    """``--resume`` of a sweep stopped before its manifest existed: remove its files (every one
    checked to be a sweep's own) so that it starts afresh."""
    entries = list(directory.iterdir())
    print(f"'{directory}' has no manifest (its sweep stopped before writing one): removing its "
          f"{len(entries)} leftover entries and starting afresh", file=sys.stderr)
    for entry in entries:
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _work_directory(directory: Path, resume: bool, overwrite: bool) -> tuple[Path, bool]:
    """Where the sweep writes, and whether it resumes there. Refuses what must not be touched.

    Fresh: ``directory``, which must be new or empty. Resume: ``directory`` (a sweep without a
    manifest, holding only a sweep's own files, starts afresh). Overwrite: a new sibling that
    replaces ``directory`` when it has finished.
    """
    if resume and overwrite:
        raise SweepError("--resume and --overwrite exclude each other", key="--resume",
                         allowed="one of them")
    if _is_empty(directory):
        return directory, False
    if overwrite:
        _check_replaceable(directory)
        return directory.parent / f".{directory.name}.overwrite-{os.getpid()}", False
    if resume and (directory / "manifest.json").is_file():
        read_manifest(directory)                      # refuses a damaged one, or another program's
        return directory, True
    if resume and _is_debris(directory):
        _start_afresh_from_debris(directory)
        return directory, False
    if resume:
        raise SweepError(f"nothing to resume in '{directory}': it is not a sweep directory", key="--resume",
                         allowed="a directory written by `convergence sweep`")
    raise _exists_error(directory)


# --- running -------------------------------------------------------------------------------------


def _new_manifest(spec: ExperimentSpec, sampler: Sampler, design: pd.DataFrame, executor: Executor,
                  runs: int) -> dict[str, Any]:
    return {"kind": KIND, "spec": spec.name, "spec_path": str(spec.path), "spec_text": spec.text,
            "model": spec.model.name, "sampler": sampler.to_manifest(), "problem": salib_problem(spec.factors),
            "factors": [{"name": f.name, "role": f.role, "levels": list(f.levels), "low": f.low, "high": f.high}
                        for f in spec.factors],
            "design_points": design.reset_index().to_dict(orient="records"),
            "replications": spec.replications, "master_seed": spec.seed, "until": spec.until,
            "policy_start": spec.policy_start, "outputs": {"metrics": list(spec.metrics), "keep": spec.keep,
                                                           "window": spec.window},
            "executor": executor.describe(), "started": now(), "status": "running",
            "progress": {"runs": runs, "done": 0, "failed": 0}, **environment()}


def _start(directory: Path, manifest: dict[str, Any], design: pd.DataFrame) -> None:
    """Create the sweep: its manifest first (so a directory of ours always has one), then the design."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_manifest(directory, manifest)
    _write_design(directory, design)


def _reopen(directory: Path, spec: ExperimentSpec, sampler: Sampler, design: pd.DataFrame) -> dict[str, Any]:
    """Check that ``directory`` holds this spec's sweep, set damaged files aside; its manifest."""
    manifest = read_manifest(directory)
    if manifest["spec_text"] != spec.text or manifest["sampler"] != sampler.to_manifest():
        raise SweepError(f"'{directory}' was started from a different spec or --samples; "
                         f"resume with the same ones", key="--resume", allowed="the original spec")
    try:
        stored = read_design(directory)
    except SweepError:                                    # stopped before writing it, or damaged
        _write_design(directory, design)
    else:
        if not stored.reset_index(drop=True).equals(design.reset_index(drop=True)):
            raise SweepError("the design differs from the stored one", key="--resume",
                             allowed="the original spec and package versions")
    _quarantine_damaged(directory)
    _remove_interrupted_writes(directory)
    manifest["resumed"] = manifest.get("resumed", []) + [now()]
    return manifest


def run_sweep(spec: ExperimentSpec, directory: Path, executor: Executor, *, resume: bool = False,
              overwrite: bool = False, samples: int | None = None, allow_large: bool = False,
              chunk_runs: int | None = None, progress: bool = True,
              on_outcome: Callable[[RunOutcome], None] | None = None) -> SweepSummary:
    """Run (or resume) a sweep of the spec's model into ``directory``; return its summary.

    ``samples`` overrides the spec's sample size (``--samples``); sizes beyond the machine's
    limits need ``allow_large``. The directory is locked for the whole sweep. A chunk is written
    every ``chunk_runs`` runs (default :data:`CHUNK_RUNS`, read at call time). ``on_outcome`` is
    called after each run is buffered (tests use it to interrupt a sweep at a chosen point).
    """
    directory = Path(directory)
    sampler = spec.sampler.resized(samples)
    check_size(spec, sampler, allow_large)
    design = build_design(spec.factors, sampler)
    specs = run_specs(spec, design)
    with DirectoryLock(directory, f"convergence sweep {spec.name}"):
        _restore_after_interrupted_swap(directory)
        target, resuming = _work_directory(directory, resume, overwrite)
        try:
            if resuming:
                manifest = _reopen(target, spec, sampler, design)
            else:
                manifest = _new_manifest(spec, sampler, design, executor, len(specs))
                _start(target, manifest, design)
            _run(spec, target, manifest, specs, executor, chunk_runs or CHUNK_RUNS, progress, on_outcome)
        except BaseException:
            if target != directory:
                shutil.rmtree(target, ignore_errors=True)  # an unfinished --overwrite: the old sweep stays
            raise
        if target != directory:
            _swap_in(target, directory)
    return summarize(directory)


def _run(spec: ExperimentSpec, directory: Path, manifest: dict[str, Any], specs: list[RunSpec],
         executor: Executor, chunk_runs: int, progress: bool,
         on_outcome: Callable[[RunOutcome], None] | None) -> None:
    """Run what is not done yet, flushing chunks as they fill; however it stops (an error,
    Ctrl-C, SIGTERM, a lost scheduler), what finished is flushed and the manifest says so."""
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
        failed_total = len(load_failures(directory, done))
        manifest.update(status=status, updated=now(),
                        progress={"runs": len(specs), "done": len(done), "failed": failed_total})
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
    if manifest["progress"]["failed"]:
        manifest["status"] = "complete with failed runs"
    manifest["finished"] = now()
    _write_manifest(directory, manifest)


# --- reading -------------------------------------------------------------------------------------


def load_failures(directory: str | Path, done: set[tuple[int, int]] | None = None) -> pd.DataFrame:
    """Runs whose latest attempt failed (a failure later rerun successfully is not listed)."""
    directory = Path(directory)
    parts = _part_files(directory / "failures")
    if not parts:
        return pd.DataFrame(columns=["point", "replication", "seed", "error", "time"])
    frame = pd.concat([_read_part(p) for p in parts], ignore_index=True)
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
    frame = pd.concat([_read_part(p) for p in parts], ignore_index=True)
    frame = frame.sort_values(["point", "replication", "metric", "step"], kind="stable").reset_index(drop=True)
    if with_design:
        frame = frame.merge(read_design(directory), left_on="point", right_index=True, how="left")
    return frame


def read_design(directory: str | Path) -> pd.DataFrame:
    """A sweep's design points (index ``point``, a column per factor); a clear error if damaged."""
    path = Path(directory) / "design.parquet"
    if not path.is_file():
        raise SweepError(f"sweep '{directory}' has no design.parquet", key=str(path),
                         allowed=_resume_hint(Path(directory)))
    try:
        return pd.read_parquet(path)
    except (pa.ArrowException, OSError, ValueError) as error:
        raise SweepError(f"'{path}' is damaged and cannot be read ({_first_line(error)})", key=str(path),
                         allowed=_resume_hint(Path(directory))) from None


def kept_values(results: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Each run's kept value of ``metric`` (its last kept step: the final value, the window
    mean, or the last quarter of a kept time series); a clear error if it was not kept."""
    if metric not in set(results.metric):
        raise SweepError(f"metric '{metric}' was not kept by this sweep", key="--metric",
                         allowed=", ".join(sorted(set(results.metric))))
    rows = results[results.metric == metric]
    return rows[rows.step == rows.groupby("point").step.transform("max")]


def sweep_status(directory: str | Path, manifest: dict[str, Any]) -> str:
    """The manifest's status, except that a sweep recorded as running whose lock holder is gone
    (killed, crashed) is ``interrupted``."""
    status = manifest["status"]
    if status != "running":
        return status
    holder = lock_holder(Path(directory))
    return "running" if holder is not None and (holder.alive() or not holder.on_this_host) else "interrupted"


def summarize(directory: str | Path) -> SweepSummary:
    """Points, runs done and failed, and status of a sweep directory."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    done = _done_keys(directory / "results")
    return SweepSummary(directory=directory, spec=manifest["spec"], design=manifest["sampler"]["design"],
                        points=len(manifest["design_points"]), replications=manifest["replications"],
                        done=len(done), failed=len(load_failures(directory, done)),
                        status=sweep_status(directory, manifest))


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """A sweep directory's manifest; a clear error if there is none, it is damaged, it belongs to
    another kind of output (a ``convergence run`` directory) or lacks keys readers need."""
    path = Path(directory) / "manifest.json"
    if not path.is_file():
        raise SweepError(f"'{directory}' is not a sweep directory (no manifest.json)", key=str(directory),
                         allowed="a directory written by `convergence sweep`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SweepError(f"'{path}' is damaged and cannot be read ({_first_line(error)})", key=str(path),
                         allowed="a manifest written by `convergence sweep`") from None
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    if kind != KIND:
        raise SweepError(f"'{directory}' is not a sweep directory (its manifest.json is of kind {kind!r}, not "
                         f"'{KIND}')", key=str(directory), allowed="a directory written by `convergence sweep`")
    missing = [key for key in MANIFEST_KEYS if key not in manifest]
    if missing:
        raise SweepError(f"the manifest of sweep '{directory}' lacks {', '.join(missing)} (damaged, or written by "
                         f"an older version); run the sweep again", key=str(path),
                         allowed="a manifest written by this version of `convergence sweep`")
    return manifest
