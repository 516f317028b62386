"""`convergence run` stopped by SIGTERM, Ctrl-C or kill -9, or started twice on one --out: real
processes and real signals. Nothing incomplete is left, locks are released or taken over."""

import json
import os
import signal

import pytest

from tests.faults.conftest import alive, descendants, leftovers, wait_until

pytestmark = pytest.mark.slow

TINY = ["--set", "users_per_region=200", "--set", "enterprise_buyers_per_region=20", "--until", "2014Q4"]
INTERRUPTED = "interrupted; nothing incomplete was left in the output directory"


def _long_run(command, out, *extra):
    """A run of many tiny replications, returned once it holds the lock and writes its partial folder."""
    run = command("run", "baseline", "-r", "400", *TINY, "--out", str(out), *extra)
    assert wait_until(lambda: any(out.parent.glob(f".{out.name}.partial-{run.pid}")), timeout=60), run.stderr
    assert run.process.poll() is None, "the run finished before it could be stopped"
    return run


def _one_line_message(stderr):
    lines = [line for line in stderr.splitlines() if line.startswith(("interrupted", "error"))]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize("how, code, workers", [("SIGTERM", 143, "1"), ("SIGTERM", 143, "2"),
                                                ("Ctrl-C", 130, "1"), ("Ctrl-C", 130, "2")])
def test_sigterm_and_ctrl_c_leave_no_output_no_partial_and_no_lock(command, tmp_path, how, code, workers):
    out = tmp_path / "out"
    run = _long_run(command, out, "--workers", workers, "--allow-large")
    children = descendants(run.pid)
    if how == "SIGTERM":
        os.kill(run.pid, signal.SIGTERM)              # before the fix: killed at once, partial and lock left
    else:
        os.killpg(run.pid, signal.SIGINT)             # a terminal's Ctrl-C reaches the whole group
    assert run.wait(timeout=60) == code, run.stderr
    assert _one_line_message(run.stderr) == INTERRUPTED
    assert not out.exists() and leftovers(tmp_path) == []
    assert wait_until(lambda: not any(alive(p) for p in children), timeout=30)


def test_sigterm_while_overwriting_keeps_the_old_output(command, tmp_path):
    out = tmp_path / "out"
    first = command("run", "baseline", "-r", "1", *TINY, "--out", str(out))
    assert first.wait() == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    run = _long_run(command, out, "--overwrite", "--seed", "8")
    os.kill(run.pid, signal.SIGTERM)
    assert run.wait(timeout=60) == 143 and _one_line_message(run.stderr) == INTERRUPTED
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_after_kill_9_the_next_run_takes_the_stale_lock_over_and_tidies(command, tmp_path):
    out = tmp_path / "out"
    killed = _long_run(command, out)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert leftovers(tmp_path) == [".out.lock", f".out.partial-{killed.pid}"]      # what kill -9 leaves
    rerun = command("run", "baseline", "-r", "1", *TINY, "--out", str(out))
    assert rerun.wait() == 0, rerun.stderr
    assert f"removed a stale lock on '{out}' left by PID {killed.pid}" in rerun.stderr
    assert json.loads((out / "manifest.json").read_text())["replications"] == 1
    assert leftovers(tmp_path) == []


def test_a_second_run_on_the_same_out_is_refused_while_the_first_runs(command, tmp_path):
    out = tmp_path / "out"
    first = _long_run(command, out)
    second = command("run", "baseline", "-r", "1", *TINY, "--out", str(out), "--overwrite")
    assert second.wait() == 2                       # before the fix: both ran, and one silently won
    message = _one_line_message(second.stderr)
    assert message == (f"error: '{out}' is in use by convergence run on host {os.uname().nodename}, "
                       f"PID {first.pid}, started {json.loads((tmp_path / '.out.lock').read_text())['started']}")
    assert first.process.poll() is None, "the first run must go on"
    os.kill(first.pid, signal.SIGTERM)
    assert first.wait(timeout=60) == 143
    assert not out.exists() and leftovers(tmp_path) == []
