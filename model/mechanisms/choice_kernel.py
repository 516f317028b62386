"""Compiled kernel of the logit choice (numba): one pass per user, no temporaries.

The numpy formulation needs ~30 passes over a users x (sector, candidate) array per region;
this kernel computes each user's utilities, log-sum and draw in registers. Randomness comes in
as uniform draws from the model's generator, so results stay reproducible from the seed.
The utility is the one documented in :mod:`convergence.model.mechanisms.user_choice`.

The kernel takes three named structures (numba compiles named tuples of arrays): the
candidates of the markets, the choosing users, and the utility weights.

A user's persistent taste for a provider (``taste_dispersion`` x a standard normal number that
belongs to the user, the firm and the sector) is not stored - users x firms would not fit - but
recomputed each time from a hash of the three and the run's salt (:func:`persistent_taste`), so it
is the same every quarter and the same in every executor.

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
    take up the candidate when it does not use it already: app bans), ``price`` (its price premium,
    relative price less 1; 0 outside devices). Per market: ``outside``
    (utility of choosing no provider) and ``secondary_draw`` (column of the choosers' ``secondary_uniforms``
    for a multi-homing market, -1 where users single-home).
    """

    firm: np.ndarray
    base: np.ndarray
    fit: np.ndarray
    risk: np.ndarray
    install_cost: np.ndarray
    price: np.ndarray
    starts: np.ndarray
    market_column: np.ndarray
    outside: np.ndarray
    secondary_draw: np.ndarray


class Choosers(NamedTuple):
    """The users who choose (one per chooser ``i``), with their tastes and this quarter's random draws.

    ``user_id[i]`` is the chooser's row in the users' arrays the kernel reads and writes
    (``choice``, ``secondary``, ``local_fit``, ``privacy_sensitivity``, ``price_sensitivity``: the whole population, so
    nothing is copied per block) and the key of its persistent tastes. The block's sectors are
    the columns ``first_column`` onwards of ``choice`` and ``secondary``, one per column of
    ``decide``; ``decide[i, column]`` says whether chooser ``i`` chooses in the block's
    ``column``. ``sampled`` marks the choosers whose log-sum enters the welfare estimate;
    ``uniforms[i, j]`` is the draw for market j, ``secondary_uniforms[i, k]`` the draw of the
    secondary provider in the k-th multi-homing market.
    """

    local_fit: np.ndarray
    privacy_sensitivity: np.ndarray
    price_sensitivity: np.ndarray
    decide: np.ndarray
    sampled: np.ndarray
    uniforms: np.ndarray
    secondary_uniforms: np.ndarray
    user_id: np.ndarray
    first_column: int = 0


class UtilityWeights(NamedTuple):
    """Weights of the user-specific utility terms (utils), and the run's taste salt.

    ``price_weight`` multiplies a candidate's price premium by the user's price sensitivity
    (:mod:`convergence.model.mechanisms.device_prices`); 0 leaves prices out.

    ``taste_dispersion`` has one entry per column of the block (utils, the tastes' standard
    deviation): services and hardware have their own spread (``taste_dispersion``,
    ``hardware_taste_dispersion``)."""

    privacy_weight: float
    price_weight: float
    bundling: float
    switching_cost: float
    taste_dispersion: np.ndarray
    taste_salt: int


