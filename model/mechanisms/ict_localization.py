"""ICT localization: procurement tilted to domestic vendors, revenue taken by partners.

* Chinese enterprise buyers of cloud and ICT equipment get
  ``china_ict_procurement_preference`` utils from domestic (Chinese) vendors.
* A foreign cloud provider in China pays ``china_jv_revenue_share`` of its China revenue to
  its mandatory local partner (AWS and Sinnet, Azure and 21Vianet). The partners are Chinese
  cloud operators; the model books what they receive to the Chinese cloud firms serving China,
  in proportion to their Chinese cloud buyers (the pool the partners come from), so the revenue
  is moved, not lost. With no Chinese cloud firm in China it is lost (no partner exists).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.parameters import Value

LOCALIZED_SECTORS = (Sector.CLOUD, Sector.ICT_EQUIPMENT)
"""Sectors whose Chinese buyers prefer domestic vendors."""


def procurement_preference(region: int, sector: int, origin: np.ndarray,
                           levers: Mapping[str, Value]) -> np.ndarray:
    """Utility bonus (per candidate firm) from ICT procurement preference."""
    if region != Region.CN or sector not in LOCALIZED_SECTORS:
        return np.zeros(len(origin))
    return np.where(origin == Origin.CN, float(levers["china_ict_procurement_preference"]), 0.0)


def partner_revenue_share(origin: np.ndarray, levers: Mapping[str, Value]) -> np.ndarray:
    """Share of revenue (firms x regions x sectors) paid to mandatory local partners."""
    share = np.zeros((len(origin), len(Region), len(Sector)))
    share[origin != Origin.CN, Region.CN, Sector.CLOUD] = levers["china_jv_revenue_share"]
    return share


def partner_receipts(paid: np.ndarray, origin: np.ndarray, users: np.ndarray) -> np.ndarray:
    """Revenue the local partners receive (firms x regions x sectors, USD bn per quarter).

    ``paid`` is what each firm pays its partners (same shape); ``users`` the firms' buyers
    (millions, same shape). The total paid in China's cloud market goes to the Chinese firms
    serving it, in proportion to their buyers there.
    """
    receipts = np.zeros_like(paid)
    total = paid[:, Region.CN, Sector.CLOUD].sum()
    partners = np.where(origin == Origin.CN, users[:, Region.CN, Sector.CLOUD], 0.0)
    if total > 0 and partners.sum() > 0:
        receipts[:, Region.CN, Sector.CLOUD] = total * partners / partners.sum()
    return receipts
