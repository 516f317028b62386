"""The ``convergence`` command: scenarios, parameters, runs, sweeps, comparisons, calibration.

Bad input of any kind (scenario files, options, specs) is reported as one message naming the
file or option, the key and what is allowed, with exit code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Callable, Sequence

from model.calendar import DEFAULT_END
from model.errors import ConvergenceError
from model.parameters import PARAMETERS, Value, lookup

EXIT_OK, EXIT_FAILED_RUNS, EXIT_BAD_INPUT = 0, 1, 2


def parse_settings(items: Sequence[str]) -> dict[str, Value]:
    """``--set name=value`` items -> validated overrides."""
    settings: dict[str, Value] = {}
    for item in items:
        if "=" not in item:
            raise ConvergenceError(f"--set expects name=value, got '{item}'", key="--set",
                                   allowed="name=value, e.g. us_reciprocity_strength=0.5")
        name, text = item.split("=", 1)
        try:
            settings[name.strip()] = lookup(name.strip()).parse(text)
        except ConvergenceError as error:
            raise error.with_source(f"--set {item}") from None
    return settings


# --- commands ---------------------------------------------------------------------------
def command_scenarios(args: argparse.Namespace) -> int:
    from scenarios import list_scenarios

    for scenario in list_scenarios():
        chain = " <- ".join(reversed(scenario.chain))
        print(f"{scenario.name}  ({chain})")
        print(textwrap.indent(textwrap.fill(" ".join(scenario.description.split()), 90), "    "))
    return EXIT_OK


def command_params(args: argparse.Namespace) -> int:
    from scenarios import load_scenario

    scenario = load_scenario(args.scenario) if args.scenario else None
    resolved = scenario.parameters() if scenario else None
    scripted = {}
    for change in scenario.timeline if scenario else ():
        scripted.setdefault(change.name, []).append(f"{change.quarter}: {change.value:g}")
    header = f"{'parameter':42s} {'role':11s} {'unit':34s} {'default':>9s} {'allowed':>22s}"
    if scenario:
        header += f" {scenario.name + ' value':>20s}"
    print(header)
    for p in PARAMETERS.values():
        if args.role and p.role != args.role:
            continue
        line = f"{p.name:42s} {p.role:11s} {p.unit[:34]:34s} {_fmt(p.default):>9s} {p.allowed:>22s}"
        if scenario:
            value = _fmt(resolved[p.name])
            if p.name in scripted:
                value += " then " + ", ".join(scripted[p.name])
            line += f" {value:>20s}"
        print(line)
        if args.verbose:
            print(textwrap.indent(textwrap.fill(p.description, 88), "    "))
    return EXIT_OK


def _fmt(value: Value) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"


def command_run(args: argparse.Namespace) -> int:
    from experiments.scenario_run import run_to_directory

    overrides = parse_settings(args.set or [])
    return run_to_directory(args.scenario, replications=args.replications, seed=args.seed,
                            until=args.until, overrides=overrides, out=args.out,
                            overwrite=args.overwrite, workers=args.workers)


# --- parser -----------------------------------------------------------------------------
def _add_command(subparsers, name: str, handler: Callable[[argparse.Namespace], int], summary: str,
                 example: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=summary, description=f"{summary}\n\nExample:\n  {example}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (every command documents an example in --help)."""
    parser = argparse.ArgumentParser(
        prog="convergence",
        description="Agent-based model of Chinese and foreign internet firms, users and regulators.\n\n"
                    "Example:\n  convergence run decoupling --replications 5 --out runs/decoupling",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_command(subparsers, "scenarios", command_scenarios,
                 "List the shipped scenarios with their descriptions.", "convergence scenarios")

    params = _add_command(subparsers, "params", command_params,
                          "List every parameter: role, unit, default, allowed range, and the value a "
                          "scenario resolves to.", "convergence params decoupling --role lever")
    params.add_argument("scenario", nargs="?", help="scenario name or path to a .toml file")
    params.add_argument("--role", choices=("lever", "uncertainty", "setting"), help="only this role")
    params.add_argument("--verbose", "-v", action="store_true", help="print each description")

    run = _add_command(subparsers, "run", command_run,
                       "Run a scenario's replications; write timeseries.parquet, manifest.json and "
                       "summary.png.",
                       "convergence run us_reciprocity --replications 10 --seed 42 --until 2025Q4 "
                       "--set us_reciprocity_lag_quarters=1 --out runs/recip")
    run.add_argument("scenario", help="scenario name (see `convergence scenarios`) or path to a .toml file")
    run.add_argument("--replications", "-r", type=int, default=5, help="replications (default 5)")
    run.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    run.add_argument("--until", default=DEFAULT_END, help=f"last quarter (default {DEFAULT_END})")
    run.add_argument("--set", action="append", metavar="NAME=VALUE",
                     help="override a parameter for the whole run (repeatable)")
    run.add_argument("--out", type=Path, help="output directory (default runs/SCENARIO)")
    run.add_argument("--overwrite", action="store_true", help="replace an existing output directory")
    run.add_argument("--workers", type=int, default=1,
                     help="local worker processes for the replications (default 1: in-process)")

    for register in _extensions():
        register(subparsers, _add_command)
    return parser


def _extensions() -> list[Callable]:
    """Commands defined next to the code they drive (sweeps, comparison, calibration)."""
    from calibration.commands import register as calibration
    from experiments.compare_commands import register as comparison
    from experiments.sweep_commands import register as sweeps

    return [sweeps, comparison, calibration]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``convergence`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ConvergenceError as error:
        print(f"error: {error}", file=sys.stderr)
        details = [f"key: {error.key}" if error.key else "", f"allowed: {error.allowed}" if error.allowed else ""]
        for line in filter(None, details):
            print(f"  {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing incomplete was left in the output directory", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

