"""Awareness (``entrant_awareness``, ``awareness_innovation``, ``awareness_imitation``): users
consider a provider with the probability that they know of it, and word of mouth spreads.

Unit tests check the Bass arithmetic and where awareness starts (data, entrants, mergers,
divestitures); a paired model test checks the behaviour it exists for: a new foreign app is
small in its first quarters abroad, and known incumbents are not touched.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import ConvergenceModel, simulate
from convergence.model.dimensions import Region, Sector
from convergence.model.mechanisms import awareness
from convergence.model.parameters import Parameters
from tests.model.small_lifecycle import small_lifecycle
from tests.model.test_levers import paired_t

AWARENESS = {"entrant_awareness": 0.05, "awareness_innovation": 0.4, "awareness_imitation": 8.0}
EVERYONE_KNOWN = {"entrant_awareness": 1.0}
"""Awareness off (every provider known to every user) whatever the calibration sets: the paired
tests' arm without awareness."""
PARAMS = Parameters(AWARENESS)


def test_the_raw_default_is_the_model_without_awareness():
    assert not awareness.is_active(Parameters({}))
    assert awareness.is_active(PARAMS)


def test_awareness_after_years_of_advertising_follows_the_innovation_rate():
    assert awareness.awareness_after(0.0, PARAMS) == pytest.approx(0.05)
    # 1 - 0.95 x (1 - 0.1)^8 after two years at p = 0.4 a year (0.1 a quarter)
    assert awareness.awareness_after(2.0, PARAMS) == pytest.approx(1 - 0.95 * 0.9 ** 8)
    assert awareness.awareness_after(-1.0, PARAMS) == pytest.approx(0.05)   # no negative experience


def test_word_of_mouth_spreads_with_share_where_the_firm_operates_and_only_there():
    state = small_lifecycle(3).state
    operating = np.zeros((3, len(Region), len(Sector)), bool)
    operating[:2, Region.IN, Sector.SOCIAL] = True
    operating[2, Region.US, Sector.SOCIAL] = True                    # present, no users
    state.users[0, Region.IN, Sector.SOCIAL], state.users[1, Region.IN, Sector.SOCIAL] = 30.0, 70.0
    awareness.spread(state, operating, PARAMS)
    # from the entrant level 0.05: + (0.4 + 8 x share) / 4 of the unaware 0.95, at most all of them
    assert state.awareness[0, Region.IN] == pytest.approx(0.05 + (0.1 + 2.0 * 0.3) * 0.95)
    assert state.awareness[1, Region.IN] == 1.0                       # 0.1 + 2 x 0.7 > 1: everyone
    assert state.awareness[2, Region.US] == pytest.approx(0.05 + 0.1 * 0.95)   # advertising alone
    assert state.awareness[0, Region.US] == 0.0                       # not there: nothing spreads
    for _ in range(60):                                             # 15 years of advertising alone
        awareness.spread(state, operating, PARAMS)
    assert 0.99 < state.awareness[2, Region.US] <= 1.0                # known in the end, never above 1


def test_unknown_regions_count_at_the_entrant_level_in_utility():
    state = small_lifecycle(2).state
    state.awareness[0, Region.CN] = 1.0
    state.awareness[1, Region.US] = 0.5
    shift = awareness.consideration_utility(state, PARAMS)
    assert shift.shape == (2, len(Region), 1)
    assert shift[0, Region.CN, 0] == 0.0
    assert shift[0, Region.US, 0] == pytest.approx(np.log(0.05))
    assert shift[1, Region.US, 0] == pytest.approx(np.log(0.5))


def test_an_acquirer_keeps_the_better_known_brand_region_by_region():
    lifecycle = small_lifecycle(2)
    state = lifecycle.state
    state.awareness[0, Region.US], state.awareness[1, Region.US] = 0.2, 0.9
    state.awareness[0, Region.IN], state.awareness[1, Region.IN] = 0.7, 0.1
    lifecycle.merge(0, 1, step=3)
    assert state.awareness[0, Region.US] == pytest.approx(0.9)
    assert state.awareness[0, Region.IN] == pytest.approx(0.7)


