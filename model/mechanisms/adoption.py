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
from numba import njit

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

    Only the consumers whose flags can change are updated: those with a draw between the shares
    the flags were last set from (``users.adopted_shares``) and this quarter's, and those flagged
    new last quarter. Every other consumer's draws lie on the same side of both shares, so its
    flags stay what they are: the result is that of updating everyone.
    """
    shares = adoption_shares(params, step)
    before = users.adopted_shares
    totals = np.zeros((len(Region), 3))
    for r in Region:
        block = users.block(r, enterprise=False)
        flags = (users.online[block], users.mobile_online[block], users.pays_by_phone[block])
        _update_block(users.adoption_draw[block], users.mobile_draw[block], users.payment_draw[block],
                      shares[r], shares[r] if before is None else before[r], before is None,
                      users.choice[block], users.secondary[block], *flags, users.newly_online[block],
                      users.newly_paying[block], int(Sector.PAYMENTS))
        weight = users.weight[block][0] if block.stop > block.start else 0.0
        totals[r] = weight * np.array([np.count_nonzero(flag) for flag in flags], np.int64)
        enterprises = users.block(r, enterprise=True)
        users.newly_online[enterprises] = ~users.online[enterprises]
        users.online[enterprises] = True
    users.adopted_shares = shares
    return totals


@njit(cache=True, nogil=True)
def _update_block(adoption_draw, mobile_draw, payment_draw, shares, before, everyone, choice, secondary, online,
                  mobile_online, pays_by_phone, newly_online, newly_paying, payments):
    """One region's consumers (in place): online, mobile and paying flags from their draws and
    the region's ``shares``, the flags that turned on, and no provider where offline (no payments
    provider where not paying by phone, column ``payments``). Visits everyone if ``everyone``,
    else only the consumers with a draw between ``before`` (the shares the flags were set from)
    and ``shares``, or flagged new (compiled: one pass)."""
    low_online, high_online = min(before[0], shares[0]), max(before[0], shares[0])
    low_mobile, high_mobile = min(before[1], shares[1]), max(before[1], shares[1])
    low_paying, high_paying = min(before[2], shares[2]), max(before[2], shares[2])
    for i in range(len(adoption_draw)):
        online_draw, mobile, paying = adoption_draw[i], mobile_draw[i], payment_draw[i]
        visit = (everyone | newly_online[i] | newly_paying[i]           # no branches: the draws are random
                 | ((online_draw >= low_online) & (online_draw < high_online))
                 | ((mobile >= low_mobile) & (mobile < high_mobile))
                 | ((paying >= low_paying) & (paying < high_paying)))
        if not visit:
            continue                               # the same side of both shares: nothing changes
        is_online = online_draw < shares[0]
        is_mobile = is_online and mobile < shares[1]
        is_paying = is_mobile and paying < shares[2]
        if not is_online:
            choice[i, :] = NO_PROVIDER
            secondary[i, :] = NO_PROVIDER
        if not is_paying:
            choice[i, payments] = NO_PROVIDER
        newly_online[i] = is_online and not online[i]
        newly_paying[i] = is_paying and not pays_by_phone[i]
        online[i], mobile_online[i], pays_by_phone[i] = is_online, is_mobile, is_paying
