"""A firm lifecycle with a few Chinese firms and a tiny population, for unit tests of the
per-firm-and-region state (localisation, awareness) without running the model."""

from __future__ import annotations

import numpy as np

from convergence.model.dimensions import Origin, Region, Strategy
from convergence.model.features import FeaturePool
from convergence.model.firm_lifecycle import FirmLifecycle
from convergence.model.firm_state import FirmProfile, FirmState
from convergence.model.input_data import world_data
from convergence.model.parameters import Parameters
from convergence.model.users import UserPopulation


def small_lifecycle(firms: int) -> FirmLifecycle:
    """``firms`` Chinese disruptors homed in China (rows 0..firms-1), serving no market yet."""
    state, features = FirmState(capacity=4), FeaturePool(4)
    users = UserPopulation.create(Parameters({"users_per_region": 50, "enterprise_buyers_per_region": 10}),
                                  world_data(), np.random.default_rng(0))
    lifecycle = FirmLifecycle(state, features, users, on_added=lambda row: None, on_retired=lambda row: None)
    for k in range(firms):
        lifecycle.add(FirmProfile(f"firm {k}", Origin.CN, Region.CN, Strategy.DISRUPTOR, 0.1, 1.0, 0.3))
    return lifecycle
