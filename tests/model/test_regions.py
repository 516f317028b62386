"""India, Southeast Asia and the rest of the world: invariants of the split and the data-localization
levers of their regulators.

Invariants run one short baseline at test size. The lever tests are paired by seed (10 seeds, the
same seeds with and without the lever) on the raw defaults at test size to 2020Q4; outcomes are
means over 2018Q1-2020Q4 (steps 20-31).
"""

import numpy as np
import pytest

from convergence.model import ConvergenceModel
from convergence.model.dimensions import REGION_INFO, REGIONS, Jurisdiction, Region
from convergence.model.input_data import world_data
from convergence.model.mechanisms import data_localization
from convergence.model.parameters import Parameters, levers_of
from convergence.model.users import sample_sizes
from tests.conftest import SMALL

SEEDS = range(10)
END = "2020Q4"
LATE = 20
NEW_REGIONS = (Region.IN, Region.SEA, Region.ROW)


def test_the_split_keeps_the_world_population_and_each_region_has_its_own_parameters():
    world = world_data()
    assert REGIONS == ("CN", "US", "EU", "IN", "SEA", "RoW")
    # the pre-split rest of the world held 4,990 M people and 60 M enterprises
    assert world.population[list(NEW_REGIONS)].sum() == pytest.approx(4990.0)
    assert world.enterprise_units[list(NEW_REGIONS)].sum() == pytest.approx(60.0)
    params = Parameters()
    curves = [(REGION_INFO[r].internet_curve, REGION_INFO[r].income_growth) for r in NEW_REGIONS]
    assert len({c for c, _ in curves}) == 3 and len({g for _, g in curves}) == 3
    for curve, growth in curves:
        assert all(name in params for name in curve) and growth in params


def test_india_and_southeast_asia_have_regulators_and_the_rest_of_the_world_none():
    assert REGION_INFO[Region.IN].jurisdiction == Jurisdiction.INDIA
    assert REGION_INFO[Region.SEA].jurisdiction == Jurisdiction.SOUTHEAST_ASIA
    assert REGION_INFO[Region.ROW].jurisdiction is None
    assert "india_data_localization" in levers_of(Jurisdiction.INDIA)
    assert "southeast_asia_data_localization" in levers_of(Jurisdiction.SOUTHEAST_ASIA)


def test_data_localization_closes_only_its_own_region():
    levers = {name: Parameters()[name] for j in Jurisdiction for name in levers_of(j)}
    before = data_localization.openness(levers)
    after = data_localization.openness({**levers, "india_data_localization": 1.0})
    changed = ~np.isclose(before, after)
    assert changed[Region.IN].sum() == len(Region) - 1 and changed.sum() == len(Region) - 1
    assert after[Region.IN, Region.IN] == 1.0


def test_sample_sizes_scale_the_three_regions_and_conserve_population():
    params = Parameters({**SMALL, "users_share_outside_core_regions": 0.25})
    consumers, enterprises = sample_sizes(params)
    assert list(consumers) == [2000, 2000, 2000, 500, 500, 500]
    assert list(enterprises) == [300, 300, 300, 75, 75, 75]


@pytest.fixture(scope="module")
def small_run():
    return ConvergenceModel(**SMALL, rng=3, end="2016Q4").run()


def test_population_weights_are_conserved_per_region(small_run):
    users, world = small_run.users, small_run.world
    for region in Region:
        consumers, enterprises = users.blocks[region]
        assert users.weight[consumers].sum() == pytest.approx(world.population[region])
        assert users.weight[enterprises].sum() == pytest.approx(world.enterprise_units[region])
        assert (users.region[consumers] == region).all()


def test_shares_sum_to_one_and_users_are_never_negative_in_every_region(small_run):
    table = small_run.results()
    assert (small_run.firm_state.users >= 0).all()
    shares = table[(table.metric == "market_share") & (table.origin != "") & (table.firm == "")]
    sums = shares.groupby(["step", "region", "sector"]).value.sum()
    assert set(shares.region) == set(REGIONS)
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-9)
    internet = table[(table.metric == "internet_users") & (table.quarter == "2016Q4")].set_index("region").value
    assert (internet.reindex(list(REGIONS)) > 0).all()


def _outcomes(overrides: dict, seed: int) -> np.ndarray:
    """Means over 2018Q1-2020Q4 of the share of consumer use held by firms homed outside India,
    outside Southeast Asia, and by foreign firms in China, and of the markets (firm x sector)
    that firms homed elsewhere serve in India and in Southeast Asia; and the markets left in
    India and in Southeast Asia over the run."""
    model = ConvergenceModel.from_parameters({**SMALL, **overrides}, end=END, rng=seed)
    consumer = ~model.world.sector_is_enterprise
    shares, exits = [], np.zeros(2)
    while model.running:
        model.step()
        state, n = model.firm_state, model.firm_state.count
        exits += model.events.exits[[Region.IN, Region.SEA]].sum(axis=1)
        if model.step_index >= LATE:
            use = state.users[:n][:, :, consumer].sum(axis=2)                     # firms x regions
            foreign = [use[state.home_region[:n] != region, region].sum() / use[:, region].sum()
                       for region in (Region.IN, Region.SEA, Region.CN)]
            operating = model.conditions.operating                # the firms that began the quarter
            home = state.home_region[: len(operating)]
            served = [operating[home != region, region].sum() for region in (Region.IN, Region.SEA)]
            shares.append(foreign + served)
    return np.r_[np.mean(shares, axis=0), exits]


IN_FOREIGN, SEA_FOREIGN, CN_FOREIGN, IN_MARKETS, SEA_MARKETS, IN_EXITS, SEA_EXITS = range(7)


@pytest.fixture(scope="module")
def baseline():
    return np.array([_outcomes({}, seed) for seed in SEEDS])


def _paired(baseline, overrides):
    policy = np.array([_outcomes(overrides, seed) for seed in SEEDS])
    difference = policy - baseline
    t = difference.mean(axis=0) / (difference.std(axis=0, ddof=1) / np.sqrt(len(SEEDS)) + 1e-12)
    return difference.mean(axis=0), t


@pytest.mark.parametrize(("lever", "foreign", "markets", "exits"), [
    ("india_data_localization", IN_FOREIGN, IN_MARKETS, IN_EXITS),
    ("southeast_asia_data_localization", SEA_FOREIGN, SEA_MARKETS, SEA_EXITS),
])
def test_full_data_localization_pushes_firms_from_elsewhere_out_of_the_region(baseline, lever, foreign, markets,
                                                                                exits):
    """Full localization (at the default local-storage cost) makes serving the region costlier for
    firms homed elsewhere: more of their markets there lose money and are left (at least 3 more
    over the run, paired t >= 3), they serve at least 2 fewer markets there in 2018-2020 (t <= -3),
    and their share of the region's consumer use falls by at least 2 points on average. China's
    foreign share, which the lever reaches only through the data pools, does not move
    significantly (|t| < 3)."""
    mean, t = _paired(baseline, {lever: 1.0})
    assert mean[exits] >= 3.0 and t[exits] >= 3.0, (mean, t)
    assert mean[markets] <= -2.0 and t[markets] <= -3.0, (mean, t)
    assert mean[foreign] <= -0.02, (mean, t)
    assert abs(t[CN_FOREIGN]) < 3.0, (mean, t)
