"""Execution layer: run many simulations serially, on local processes, or on a Dask cluster.

Every executor takes :class:`RunSpec` items and yields :class:`RunOutcome` items as they
complete. Workers start once and take many runs each (a process per run costs more than a
short run). A model error inside a run comes back as an outcome carrying the error, so one
bad run never stops the rest; a worker process that dies is replaced and its runs retried
once, then recorded as failed. Results do not depend on the executor: each run's seed is
fixed in its spec.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from convergence.model.calendar import DEFAULT_END
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PolicyChange, Value
from convergence.model.run import run_model

Reducer = Callable[[pd.DataFrame], pd.DataFrame]


class RunFailedError(ConvergenceError):
    """A simulation raised while running (not bad input): the command exits 1, not 2."""


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
        """Release workers."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

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


class ProcessExecutor(Executor):
    """A pool of local worker processes that start once and take many runs each."""

    def __init__(self, workers: int, in_flight_per_worker: int = 4) -> None:
        self.workers = workers
        self._limit = workers * in_flight_per_worker
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers,
                                   mp_context=multiprocessing.get_context("forkserver"))

    def run(self, specs, reducer=None, model_function=None):
        pending: dict[Future, tuple[RunSpec, int]] = {}
        queue = iter(specs)
        retries: list[tuple[RunSpec, int]] = []

        def submit(spec: RunSpec, attempt: int) -> None:
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

    def describe(self) -> str:
        return f"local processes ({self.workers} workers)"


class DaskExecutor(Executor):
    """Runs on a Dask distributed cluster (an address, or a ``Client`` for tests).

    Tasks are submitted with ``pure=False`` (replications are never merged) and ``retries``
    so that runs on a lost worker are rerun elsewhere; results stream with ``as_completed``
    and at most ``in_flight`` tasks are outstanding, so memory stays bounded.
    """

    def __init__(self, address: Any, retries: int = 2, in_flight_per_worker: int = 4) -> None:
        from distributed import Client

        self._owns_client = not isinstance(address, Client)
        self.client = Client(address) if self._owns_client else address
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.retries = retries
        self._limit = self.workers * in_flight_per_worker
        self.address = getattr(self.client.scheduler, "address", str(address))

    def run(self, specs, reducer=None, model_function=None):
        from distributed import as_completed

        queue = iter(specs)
        futures = {}

        def submit(spec: RunSpec):
            future = self.client.submit(execute_run, spec, reducer, model_function, pure=False,
                                        retries=self.retries)
            futures[future.key] = spec
            return future

        initial = [submit(spec) for spec in _take(queue, self._limit)]
        if not initial:
            return
        stream = as_completed(initial)
        for future in stream:
            spec = futures.pop(future.key)
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 - a lost task becomes a recorded failure
                outcome = RunOutcome(spec.point, spec.replication, spec.seed, None,
                                     f"task failed on the cluster: {error!r}", 0.0)
            future.release()
            yield outcome
            for spec in _take(queue, 1):
                stream.add(submit(spec))

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def describe(self) -> str:
        return f"dask cluster at {self.address} ({self.workers} threads)"


def _take(iterator: Iterator[RunSpec], count: int) -> list[RunSpec]:
    items = []
    for _ in range(count):
        item = next(iterator, None)
        if item is None:
            break
        items.append(item)
    return items


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """``--scheduler`` address -> Dask; ``workers == 1`` -> serial; else local processes
    (default: all cores)."""
    if scheduler:
        return DaskExecutor(scheduler)
    workers = workers or multiprocessing.cpu_count()
    if workers < 1:
        raise ConvergenceError(f"--workers must be at least 1, got {workers}", key="--workers",
                               allowed="an integer >= 1")
    return SerialExecutor() if workers == 1 else ProcessExecutor(workers)
