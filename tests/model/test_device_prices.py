"""Device prices against incomes (``device_price_weight``): a handset brand's price premium weighs
on a buyer in proportion to world income over the buyer's income.

Unit tests check the incomes (their regional means, that early adopters are richer, that they
leave the model's own random stream alone) and where the premium applies; a paired model test
checks the behaviour the mechanism exists for: premium brands lose poor regions first.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import simulate
from convergence.model.dimensions import Region, Sector
from convergence.model.firm_state import FirmState
from convergence.model.input_data import world_data
from convergence.model.mechanisms import device_prices
from convergence.model.parameters import Parameters
from convergence.model.users import UserPopulation


def test_incomes_have_the_regions_means_and_early_adopters_are_richer():
    world = world_data()
    n = 200_000
    region = np.repeat(np.arange(len(Region)), n)
    adoption_draw = np.random.default_rng(1).random(len(region))
    sensitivity = device_prices.price_sensitivity(region, adoption_draw, world, 0.5, np.random.default_rng(2))
    income = device_prices.world_income_per_person(world) / sensitivity
    for r in Region:
        mean = income[region == r].mean()
        # lognormal sigma <= 0.85: the mean of 200,000 draws is within about 0.5% (4 standard errors)
        assert mean == pytest.approx(world.income_per_person[r], rel=0.02), Region(r).code
        early = (region == r) & (adoption_draw < 0.2)
        late = (region == r) & (adoption_draw > 0.8)
        assert np.median(income[early]) > 1.5 * np.median(income[late])
    india, us = sensitivity[region == Region.IN], sensitivity[region == Region.US]
    assert np.median(india) > 20 * np.median(us)          # USD 1,450 against 53,100 per person


def test_incomes_come_from_their_own_generator():
    params, world = Parameters(), world_data()
    first = UserPopulation.create(params, world, np.random.default_rng(5))
    other = UserPopulation.create(Parameters({"income_adoption_correlation": 0.0}), world, np.random.default_rng(5))
    for name in ("adoption_draw", "local_fit", "privacy_sensitivity"):
        np.testing.assert_array_equal(getattr(first, name), getattr(other, name))
    assert first.taste_salt == other.taste_salt
    assert not np.array_equal(first.price_sensitivity, other.price_sensitivity)


def test_the_premium_applies_to_devices_only_and_to_revenue_only_when_prices_are_on():
    world = world_data()
    state = FirmState()
    for name, price in (("premium", 2.3), ("budget", 0.55), ("average", 1.0)):
        row = state.add(name)
        state.device_price[row] = price
    premium = device_prices.price_premium(state, world)
    np.testing.assert_allclose(premium[:, Sector.DEVICES], [1.3, -0.45, 0.0])
    others = np.delete(premium, int(Sector.DEVICES), axis=1)
    assert not others.any()                                   # services, cloud, ICT equipment
    off = device_prices.revenue_factor(state, world, Parameters())
    on = device_prices.revenue_factor(state, world, Parameters({"device_price_weight": 0.5}))
    assert (off == 1.0).all()
    np.testing.assert_allclose(on[:, Sector.DEVICES], [2.3, 0.55, 1.0])
    assert (np.delete(on, int(Sector.DEVICES), axis=1) == 1.0).all()


SMALL = {"users_per_region": 1500, "enterprise_buyers_per_region": 150}
SEEDS = range(10)
WATCHED = (("Apple", "IN"), ("Apple", "US"), ("Xiaomi", "IN"))


def _device_shares(weight: float, seed: int) -> np.ndarray:
    """Mean device share in 2014 of Apple in India, Apple in the U.S. and Xiaomi in India (awareness
    off whatever the calibration sets: Xiaomi entered India in 2014, and an entrant little known
    would hide what its price wins it)."""
    overrides = {**SMALL, "device_price_weight": weight, "entrant_awareness": 1.0}
    table = simulate("baseline", overrides=overrides, seed=seed, end="2014Q4")
    shares = table[(table.metric == "market_share") & (table.sector == "devices")
                   & table.quarter.str.startswith("2014")]
    mean = shares.groupby(["firm", "region"]).value.mean()
    return np.array([mean.get(key, 0.0) for key in WATCHED])


@pytest.fixture(scope="module")
def paired_differences() -> np.ndarray:
    """Seeds x watched shares: with prices (weight 1) less without."""
    return np.array([_device_shares(1.0, seed) - _device_shares(0.0, seed) for seed in SEEDS])


def test_prices_cost_the_premium_brand_poor_regions_first(paired_differences):
    """Measured (10 seeds, 1,500 consumers per region, the shipped calibration of session 11 with
    the weight set to 1 against 0): Apple's 2014 device share in India falls by 0.44 (t = -33.5, at
    least 0.35 in every seed), in the U.S. by 0.16 (t = -17.8; devices' network is global, so part
    of India's loss carries over); India's loss is the larger in 10 of 10 seeds, by 0.28 on average
    (t = -16.8; session 10's calibration: 0.45, 0.18 and 0.27). The test asks for 0.15 in India in
    every seed, and India's loss larger by 0.05 on average with t < -3."""
    apple_india, apple_us = paired_differences[:, 0], paired_differences[:, 1]
    assert (apple_india < -0.15).all(), apple_india
    gap = apple_india - apple_us
    t = gap.mean() / (gap.std(ddof=1) / np.sqrt(len(gap)))
    assert gap.mean() < -0.05 and t < -3.0, (gap, t)


def test_prices_help_the_budget_brand_where_incomes_are_low(paired_differences):
    """Measured: Xiaomi's 2014 share in India rises by 0.17 (t = 8.2, higher in 10 of 10 seeds;
    session 10's calibration: 0.17, t = 6.8).
    The test asks for a mean rise of 0.05 with t > 3."""
    xiaomi_india = paired_differences[:, 2]
    t = xiaomi_india.mean() / (xiaomi_india.std(ddof=1) / np.sqrt(len(xiaomi_india)))
    assert xiaomi_india.mean() > 0.05 and t > 3.0, (xiaomi_india, t)
