"""Market access: which firms may serve which market, and at what friction.

``access[row, region, sector]`` is 1 for an open market, 0 for a blocked one (blocked firms
are not in users' choice sets), and in between for partial access, which costs users
``access_friction_max * (1 - access)`` utils. Only China restricts access by sector
(``china_foreign_access_social`` and the other sectors', for foreign firms). VPNs lift the
access of foreign online services (``VPN_SECTORS``) in China to at least
``china_vpn_access``: with access 0 a service is blocked, with a tolerated VPN it is reachable
at a high friction. Frictions add reciprocity's toll on Chinese firms in the U.S. and the
difficulty foreigners have with Chinese payment apps.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import SECTOR_INFO, Origin, Region, Sector
from convergence.model.mechanisms.reciprocity import us_access_friction
from convergence.model.parameters import Parameters, Value

VPN_SECTORS = (Sector.SOCIAL, Sector.SEARCH, Sector.ECOMMERCE)
"""Foreign online services Chinese consumers can reach over a VPN (not payments, which need a
bank account in China, nor ride-hailing, devices or the enterprise sectors)."""


def access_shares(origin: np.ndarray, levers: Mapping[str, Value]) -> np.ndarray:
    """Access (firms x regions x sectors) in [0, 1]."""
    access = np.ones((len(origin), len(Region), len(Sector)))
    foreign = origin != Origin.CN
    china = np.array([levers[SECTOR_INFO[sector].china_foreign_access] for sector in Sector])
    china[list(VPN_SECTORS)] = np.maximum(china[list(VPN_SECTORS)], levers["china_vpn_access"])
    access[foreign, Region.CN, :] = china
    return access


def access_friction(origin: np.ndarray, access: np.ndarray, levers: Mapping[str, Value],
                    params: Parameters) -> np.ndarray:
    """Utility lost (firms x regions x sectors) to partial access, reciprocity and payments
    frictions abroad."""
    friction = params.access_friction_max * (1.0 - access)
    friction += us_access_friction(origin, levers, params.access_friction_max)[:, :, None]
    abroad = np.arange(len(Region)) != Region.CN
    chinese = origin == Origin.CN
    friction[np.ix_(chinese, abroad, [Sector.PAYMENTS])] += params.china_payments_foreign_friction
    return friction
