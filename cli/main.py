"""Entry point of the ``convergence`` command: assembles the command groups, maps errors to exit codes.

Bad input of any kind (scenario files, options, specs) is reported as one message naming the
file or option, the key and what is allowed, with exit code 2 and no traceback; a replication
that crashes exits 1 (:mod:`convergence.cli.exit_codes`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from convergence.cli import calibration, compare, exit_codes, run, sweeps
from convergence.model.errors import ConvergenceError
from convergence.runner.execution import RunFailedError

COMMAND_GROUPS = (run, sweeps, compare, calibration)
"""Modules that each add one group of sub-commands (``register(subparsers)``)."""


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``convergence`` command with ``argv`` (default: the process's arguments)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except RunFailedError as error:
        _report(error)
        return exit_codes.FAILED_RUNS
    except ConvergenceError as error:
        _report(error)
        return exit_codes.BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing incomplete was left in the output directory", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.OK


if __name__ == "__main__":
    sys.exit(main())
