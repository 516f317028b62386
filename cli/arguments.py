"""Helpers every command module uses to declare its sub-command and read shared options."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Value, lookup

Handler = Callable[[argparse.Namespace], int]


def add_command(subparsers: argparse._SubParsersAction, name: str, handler: Handler, summary: str,
                example: str) -> argparse.ArgumentParser:
    """Add sub-command ``name``: ``summary`` and a worked ``example`` in its ``--help``."""
    parser = subparsers.add_parser(name, help=summary, description=f"{summary}\n\nExample:\n  {example}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=handler)
    return parser


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
