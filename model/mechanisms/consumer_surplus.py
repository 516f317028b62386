"""Consumer surplus in money: the logit log-sum converted from utils to USD.

Users' utility is quasi-linear in money: a provider that charged a user ``p`` USD more per
quarter would lose ``alpha_r * p`` utils, where ``alpha_r`` is the marginal utility of money in
region ``r`` (utils per USD per quarter). Each market's price level (its revenue per user, paid
in attention to advertising, take rates and purchases) is common to its providers and so sits
in the calibrated outside utility and qualities; only ``alpha_r`` is needed to read utils as
money. The consumer surplus of a market is then the logit log-sum less the outside option's
utility, divided by ``alpha_r`` (Small and Rosen 1981; Train 2009, ch. 3.5): the money a user
would have to be paid to give the market up, never negative.

``alpha_r`` comes from the model's own revenue per user and one assumption, the own-price
elasticity ``consumer_price_elasticity`` (eta) of a provider's demand at its revenue per user.
In the logit, that elasticity is ``alpha_r * p * (1 - share)``; for a provider with a small
share, ``alpha_r = eta / p_r``, with ``p_r`` the region's consumer revenue per user (mean of its
consumer markets' ARPU, :func:`convergence.model.mechanisms.monetization.market_revenue_per_user`).
The default eta = 1 is the Lerner condition of a revenue-maximising firm with near-zero marginal
cost (digital services): it prices where demand is unit-elastic. Because ARPU grows with
income, ``alpha_r`` falls as people grow richer, and it is smaller where ARPU is higher (the U.S.
against China), as a marginal utility of income should be. It depends on parameters and the
date only, so a scenario and its baseline convert utils at the same rate.
"""

from __future__ import annotations

import numpy as np

from convergence.model.dimensions import Sector
from convergence.model.mechanisms import monetization
from convergence.model.parameters import Parameters

QUARTERS_PER_YEAR = 4
"""Quarterly surplus flows times this are yearly rates."""
USD_MILLION_PER_BILLION = 1000.0
"""Millions of users times USD per user are USD millions; divided by this, USD bn."""


def marginal_utility_of_money(arpu_2013: np.ndarray, sector_is_enterprise: np.ndarray, params: Parameters,
                              years: float | np.ndarray) -> np.ndarray:
    """Utils per USD per quarter, per region (last axis), ``years`` after the start of 2013: the
    price elasticity over the region's mean consumer revenue per user (USD per user per quarter).
    ``years`` may be an array shaped ``(T, 1, 1)``: the result is then ``(T, regions)``, the whole
    path at once."""
    arpu = monetization.market_revenue_per_user(arpu_2013, params, years)[..., ~sector_is_enterprise]
    return params.consumer_price_elasticity / arpu.mean(axis=-1)


def surplus_per_user(log_sums: np.ndarray, outside_utility: np.ndarray) -> np.ndarray:
    """Surplus in utils per user (regions x sectors): mean log-sum less the outside option's
    utility, 0 where no log-sum was measured (NaN: market not served or nobody sampled)."""
    return np.nan_to_num(log_sums - outside_utility[None, :], nan=0.0)


def surplus_usd(surplus_utils: np.ndarray, eligible_users: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Consumer surplus per region (USD bn per year): per market, surplus per user (utils)
    over ``alpha`` (utils per USD per quarter) times its eligible users (millions), times 4."""
    usd_per_user_quarter = surplus_utils / alpha[:, None]
    return (QUARTERS_PER_YEAR * usd_per_user_quarter * eligible_users).sum(axis=1) / USD_MILLION_PER_BILLION


def eligible_consumers(adoption_totals: np.ndarray, sector_is_enterprise: np.ndarray) -> np.ndarray:
    """Consumers who may use each market (regions x sectors, millions): the online, in payments
    those paying by phone, 0 in enterprise markets (``adoption_totals``: regions x [online,
    mobile online, paying by phone], millions)."""
    eligible = np.where(sector_is_enterprise[None, :], 0.0, adoption_totals[:, [0]])
    eligible[:, Sector.PAYMENTS] = adoption_totals[:, 2]
    return eligible
