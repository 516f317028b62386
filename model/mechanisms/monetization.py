"""Revenue per user: the market's ARPU path and each firm's monetization of it.

Revenue per user (ARPU, USD per user or enterprise per quarter) in a market starts at the
2013 figure of ``sectors.csv`` and grows at the region's rate
(``china_revenue_per_user_growth``, ...) times the sector's (``revenue_per_user_growth_social``, ...).
A firm earns its ``monetization`` times the market's ARPU, and that factor grows at the firm's
own ``monetization_growth`` (fixed from Appendix A by ``calibration.firm_scale``): JD.com books
first-party sales, Tencent sells games, eBay's marketplace stagnated, so one sector-wide ARPU
cannot carry every firm's revenue path.

Growth rates decay with a half-life of ``revenue_per_user_growth_half_life`` years from 2013:
advertising load, take rates and spending per user do not compound forever. A constant rate
``g`` therefore raises log ARPU by ``log(1 + g) * matured_years(t)`` where

    matured_years(t) = H / ln 2 * (1 - 2^(-t / H))

is ``t`` while ``t`` is small against ``H`` and tends to ``H / ln 2`` years: ARPU levels off at
``(1 + g)^(H / ln 2)`` times its 2013 value.
"""

from __future__ import annotations

import numpy as np

from convergence.model.dimensions import REGION_INFO, SECTOR_INFO, Region, Sector
from convergence.model.parameters import Parameters


def matured_years(years: float | np.ndarray, half_life: float) -> float | np.ndarray:
    """Years of growth at the full 2013 rate equivalent to ``years`` of decaying growth."""
    return half_life / np.log(2.0) * (1.0 - 2.0 ** (-np.asarray(years, dtype=float) / half_life))


def market_revenue_per_user(arpu_2013: np.ndarray, params: Parameters, years: float) -> np.ndarray:
    """ARPU per region x sector (USD per user per quarter) ``years`` after the start of 2013."""
    grown = matured_years(years, params.revenue_per_user_growth_half_life)
    region_growth = np.array([params[REGION_INFO[region].revenue_per_user_growth] for region in Region])
    sector_growth = np.array([params[SECTOR_INFO[sector].revenue_per_user_growth] for sector in Sector])
    return arpu_2013 * np.exp(grown * np.add.outer(np.log1p(region_growth), np.log1p(sector_growth)))


def firm_monetization(monetization: np.ndarray, monetization_growth: np.ndarray, params: Parameters,
                      years: float) -> np.ndarray:
    """Each firm's revenue per user relative to the market's ARPU ``years`` after 2013."""
    grown = matured_years(years, params.revenue_per_user_growth_half_life)
    return monetization * np.exp(grown * np.log1p(monetization_growth))
