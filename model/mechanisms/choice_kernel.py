"""Compiled kernel of the logit choice (numba): one pass per user, no temporaries.

The numpy formulation needs ~30 passes over a users x (sector, candidate) array per region;
this kernel computes each user's utilities, log-sum and draw in registers. Randomness comes in
as uniform draws from the model's generator, so results stay reproducible from the seed.
The utility is the one documented in :mod:`convergence.model.mechanisms.user_choice`.

The kernel takes three named structures (numba compiles named tuples of arrays): the
candidates of the markets, the choosing users, and the utility weights.
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
    local-fit taste), ``risk`` (perceived privacy risk), ``is_chinese``. Per market:
    ``outside`` (utility of choosing no provider) and ``barred_share`` (share of buyers barred
    from Chinese vendors).
    """

    firm: np.ndarray
    base: np.ndarray
    fit: np.ndarray
    risk: np.ndarray
    is_chinese: np.ndarray
    starts: np.ndarray
    market_column: np.ndarray
    outside: np.ndarray
    barred_share: np.ndarray


class Choosers(NamedTuple):
    """The users who choose (rows), with their tastes and this quarter's random draws.

    ``decide[i, column]`` says whether user ``i`` chooses in that column; ``sampled`` marks the
    users whose log-sum enters the welfare estimate; ``uniforms[i, j]`` is the draw for market j.
    """

    local_fit: np.ndarray
    privacy_sensitivity: np.ndarray
    exclusion_draw: np.ndarray
    decide: np.ndarray
    sampled: np.ndarray
    uniforms: np.ndarray


class UtilityWeights(NamedTuple):
    """Weights of the user-specific utility terms (utils)."""

    privacy_weight: float
    bundling: float
    switching_cost: float


@njit(cache=True, nogil=True)
def choose_block(candidates, choosers, weights, choice, log_sum_total, log_sum_count):
    """Choose providers for one block of users, in place in ``choice`` (users x sectors).

    Accumulates, per market, the log-sum of the sampled users into ``log_sum_total`` and their
    number into ``log_sum_count`` (for consumer welfare).
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
            barred = choosers.exclusion_draw[i] < candidates.barred_share[j]
            top = candidates.outside[j]
            first, last = starts[j], starts[j + 1]
            for c in range(first, last):
                firm = candidates.firm[c]
                if barred and candidates.is_chinese[c]:
                    utility[c - first] = -np.inf
                    continue
                value = (candidates.base[c] + choosers.local_fit[i] * candidates.fit[c]
                         - weights.privacy_weight * choosers.privacy_sensitivity[i] * candidates.risk[c])
                if weights.bundling != 0.0:
                    count = 0
                    for s in range(n_sectors):
                        if s != column and choice[i, s] == firm:
                            count += 1
                    value += weights.bundling * count
                if current != NO_PROVIDER and current != firm:
                    value -= weights.switching_cost
                utility[c - first] = value
                if value > top:
                    top = value
            total = np.exp(candidates.outside[j] - top)
            for c in range(first, last):
                total += np.exp(utility[c - first] - top)
            if choosers.sampled[i]:
                log_sum_total[j] += top + np.log(total)
                log_sum_count[j] += 1
            draw = choosers.uniforms[i, j] * total
            cumulative = np.exp(candidates.outside[j] - top)
            chosen = NO_PROVIDER
            if draw >= cumulative:
                chosen = candidates.firm[last - 1]
                for c in range(first, last):
                    cumulative += np.exp(utility[c - first] - top)
                    if draw < cumulative:
                        chosen = candidates.firm[c]
                        break
            choice[i, column] = chosen
