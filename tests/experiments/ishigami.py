"""Ishigami, SALib's test function with analytic Sobol indices, as a sweep model (test data).

``f = sin x1 + a sin^2 x2 + b x3^4 sin x1`` with a = 7, b = 0.1 on [-pi, pi]^3; analytic
first-order indices 0.314, 0.442, 0 and total indices 0.558, 0.442, 0.244. Sweeping it checks
the whole pipeline (design, runs, outputs, manifest, analysis) against known answers, and that
sweeps run any model function, not only the Convergence model.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.test_functions import Ishigami

from convergence.experiments.sweep_model import SweepModel
from convergence.model.errors import UnknownParameterError
from convergence.model.parameters import Parameter
from convergence.runner.execution import RunSpec

SPEC = Path(__file__).with_name("ishigami.toml")
"""A Sobol spec over the three inputs (N = 1024)."""

INPUTS = {name: Parameter(name=name, default=0.0, unit="", description="Ishigami input",
                          low=-math.pi, high=math.pi)
          for name in ("x1", "x2", "x3")}


def declaration(name: str) -> Parameter:
    """The declaration of input ``name`` (x1, x2 or x3)."""
    try:
        return INPUTS[name]
    except KeyError:
        raise UnknownParameterError(f"unknown Ishigami input '{name}'", key=name,
                                    allowed=", ".join(INPUTS)) from None


def evaluate(run: RunSpec) -> pd.DataFrame:
    """One-row tidy table: SALib's Ishigami function at the run's x1, x2, x3."""
    value = Ishigami.evaluate(np.array([[run.parameters[name] for name in INPUTS]]))[0]
    return pd.DataFrame({"replication": [run.replication], "seed": [run.seed], "metric": ["ishigami"],
                         "step": [0], "quarter": [""], "value": [value]})


ISHIGAMI = SweepModel(name="ishigami", lookup=declaration, metrics=("ishigami",), function=evaluate)
