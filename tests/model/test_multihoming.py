"""Multi-homing: users with a primary and a secondary provider in social, e-commerce and search.

Unit tests on hand-made users (use counted 1 - s / s, exits, sales and mergers keep a user's
use at most 1), invariants of runs, single-homing when the shares are 0, and the behaviour the
issue asks for: multi-homing keeps the second social network of the U.S. and China larger.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import ConvergenceModel
from convergence.model.dimensions import Region, Sector
from convergence.model.events import StepEvents
from convergence.model.mechanisms import market_dynamics
from convergence.model.run import resolve_run
from convergence.model.users import NO_PROVIDER
from tests.conftest import SMALL
from tests.model.test_market_dynamics import PARAMS, World, _levers

LEVERS = _levers()

SINGLE_HOMING = {"secondary_use_share_social": 0.0, "secondary_use_share_ecommerce": 0.0,
                 "secondary_use_share_search": 0.0}
MULTI_HOMING_SECTORS = (Sector.SOCIAL, Sector.ECOMMERCE, Sector.SEARCH)
TOLERANCE = 1e-9


def _social_users(w: World, primary: list[int], secondary: list[int]) -> slice:
    """Give the first Chinese consumers these social providers; the others use none."""
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers, Sector.SOCIAL] = NO_PROVIDER
    w.users.secondary[consumers, Sector.SOCIAL] = NO_PROVIDER
    rows = slice(consumers.start, consumers.start + len(primary))
    w.users.choice[rows, Sector.SOCIAL] = primary
    w.users.secondary[rows, Sector.SOCIAL] = secondary
    return rows


def _social_use(w: World) -> np.ndarray:
    counted = market_dynamics.market_users(w.users, w.state.count, w.world.sector_is_enterprise)
    return counted[:, Region.CN, Sector.SOCIAL]


def test_only_social_ecommerce_and_search_multi_home_with_their_declared_shares():
    w = World()
    expected = np.zeros(len(Sector))
    expected[[Sector.SOCIAL, Sector.ECOMMERCE, Sector.SEARCH]] = [0.3, 0.25, 0.15]
    np.testing.assert_allclose(w.users.secondary_share, expected)


def test_a_multi_homing_user_counts_one_minus_the_share_for_its_primary_and_the_share_for_its_secondary():
    w = World()
    rows = _social_users(w, primary=[w.cn, w.cn, w.cn2], secondary=[w.cn2, NO_PROVIDER, NO_PROVIDER])
    weight = w.users.weight[rows.start]
    share = w.users.secondary_share[Sector.SOCIAL]
    use = _social_use(w)
    assert use[w.cn] == pytest.approx(weight * (1 - share + 1))
    assert use[w.cn2] == pytest.approx(weight * (share + 1))
    assert use.sum() == pytest.approx(3 * weight)              # three users, at most 1 each


def test_a_user_whose_primary_leaves_promotes_its_secondary_and_a_departed_secondary_is_dropped():
    w = World()
    rows = _social_users(w, primary=[w.cn, w.cn2, w.cn], secondary=[w.cn2, w.cn, NO_PROVIDER])
    w.users.drop_provider(w.cn, Region.CN, Sector.SOCIAL)
    assert w.users.choice[rows, Sector.SOCIAL].tolist() == [w.cn2, w.cn2, NO_PROVIDER]
    assert w.users.secondary[rows, Sector.SOCIAL].tolist() == [NO_PROVIDER] * 3
    assert _social_use(w)[w.cn2] == pytest.approx(2 * w.users.weight[rows.start])


def test_a_transfer_to_the_other_provider_of_a_user_leaves_it_single_homing_with_its_whole_use():
    w = World()
    rows = _social_users(w, primary=[w.cn, w.cn2, w.us], secondary=[w.cn2, w.cn, w.cn])
    before = _social_use(w)
    w.users.transfer_provider(w.cn, w.cn2)
    assert w.users.choice[rows, Sector.SOCIAL].tolist() == [w.cn2, w.cn2, w.us]
    assert w.users.secondary[rows, Sector.SOCIAL].tolist() == [NO_PROVIDER, NO_PROVIDER, w.cn2]
    after = _social_use(w)
    assert after[w.cn2] == pytest.approx(before[w.cn2] + before[w.cn])     # use is conserved
    assert after.sum() == pytest.approx(before.sum())


def test_an_exit_books_the_promoted_secondaries_use_to_its_provider():
    w = World()
    w.serve(w.cn, Region.CN)
    w.serve(w.cn2, Region.CN)
    rows = _social_users(w, primary=[w.cn, w.cn, w.cn2], secondary=[w.cn2, NO_PROVIDER, w.cn])
    w.state.users[: w.state.count] = market_dynamics.market_users(w.users, w.state.count,
                                                                  w.world.sector_is_enterprise)
    w.state.loss_streak[w.cn, Region.CN, Sector.SOCIAL] = 20                     # certain to leave (hazard ~1)
    w.state.profit_market[w.cn, Region.CN, Sector.SOCIAL] = -1.0                 # no profitable bidder
    market_dynamics.exit_loss_making_markets(w.lifecycle, w.operating(), w.world.region_origin,
                                             PARAMS.replace(exit_patience_quarters=1), LEVERS,
                                             np.random.default_rng(0), step=20, events=StepEvents())
    assert w.users.choice[rows, Sector.SOCIAL].tolist() == [w.cn2, NO_PROVIDER, w.cn2]
    assert w.state.users[w.cn, Region.CN, Sector.SOCIAL] == 0.0
    assert w.state.users[w.cn2, Region.CN, Sector.SOCIAL] == pytest.approx(2 * w.users.weight[rows.start])


@pytest.fixture(scope="module")
def multi_homing_run() -> ConvergenceModel:
    """A default run (multi-homing on) at small size to 2016Q4."""
    return ConvergenceModel.from_parameters(SMALL, end="2016Q4", rng=5).run()


def test_secondary_providers_are_other_active_firms_of_users_with_a_primary(multi_homing_run):
    users, state = multi_homing_run.users, multi_homing_run.firm_state
    has = users.secondary != NO_PROVIDER
    assert has[:, list(MULTI_HOMING_SECTORS)].mean() > 0.05      # multi-homing happens
    assert not has[:, [s for s in Sector if s not in MULTI_HOMING_SECTORS]].any()
    assert (users.secondary[has] != users.choice[has]).all()
    assert (users.choice[has] != NO_PROVIDER).all()
    assert not has[~users.online].any()
    assert state.active[users.secondary[has]].all()


def test_use_per_market_is_at_most_its_online_users_and_the_books_match_the_choices(multi_homing_run):
    model = multi_homing_run
    users, state = model.users, model.firm_state
    n = state.count
    consumers = ~users.is_enterprise & users.online
    online = np.bincount(users.region[consumers], weights=users.weight[consumers], minlength=len(Region))
    use = state.users[:n].sum(axis=0)                          # regions x sectors
    consumer_sectors = ~model.world.sector_is_enterprise
    assert (use[:, consumer_sectors] <= online[:, None] + TOLERANCE).all()
    # After this quarter's exits, sales and mergers the books still equal the users' choices.
    recount = market_dynamics.market_users(users, n, model.world.sector_is_enterprise)
    np.testing.assert_allclose(state.users[:n], recount, rtol=1e-9, atol=TOLERANCE)


def test_shares_of_zero_are_single_homing():
    model = ConvergenceModel.from_parameters({**SMALL, **SINGLE_HOMING}, end="2015Q4", rng=5).run()
    users, n = model.users, model.firm_state.count
    assert (users.secondary == NO_PROVIDER).all()
    counted = market_dynamics.market_users(users, n, model.world.sector_is_enterprise)
    for region in Region:
        consumers = users.block(region, enterprise=False)
        primaries = np.bincount(users.choice[consumers, Sector.SOCIAL] + 1, minlength=n + 1)[1:]
        np.testing.assert_allclose(counted[:, region, Sector.SOCIAL], primaries * users.weight[consumers.start])


def test_same_seed_gives_the_same_secondary_providers():
    first = ConvergenceModel.from_parameters(SMALL, end="2014Q4", rng=9).run()
    second = ConvergenceModel.from_parameters(SMALL, end="2014Q4", rng=9).run()
    np.testing.assert_array_equal(first.users.secondary, second.users.secondary)
    np.testing.assert_array_equal(first.firm_state.users, second.firm_state.users)


def _second_largest_social_share(overrides: dict, seed: int) -> np.ndarray:
    """Use share of the second-largest social network in the U.S. and China, baseline 2018Q4."""
    run = resolve_run("baseline", {**SMALL, **overrides}, end="2018Q4")
    model = ConvergenceModel.from_parameters(run.parameters, run.timeline, end="2018Q4", rng=seed).run()
    use = model.firm_state.users[: model.firm_state.count][:, [Region.US, Region.CN], Sector.SOCIAL]
    return np.sort(use, axis=0)[-2] / use.sum(axis=0)


def test_multi_homing_keeps_the_second_social_network_larger_in_the_us_and_china():
    """Paired by seed over 12 seeds: the second-largest social network's use share is at least 5
    points higher with multi-homing on average in both regions, with a paired t statistic of at
    least 2 (one seed's path may go the other way: a breakthrough entrant can make the
    single-homing market's second network large). Six seeds were too few once the rest of the
    world was split (issue 15 changed the random draws: U.S. t = 1.1 on seeds 0-5, 2.3 on 0-9);
    ten were too few for China once session 10 changed the calibration (device prices, no
    hardware breakthroughs) and with it the draws: China +0.12, t = 1.99 on seeds 0-9 (two seeds
    at -0.12 and -0.23), +0.14, t = 2.7 on 0-11; the U.S. +0.30, t = 11.4."""
    seeds = range(12)
    single = np.array([_second_largest_social_share(SINGLE_HOMING, seed) for seed in seeds])
    multi = np.array([_second_largest_social_share({}, seed) for seed in seeds])
    difference = multi - single                                     # seeds x (U.S., China)
    t_statistic = difference.mean(axis=0) / (difference.std(axis=0, ddof=1) / np.sqrt(len(seeds)))
    assert (difference.mean(axis=0) >= 0.05).all(), difference
    assert (t_statistic >= 2.0).all(), (t_statistic, difference)
