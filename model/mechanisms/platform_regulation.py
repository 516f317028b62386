"""China's domestic platform regulation of 2020-2022: antitrust fines, interoperability orders and
the curbs on platform fintech.

Every lever is 0 before 2020 (the campaign began with the halt of Ant Group's IPO on 3 Nov 2020
and SAMR's draft platform antitrust guidelines of 10 Nov 2020). The rules bind every firm
serving China, Chinese or foreign. The limit on super-app bundling and exclusive dealing
("choose one of two") is the existing ``china_antitrust_bundling_limit`` of
:mod:`convergence.model.mechanisms.user_choice` (it removes that share of the bundling utility).

* **Antitrust fines** (USD bn per quarter): a dominant platform - one holding at least
  ``platform_dominance_share`` of a Chinese market's use - pays ``china_platform_fine_share``
  times its annual China revenue (4 x this quarter's) in each quarter the lever is in force.
  SAMR fined Alibaba CNY 18.23 bn on 10 April 2021 (4% of its 2019 domestic sales) and Meituan
  CNY 3.44 bn on 8 October 2021 (3% of its 2020 domestic sales); the Anti-Monopoly Law (2008,
  Art. 47) allows 1-10% of the previous year's sales. A history scripts the lever for one
  quarter. The fine lowers profit and cash: a fined platform does not expand abroad that
  quarter, and the margin of Chinese firms, which drives Chinese entry, falls.
* **Interoperability orders** (share, 0-1): MIIT's order of September 2021 to end the blocking
  of rivals' links (Tencent's WeChat and Alibaba's Taobao, Alipay) lets a platform's users reach
  content and services on the others, so the size of one's own network matters less. In China's
  social, e-commerce and payments markets the network-size term of utility is scaled by
  ``1 - china_platform_interoperability``: the leader's network advantage over smaller rivals
  shrinks, and users' primary and secondary choices spread.
* **Fintech curbs** (share of revenue per user): after the halt of Ant's IPO, the PBoC's
  rectification order of 12 April 2021 moved Ant's consumer lending into a licensed
  finance company with capital requirements and caps. A payment platform in China earns
  ``1 - china_fintech_revenue_cap`` of its revenue per user: payment apps' revenue, and so
  their profit and the entry they attract, falls. The fixed cost of serving the market stays
  scaled to the uncapped market (``market_dynamics.update_accounts``), so the break-even share
  rises by ``1 / (1 - cap)`` and small payment apps become loss-making first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import Region, Sector
from convergence.model.parameters import Parameters, Value

INTEROPERABLE_SECTORS = (Sector.SOCIAL, Sector.ECOMMERCE, Sector.PAYMENTS)
"""China's markets whose platforms the 2021 interoperability order opened to each other."""
QUARTERS_PER_YEAR = 4.0


def network_scale(levers: Mapping[str, Value]) -> np.ndarray:
    """Weight (regions x sectors, 0-1) on the network-size term of utility after
    interoperability orders (1 = walled gardens)."""
    scale = np.ones((len(Region), len(Sector)))
    scale[Region.CN, list(INTEROPERABLE_SECTORS)] = 1.0 - levers["china_platform_interoperability"]
    return scale


def revenue_retained(levers: Mapping[str, Value]) -> np.ndarray:
    """Share (regions x sectors) of revenue per user firms may still earn after the fintech curbs."""
    retained = np.ones((len(Region), len(Sector)))
    retained[Region.CN, Sector.PAYMENTS] = 1.0 - levers["china_fintech_revenue_cap"]
    return retained


def antitrust_fines(users: np.ndarray, revenue_region: np.ndarray, levers: Mapping[str, Value],
                    params: Parameters) -> np.ndarray:
    """Antitrust fines (firms x regions, USD bn per quarter), booked in China.

    ``users`` is use by firm x region x sector (millions) this quarter; ``revenue_region``
    revenue by firm x region (USD bn per quarter).
    """
    fines = np.zeros(revenue_region.shape)
    china = users[:, Region.CN]
    share = china / np.maximum(china.sum(axis=0, keepdims=True), 1e-12)
    dominant = (share >= params.platform_dominance_share).any(axis=1)
    fines[dominant, Region.CN] = (levers["china_platform_fine_share"] * QUARTERS_PER_YEAR
                                  * revenue_region[dominant, Region.CN])
    return fines
