"""Execution layer: run many simulations serially, on local processes, or on a Dask cluster.

Every executor takes :class:`RunSpec` items and yields :class:`RunOutcome` items as they
complete. Workers start once and take many runs each (a process per run costs more than a
short run). A model error inside a run comes back as an outcome carrying the error, so one
bad run never stops the rest; a worker process that dies is replaced and its runs retried
once, then recorded as failed. Results do not depend on the executor: each run's seed is
fixed in its spec.

Local workers never outlive the command: each asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG`` on Linux) and watches the command's process from a thread (everywhere),
is deaf to Ctrl-C from its first instant (the command handles it), and is terminated when the
executor is left because of an error or an interrupt (a worker still starting included). A Dask executor connects within
``SCHEDULER_CONNECT_SECONDS`` and stops, naming the address, when its scheduler dies or leaves
a liveness check unanswered for ``SCHEDULER_LOST_SECONDS``.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import forkserver, resource_tracker
from typing import Any

import pandas as pd

from convergence.model.calendar import DEFAULT_END
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PolicyChange, Value
from convergence.model.run import run_model
from convergence.runner.errors import RunFailedError
from convergence.runner.limits import available_cores, check_workers
from convergence.runner.locks import pid_alive

Reducer = Callable[[pd.DataFrame], pd.DataFrame]


WATCHDOG_SECONDS = 1.0
"""How often a local worker checks that the command that started it is still alive."""

PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process receives when its parent dies."""

SCHEDULER_CONNECT_SECONDS = 10
"""How long connecting to a Dask scheduler (``--scheduler``) may take before giving up."""

SCHEDULER_LOST_SECONDS = 30
"""How long a Dask scheduler may leave a liveness check unanswered (hung, or its host gone)
before the command stops; a scheduler whose process died is noticed at once."""

POLL_SECONDS = 1.0
"""How long the Dask executor waits for a run to finish before checking that its scheduler answers."""


ABANDON_SECONDS = 5.0
"""How long terminated workers are given to exit before they are killed."""


