"""ICT localization: procurement tilted to domestic vendors, revenue taken by partners.

* Chinese enterprise buyers of cloud and ICT equipment get
  ``china_ict_procurement_preference`` utils from domestic (Chinese) vendors.
* A foreign cloud provider in China pays ``china_jv_revenue_share`` of its China revenue to
  its mandatory local partner (AWS and Sinnet, Azure and 21Vianet).
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
