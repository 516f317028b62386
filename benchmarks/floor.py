"""The numpy floor: the same utilities and logit choices on the same arrays, nothing else.

Inputs are the arrays the model hands its compiled kernel for one block of users, cut to the
block's rows (captured by :func:`capture_blocks`); the floor evaluates the full utility (base, home fit, privacy,
bundling, switching cost; persistent tastes only at their raw default, 0) for every user and
candidate column and
draws the logit choices, with a handful of whole-array numpy operations and no bookkeeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from convergence.model.mechanisms import user_choice

NO_PROVIDER = -1


@contextmanager
def capture_blocks() -> Iterator[list[tuple]]:
    """Record every kernel call made inside the block, as a copy local to the block: the choosers'
    rows of the users' arrays and the block's columns, the choosers renumbered from 0 (so their
    persistent tastes, which the floor does not draw, are keyed by the new numbers).

    The kernel reads and writes the whole population's arrays; a copy of its rows keeps the
    capture small at a million users per region."""
    calls: list[tuple] = []
    kernel = user_choice.choose_block

    def recording(candidates, choosers, weights, choice, secondary, totals, counts):
        calls.append(_local_copy(candidates, choosers, weights, choice, secondary, totals, counts))
        return kernel(candidates, choosers, weights, choice, secondary, totals, counts)

    user_choice.choose_block = recording
    try:
        yield calls
    finally:
        user_choice.choose_block = kernel


def _local_copy(candidates, choosers, weights, choice, secondary, totals, counts) -> tuple:
    """The arguments of one kernel call with the users' arrays cut to the choosers' rows and the
    block's columns (``first_column`` 0, ``user_id`` 0, 1, ...)."""
    rows = choosers.user_id
    columns = slice(choosers.first_column, choosers.first_column + choosers.decide.shape[1])
    local = choosers._replace(local_fit=choosers.local_fit[rows],
                              privacy_sensitivity=choosers.privacy_sensitivity[rows],
                              price_sensitivity=choosers.price_sensitivity[rows],
                              user_id=np.arange(len(rows), dtype=np.int64), first_column=0)
    return (_copy(candidates), _copy(local), weights, choice[rows, columns], secondary[rows, columns],
            totals.copy(), counts.copy())


def _copy(argument):
    """A copy of a named tuple of arrays and numbers."""
    return type(argument)(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in argument))


def decisions(block: tuple) -> int:
    """Number of (user, sector) choices a captured block makes."""
    candidates, choosers = block[0], block[1]
    return int(choosers.decide[:, candidates.market_column].sum())


def floor_choose(block: tuple, rng: np.random.Generator) -> np.ndarray:
    """Primary choices (users x markets, firm rows or -1) for one captured block, in numpy (the
    secondary providers of multi-homing markets are not drawn)."""
    chosen_from, choosers, weights, before, secondary_before = block[:5]
    candidates, base, fit, risk, install_cost, _price, starts, market_column, outside, _secondary_draw = chosen_from
    local_fit, privacy = choosers.local_fit, choosers.privacy_sensitivity
    privacy_weight, price_weight, bundling, switching_cost, taste_dispersion, _taste_salt = weights
    if np.any(taste_dispersion != 0.0) or price_weight != 0.0:
        raise ValueError("the numpy floor draws no persistent tastes and no prices: benchmark with taste_dispersion, "
                         "hardware_taste_dispersion and device_price_weight = 0 (the raw defaults)")
    widths = np.diff(starts)
    first = starts[:-1]
    market_of = np.repeat(np.arange(len(widths)), widths)
    column_of = market_column[market_of]
    current = before[:, column_of]
    utility = base + local_fit[:, None] * fit - privacy_weight * privacy[:, None] * risk
    bundled = (before[:, :, None] == candidates[None, None, :]).sum(axis=1) - (current == candidates)
    utility += bundling * bundled
    utility -= switching_cost * ((current != NO_PROVIDER) & (current != candidates)
                                 & (secondary_before[:, column_of] != candidates))
    utility -= install_cost * ((current != candidates) & (secondary_before[:, column_of] != candidates))
    top = np.maximum(np.maximum.reduceat(utility, first, axis=1), outside)
    weights = np.exp(utility - top[:, market_of])
    outside_weight = np.exp(outside - top)
    cumulative = np.cumsum(weights, axis=1)
    cumulative -= np.where(first > 0, cumulative[:, np.maximum(first - 1, 0)], 0.0)[:, market_of]
    total = outside_weight + np.add.reduceat(weights, first, axis=1)
    draw = rng.random(total.shape) * total
    passed = (outside_weight[:, market_of] + cumulative) <= draw[:, market_of]
    pick = (draw >= outside_weight).astype(np.int64) - 1 + np.add.reduceat(passed, first, axis=1)
    return np.where(pick >= 0, candidates[first + np.maximum(pick, 0)], NO_PROVIDER)
