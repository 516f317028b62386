"""``convergence scenarios``, ``params`` and ``run``: scenarios, their parameters, their runs."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from convergence.cli import exit_codes
from convergence.cli.arguments import SET_HELP, add_command, add_workers, checked_seed, checked_workers, parse_settings
from convergence.model.calendar import DEFAULT_END
from convergence.model.parameters import GROUPS, Value


def command_scenarios(args: argparse.Namespace) -> int:
    from convergence.model.scenario import list_scenarios

    for scenario in list_scenarios():
        chain = " <- ".join(reversed(scenario.chain))
        print(f"{scenario.name}  ({chain})")
        print(textwrap.indent(textwrap.fill(" ".join(scenario.description.split()), 90), "    "))
    return exit_codes.OK


def command_params(args: argparse.Namespace) -> int:
    from convergence.model.scenario import load_scenario

    scenario = load_scenario(args.scenario) if args.scenario else None
    resolved = scenario.parameters() if scenario else None
    scripted = {}
    for change in scenario.timeline if scenario else ():
        scripted.setdefault(change.name, []).append(f"{change.quarter}: {change.value:g}")
    header = f"{'parameter':42s} {'role':11s} {'unit':34s} {'default':>9s} {'allowed':>22s}"
    if scenario:
        header += f" {scenario.name + ' value':>20s}"
    print(header)
    for group, declarations in GROUPS.items():
        shown = [p for p in declarations if not args.role or p.role == args.role]
        if shown:
            print(f"\n[{group}]")
        for p in shown:
            line = f"{p.name:42s} {p.role:11s} {p.unit[:34]:34s} {_fmt(p.default):>9s} {p.allowed:>22s}"
            if scenario:
                value = _fmt(resolved[p.name])
                if p.name in scripted:
                    value += " then " + ", ".join(scripted[p.name])
                line += f" {value:>20s}"
            print(line)
            if args.verbose:
                print(textwrap.indent(textwrap.fill(p.description, 88), "    "))
    return exit_codes.OK


def _fmt(value: Value) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"


def command_run(args: argparse.Namespace) -> int:
    from convergence.experiments.scenario_run import run_to_directory

    settings = parse_settings(args.set or [])
    return run_to_directory(args.scenario, replications=args.replications, seed=checked_seed(args),
                            until=args.until, overrides=settings.overrides, timeline=settings.timeline,
                            out=args.out, overwrite=args.overwrite, workers=checked_workers(args),
                            allow_large=args.allow_large)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the scenario and run commands to the ``convergence`` parser."""
    add_command(subparsers, "scenarios", command_scenarios,
                 "List the shipped scenarios with their descriptions.", "convergence scenarios")

    params = add_command(subparsers, "params", command_params,
                          "List every parameter: role, unit, default, allowed range, and the value a "
                          "scenario resolves to.", "convergence params decoupling --role lever")
    params.add_argument("scenario", nargs="?", help="scenario name or path to a .toml file")
    params.add_argument("--role", choices=("lever", "uncertainty", "setting"), help="only this role")
    params.add_argument("--verbose", "-v", action="store_true", help="print each description")

    run = add_command(subparsers, "run", command_run,
                       "Run a scenario's replications; write timeseries.parquet, manifest.json and "
                       "summary.png.",
                       "convergence run us_reciprocity --replications 10 --seed 42 --until 2025Q4 "
                       "--set us_reciprocity_lag_quarters=1 --out runs/recip")
    run.add_argument("scenario", help="scenario name (see `convergence scenarios`) or path to a .toml file")
    run.add_argument("--replications", "-r", type=int, default=5, help="replications (default 5)")
    run.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    run.add_argument("--until", default=DEFAULT_END, help=f"last quarter (default {DEFAULT_END})")
    run.add_argument("--set", action="append", metavar="NAME=VALUE[@QUARTER]", help=SET_HELP)
    run.add_argument("--out", type=Path, help="output directory (default runs/SCENARIO)")
    run.add_argument("--overwrite", action="store_true",
                     help="replace an existing output directory of `convergence run` (only such a directory)")
    add_workers(run, 1, "local worker processes for the replications (default 1: in-process)")
