"""Typed exceptions raised where bad input is first seen.

Every error the model raises for bad input derives from :class:`ConvergenceError`, so the
command line can turn any of them into one clear message and exit code 2 without a traceback.
Each carries the offending ``key`` (parameter name, quarter, ...) and what is ``allowed``.
"""

from __future__ import annotations


class ConvergenceError(Exception):
    """Base class for every input error the project reports to its users."""

    def __init__(self, message: str, *, key: str | None = None, allowed: str | None = None,
                 source: str | None = None) -> None:
        self.key = key
        self.allowed = allowed
        self.source = source
        super().__init__(message)

    def with_source(self, source: str) -> ConvergenceError:
        """Return the same error, naming the file (or command-line option) it came from."""
        self.source = source
        return self

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.source}: {message}" if self.source else message


class ParameterError(ConvergenceError):
    """A model parameter is unknown, of the wrong type or outside its allowed range."""


class UnknownParameterError(ParameterError):
    """No parameter of that name is declared (the message suggests the closest name)."""


class ParameterTypeError(ParameterError):
    """A parameter was given a value of the wrong type (e.g. text for a number)."""


class ParameterRangeError(ParameterError):
    """A parameter's value lies outside its declared range."""


class QuarterError(ConvergenceError):
    """A quarter is malformed (expected e.g. ``2017Q3``) or outside the simulated period."""


class TimelineError(ConvergenceError):
    """A policy timeline entry is malformed (unknown lever, bad quarter, not a lever)."""
