"""Shared fixtures: small, short runs so the whole suite stays within CI's budget."""

from __future__ import annotations

import pytest

from convergence.model import simulate

SMALL = {"users_per_region": 2_000, "enterprise_buyers_per_region": 300}
"""Population small enough for tests; behaviour tests use several seeds to average noise."""


@pytest.fixture(scope="session")
def small_run():
    """One default run to 2018Q4 at small size (seed 7)."""
    return simulate(None, overrides=SMALL, end="2018Q4", seed=7)
