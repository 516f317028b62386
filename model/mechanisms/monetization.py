"""Revenue per user: the market's ARPU path and each firm's monetization of it.

Revenue per user (ARPU, USD per user or enterprise per quarter) in a market starts at the
2013 figure of ``sectors.csv``. Its growth starts at the region's rate
(``china_revenue_per_user_growth``, ...) times the sector's (``revenue_per_user_growth_social``, ...)
and converges, with a half-life of ``revenue_per_user_growth_half_life`` years, to the region's
nominal income growth (``china_income_growth``, ...): advertising load, take rates and spending
per user rise fast while a market monetizes, then no faster than what people earn. In logs,

    log ARPU(t) = log ARPU(0) + M(t, H) log((1 + g_region)(1 + g_sector)) + (t - M(t, H)) log(1 + g_income)

where ``M(t, H) = H / ln 2 * (1 - 2^(-t / H))`` (``matured_years``) is ``t`` while ``t`` is small
against ``H`` and tends to ``H / ln 2``. ARPU relative to income therefore levels off at
``((1 + g_region)(1 + g_sector) / (1 + g_income))^(H / ln 2)`` times its 2013 ratio: that is
the ceiling tied to income (``docs/ODD.md`` lists it per market with its sources).

A firm earns its ``monetization`` times the market's ARPU (times its factor in the sector,
``firm_markets.csv``: firms earn in the sectors they actually earn in), and the firm factor
grows at the firm's own ``monetization_growth`` (fixed from the financials by
``calibration.firm_scale``) with the shorter half-life ``firm_monetization_half_life``: JD.com
books first-party sales, Tencent sells games, eBay's marketplace stagnated, but no firm's edge in
monetization compounds for ever.
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
    income_growth = np.array([params[REGION_INFO[region].income_growth] for region in Region])
    early = grown * np.add.outer(np.log1p(region_growth), np.log1p(sector_growth))
    late = (years - grown) * np.log1p(income_growth)[:, None]
    return arpu_2013 * np.exp(early + late)


def firm_monetization(monetization: np.ndarray, monetization_growth: np.ndarray, params: Parameters,
                      years: float) -> np.ndarray:
    """Each firm's revenue per user relative to the market's ARPU ``years`` after 2013."""
    grown = matured_years(years, params.firm_monetization_half_life)
    return monetization * np.exp(grown * np.log1p(monetization_growth))
