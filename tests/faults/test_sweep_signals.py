"""A sweep stopped by kill -9, SIGTERM or Ctrl-C, or started twice: its workers die with it,
what finished is kept, the manifest says what happened, and --resume completes the same dataset
(resuming after a handled interrupt is also tested in-process, in tests/experiments/test_sweeps.py)."""

import json
import os
import signal

import pandas as pd
import pytest

from convergence.experiments.sweeps import load_sweep, summarize
from tests.faults.conftest import (
    CHUNKS,
    WORKERS_GONE_SECONDS,
    alive,
    descendants,
    leftovers,
    stored_chunks,
    wait_until,
)

pytestmark = pytest.mark.slow


def _started(command, fault_spec, out):
    """A 2-worker sweep that has stored a chunk; its descendants (forkserver, workers) then."""
    sweep = command("sweep", str(fault_spec), "--workers", "2", "--out", str(out), constants=CHUNKS)
    assert wait_until(lambda: stored_chunks(out) >= 1, timeout=60), sweep.stderr
    workers = descendants(sweep.pid)
    assert len(workers) >= 3, workers                     # forkserver and two workers at least
    assert sweep.process.poll() is None, "the sweep finished before it could be stopped"
    return sweep, workers


def _resume(command, fault_spec, out):
    resumed = command("sweep", str(fault_spec), "--workers", "1", "--out", str(out), "--resume")
    assert resumed.wait() == 0, resumed.stderr
    return load_sweep(out)


def _manifest(out):
    return json.loads((out / "manifest.json").read_text())


def test_kill_9_leaves_no_worker_and_resume_completes_the_same_dataset(command, fault_spec, tmp_path,
                                                                       fault_reference):
    out = tmp_path / "sweep"
    sweep, workers = _started(command, fault_spec, out)
    os.kill(sweep.pid, signal.SIGKILL)
    sweep.wait()
    assert wait_until(lambda: not any(alive(p) for p in workers), WORKERS_GONE_SECONDS), \
        [p for p in workers if alive(p)]
    assert _manifest(out)["status"] == "running"                  # as the killed process left it ...
    assert summarize(out).status == "interrupted"                  # ... but its lock holder is dead
    pd.testing.assert_frame_equal(_resume(command, fault_spec, out), fault_reference)
    assert _manifest(out)["status"] == "complete" and leftovers(tmp_path) == []


@pytest.mark.parametrize("how, code", [("SIGTERM", 143), ("Ctrl-C", 130)])
def test_sigterm_and_ctrl_c_flush_mark_interrupted_release_the_lock_and_stop_the_workers(
        command, fault_spec, tmp_path, how, code):
    out = tmp_path / "sweep"
    sweep, workers = _started(command, fault_spec, out)
    if how == "SIGTERM":
        os.kill(sweep.pid, signal.SIGTERM)
    else:
        os.killpg(sweep.pid, signal.SIGINT)                          # a terminal's Ctrl-C: the whole group
    assert sweep.wait(timeout=30) == code, sweep.stderr
    assert wait_until(lambda: not any(alive(p) for p in workers), WORKERS_GONE_SECONDS)
    manifest = _manifest(out)
    assert manifest["status"] == "interrupted"
    assert manifest["progress"]["done"] == len(load_sweep(out)[["point", "replication"]].drop_duplicates())
    assert f"{manifest['progress']['done']} of 48 runs are stored in '{out}'" in sweep.stderr
    assert "Traceback" not in sweep.stderr
    assert leftovers(tmp_path) == []                                  # no lock, no temporary file


def test_a_second_sweep_on_the_same_directory_is_refused_and_no_run_is_stored_twice(
        command, fault_spec, tmp_path, fault_reference):
    out = tmp_path / "sweep"
    first = command("sweep", str(fault_spec), "--workers", "1", "--out", str(out), constants=CHUNKS)
    assert wait_until(lambda: (out / "manifest.json").exists(), timeout=60), first.stderr
    second = command("sweep", str(fault_spec), "--workers", "1", "--out", str(out), "--resume")
    assert second.wait() == 2
    assert f"'{out}' is in use by convergence sweep faults on host" in second.stderr
    assert f"PID {first.pid}" in second.stderr and "wait for it to finish" in second.stderr
    assert first.wait() == 0, first.stderr
    dataset = load_sweep(out)
    assert not dataset.duplicated(["point", "replication", "metric", "step"]).any()
    pd.testing.assert_frame_equal(dataset, fault_reference)