@njit(cache=True, nogil=True)
def choose_block(candidates, choosers, weights, choice, secondary, log_sum_total, log_sum_count):
    """Choose primary and (in multi-homing markets) secondary providers for one block of users,
    in place in ``choice`` and ``secondary`` (users x sectors, rows ``choosers.user_id``).

    Accumulates, per market, the log-sum of the sampled users' primary choice into
    ``log_sum_total`` and their number into ``log_sum_count`` (for consumer welfare).

    The arithmetic is the plain formula's, operation for operation (the bundling count is an
    integer, the cost terms subtract 0.0 where they do not apply), so results do not depend on
    how the loops are arranged. The bundling count comes from ``held``, the number of the
    user's sectors of the block each firm serves, kept up to date as the user's choices change
    (one look-up per candidate instead of a pass over the user's sectors).
    """
    n_columns = choosers.decide.shape[1]
    first_column = choosers.first_column
    starts, market_column, firm = candidates.starts, candidates.market_column, candidates.firm
    base, fit, risk, install_cost = candidates.base, candidates.fit, candidates.risk, candidates.install_cost
    price = candidates.price
    bundling, switching_cost, price_weight = weights.bundling, weights.switching_cost, weights.price_weight
    n_markets = len(market_column)
    width = 0
    for j in range(n_markets):
        width = max(width, starts[j + 1] - starts[j])
    n_firms = 0                                # firm rows above the candidates' never count
    for c in range(len(firm)):
        n_firms = max(n_firms, firm[c] + 1)
    utility = np.empty(width)
    cumulative = np.empty(width)
    held = np.zeros(n_firms, np.int64)         # the user's sectors of the block each firm serves
    for i in range(len(choosers.user_id)):
        user = choosers.user_id[i]
        local_fit = choosers.local_fit[user]
        privacy = weights.privacy_weight * choosers.privacy_sensitivity[user]
        price_sensitivity = price_weight * choosers.price_sensitivity[user]
        _hold(held, choice, user, first_column, n_columns, 1)
        for j in range(n_markets):
            block_column = market_column[j]
            if not choosers.decide[i, block_column]:
                continue
            column = first_column + block_column
            dispersion = weights.taste_dispersion[block_column]
            current = choice[user, column]
            current_secondary = secondary[user, column]
            outside = candidates.outside[j]
            top = outside
            first, n = starts[j], starts[j + 1] - starts[j]
            market_firm, market_base = firm[first:first + n], base[first:first + n]
            market_fit, market_risk = fit[first:first + n], risk[first:first + n]
            market_install_cost, market_price = install_cost[first:first + n], price[first:first + n]
            for c in range(n):
                provider = market_firm[c]
                value = market_base[c] + local_fit * market_fit[c] - privacy * market_risk[c]
                if bundling != 0.0:                    # the user's other sectors served by the firm
                    value += bundling * (held[provider] - (current == provider))
                used = current == provider or current_secondary == provider
                value -= switching_cost if current != NO_PROVIDER and not used else 0.0
                value -= 0.0 if used else market_install_cost[c]
                if dispersion != 0.0:
                    value += dispersion * persistent_taste(weights.taste_salt, user, provider, block_column)
                if price_weight != 0.0:
                    value -= price_sensitivity * market_price[c]
                utility[c] = value
                top = max(top, value)
            outside_weight = 1.0 if outside == top else np.exp(outside - top)      # exp(0) = 1 exactly
            total = outside_weight
            for c in range(n):
                utility[c] = 1.0 if utility[c] == top else np.exp(utility[c] - top)   # now the logit weight
                total += utility[c]
                cumulative[c] = total
            if choosers.sampled[i]:
                log_sum_total[j] += top + np.log(total)
                log_sum_count[j] += 1
            # the first candidate whose cumulative weight exceeds the draw (the last if rounding
            # leaves the draw at the total); none if the draw falls in the outside option's share
            draw = choosers.uniforms[i, j] * total
            chosen = NO_PROVIDER
            chosen_index = -1
            if draw >= outside_weight:
                passed = 0
                for c in range(n):
                    passed += cumulative[c] <= draw
                chosen_index = first + min(passed, n - 1)
                chosen = firm[chosen_index]
            choice[user, column] = chosen
            if 0 <= current < n_firms:
                held[current] -= 1
            if 0 <= chosen < n_firms:
                held[chosen] += 1
            k = candidates.secondary_draw[j]
            if k >= 0:
                secondary[user, column] = _secondary(utility, first, first + n, chosen_index, outside_weight,
                                                     firm, choosers.secondary_uniforms[i, k])
        _hold(held, choice, user, first_column, n_columns, -1)


@njit(cache=True, nogil=True)
def _hold(held, choice, user, first_column, n_columns, step):
    """Add ``step`` to ``held`` for each of ``user``'s providers in the block's columns (firm
    rows past ``held`` are no candidate and are skipped)."""
    for s in range(first_column, first_column + n_columns):
        provider = choice[user, s]
        if 0 <= provider < len(held):
            held[provider] += step


TASTE_SUM_MEAN = 4 * 65535 / 2
"""Mean of the sum of four uniform 16-bit integers."""
TASTE_SUM_SD = (4 * (65536**2 - 1) / 12) ** 0.5
"""Standard deviation of that sum."""


@njit(cache=True, nogil=True)
def persistent_taste(salt, user, firm, column):
    """The persistent taste of user ``user`` for firm ``firm`` in sector column ``column``: a
    standard normal number to a good approximation (the Irwin-Hall sum of four 16-bit uniforms,
    so it lies within +-3.5), from a splitmix64 hash of the three and the run's ``salt``."""
    x = np.uint64(salt) ^ (np.uint64(user) * np.uint64(0x9E3779B97F4A7C15))
    x ^= np.uint64(firm) * np.uint64(0xC2B2AE3D27D4EB4F) + np.uint64(column) * np.uint64(0x165667B19E3779F9)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    mask = np.uint64(0xFFFF)
    total = (x & mask) + ((x >> np.uint64(16)) & mask) + ((x >> np.uint64(32)) & mask) + (x >> np.uint64(48))
    return (float(total) - TASTE_SUM_MEAN) / TASTE_SUM_SD


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
