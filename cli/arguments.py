"""Helpers every command module uses to declare its sub-command and read shared options.

Shared options are declared and checked here once: ``--set`` items (:func:`parse_settings`),
``--workers`` with ``--allow-large`` (:func:`add_workers`, :func:`checked_workers`) and
``--seed`` (:func:`checked_seed`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from convergence.model.errors import ConvergenceError
from convergence.model.parameters import PolicyChange, Value, lookup
from convergence.runner.limits import ALLOW_LARGE, check_workers

Handler = Callable[[argparse.Namespace], int]

SET_HELP = ("NAME=VALUE holds for the whole run and replaces the scenario's timeline entries for that lever; "
            "NAME=VALUE@QUARTER (levers only) changes it from that quarter on, replacing the scenario's "
            "entries for it from then (repeatable)")


def add_command(subparsers: argparse._SubParsersAction, name: str, handler: Handler, summary: str,
                example: str) -> argparse.ArgumentParser:
    """Add sub-command ``name``: ``summary`` and a worked ``example`` in its ``--help``."""
    parser = subparsers.add_parser(name, help=summary, description=f"{summary}\n\nExample:\n  {example}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


def add_workers(parser: argparse.ArgumentParser, default: int | None, help: str) -> None:
    """Add ``--workers`` (checked by :func:`checked_workers`) and ``--allow-large``."""
    parser.add_argument("--workers", type=int, default=default, help=help)
    parser.add_argument(ALLOW_LARGE, action="store_true", dest="allow_large",
                        help="allow sizes beyond this machine's limits (more workers than cores, huge runs)")


def checked_workers(args: argparse.Namespace) -> int | None:
    """``--workers`` if at least 1 and at most the cores (unless ``--allow-large``); ``None`` stays
    ``None`` (the command's default: all cores)."""
    return None if args.workers is None else check_workers(args.workers, args.allow_large)


def checked_seed(args: argparse.Namespace) -> int:
    """``--seed`` if numpy's ``SeedSequence`` takes it (a whole number >= 0)."""
    from convergence.model.run import check_seed

    return check_seed(args.seed, "--seed")


@dataclass(frozen=True)
class Settings:
    """What ``--set`` items ask for: whole-run values, and lever changes scheduled from a quarter."""

    overrides: dict[str, Value] = field(default_factory=dict)
    timeline: tuple[PolicyChange, ...] = ()


def parse_settings(items: Sequence[str]) -> Settings:
    """``--set name=value`` and ``--set name=value@QUARTER`` items -> validated :class:`Settings`."""
    overrides: dict[str, Value] = {}
    timeline: list[PolicyChange] = []
    for item in items:
        name, value, quarter = _split_setting(item)
        try:
            if quarter is None:
                overrides[name] = lookup(name).parse(value)
            else:
                timeline.append(PolicyChange.checked(quarter, name, lookup(name).parse(value), key=f"--set {item}"))
        except ConvergenceError as error:
            raise error.with_source(f"--set {item}") from None
    return Settings(overrides, tuple(timeline))


def _split_setting(item: str) -> tuple[str, str, str | None]:
    """``name=value[@QUARTER]`` -> (name, value text, quarter or None)."""
    if "=" not in item:
        raise ConvergenceError(f"--set expects name=value, got '{item}'", key="--set",
                               allowed="name=value or name=value@QUARTER, e.g. us_reciprocity_strength=0.5@2019Q1")
    name, text = item.split("=", 1)
    value, at, quarter = text.partition("@")
    return name.strip(), value, quarter.strip() if at else None
