"""Compiled kernel of the logit choice (numba): one pass per user, no temporaries.

The numpy formulation needs ~30 passes over a users x (sector, candidate) array per region;
this kernel computes each user's utilities, log-sum and draw in registers. Randomness comes in
as uniform draws from the model's generator, so results stay reproducible from the seed.
The utility is the one documented in :mod:`model.mechanisms.user_choice`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NO_PROVIDER = -1


@njit(cache=True, nogil=True)
def choose_block(base, fit, risk, is_chinese, candidates, starts, market_column, outside, barred_share,
                 local_fit, privacy, exclusion_draw, before, decide, sampled, uniforms,
                 privacy_weight, bundling, switching_cost, log_sum_total, log_sum_count):
    """Choose providers for one block of users (in place in ``before``).

    Columns ``starts[j]:starts[j+1]`` are the candidates (firm rows ``candidates``) of market
    ``j``, which is column ``market_column[j]`` of ``before`` (users x sectors). Users choose in
    market j where ``decide[i, market_column[j]]``; ``sampled`` marks the users whose log-sum
    enters the welfare estimate (accumulated per market into ``log_sum_total`` and
    ``log_sum_count``).
    """
    n_users, n_sectors = before.shape
    n_markets = len(market_column)
    width = 0
    for j in range(n_markets):
        width = max(width, starts[j + 1] - starts[j])
    utility = np.empty(width)
    for i in range(n_users):
        for j in range(n_markets):
            column = market_column[j]
            if not decide[i, column]:
                continue
            current = before[i, column]
            barred = exclusion_draw[i] < barred_share[j]
            top = outside[j]
            first, last = starts[j], starts[j + 1]
            for c in range(first, last):
                firm = candidates[c]
                if barred and is_chinese[c]:
                    utility[c - first] = -np.inf
                    continue
                value = base[c] + local_fit[i] * fit[c] - privacy_weight * privacy[i] * risk[c]
                if bundling != 0.0:
                    count = 0
                    for s in range(n_sectors):
                        if s != column and before[i, s] == firm:
                            count += 1
                    value += bundling * count
                if current != NO_PROVIDER and current != firm:
                    value -= switching_cost
                utility[c - first] = value
                if value > top:
                    top = value
            total = np.exp(outside[j] - top)
            for c in range(first, last):
                total += np.exp(utility[c - first] - top)
            if sampled[i]:
                log_sum_total[j] += top + np.log(total)
                log_sum_count[j] += 1
            draw = uniforms[i, j] * total
            cumulative = np.exp(outside[j] - top)
            choice = NO_PROVIDER
            if draw >= cumulative:
                choice = candidates[last - 1]
                for c in range(first, last):
                    cumulative += np.exp(utility[c - first] - top)
                    if draw < cumulative:
                        choice = candidates[c]
                        break
            before[i, column] = choice
