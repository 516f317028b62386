"""Market access: which firms may serve which market, and at what friction.

``access[row, region, sector]`` is 1 for an open market, 0 for a blocked one, and in between
for partial access, which costs users ``access_friction_max * (1 - access)`` utils. Only China
restricts access by sector (``china_foreign_access_social`` and the other sectors', for foreign
firms). A firm *operates* where it is present and access is above 0 (it books fixed and
compliance costs there).

Blocking is a friction, not a deletion: Chinese consumers reach a foreign firm's blocked online
service (``VPN_SECTORS``, offered by the firm in some region) over a VPN, at
``china_vpn_cost / (1 - china_vpn_enforcement)`` utils (the VPN's price and effort, slower and
less reliable connections; a crackdown raises the cost of staying connected). Total enforcement
(``china_vpn_enforcement = 1``) makes blocked services unreachable. A firm reached only over a
VPN does not operate in China (no local fixed or compliance cost); it earns what its Chinese
users bring it (advertising sold outside China). Payments (a bank account in China), ride-hailing,
devices and the enterprise sectors cannot be reached this way. Frictions add reciprocity's toll
on Chinese firms in the U.S. and the difficulty foreigners have with Chinese payment apps.
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
    """Legal access (firms x regions x sectors) in [0, 1]."""
    access = np.ones((len(origin), len(Region), len(Sector)))
    foreign = origin != Origin.CN
    access[foreign, Region.CN, :] = [levers[SECTOR_INFO[sector].china_foreign_access] for sector in Sector]
    return access


def vpn_reachable(origin: np.ndarray, active: np.ndarray, present: np.ndarray, access: np.ndarray,
                  levers: Mapping[str, Value]) -> np.ndarray:
    """Markets (firms x regions x sectors) Chinese consumers reach over a VPN only: a foreign
    firm's service in a VPN sector, blocked in China (access 0) and offered in some region,
    while enforcement is not total. ``present`` is firms x regions x sectors."""
    reach = np.zeros(access.shape, bool)
    if levers["china_vpn_enforcement"] >= 1.0:
        return reach
    sectors = list(VPN_SECTORS)
    offered = active[:, None] & present[:, :, sectors].any(axis=1)          # firms x VPN sectors
    reach[:, Region.CN, sectors] = (offered & (origin != Origin.CN)[:, None]
                                    & (access[:, Region.CN, sectors] == 0.0))
    return reach


def vpn_friction(levers: Mapping[str, Value], params: Parameters) -> float:
    """Utility cost (utils) of reaching a blocked service over a VPN; infinite under total
    enforcement."""
    enforcement = float(levers["china_vpn_enforcement"])
    return float("inf") if enforcement >= 1.0 else params.china_vpn_cost / (1.0 - enforcement)


def access_friction(origin: np.ndarray, access: np.ndarray, levers: Mapping[str, Value],
                    params: Parameters, vpn_reach: np.ndarray) -> np.ndarray:
    """Utility lost (firms x regions x sectors) to partial access, VPNs (``vpn_reach``, from
    :func:`vpn_reachable`), reciprocity and payments frictions abroad."""
    friction = params.access_friction_max * (1.0 - access)
    if vpn_reach.any():
        friction[vpn_reach] = vpn_friction(levers, params)
    friction += us_access_friction(origin, levers, params.access_friction_max)[:, :, None]
    abroad = np.arange(len(Region)) != Region.CN
    chinese = origin == Origin.CN
    friction[np.ix_(chinese, abroad, [Sector.PAYMENTS])] += params.china_payments_foreign_friction
    return friction
