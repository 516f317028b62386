"""Dask faults: a scheduler address nobody answers, and a scheduler killed or hung mid-sweep -
one line, a bounded wait, an exit code that is not 0, and --resume completes the same dataset."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from convergence.experiments.sweeps import load_sweep
from tests.faults.conftest import CHUNKS, stored_chunks, wait_until

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 15
"""Allowance for starting Python and importing the model, on top of the bounded waits."""

CONNECT_SECONDS, LOST_SECONDS = 2, 4
"""The bounded waits, shortened for the tests (the commands' own: 10 s and 30 s)."""

TIMEOUTS = {"convergence.runner.execution.SCHEDULER_CONNECT_SECONDS": CONNECT_SECONDS,
            "convergence.runner.execution.SCHEDULER_LOST_SECONDS": LOST_SECONDS}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask(tmp_path, name, *argv):
    log = open(tmp_path / f"{name}.log", "w")
    return subprocess.Popen([str(Path(sys.executable).parent / "dask"), *argv], stdout=log, stderr=log,
                            start_new_session=True)


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and one worker (2 threads) as separate processes; yields (address, scheduler)."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    scheduler = _dask(tmp_path, "scheduler", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
                      "--no-dashboard")
    worker = _dask(tmp_path, "worker", "worker", address, "--nworkers", "1", "--nthreads", "2", "--no-dashboard")
    try:
        assert wait_until(lambda: "Registered to" in (tmp_path / "worker.log").read_text(), timeout=60)
        yield address, scheduler
    finally:
        for process in (worker, scheduler):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def test_a_scheduler_nobody_answers_is_one_line_and_exit_2_within_the_connect_timeout(command, fault_spec,
                                                                                       tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    start = time.monotonic()
    sweep = command("sweep", str(fault_spec), "--scheduler", address, "--out", str(tmp_path / "out"),
                    constants=TIMEOUTS)
    assert sweep.wait() == 2
    assert time.monotonic() - start < CONNECT_SECONDS + STARTUP_SECONDS
    assert sweep.stderr.startswith(f"error: cannot connect to the Dask scheduler at '{address}'"), sweep.stderr
    assert "Traceback" not in sweep.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("how", ["killed", "hung"])
def test_a_lost_scheduler_ends_the_sweep_in_bounded_time_and_resume_completes_it(command, fault_spec, tmp_path,
                                                                                  cluster, fault_reference, how):
    address, scheduler = cluster
    out = tmp_path / "sweep"
    sweep = command("sweep", str(fault_spec), "--scheduler", address, "--out", str(out),
                    constants={**CHUNKS, **TIMEOUTS})
    assert wait_until(lambda: stored_chunks(out) >= 1, timeout=60), sweep.stderr
    assert sweep.process.poll() is None, "the sweep finished before the scheduler could be stopped"
    os.killpg(scheduler.pid, signal.SIGKILL if how == "killed" else signal.SIGSTOP)
    lost = time.monotonic()
    assert sweep.wait(timeout=LOST_SECONDS + STARTUP_SECONDS) == 1, sweep.stderr
    assert time.monotonic() - lost < LOST_SECONDS + 3
    errors = [line for line in sweep.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"lost the Dask scheduler at {address}" in errors[0] and "--resume" in errors[0]
    assert "Traceback" not in sweep.stderr
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    if how == "killed":                                  # resuming is the same after either
        resumed = command("sweep", str(fault_spec), "--workers", "1", "--out", str(out), "--resume")
        assert resumed.wait() == 0, resumed.stderr
        pd.testing.assert_frame_equal(load_sweep(out), fault_reference)
