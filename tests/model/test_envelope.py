"""Plausibility envelope: the calibrated baseline to 2030 stays inside bounds an analyst would
accept, in every seed tested.

The bounds and their sources are in ``docs/ODD.md`` (section 8, "Plausibility envelope");
:mod:`convergence.calibration.envelope` holds them, so the ODD, ``convergence fit`` and these
tests read the same numbers. Runs are at the default size (10,000 representative consumers per
region): the bounds are about levels, which small populations distort.
"""

from __future__ import annotations

import pytest

from convergence.calibration.envelope import ENVELOPE, envelope_checks
from convergence.model import simulate

pytestmark = pytest.mark.slow

SEEDS = (101, 202, 303, 404)
"""Seeds not used by the calibration (its seeds derive from master seed 2017)."""


@pytest.fixture(scope="module")
def checks():
    return {seed: envelope_checks(simulate("baseline", seed=seed)) for seed in SEEDS}


@pytest.mark.parametrize("bound", [bound.name for bound in ENVELOPE])
def test_baseline_stays_inside_the_envelope_in_every_seed(checks, bound):
    for seed, results in checks.items():
        result = results[bound]
        assert result.inside, f"seed {seed}: {result.describe()}"
