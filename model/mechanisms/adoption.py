"""Adoption: internet, mobile internet and mobile-payment use follow logistic curves.

For each region the share ``p(t)`` of the population online follows
``p(t) = c(t) / (1 + (c(t) / p0 - 1) * exp(-k t))`` with start ``p0`` (2013), speed ``k`` per
year and a ceiling ``c(t) = min(0.95, c + g t)`` that rises by ``<region>_internet_ceiling_growth``
a year (cheaper phones and rural networks widen who can come online: China's penetration grew
faster in 2017-2019 than in 2013-2017, which no fixed ceiling reproduces). Both factors rise
with ``t``, so adoption never falls. The mobile-internet and mobile-payment shares of internet
users follow the same form with fixed ceilings. A representative consumer is online once
``p(t)`` exceeds its fixed uniform draw, so adoption is monotone and the same people stay
online. Enterprise buyers are always in the market (their outside option is not buying).
"""

from __future__ import annotations

import numpy as np

from convergence.model.calendar import step_to_year
from convergence.model.dimensions import REGION_INFO, Region, Sector
from convergence.model.parameters import Parameters
from convergence.model.users import NO_PROVIDER, UserPopulation


def logistic_share(start: float, ceiling: float, speed: float, years: float) -> float:
    """Share at ``years`` after 2013 on a logistic curve (0 if start or ceiling is 0)."""
    if start <= 0.0 or ceiling <= 0.0:
        return 0.0
    start = min(start, ceiling)
    return ceiling / (1.0 + (ceiling / start - 1.0) * np.exp(-speed * years))


MAX_INTERNET_SHARE = 0.95
"""Highest share of a population online: about the highest national internet penetration of 2019
(South Korea 96%, the Nordic countries 95-98%; ITU, recalled) - the oldest and youngest never are,
entirely."""


def adoption_shares(params: Parameters, step: int) -> np.ndarray:
    """Shares at the end of quarter ``step``: rows = regions, columns = (internet share of
    population, mobile share of internet users, mobile-payment share of internet users)."""
    years = step_to_year(step)
    shares = np.empty((len(Region), 3))
    for region in Region:
        info = REGION_INFO[region]
        curves = (info.internet_curve, info.mobile_internet_curve, info.mobile_payment_curve)
        for column, (start, ceiling, speed) in enumerate(curves):
            top = params[ceiling]
            if column == 0:
                top = min(MAX_INTERNET_SHARE, max(top, top + params[info.internet_ceiling_growth] * years))
            shares[region, column] = logistic_share(params[start], top, params[speed], years)
    return shares


def update_adoption(users: UserPopulation, params: Parameters, step: int) -> np.ndarray:
    """Set who is online, online by phone and paying by phone at the end of ``step``.

    Consumers who go offline (a ceiling lowered mid-run) lose their providers. Returns the
    millions of consumers (regions x [online, mobile online, paying by phone]).
    """
    shares = adoption_shares(params, step)
    totals = np.zeros((len(Region), 3))
    for r in Region:
        block = users.block(r, enterprise=False)
        online = users.adoption_draw[block] < shares[r, 0]
        mobile = online & (users.mobile_draw[block] < shares[r, 1])
        paying = mobile & (users.payment_draw[block] < shares[r, 2])
        users.choice[block][~online] = NO_PROVIDER
        users.secondary[block][~online] = NO_PROVIDER
        users.choice[block, Sector.PAYMENTS][~paying] = NO_PROVIDER
        users.newly_online[block] = online & ~users.online[block]
        users.newly_paying[block] = paying & ~users.pays_by_phone[block]
        users.online[block], users.mobile_online[block], users.pays_by_phone[block] = online, mobile, paying
        weight = users.weight[block][0] if block.stop > block.start else 0.0
        totals[r] = weight * np.array([online.sum(), mobile.sum(), paying.sum()])
        enterprises = users.block(r, enterprise=True)
        users.newly_online[enterprises] = ~users.online[enterprises]
        users.online[enterprises] = True
    return totals