def test_incumbents_are_known_at_home_and_abroad_from_their_years_there_and_newcomers_are_not():
    model = ConvergenceModel.from_parameters({**AWARENESS, "users_per_region": 500,
                                              "enterprise_buyers_per_region": 50}, end="2015Q4", rng=0)
    state = model.firm_state
    row = {name: k for k, name in enumerate(state.names)}
    # firm_markets.csv: Facebook abroad since 2008, Tencent's WeChat since 2012.
    assert state.awareness[row["Facebook"], Region.US] == 1.0
    assert state.awareness[row["Facebook"], Region.IN] == pytest.approx(awareness.awareness_after(5.0, PARAMS))
    assert state.awareness[row["Tencent"], Region.SEA] == pytest.approx(awareness.awareness_after(1.0, PARAMS))
    assert state.awareness[row["Uber"], Region.CN] == 0.0              # enters China in 2014Q1
    assert state.awareness[row["Musical.ly"], Region.US] == 0.0        # launches in 2014Q3
    while model.step_index < 4:                                       # to 2014Q1: Uber in China
        model.step()
    uber_2014 = state.awareness[row["Uber"], Region.CN]
    assert 0.05 < uber_2014 < 0.5                                     # its first quarter: little known
    model.run()
    assert state.awareness[row["Uber"], Region.CN] > uber_2014       # and better known later
    assert state.awareness[row["Tencent"], Region.US] == 0.0          # never served there


SMALL = {"users_per_region": 1500, "enterprise_buyers_per_region": 150}
SEEDS = range(12)


def _outcomes(overrides: dict, seed: int) -> tuple[float, float, float, np.ndarray]:
    """Musical.ly's share of U.S. social use in its first year (launched 2014Q3), Uber's of Chinese
    ride-hailing in its first year there (entered 2014Q1), Facebook's of U.S. social use (a known
    incumbent), to 2015Q2; internet users. Missing rows (a firm with no users) count as 0."""
    table = simulate("baseline", overrides={**SMALL, **overrides}, seed=seed, end="2015Q2")
    shares = table[table.metric == "market_share"]
    musically = shares[(shares.firm == "Musical.ly") & (shares.region == "US") & (shares.sector == "social")]
    uber = shares[(shares.firm == "Uber") & (shares.region == "CN") & (shares.quarter <= "2014Q4")]
    facebook = shares[(shares.firm == "Facebook") & (shares.region == "US") & (shares.sector == "social")]
    internet = table[table.metric == "internet_users"].value.to_numpy()
    return (float(np.nan_to_num(musically.value.mean())), float(np.nan_to_num(uber.value.mean())),
            float(facebook.value.mean()), internet)


@pytest.fixture(scope="module")
def paired_awareness():
    return [(_outcomes(EVERYONE_KNOWN, seed), _outcomes(AWARENESS, seed)) for seed in SEEDS]


def _differences(paired: list, outcome: int) -> np.ndarray:
    return np.array([with_it[outcome] - without[outcome] for without, with_it in paired])


def test_new_entrants_start_small_when_few_know_them(paired_awareness):
    """Entrants known to 5% of users (p = 0.4, q = 8 a year) against everyone known: Musical.ly's
    U.S. social share in its first year and Uber's Chinese ride-hailing share in its first year
    are lower. Asked: Musical.ly lower by at least half its level without awareness and Uber by
    at least a third, each with t < -3. Measured (12 seeds, 1,500 consumers per region, the
    session-11 calibration): Musical.ly 0.0034 -> 0.0006 (t = -5.7, lower in 12 of 12), Uber
    0.0033 -> 0.0013 (t = -3.1, lower in 9 of 12: with session 11's liability of foreignness Uber
    starts in China at a quarter of its session-10 share, so awareness has less to take). On the
    session-10 calibration Uber went 0.0118 -> 0.0061 (t = -5.0, 11 of 12); before session 10
    changed the calibration 0.040 -> 0.003, lower in 12 of 12, and this test asked for every seed."""
    musically, uber = _differences(paired_awareness, 0), _differences(paired_awareness, 1)
    level = np.mean([without[0] for without, _ in paired_awareness])
    assert musically.mean() < -level / 2 and paired_t(musically) < -3.0, (level, musically.mean(), paired_t(musically))
    uber_level = np.mean([without[1] for without, _ in paired_awareness])
    assert uber.mean() < -uber_level / 3 and paired_t(uber) < -3.0, (uber_level, uber.mean(), paired_t(uber))


def test_awareness_leaves_adoption_alone_and_known_incumbents_keep_their_users(paired_awareness):
    """Facebook, known to everyone in the U.S., keeps its U.S. social share over 2013-2015Q2: no
    significant change (|t| < 2.5; measured on 12 seeds: -0.008, t = -0.8 on session 11's
    calibration, +0.007, t = 1.5 on session 10's, -0.011, t = -0.8 before it - paired runs drift
    apart by up to 0.1 as entrants fare differently)."""
    facebook = _differences(paired_awareness, 2)
    assert abs(paired_t(facebook)) < 2.5, (facebook.mean(), paired_t(facebook))
    for without, with_it in paired_awareness:
        np.testing.assert_array_equal(without[3], with_it[3])
