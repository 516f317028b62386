"""Liability of foreignness (``foreignness_discount``, ``localisation_half_life``): a firm abroad
delivers part of its quality until it has adapted its product to the region by serving it.

Unit tests check the arithmetic, where localisation starts (data, born-global launches,
mergers); a paired model test checks the behaviour it exists for: late foreign entrants and
home champions abroad win fewer users.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import ConvergenceModel, simulate
from convergence.model.dimensions import Region, Sector
from convergence.model.input_data import world_data
from convergence.model.mechanisms import foreignness
from convergence.model.parameters import Parameters
from tests.model.small_lifecycle import small_lifecycle
from tests.model.test_levers import paired_t

FOREIGNNESS = {"foreignness_discount": 0.6, "hardware_foreignness_discount": 0.2, "localisation_half_life": 2.0}
PARAMS = Parameters(FOREIGNNESS)


def test_localisation_after_years_of_serving_halves_the_gap_per_half_life():
    assert foreignness.localisation_after(0.0, PARAMS) == 0.0
    assert foreignness.localisation_after(2.0, PARAMS) == pytest.approx(0.5)
    assert foreignness.localisation_after(6.0, PARAMS) == pytest.approx(0.875)
    assert foreignness.localisation_after(-3.0, PARAMS) == 0.0          # no negative experience


def test_a_firm_is_at_home_in_its_home_region_and_a_stranger_elsewhere():
    state = small_lifecycle(1).state
    assert state.localisation[0, Region.CN] == 1.0
    assert (np.delete(state.localisation[0], Region.CN) == 0.0).all()
    delivered = foreignness.quality_delivered(state, PARAMS, world_data().sector_is_hardware)
    assert (delivered[0, Region.CN] == 1.0).all()
    assert delivered[0, Region.US, Sector.SOCIAL] == pytest.approx(0.4)      # 1 - 0.6 x (1 - 0)
    assert delivered[0, Region.US, Sector.DEVICES] == pytest.approx(0.8)     # hardware: 1 - 0.2 x (1 - 0)
    assert delivered[0, Region.US, Sector.ICT_EQUIPMENT] == pytest.approx(0.8)
    assert delivered[0, Region.US, Sector.CLOUD] == pytest.approx(0.4)


def test_serving_a_region_closes_the_gap_there_and_only_there_in_proportion_to_share():
    state = small_lifecycle(3).state
    operating = np.zeros((3, len(Region), len(Sector)), bool)
    operating[:2, Region.IN, Sector.SOCIAL] = True                   # firms 0 and 1 serve Indian social
    operating[2, Region.US, Sector.SOCIAL] = True                    # firm 2 is present in the U.S., unused
    state.users[0, Region.IN, Sector.SOCIAL], state.users[1, Region.IN, Sector.SOCIAL] = 90.0, 10.0
    state.users[1, Region.IN, Sector.ECOMMERCE] = 50.0               # firm 1 holds all of a market it does not run
    for _ in range(8):                                                 # two years = one half-life
        foreignness.learn(state, operating, PARAMS)
    quarter = 1 - 0.5 ** (1 / 8)
    assert state.localisation[0, Region.IN] == pytest.approx(1 - (1 - 0.9 * quarter) ** 8)
    assert state.localisation[1, Region.IN] == pytest.approx(1 - (1 - 0.1 * quarter) ** 8)
    assert state.localisation[2, Region.US] == 0.0                     # no users: nothing learnt
    assert state.localisation[0, Region.US] == 0.0                     # not served: nothing learnt
    assert state.localisation[0, Region.CN] == 1.0                     # home stays home
    state.users[0, Region.IN, Sector.SOCIAL], state.users[1, Region.IN, Sector.SOCIAL] = 100.0, 0.0
    state.localisation[0, Region.IN] = 0.0
    for _ in range(8):
        foreignness.learn(state, operating, PARAMS)
    assert state.localisation[0, Region.IN] == pytest.approx(0.5)     # a whole market: one half-life


def test_an_acquirer_keeps_the_better_localisation_region_by_region():
    lifecycle = small_lifecycle(2)
    state = lifecycle.state
    state.localisation[0, Region.US], state.localisation[1, Region.US] = 0.2, 0.9
    state.localisation[0, Region.IN], state.localisation[1, Region.IN] = 0.7, 0.1
    lifecycle.merge(0, 1, step=3)
    assert state.localisation[0, Region.US] == pytest.approx(0.9)
    assert state.localisation[0, Region.IN] == pytest.approx(0.7)


def test_incumbents_start_from_their_years_abroad_and_products_built_for_a_market_start_localised():
    model = ConvergenceModel.from_parameters({**FOREIGNNESS, "users_per_region": 500,
                                              "enterprise_buyers_per_region": 50}, end="2013Q2", rng=0)
    state = model.firm_state
    row = {name: k for k, name in enumerate(state.names)}
    # firm_markets.csv: Facebook abroad since 2008 (5 years by 2013), Tencent's WeChat since 2012.
    assert state.localisation[row["Facebook"], Region.IN] == pytest.approx(
        foreignness.localisation_after(5.0, PARAMS), rel=1e-12)
    assert state.localisation[row["Tencent"], Region.SEA] == pytest.approx(
        foreignness.localisation_after(1.0, PARAMS), rel=1e-12)
    assert state.localisation[row["Musical.ly"], Region.US] == 1.0     # built for U.S. teens
    assert state.localisation[row["Uber"], Region.CN] == 0.0           # enters China in 2014
    assert state.localisation[row["Tencent"], Region.US] == 0.0        # never served there


def test_entrants_launching_abroad_from_the_start_are_localised_where_they_launch():
    params = {**FOREIGNNESS, "users_per_region": 400, "enterprise_buyers_per_region": 40,
              "china_global_launch_share": 1.0, "us_global_launch_share": 1.0, "china_entry_rate": 3.0}
    model = ConvergenceModel.from_parameters(params, end="2013Q4", rng=2)
    state = model.firm_state
    launched = 0
    while model.running:
        before = state.count
        model.step()
        for row in range(before, state.count):
            regions = state.present[row].any(axis=1)
            regions[state.home_region[row]] = False
            if regions.any():
                launched += 1
                assert (state.localisation[row, regions] == 1.0).all()
    assert launched > 0


SMALL = {"users_per_region": 1500, "enterprise_buyers_per_region": 150}
SEEDS = range(8)


def _foreign_outcomes(discount: float, seed: int) -> tuple[float, float, np.ndarray]:
    """Tencent's share of social use in India and Southeast Asia, 2013Q2-2015Q4 (before
    breakthroughs make paired runs drift apart), Uber's of ride-hailing in China, 2014Q1-2015Q2
    (before exits); internet users. Awareness is off in both arms whatever the calibration sets
    (an entrant little known would hide how much of its quality it delivers)."""
    overrides = {**SMALL, "foreignness_discount": discount, "entrant_awareness": 1.0}
    table = simulate("baseline", overrides=overrides, seed=seed, end="2015Q4")
    window = table[(table.quarter >= "2013Q2") & (table.metric == "market_share")]
    tencent = window[(window.firm == "Tencent") & window.region.isin(["IN", "SEA"]) & (window.sector == "social")]
    uber = window[(window.firm == "Uber") & (window.region == "CN") & (window.sector == "ridehailing")
                  & (window.quarter <= "2015Q2")]          # its first year and a half, before exits
    internet = table[table.metric == "internet_users"].value.to_numpy()
    return float(tencent.value.mean()), float(uber.value.mean()), internet


@pytest.fixture(scope="module")
def paired_foreignness():
    return [(_foreign_outcomes(0.0, seed), _foreign_outcomes(0.6, seed)) for seed in SEEDS]


def test_foreignness_shrinks_home_champions_abroad_and_late_foreign_entrants(paired_foreignness):
    """A discount of 0.6 lowers WeChat's share of Indian and Southeast Asian social use (abroad
    since 2012, against Facebook, abroad since 2008) and Uber's of Chinese ride-hailing (entered
    in 2014Q1, against Didi at home). Asked: WeChat at least 0.05 lower with t < -3; Uber at least
    0.005 lower on average and lower in every seed. Measured (8 seeds, 1,500 consumers per
    region): WeChat 0.21 -> 0.07 (t = -9.7), Uber 0.079 -> 0.005 (lower in all 8 seeds, by 0.005
    to 0.35)."""
    abroad = np.array([with_it[0] - without[0] for without, with_it in paired_foreignness])
    uber = np.array([with_it[1] - without[1] for without, with_it in paired_foreignness])
    assert abroad.mean() < -0.05 and paired_t(abroad) < -3.0, (abroad.mean(), paired_t(abroad))
    # Uber's differences are heavy-tailed (a seed where Uber held a third of the market moves by
    # 0.35, most by about 0.01), so a sign test: lower in every seed (one-sided p = 0.004).
    assert uber.mean() < -0.005 and (uber < 0).all(), uber


def test_foreignness_leaves_adoption_alone(paired_foreignness):
    for without, with_it in paired_foreignness:
        np.testing.assert_array_equal(without[2], with_it[2])