class SchedulerError(ConvergenceError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached (bad input: exit 2)."""


class SchedulerLostError(RunFailedError):
    """The Dask scheduler went away during the runs and did not come back (exit 1)."""


@dataclass(frozen=True)
class RunSpec:
    """One simulation: design point, replication, seed, parameter overrides, timeline."""

    point: int
    replication: int
    seed: int
    parameters: dict[str, Value] = field(default_factory=dict)
    timeline: tuple[PolicyChange, ...] = ()
    end: str = DEFAULT_END
    scenario: str = "custom"


@dataclass
class RunOutcome:
    """What came back from one run: its table, or the error that stopped it."""

    point: int
    replication: int
    seed: int
    table: pd.DataFrame | None
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        """True if the run finished."""
        return self.error is None


def execute_run(spec: RunSpec, reducer: Reducer | None = None,
                model_function: Callable[..., pd.DataFrame] | None = None) -> RunOutcome:
    """Run one spec; never raises for a model error (the outcome carries it instead).

    ``model_function`` replaces the simulation: it is called with the spec and returns a tidy
    table.
    """
    start = time.perf_counter()
    try:
        if model_function is None:
            table = run_model(spec.parameters, spec.timeline, end=spec.end, seed=spec.seed,
                             scenario=spec.scenario, replication=spec.replication)
        else:
            table = model_function(spec)
        if reducer is not None:
            table = reducer(table)
        table.insert(0, "point", spec.point)
        return RunOutcome(spec.point, spec.replication, spec.seed, table, None,
                          time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - any model failure becomes a recorded outcome
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        if not isinstance(error, ConvergenceError):
            detail += "\n" + traceback.format_exc(limit=-3)
        return RunOutcome(spec.point, spec.replication, spec.seed, None, detail,
                          time.perf_counter() - start)


class Executor(ABC):
    """Runs specs and yields outcomes as they complete."""

    workers: int = 1

    @abstractmethod
    def run(self, specs: Iterable[RunSpec], reducer: Reducer | None = None,
            model_function: Callable[..., pd.DataFrame] | None = None) -> Iterator[RunOutcome]:
        """Yield one outcome per spec, in completion order."""

    def close(self) -> None:  # noqa: B027 - optional hook: executors without workers release nothing
        """Release workers once their runs have finished."""

    def abandon(self) -> None:
        """Stop at once, dropping unfinished runs (after an error or interrupt); default: :meth:`close`."""
        self.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()

    def describe(self) -> str:
        """One line for manifests and progress output."""
        return type(self).__name__


class SerialExecutor(Executor):
    """Runs in this process, one after another (``--workers 1``: easiest to debug)."""

    def run(self, specs, reducer=None, model_function=None):
        for spec in specs:
            yield execute_run(spec, reducer, model_function)

    def describe(self) -> str:
        return "serial (in-process)"


def _die_with_parent(command_pid: int) -> None:
    """Worker initializer: never outlive the command that started the pool, leave Ctrl-C to it.

    The forkserver that forks workers exits when the command dies; ``PR_SET_PDEATHSIG`` then
    kills the worker (Linux). A watchdog thread covers other platforms and the window before
    ``prctl``: it exits the worker once the command's process or the worker's parent is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    threading.Thread(target=_watch_parent, args=(command_pid, parent), daemon=True,
                     name="convergence-parent-watchdog").start()


def _watch_parent(command_pid: int, parent: int) -> None:
    """Exit this worker as soon as the command or the worker's parent process is gone."""
    while pid_alive(command_pid) and os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


def _in_main_thread() -> bool:
    """Signal handlers can only be changed from the main thread."""
    return threading.current_thread() is threading.main_thread()


def _start_forkserver() -> None:
    """Start multiprocessing's forkserver (if not running) with Ctrl-C blocked: the block is
    inherited by the forkserver and by every worker it forks, so a terminal's Ctrl-C, which
    reaches the whole process group, never interrupts one mid-start (and prints its traceback);
    the command handles it. A Ctrl-C to this process meanwhile stays pending, not lost. The
    resource tracker starts first, as it resets the signal mask of the thread that starts it."""
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, then deliver them: a worker being started
    is registered with its pool before an interrupt stops the pool (and so is stopped with it)."""
    if not _in_main_thread():
        yield
        return
    held: list[int] = []
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda received, frame: held.append(received)) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in held:
            signal.raise_signal(number)


class ProcessExecutor(Executor):
    """A pool of local worker processes that start once, take many runs each, and die with the
    command that started them."""

    def __init__(self, workers: int, in_flight_per_worker: int = 4) -> None:
        self.workers = workers
        self._limit = workers * in_flight_per_worker
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        _start_forkserver()
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver"),
                                   initializer=_die_with_parent, initargs=(os.getpid(),))

    def run(self, specs, reducer=None, model_function=None):
        pending: dict[Future, tuple[RunSpec, int]] = {}
        queue = iter(specs)
        retries: list[tuple[RunSpec, int]] = []

        def submit(spec: RunSpec, attempt: int) -> None:
            with _interrupts_deferred():                            # submitting may start a worker
                future = self._pool.submit(execute_run, spec, reducer, model_function)
            pending[future] = (spec, attempt)

        exhausted = False
        while True:
            while len(pending) < self._limit and (retries or not exhausted):
                if retries:
                    submit(*retries.pop())
                    continue
                spec = next(queue, None)
                if spec is None:
                    exhausted = True
                    break
                submit(spec, 0)
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                spec, attempt = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    if attempt == 0:
                        retries.append((spec, 1))
                    else:
                        yield RunOutcome(spec.point, spec.replication, spec.seed, None,
                                         "worker process died twice running this spec", 0.0)
            if broken:
                retries.extend(pending.values())
                pending.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Terminate the workers mid-run and release the pool without waiting on it.

        A worker killed while it sends a result leaves the pool's manager thread reading a
        message that never completes (this process holds the pipe's other end), so
        ``shutdown(wait=True)`` could wait forever: the workers are joined with a bound instead,
        and the command exits without joining the manager thread (``cli.main``).
        """
        processes = list((self._pool._processes or {}).values())    # no public API before Python 3.14
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + ABANDON_SECONDS
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def describe(self) -> str:
        return f"local processes ({self.workers} workers)"


class DaskExecutor(Executor):
    """Runs on a Dask distributed cluster (an address, or a ``Client`` for tests).

    Tasks are submitted with ``pure=False`` (replications are never merged) and ``retries``
    so that runs on a lost worker are rerun elsewhere; at most ``in_flight`` tasks are
    outstanding, so memory stays bounded. A lost scheduler stops the command with
    :class:`SchedulerLostError` (finished runs are kept; ``--resume`` continues).
    """

    def __init__(self, address: Any, retries: int = 2, in_flight_per_worker: int = 4) -> None:
        from distributed import Client

        self._owns_client = not isinstance(address, Client)
        self.client = _connect(address) if self._owns_client else address
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.retries = retries
        self._limit = self.workers * in_flight_per_worker
        self.address = getattr(self.client.scheduler, "address", str(address))

    def run(self, specs, reducer=None, model_function=None):
        queue = iter(specs)
        pending: dict[Any, RunSpec] = {}

        def submit(spec: RunSpec) -> None:
            future = self.client.submit(execute_run, spec, reducer, model_function, pure=False,
                                        retries=self.retries)
            pending[future] = spec

        for spec in _take(queue, self._limit):
            submit(spec)
        while pending:
            done = _finished(pending)
            if not done:
                self._check_scheduler()
            try:
                outcomes = {future: _outcome(future, pending[future]) for future in done}
            except (CancelledError, OSError):                  # the connection to the scheduler broke
                outcomes = None
            if outcomes is None or self.client.status != "running":
                raise self._lost()
            for future, outcome in outcomes.items():
                del pending[future]
                future.release()
                yield outcome
                for spec in _take(queue, 1):
                    submit(spec)

    def _check_scheduler(self) -> None:
        """Raise :class:`SchedulerLostError` unless the scheduler answers within ``SCHEDULER_LOST_SECONDS``."""
        try:
            self.client.sync(self.client.scheduler.identity, callback_timeout=SCHEDULER_LOST_SECONDS)
        except (TimeoutError, OSError, CancelledError):
            raise self._lost() from None

    def _lost(self) -> SchedulerLostError:
        """The error for a lost scheduler. Losing it cancels every task and its workers' state,
        so the command stops rather than wait for a scheduler that would have neither."""
        logging.getLogger("distributed.client").setLevel(logging.CRITICAL)  # its reconnection tracebacks
        return SchedulerLostError(f"lost the Dask scheduler at {self.address}; finished runs are kept and "
                                  f"--resume continues", key="--scheduler",
                                  allowed="restart the scheduler and its workers, then rerun the command with --resume")

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def describe(self) -> str:
        return f"dask cluster at {self.address} ({self.workers} threads)"


def _finished(pending: dict[Any, RunSpec]) -> set[Any]:
    """The pending tasks that have finished (or were cancelled), waiting at most ``POLL_SECONDS``."""
    from distributed import wait as wait_for

    try:
        return wait_for(list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done
    except TimeoutError:
        return set()
    except CancelledError:
        return {future for future in pending if future.cancelled()}


def _outcome(future: Any, spec: RunSpec) -> RunOutcome:
    """A finished task's outcome. A task the cluster gave up on (e.g. its workers kept dying)
    becomes a failed run; a cancelled task or a broken connection raises (``CancelledError``,
    ``OSError``): the run is not lost, the scheduler is."""
    try:
        return future.result()
    except (CancelledError, OSError):
        raise
    except Exception as error:  # noqa: BLE001 - a task the cluster gave up on becomes a recorded failure
        return RunOutcome(spec.point, spec.replication, spec.seed, None, f"task failed on the cluster: {error!r}",
                          0.0)


def _connect(address: str) -> Any:
    """A Dask client connected to ``address`` within ``SCHEDULER_CONNECT_SECONDS``; a clear error if not."""
    from distributed import Client

    try:
        return Client(address, timeout=SCHEDULER_CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SchedulerError(f"cannot connect to the Dask scheduler at '{address}' ({reason})", key="--scheduler",
                             allowed="the address of a running scheduler, e.g. tcp://host:8786") from None


def _take(iterator: Iterator[RunSpec], count: int) -> list[RunSpec]:
    items = []
    for _ in range(count):
        item = next(iterator, None)
        if item is None:
            break
        items.append(item)
    return items


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for ``--workers`` and ``--scheduler``.

    A scheduler address -> Dask (``workers`` unused). Else ``workers`` local processes: at least
    1 (0 or less is refused, never read as "all cores"); ``None`` is the documented default,
    every available core; ``1`` runs in this process. Whether more workers than cores are
    allowed is the command line's decision (``check_workers`` with ``--allow-large``).
    """
    if scheduler:
        return DaskExecutor(scheduler)
    workers = check_workers(available_cores() if workers is None else workers, allow_large=True)
    return SerialExecutor() if workers == 1 else ProcessExecutor(workers)
