"""Helpers for fault tests: the command as a real process, its descendants, waiting for states.

Processes start in their own session (so a test can send Ctrl-C to the whole group, as a
terminal does) with output to files (a full pipe would stall them); whatever a test leaves
running is killed at teardown.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from convergence.runner.execution import WATCHDOG_SECONDS

FAULT_SPEC = textwrap.dedent('''
    description = "Fault tests: a small grid on a tiny population, 48 short runs."
    scenario = "baseline"
    design = "grid"
    replications = 6
    seed = 5
    until = "2015Q4"
    policy_start = "2014Q1"

    [levers]
    china_data_localization_strictness = [0.0, 0.25, 0.75, 1.0]
    us_reciprocity_strength = [0.0, 1.0]

    [uncertainties]
    users_per_region = [400]
    enterprise_buyers_per_region = [60]

    [outputs]
    metrics = ["convergence_index"]
    keep = "final"
    ''')
"""A sweep long enough to be stopped mid-way (a few seconds on 2 workers), short enough for tests."""

WORKERS_GONE_SECONDS = 5 * WATCHDOG_SECONDS + 5
"""How long local workers may take to exit once their command is gone."""

CHUNK_RUNS = 2
"""Runs per results chunk in fault tests, so that a sweep stopped early has stored some."""


CHUNKS = {"convergence.experiments.sweeps.CHUNK_RUNS": CHUNK_RUNS}
"""Constants to set in a command so that it stores a chunk every :data:`CHUNK_RUNS` runs."""


def _setting(name: str, value: object) -> str:
    """Python that sets the module constant ``name`` (``package.module.NAME``) to ``value``."""
    module, constant = name.rsplit(".", 1)
    return f"import {module}; {module}.{constant} = {value!r}; "



def _default_interrupt() -> None:
    """In the child, before exec: Ctrl-C (SIGINT) at its default, so Python turns it into
    KeyboardInterrupt even when the test run itself was started with SIGINT ignored (a
    background job of a non-interactive shell)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)

class Command:
    """A running ``convergence`` command: its process and the files its output goes to.

    ``constants`` (``{"package.module.NAME": value}``) are set before the command runs, to
    shrink a chunk size or a timeout for a test.
    """

    def __init__(self, argv: list[str], cwd: Path, constants: dict[str, object] | None = None) -> None:
        settings = "".join(_setting(name, value) for name, value in (constants or {}).items())
        code = settings + "from convergence.cli.main import command; command()"
        stamp = time.monotonic_ns()
        self.stdout_path, self.stderr_path = cwd / f"stdout-{stamp}", cwd / f"stderr-{stamp}"
        with open(self.stdout_path, "w") as out, open(self.stderr_path, "w") as err:
            self.process = subprocess.Popen([sys.executable, "-c", code, *argv], cwd=cwd, stdout=out, stderr=err,
                                            start_new_session=True, preexec_fn=_default_interrupt)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait(self, timeout: float = 120) -> int:
        return self.process.wait(timeout)

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text()

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text()


@pytest.fixture
def command(tmp_path: Path) -> Iterator[Callable[..., Command]]:
    """``command(*argv, constants=None)`` starts ``convergence ARGV`` in ``tmp_path``; every process
    group started is killed at teardown."""
    started: list[Command] = []

    def start(*argv: str, constants: dict[str, object] | None = None) -> Command:
        started.append(Command(list(argv), tmp_path, constants))
        return started[-1]

    yield start
    for each in started:
        try:
            os.killpg(each.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        each.process.wait()


@pytest.fixture
def fault_spec(tmp_path: Path) -> Path:
    """:data:`FAULT_SPEC` as a file in the test's folder."""
    path = tmp_path / "faults.toml"
    path.write_text(FAULT_SPEC)
    return path


@pytest.fixture(scope="session")
def fault_reference(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The uninterrupted dataset of :data:`FAULT_SPEC` (in this process, serially)."""
    from convergence.experiments.specs import load_spec
    from convergence.experiments.sweeps import load_sweep, run_sweep
    from convergence.runner.execution import SerialExecutor

    folder = tmp_path_factory.mktemp("fault_reference")
    (folder / "faults.toml").write_text(FAULT_SPEC)
    run_sweep(load_spec(folder / "faults.toml"), folder / "sweep", SerialExecutor(), progress=False)
    return load_sweep(folder / "sweep")


def _parent_of(pid: str) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (children, their children, ...), from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (parent := _parent_of(entry)) is not None:
            children[parent].append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children[todo.pop()]:
            found.add(child)
            todo.append(child)
    return {p for p in found if alive(p)}


def alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def stored_chunks(directory: Path) -> int:
    """Results chunks a sweep has stored so far."""
    return len(list((directory / "results").glob("part-*.parquet")))


def leftovers(folder: Path) -> list[str]:
    """Hidden files and folders anywhere under ``folder`` (temporaries, staging folders, locks)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


@pytest.fixture(autouse=True)
def _interruptible_test_process():
    """Ctrl-C raises KeyboardInterrupt in the test process too, even when the test run was
    started with SIGINT ignored (a background job of a non-interactive shell): the in-process
    tests send themselves SIGINT."""
    before = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
