"""The compiled choice kernel and the helpers that prepare its blocks give exactly the numbers of
the plain formulation they replace (the model's calibration depends on them, bit for bit).

The kernel reads and writes the whole population's arrays in place (rows ``user_id``, the
block's columns from ``first_column``) and keeps a tally of the firms each user uses for the
bundling term; the reference here is the plain loop on a copy of the block's rows and columns
(the kernel as it was before, transcribed), on random blocks with every utility term on.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from convergence.model.dimensions import Sector
from convergence.model.mechanisms.choice_kernel import (
    NO_PROVIDER,
    Candidates,
    Choosers,
    UtilityWeights,
    _secondary,
    choose_block,
    persistent_taste,
)
from convergence.model.mechanisms.user_choice import _choosing, candidate_lists


@njit(cache=True)
def _plain_choose_block(candidates, choosers, weights, choice, secondary, log_sum_total, log_sum_count):
    """The plain loop on the block's own rows and columns: the bundling count is a pass over the
    user's sectors, the costs are branches, the draw walks the cumulative weights."""
    n_users, n_sectors = choice.shape
    starts, market_column = candidates.starts, candidates.market_column
    width = 0
    for j in range(len(market_column)):
        width = max(width, starts[j + 1] - starts[j])
    utility = np.empty(width)
    for i in range(n_users):
        for j in range(len(market_column)):
            column = market_column[j]
            if not choosers.decide[i, column]:
                continue
            current, current_secondary = choice[i, column], secondary[i, column]
            top = candidates.outside[j]
            first, last = starts[j], starts[j + 1]
            for c in range(first, last):
                firm = candidates.firm[c]
                value = (candidates.base[c] + choosers.local_fit[i] * candidates.fit[c]
                         - weights.privacy_weight * choosers.privacy_sensitivity[i] * candidates.risk[c])
                if weights.price_weight != 0.0:
                    value -= weights.price_weight * choosers.price_sensitivity[i] * candidates.price[c]
                if weights.bundling != 0.0:
                    count = 0
                    for s in range(n_sectors):
                        if s != column and choice[i, s] == firm:
                            count += 1
                    value += weights.bundling * count
                if current != NO_PROVIDER and current != firm and current_secondary != firm:
                    value -= weights.switching_cost
                if current != firm and current_secondary != firm:
                    value -= candidates.install_cost[c]
                if weights.taste_dispersion[column] != 0.0:
                    value += weights.taste_dispersion[column] * persistent_taste(
                        weights.taste_salt, choosers.user_id[i], firm, column)
                utility[c - first] = value
                if value > top:
                    top = value
            outside_weight = np.exp(candidates.outside[j] - top)
            total = outside_weight
            for c in range(first, last):
                utility[c - first] = np.exp(utility[c - first] - top)
                total += utility[c - first]
            if choosers.sampled[i]:
                log_sum_total[j] += top + np.log(total)
                log_sum_count[j] += 1
            draw = choosers.uniforms[i, j] * total
            cumulative = outside_weight
            chosen, chosen_index = NO_PROVIDER, -1
            if draw >= cumulative:
                chosen, chosen_index = candidates.firm[last - 1], last - 1
                for c in range(first, last):
                    cumulative += utility[c - first]
                    if draw < cumulative:
                        chosen, chosen_index = candidates.firm[c], c
                        break
            choice[i, column] = chosen
            k = candidates.secondary_draw[j]
            if k >= 0:
                secondary[i, column] = _secondary(utility, first, last, chosen_index, outside_weight,
                                                  candidates.firm, choosers.secondary_uniforms[i, k])


