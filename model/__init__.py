"""Convergence: an agent-based model of Chinese and foreign internet firms, users and regulators.

The package holds the simulation only (no command line, no plotting). Start with
:func:`simulate` (a scenario, with the shipped calibration, to a tidy long table) or, to step
it yourself, :class:`ConvergenceModel`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    **dict.fromkeys(("ConvergenceError", "ParameterError", "ParameterRangeError", "ParameterTypeError",
                     "QuarterError", "TimelineError", "UnknownParameterError"), "errors"),
    "ConvergenceModel": "model",
    **dict.fromkeys(("PARAMETERS", "Parameter", "Parameters", "PolicyChange"), "parameters"),
    **dict.fromkeys(("TIDY_COLUMNS", "resolve_run", "run_model", "simulate"), "run"),
    **dict.fromkeys(("Scenario", "ScenarioError", "list_scenarios", "load_scenario"), "scenario"),
}
"""Where each public name lives. They are imported on first use (PEP 562), so a light module
such as ``convergence.model.calendar`` does not pull in Mesa and numba: the command line starts
in a fraction of a second."""

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


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
