"""Unit tests of imitation on a hand-made firm state: where a feature can be seen, and that with
``imitation_where_used`` a rival imitates it through the channel to the market where they meet,
not only to the feature's home (without it, only through the channel to the feature's home)."""

from __future__ import annotations

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector, Strategy
from convergence.model.events import StepEvents
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState
from convergence.model.mechanisms import innovation_diffusion
from convergence.model.parameters import Parameters

PARAMS = Parameters({"imitation_rate_cross_border": 0.5})


def _world():
    """A Chinese app that serves the U.S. with one feature of Chinese origin, and a U.S. firm
    serving the U.S. only; firm rows 0 and 1."""
    state, features = FirmState(), FeaturePool(4)
    for name, origin, home in (("CN app", Origin.CN, Region.CN), ("US firm", Origin.US, Region.US)):
        row = state.add(name)
        state.active[row] = True
        state.origin[row], state.home_region[row] = origin, home
        state.strategy[row] = Strategy.MICRO_INNOVATOR
        state.serves[row, Sector.SOCIAL] = True
    features.ensure_firm_capacity(state.capacity)
    feature = features.create(Sector.SOCIAL, Origin.CN, Region.CN, gain=1.0, step=0)
    features.has[0, feature] = True
    operating = np.zeros((2, len(Region), len(Sector)), bool)
    operating[0, [Region.CN, Region.US], Sector.SOCIAL] = True
    operating[1, Region.US, Sector.SOCIAL] = True
    return state, features, operating, feature


def test_a_feature_is_seen_at_home_and_wherever_a_holder_serves_users():
    state, features, operating, feature = _world()
    seen = innovation_diffusion.feature_regions(features, operating, state.active[:2])
    assert seen[feature, Region.CN] and seen[feature, Region.US]
    assert not seen[feature, [Region.EU, Region.IN, Region.SEA, Region.ROW]].any()
    inactive = innovation_diffusion.feature_regions(features, operating, np.array([False, True]))
    assert inactive[feature].tolist() == [r == Region.CN for r in Region]       # home only


def _chance(seen_in_us: bool) -> float:
    """The U.S. firm's chance this quarter of adopting the Chinese app's feature, with its
    channel open to the U.S. (1) and closed to China (0)."""
    state, features, operating, feature = _world()
    if not seen_in_us:
        operating[0, Region.US] = False
    seen = innovation_diffusion.feature_regions(features, operating, state.active[:2])
    channel = np.zeros((2, len(Region)))
    channel[1, Region.US] = 1.0
    chances = innovation_diffusion.imitation_chances(state, features, PARAMS, np.array([True]), seen, channel)
    first, last = chances.start[1], chances.start[2]
    assert chances.feature[first:last].tolist() == [feature]
    return float(chances.probability[first])


def test_a_rival_imitates_a_feature_it_meets_in_its_own_market():
    # Micro-innovator speed 1 x cross-border rate 0.5 x channel 1 when the feature is used in the
    # U.S.; through China, where the channel is closed, nothing.
    assert _chance(seen_in_us=True) == 0.5
    assert _chance(seen_in_us=False) == 0.0


def test_without_the_switch_a_feature_is_seen_at_its_origin_only():
    state, features, operating, feature = _world()
    channel = np.zeros((2, len(Region)))
    channel[1, Region.US] = 1.0
    chances = innovation_diffusion.imitation_chances(state, features, PARAMS, np.array([True]), None, channel)
    assert chances.probability[chances.start[1]] == 0.0                  # channel to China is closed
    channel[1, Region.CN] = 0.4
    chances = innovation_diffusion.imitation_chances(state, features, PARAMS, np.array([True]), None, channel)
    assert chances.probability[chances.start[1]] == 0.5 * 0.4


def test_an_imitated_feature_adds_its_gain_and_counts_as_a_knowledge_flow():
    state, features, operating, feature = _world()
    seen = innovation_diffusion.feature_regions(features, operating, state.active[:2])
    channel = np.ones((2, len(Region)))
    chances = innovation_diffusion.imitation_chances(state, features, Parameters({"imitation_rate_cross_border": 1.0}),
                                                     np.array([True]), seen, channel)
    events = StepEvents()
    innovation_diffusion.imitate(state, features, 1, PARAMS, {}, np.random.default_rng(0), chances, events)
    assert features.has[1, feature] and state.quality[1, Sector.SOCIAL] == 1.0
    assert events.knowledge_flow_cn_to_us == 1
