"""Local workers never outlive their command: `convergence run --workers 2` killed with -9 or
SIGTERM leaves no worker process (the sweep's case is in test_sweep_signals.py)."""

import os
import re
import signal

import pytest

from tests.faults.conftest import WORKERS_GONE_SECONDS, alive, descendants, wait_until

pytestmark = pytest.mark.slow

RUN = ["run", "baseline", "--replications", "40", "--until", "2016Q4", "--workers", "2",
       "--set", "users_per_region=400", "--set", "enterprise_buyers_per_region=60"]


@pytest.mark.parametrize("sent, code", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 143)])
def test_no_worker_survives_its_run_command(command, tmp_path, sent, code):
    run = command(*RUN, "--out", str(tmp_path / "run"))
    assert wait_until(lambda: len(descendants(run.pid)) >= 3, timeout=60), run.stderr
    assert wait_until(lambda: re.search(r" [1-9]\d*/40 ", run.stderr), timeout=60), run.stderr  # runs finish
    workers = descendants(run.pid)
    os.kill(run.pid, sent)
    assert run.wait(timeout=30) == code, run.stderr
    assert wait_until(lambda: not any(alive(p) for p in workers), WORKERS_GONE_SECONDS), \
        [p for p in workers if alive(p)]
    assert not (tmp_path / "run").exists()
