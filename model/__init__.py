"""Convergence: an agent-based model of Chinese and foreign internet firms, users and regulators.

The package holds the simulation only (no command line, no plotting). Start with
:func:`simulate` (a scenario, with the shipped calibration, to a tidy long table) or, to step
it yourself, :class:`ConvergenceModel`.
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
from convergence.model.run import TIDY_COLUMNS, resolve_run, run_model, simulate
from convergence.model.scenario import Scenario, ScenarioError, list_scenarios, load_scenario

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
    "Scenario",
    "ScenarioError",
    "TIDY_COLUMNS",
    "TimelineError",
    "UnknownParameterError",
    "list_scenarios",
    "load_scenario",
    "resolve_run",
    "run_model",
    "simulate",
]
