"""Compiled kernel of the logit choice (numba): one pass per user, no temporaries.

The numpy formulation needs ~30 passes over a users x (sector, candidate) array per region;
this kernel computes each user's utilities, log-sum and draw in registers. Randomness comes in
as uniform draws from the model's generator, so results stay reproducible from the seed.
The utility is the one documented in :mod:`convergence.model.mechanisms.user_choice`.

The kernel takes three named structures (numba compiles named tuples of arrays): the
candidates of the markets, the choosing users, and the utility weights.

In a multi-homing market the user then draws a secondary provider from the same utilities
(the logit among the other candidates and the outside option, so some users single-home):
the primary just chosen is left out, and the switching cost, as for the primary, spares the
providers the user already used (primary or secondary) before choosing.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

NO_PROVIDER = -1


class Candidates(NamedTuple):
    """The firms users may choose, market by market (one block of users: a region and kind).

    Candidates ``starts[j]:starts[j+1]`` belong to market ``j``, which is column
    ``market_column[j]`` of the users' choice matrix. Per candidate: ``firm`` (firm row),
    ``base`` (user-independent utility, utils), ``fit`` (home-fit coefficient, utils per unit of
    local-fit taste), ``risk`` (perceived privacy risk), ``install_cost`` (utils a user pays to
    take up the candidate when it does not use it already: app bans). Per market: ``outside``
    (utility of choosing no provider) and ``secondary_draw`` (column of the choosers' ``secondary_uniforms``
    for a multi-homing market, -1 where users single-home).
    """

    firm: np.ndarray
    base: np.ndarray
    fit: np.ndarray
    risk: np.ndarray
    install_cost: np.ndarray
    starts: np.ndarray
    market_column: np.ndarray
    outside: np.ndarray
    secondary_draw: np.ndarray


class Choosers(NamedTuple):
    """The users who choose (rows), with their tastes and this quarter's random draws.

    ``decide[i, column]`` says whether user ``i`` chooses in that column; ``sampled`` marks the
    users whose log-sum enters the welfare estimate; ``uniforms[i, j]`` is the draw for market j,
    ``secondary_uniforms[i, k]`` the draw of the secondary provider in the k-th multi-homing market.
    """

    local_fit: np.ndarray
    privacy_sensitivity: np.ndarray
    decide: np.ndarray
    sampled: np.ndarray
    uniforms: np.ndarray
    secondary_uniforms: np.ndarray


class UtilityWeights(NamedTuple):
    """Weights of the user-specific utility terms (utils)."""

    privacy_weight: float
    bundling: float
    switching_cost: float


@njit(cache=True, nogil=True)
def choose_block(candidates, choosers, weights, choice, secondary, log_sum_total, log_sum_count):
    """Choose primary and (in multi-homing markets) secondary providers for one block of users,
    in place in ``choice`` and ``secondary`` (users x sectors).

    Accumulates, per market, the log-sum of the sampled users' primary choice into
    ``log_sum_total`` and their number into ``log_sum_count`` (for consumer welfare).
    """
    n_users, n_sectors = choice.shape
    starts, market_column = candidates.starts, candidates.market_column
    n_markets = len(market_column)
    width = 0
    for j in range(n_markets):
        width = max(width, starts[j + 1] - starts[j])
    utility = np.empty(width)
    for i in range(n_users):
        for j in range(n_markets):
            column = market_column[j]
            if not choosers.decide[i, column]:
                continue
            current = choice[i, column]
            current_secondary = secondary[i, column]
            top = candidates.outside[j]
            first, last = starts[j], starts[j + 1]
            for c in range(first, last):
                firm = candidates.firm[c]
                value = (candidates.base[c] + choosers.local_fit[i] * candidates.fit[c]
                         - weights.privacy_weight * choosers.privacy_sensitivity[i] * candidates.risk[c])
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
                utility[c - first] = value
                if value > top:
                    top = value
            outside_weight = np.exp(candidates.outside[j] - top)
            total = outside_weight
            for c in range(first, last):
                utility[c - first] = np.exp(utility[c - first] - top)      # now the logit weight
                total += utility[c - first]
            if choosers.sampled[i]:
                log_sum_total[j] += top + np.log(total)
                log_sum_count[j] += 1
            draw = choosers.uniforms[i, j] * total
            cumulative = outside_weight
            chosen = NO_PROVIDER
            chosen_index = -1
            if draw >= cumulative:
                chosen = candidates.firm[last - 1]
                chosen_index = last - 1
                for c in range(first, last):
                    cumulative += utility[c - first]
                    if draw < cumulative:
                        chosen = candidates.firm[c]
                        chosen_index = c
                        break
            choice[i, column] = chosen
            k = candidates.secondary_draw[j]
            if k >= 0:
                secondary[i, column] = _secondary(utility, first, last, chosen_index, outside_weight,
                                                  candidates.firm, choosers.secondary_uniforms[i, k])


@njit(cache=True, nogil=True)
def _secondary(weight, first, last, chosen_index, outside_weight, firm, uniform):
    """Draw a secondary provider among the candidates ``first:last`` (logit weights in ``weight``
    from 0) other than the primary ``chosen_index`` (-1: no primary, hence no secondary) and the
    outside option (weight ``outside_weight``)."""
    if chosen_index < 0:
        return NO_PROVIDER
    total = outside_weight
    for c in range(first, last):
        if c != chosen_index:
            total += weight[c - first]
    draw = uniform * total
    cumulative = outside_weight
    if draw < cumulative:
        return NO_PROVIDER
    fallback = NO_PROVIDER
    for c in range(first, last):
        if c == chosen_index or weight[c - first] == 0.0:
            continue
        cumulative += weight[c - first]
        fallback = firm[c]
        if draw < cumulative:
            return firm[c]
    return fallback