def _random_block(seed: int, n_population: int = 600, first_column: int = 2, n_columns: int = 4):
    """A population of 8 sector columns, a block of ``n_columns`` from ``first_column`` with
    three markets (one column nobody serves), candidates among firms 0-11 and users holding
    firms 0-15 (some no candidate), multi-homing in two markets."""
    rng = np.random.default_rng(seed)
    choice = rng.integers(-1, 16, (n_population, 8)).astype(np.int32)
    secondary = np.where(rng.random((n_population, 8)) < 0.3, rng.integers(0, 16, (n_population, 8)), -1)
    secondary = np.where((secondary == choice) | (choice == -1), -1, secondary).astype(np.int32)
    markets = np.array([0, 1, 3], np.int64)
    firms = [np.sort(rng.choice(12, size, replace=False)) for size in (5, 1, 8)]
    n = sum(len(f) for f in firms)
    candidates = Candidates(
        firm=np.concatenate(firms).astype(np.int64), base=rng.normal(0, 1, n), fit=rng.uniform(0, 1, n),
        risk=rng.uniform(0, 1, n), install_cost=np.where(rng.random(n) < 0.3, 2.0, 0.0),
        price=np.where(rng.random(n) < 0.5, rng.uniform(-0.5, 1.5, n), 0.0),
        starts=np.array([0, 5, 6, 14], np.int64), market_column=markets, outside=np.array([-0.5, 0.3, -1.0]),
        secondary_draw=np.array([0, -1, 1], np.int64))
    rows = np.sort(rng.choice(n_population, n_population // 2, replace=False)).astype(np.int64)
    choosers = Choosers(
        local_fit=rng.gamma(4.0, 0.25, n_population), privacy_sensitivity=rng.exponential(1.0, n_population),
        price_sensitivity=rng.lognormal(0.0, 1.0, n_population),
        decide=rng.random((len(rows), n_columns)) < 0.8, sampled=rng.random(len(rows)) < 0.7,
        uniforms=rng.random((len(rows), 3)), secondary_uniforms=rng.random((len(rows), 2)), user_id=rows,
        first_column=first_column)
    return candidates, choosers, choice, secondary


@pytest.mark.parametrize("seed, weights", [
    (0, UtilityWeights(0.4, 0.0, 0.3, 1.5, np.zeros(4), 0)),
    (1, UtilityWeights(0.4, 0.0, 1.2, 0.7, np.full(4, 0.8), 12345)),
    (2, UtilityWeights(0.0, 0.0, 0.0, 0.0, np.zeros(4), 0)),
    (3, UtilityWeights(0.4, 0.0, 0.3, 0.7, np.array([0.8, 0.0, 2.5, 0.3]), 99)),     # a spread per sector
    (4, UtilityWeights(0.4, 0.9, 0.3, 0.7, np.array([0.8, 0.0, 2.5, 0.3]), 99)),     # prices on
])
def test_kernel_in_place_matches_the_plain_loop_on_a_copy_of_the_block(seed, weights):
    candidates, choosers, choice, secondary = _random_block(seed)
    rows, columns = choosers.user_id, slice(choosers.first_column, choosers.first_column + 4)
    local_choice, local_secondary = choice[rows, columns], secondary[rows, columns]
    local = choosers._replace(local_fit=choosers.local_fit[rows],
                              privacy_sensitivity=choosers.privacy_sensitivity[rows],
                              price_sensitivity=choosers.price_sensitivity[rows], first_column=0)
    expected_totals, expected_counts = np.zeros(3), np.zeros(3, np.int64)
    _plain_choose_block(candidates, local, weights, local_choice, local_secondary, expected_totals, expected_counts)
    before_choice, before_secondary = choice.copy(), secondary.copy()
    totals, counts = np.zeros(3), np.zeros(3, np.int64)
    choose_block(candidates, choosers, weights, choice, secondary, totals, counts)
    assert np.array_equal(choice[rows, columns], local_choice)
    assert np.array_equal(secondary[rows, columns], local_secondary)
    assert totals.tobytes() == expected_totals.tobytes() and np.array_equal(counts, expected_counts)
    assert counts.sum() > 0 and not np.array_equal(choice[rows, columns], before_choice[rows, columns])
    untouched = np.ones(len(choice), bool)
    untouched[rows] = False
    assert np.array_equal(choice[untouched], before_choice[untouched])             # other users
    assert np.array_equal(secondary[untouched], before_secondary[untouched])
    outside_block = np.r_[0:choosers.first_column, choosers.first_column + 4:8]
    assert np.array_equal(choice[:, outside_block], before_choice[:, outside_block])  # other sectors


def _numpy_choosing(online, newly_online, pays, newly_paying, random_pick, n_columns, payments):
    """The numpy formulation of :func:`~convergence.model.mechanisms.user_choice.choosing_users`."""
    chooses_online = online & (random_pick | newly_online)
    if payments < 0:
        rows = np.flatnonzero(chooses_online)
        return rows, np.ones((len(rows), n_columns), bool)
    paying = pays & (random_pick | newly_paying)
    rows = np.flatnonzero(chooses_online | paying)
    decide = np.repeat(chooses_online[rows][:, None], n_columns, axis=1)
    decide[:, payments] = paying[rows]
    return rows, decide


@pytest.mark.parametrize("payments", [-1, int(Sector.PAYMENTS)])
def test_choosers_of_a_block_are_those_eligible_who_reconsider_or_just_became_eligible(payments):
    rng = np.random.default_rng(3)
    flags = [rng.random(5_000) < share for share in (0.7, 0.1, 0.4, 0.05, 0.25)]
    rows, decide = _choosing(*flags, 6, payments)
    expected_rows, expected_decide = _numpy_choosing(*flags, 6, payments)
    assert np.array_equal(rows, expected_rows) and np.array_equal(decide, expected_decide)
    assert 0 < len(rows) < 5_000


def test_candidate_lists_are_the_reachable_firms_market_by_market():
    rng = np.random.default_rng(4)
    reachable = rng.random((30, 6)) < 0.3
    reachable[:, 2] = False                                     # nobody serves column 2
    firms, column_of, starts, markets = candidate_lists(reachable)
    expected_column, expected_firm = np.divmod(np.flatnonzero(reachable.T), len(reachable))
    widths = np.bincount(expected_column, minlength=6)
    assert np.array_equal(firms, expected_firm) and np.array_equal(column_of, expected_column)
    assert markets.tolist() == [0, 1, 3, 4, 5]
    assert np.array_equal(starts, np.concatenate(([0], np.cumsum(widths[markets]))))
