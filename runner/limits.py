"""The machine's limits, and guards that refuse requests beyond them before anything is allocated.

A typo in a sample size, a level list or a worker count (``--samples 1000000000``, a 100^5
grid, ``--workers 1000``) should get one clear message, not an exhausted machine. Sizes beyond
the limits can be forced with ``--allow-large``; invalid values (fewer than one worker or run)
cannot.
"""

from __future__ import annotations

import os

from convergence.model.errors import ConvergenceError

ALLOW_LARGE = "--allow-large"
"""The command-line flag that overrides the size limits, on every command that takes sizes."""

MEMORY_SHARE = 0.5
"""Share of the memory available now that a request may be estimated to need."""

MAX_RUNS_PER_CORE = 100_000
"""Runs allowed per available core: about a day of computing per core at the full model's
~1 s a run; more is almost always a mistyped sample size or level list."""

BYTES_PER_ROW = 200
"""Memory of one kept result row once loaded (eleven columns, strings included)."""

BYTES_PER_RUN_SPEC = 4_000
"""Memory of one run's description held while a design runs (parameters, timeline, seed)."""


class LimitError(ConvergenceError):
    """A requested size or worker count is invalid or beyond what this machine can take."""


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform has it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def available_memory_bytes() -> int:
    """Memory available to new work now: ``MemAvailable`` of /proc/meminfo, else physical memory."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_workers(workers: int, allow_large: bool = False) -> int:
    """``workers`` if it is at least 1 and at most the available cores (or ``allow_large``)."""
    if workers < 1:
        raise LimitError(f"--workers must be at least 1, got {workers}", key="--workers",
                         allowed="an integer >= 1")
    cores = available_cores()
    if workers > cores and not allow_large:
        raise LimitError(f"--workers {workers} is more than the {cores} cores available to this process",
                         key="--workers", allowed=f"at most {cores}, or {ALLOW_LARGE} to override")
    return workers


def run_limit() -> int:
    """The most runs one request may ask for on this machine (``MAX_RUNS_PER_CORE`` per core)."""
    return MAX_RUNS_PER_CORE * available_cores()


def memory_limit() -> int:
    """The most memory (bytes) one request may be estimated to need (``MEMORY_SHARE`` of what is
    available now)."""
    return int(MEMORY_SHARE * available_memory_bytes())


def check_runs(runs: int, bytes_per_run: int, what: str, allow_large: bool = False) -> int:
    """``runs`` if it is at least 1 and within this machine's limits (or ``allow_large``).

    The rule: at most :func:`run_limit` runs (``MAX_RUNS_PER_CORE`` per available core), and
    ``runs * bytes_per_run`` at most :func:`memory_limit` (``MEMORY_SHARE`` of the memory
    available now). ``what`` names the request in the message (e.g. "sweep smoke (grid of 4
    points x 2 replications)").
    """
    if runs < 1:
        raise LimitError(f"{what} has {runs} runs", key="size", allowed="at least 1 run")
    needed, runs_allowed, bytes_allowed = runs * bytes_per_run, run_limit(), memory_limit()
    if allow_large or (runs <= runs_allowed and needed <= bytes_allowed):
        return runs
    raise LimitError(f"{what} asks for {runs:,} runs, an estimated {_size(needed)} of memory; this machine's "
                     f"limit is {runs_allowed:,} runs ({MAX_RUNS_PER_CORE:,} per core x {available_cores()}) and "
                     f"{_size(bytes_allowed)} ({MEMORY_SHARE:.0%} of the memory available)",
                     key="size", allowed=f"a smaller design, or {ALLOW_LARGE} to override")


def _size(count: float) -> str:
    """Bytes as a short human-readable size."""
    units = ("B", "KB", "MB", "GB", "TB", "PB")
    power = 0
    while count >= 1024 and power < len(units) - 1:
        count /= 1024
        power += 1
    return f"{count:.1f} {units[power]}"
