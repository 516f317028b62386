"""Convergence: an agent-based model of Chinese and foreign internet firms, users and regulators.

The package holds the simulation only (no command line, no plotting). Start with
:class:`model.model.ConvergenceModel` or :func:`model.run.simulate`, which returns the tidy
long table every other part of the project reads.
"""

from convergence.model.errors import (
    ConvergenceError,
    ParameterError,
    ParameterRangeError,
    ParameterTypeError,
    QuarterError,
    TimelineError,
    UnknownParameterError,
)
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import PARAMETERS, Parameter, Parameters, PolicyChange
from convergence.model.run import TIDY_COLUMNS, simulate

__all__ = [
    "ConvergenceError",
    "ConvergenceModel",
    "PARAMETERS",
    "Parameter",
    "ParameterError",
    "ParameterRangeError",
    "ParameterTypeError",
    "Parameters",
    "PolicyChange",
    "QuarterError",
    "TIDY_COLUMNS",
    "TimelineError",
    "UnknownParameterError",
    "simulate",
]
