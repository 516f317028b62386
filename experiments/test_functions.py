"""Test functions with known sensitivity indices, run through the sweep machinery.

Ishigami (the test function of SALib): ``f = sin x1 + a sin^2 x2 + b x3^4 sin x1`` with
a = 7, b = 0.1 on [-pi, pi]^3; analytic first-order indices 0.314, 0.442, 0 and total
indices 0.558, 0.442, 0.244.
"""

from __future__ import annotations

import math

import pandas as pd

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami(spec) -> pd.DataFrame:
    """Tidy one-row table of the Ishigami function at the spec's x1, x2, x3."""
    x1, x2, x3 = (spec.parameters[name] for name in ("x1", "x2", "x3"))
    value = math.sin(x1) + ISHIGAMI_A * math.sin(x2) ** 2 + ISHIGAMI_B * x3 ** 4 * math.sin(x1)
    return pd.DataFrame({"replication": [spec.replication], "seed": [spec.seed], "metric": ["ishigami"],
                         "step": [0], "quarter": [""], "value": [value]})


TEST_FUNCTIONS = {"ishigami": ishigami}
