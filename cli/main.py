"""Entry point of the ``convergence`` command: assembles the command groups, maps errors to exit codes.

Bad input of any kind (scenario files, options, specs) is reported as one message naming the
file or option, the key and what is allowed, with exit code 2 and no traceback; a replication
that crashes exits 1 (:mod:`convergence.cli.exit_codes`). Ctrl-C and SIGTERM stop every
command the same way: SIGTERM raises :class:`Terminated`, a ``KeyboardInterrupt``, so atomic
outputs are cleaned up and locks released; the exit code is 130 for Ctrl-C and 143 for SIGTERM
(128 + the signal's number), with one line saying what was left (for a command with
``--resume``, that ``--resume`` continues it).
"""

from __future__ import annotations

import _thread
import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from convergence.cli import calibration, compare, dashboard, exit_codes, run, sweeps
from convergence.model.errors import ConvergenceError
from convergence.runner.errors import RunFailedError

COMMAND_GROUPS = (run, sweeps, compare, calibration, dashboard)
"""Modules that each add one group of sub-commands (``register(subparsers)``)."""
REDELIVERY_SECONDS = 0.05
"""Delay before an interruption Python swallowed is delivered again (:func:`_raise_again`)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised where the program is, so commands clean up exactly as on Ctrl-C."""


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (every command documents an example in --help)."""
    parser = argparse.ArgumentParser(
        prog="convergence",
        description="Agent-based model of Chinese and foreign internet firms, users and regulators.\n\n"
                    "Example:\n  convergence run decoupling --replications 5 --out runs/decoupling",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    return parser


def _report(error: ConvergenceError) -> None:
    print(f"error: {error}", file=sys.stderr)
    details = [f"key: {error.key}" if error.key else "", f"allowed: {error.allowed}" if error.allowed else ""]
    for line in filter(None, details):
        print(f"  {line}", file=sys.stderr)


def _raise_again(previous: Callable[[Any], None], interrupted: threading.Event) -> Callable[[Any], None]:
    """An ``unraisablehook`` that delivers again an interruption Python had to swallow, and keeps
    quiet about other swallowed errors once an interruption has come (``interrupted`` set).

    A signal's exception raised inside a ctypes callback (numba compiling its kernels), a
    ``__del__`` or a weakref callback cannot propagate: Python prints "Exception ignored" and
    carries on, and the command would run to its end. The hook has another thread signal the
    main thread again a moment later (signalled at once, the handler would run inside the hook),
    so the interruption is raised once the main thread is back in ordinary code.

    After an interruption, the destructors of objects it left half-built fail when they are freed
    (llvmlite's, when the signal lands while numba compiles: "'PassBuilder' object has no attribute
    '_as_parameter_'"); the command is stopping, so their errors are not printed.
    """
    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            interrupted.set()
            signum = signal.SIGTERM if isinstance(unraisable.exc_value, Terminated) else signal.SIGINT
            timer = threading.Timer(REDELIVERY_SECONDS, _thread.interrupt_main, args=(signum,))
            timer.daemon = True
            timer.start()
        elif not interrupted.is_set():
            previous(unraisable)
    return hook


@contextmanager
def _interruptions_delivered() -> Iterator[None]:
    """For the block: SIGTERM raises :class:`Terminated` (Ctrl-C, as always, ``KeyboardInterrupt``),
    and an interruption swallowed as "Exception ignored" is raised again (:func:`_raise_again`);
    handlers and hook restored after. Only the main thread may set signal handlers, so elsewhere
    nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    interrupted = threading.Event()

    def terminate(signum: int, frame: FrameType | None) -> None:
        interrupted.set()
        raise Terminated

    def interrupt(signum: int, frame: FrameType | None) -> None:
        interrupted.set()
        raise KeyboardInterrupt

    previous_term, previous_int = signal.signal(signal.SIGTERM, terminate), signal.signal(signal.SIGINT, interrupt)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _raise_again(previous_hook, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
        sys.unraisablehook = previous_hook


def _interrupted(args: argparse.Namespace, terminated: bool) -> int:
    """Say what an interruption left (a sweep has said it itself), and return its exit code."""
    if getattr(args, "command", None) != "sweep":
        resumable = getattr(args, "resume", None) is not None    # calibrate continues with --resume
        left = "--resume continues it" if resumable else "nothing incomplete was left in the output directory"
        print(f"interrupted; {left}", file=sys.stderr)
    return exit_codes.TERMINATED if terminated else exit_codes.INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``convergence`` command with ``argv`` (default: the process's arguments)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    with _interruptions_delivered():      # around the handlers too: an interruption's traceback is freed there
        try:
            return args.handler(args)
        except RunFailedError as error:
            _report(error)
            return exit_codes.FAILED_RUNS
        except ConvergenceError as error:
            _report(error)
            return exit_codes.BAD_INPUT
        except KeyboardInterrupt as interruption:
            return _interrupted(args, isinstance(interruption, Terminated))
        except BrokenPipeError:
            return exit_codes.OK


def command() -> None:
    """The ``convergence`` console command: :func:`main`, then exit.

    After an interruption every output is cleaned up and every lock released before this
    point, so the process ends at once (``os._exit``) instead of joining the threads of an
    abandoned worker pool, one of which may wait forever on a result its killed worker never
    finished sending.
    """
    code = main()
    if code in (exit_codes.INTERRUPTED, exit_codes.TERMINATED):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    command()
