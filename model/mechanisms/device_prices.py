"""Device prices: handset brands differ in price, and buyers differ in income.

A consumer choosing a handset weighs its price against its income. The utility term is

    - device_price_weight * (relative_price_k - 1) * price_sensitivity_i,

the linear approximation of Berry, Levinsohn and Pakes's (1995) ``alpha * log(y_i - p_k)``
around the average phone: ``relative_price_k`` is brand ``k``'s average selling price over the
world's (``model/inputs/device_prices.csv``; 1 for brands not listed there and for entrants), and
``price_sensitivity_i = world income per person / income_i``, so the same premium weighs about 37
times as much on an average Indian as on an average American (2013 GDP per person, USD 1,450
against 53,100). The term is 0 for a brand at the world's average price, so buying a phone at
all is not made dearer or cheaper (adoption has its own curves).

Incomes are lognormal within a region: mean the region's GDP per person, standard deviation of
log income the region's ``income_dispersion`` (``model/inputs/regions.csv``, from its Gini).
People who come online first are richer: a consumer's income rank is correlated
(``income_adoption_correlation``, Gaussian copula) with how early it adopts the internet, so the
first Indian smartphone users are not the average Indian.

A brand earns what its buyers pay: with prices on, its revenue per device user is its relative
price times the market's revenue per user (and its fitted monetization), so a premium brand can
live on a small share of a poor region's buyers (the fixed cost of serving a market scales with
the market's revenue, not the brand's).

Only devices carry the term: services are free to users (their revenue is advertising and
commissions), and enterprise equipment is bought on tenders (ICT localization and the U.S.
procurement rules act there). ``device_price_weight = 0`` (the raw default and the shipped
calibration) switches the mechanism off, prices in revenue included, draw for draw: the incomes
come from a generator of their own.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from convergence.model.firm_state import FirmState
from convergence.model.input_data import WorldData
from convergence.model.parameters import Parameters


def world_income_per_person(world: WorldData) -> float:
    """Population-weighted GDP per person of all regions (USD, 2013)."""
    return float(np.average(world.income_per_person, weights=world.population))


def price_sensitivity(region: np.ndarray, adoption_draw: np.ndarray, world: WorldData, correlation: float,
                      rng: np.random.Generator) -> np.ndarray:
    """Each user's weight on a price premium: world income per person over the user's income.

    ``region`` and ``adoption_draw`` are per user (a consumer goes online once its region's
    internet share exceeds its draw, so a low draw is an early adopter). Log income is normal
    with the region's mean income (the lognormal's mean, not its median) and dispersion; its
    standard normal score is ``correlation * z_early + sqrt(1 - correlation^2) * noise`` where
    ``z_early`` is the normal score of ``1 - adoption_draw``. Enterprise buyers get the same
    numbers and never use them (only devices carry the term). Draws come from ``rng`` only.
    """
    sigma = world.income_dispersion[region]
    early = ndtri(np.clip(1.0 - adoption_draw, 1e-12, 1.0 - 1e-12))
    score = correlation * early + np.sqrt(1.0 - correlation**2) * rng.standard_normal(len(region))
    income = world.income_per_person[region] * np.exp(sigma * score - 0.5 * sigma**2)
    return world_income_per_person(world) / income


def price_premium(state: FirmState, world: WorldData) -> np.ndarray:
    """Relative price less 1 per firm and sector (firms x sectors): the premium a buyer weighs,
    in consumer hardware only (devices); 0 elsewhere."""
    n = state.count
    devices = world.sector_is_hardware & ~world.sector_is_enterprise
    return (state.device_price[:n, None] - 1.0) * devices[None, :]


def is_active(params: Parameters) -> bool:
    """Whether buyers weigh device prices (``device_price_weight`` > 0)."""
    return float(params.device_price_weight) > 0.0


def revenue_factor(state: FirmState, world: WorldData, params: Parameters) -> np.ndarray:
    """Revenue per user relative to the firm's monetization, from its price (firms x sectors):
    with prices active, a brand earns its relative price on each device user (Apple 2.3 times
    the market's revenue per user, Xiaomi 0.55), the same price its buyers weigh; 1 elsewhere
    and with prices off. ``firm_scale`` then fits the rest of each firm's monetization."""
    premium = price_premium(state, world)
    return 1.0 + premium if is_active(params) else np.ones_like(premium)
