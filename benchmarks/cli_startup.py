"""Start-up time of the ``convergence`` command: ``python benchmarks/cli_startup.py``.

Runs ``convergence --help`` and ``convergence scenarios`` as fresh processes (the way a user
types them) and prints the median and fastest wall time of each over ``--repeats`` runs. The
target is under 0.5 s: the command line imports the simulation, pandas and matplotlib only
when a command that needs them runs. Tests never assert times; this script is for people.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (["--help"], ["scenarios"])
TARGET_SECONDS = 0.5


def console_command() -> list[str]:
    """The installed ``convergence`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("convergence")
    return [str(script)] if script.exists() else [sys.executable, "-m", "convergence.cli.main"]


def wall_times(arguments: list[str], repeats: int) -> list[float]:
    """Wall time in seconds of ``repeats`` fresh runs of the command with ``arguments``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([*console_command(), *arguments], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    wall_times(["--help"], 1)                       # warm the file cache and the bytecode
    for arguments in COMMANDS:
        times = wall_times(arguments, repeats)
        median = statistics.median(times)
        verdict = "within" if median < TARGET_SECONDS else "OVER"
        print(f"convergence {' '.join(arguments):10s} median {median:.3f} s, fastest {min(times):.3f} s "
              f"over {repeats} runs ({verdict} the {TARGET_SECONDS} s target)")


if __name__ == "__main__":
    main()
