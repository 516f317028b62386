"""EU responses to Chinese network-equipment vendors: the 5G Toolbox and "high-risk vendor" rules.

The EU 5G Toolbox (NIS Cooperation Group, 29 January 2020) asked member states to assess
vendors' risk profiles and to restrict "high-risk vendors" in core and sensitive parts of
networks; member states then did so to different degrees (Sweden excluded Huawei and ZTE in
October 2020, Germany's IT Security Act 2.0 of May 2021 added a vetting procedure, the
Commission's communication of 15 June 2023 called the exclusion of Huawei and ZTE justified).
None of these is an outright bar for the whole market: an operator choosing a Chinese vendor
faces security audits, vetting delays and the risk of a later rip-and-replace order.

The model expresses this as a procurement friction: EU buyers of ICT equipment lose
``eu_high_risk_vendor_restriction * access_friction_max`` utils choosing a Chinese vendor (the
same scale as the U.S. reciprocity friction). Buyers still choose; Chinese vendors' EU share
falls as far as their quality and price advantage does not cover the friction.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.parameters import Value

HIGH_RISK_VENDOR_SECTORS = (Sector.ICT_EQUIPMENT,)
"""Sectors whose EU buyers face the high-risk-vendor rules (network equipment)."""


def eu_vendor_friction(origin: np.ndarray, levers: Mapping[str, Value], friction_max: float) -> np.ndarray:
    """Friction (utils, firms x regions x sectors) on Chinese vendors of network equipment for
    EU buyers."""
    friction = np.zeros((len(origin), len(Region), len(Sector)))
    chinese = np.flatnonzero(origin == Origin.CN)
    friction[np.ix_(chinese, [Region.EU], list(HIGH_RISK_VENDOR_SECTORS))] = (
        levers["eu_high_risk_vendor_restriction"] * friction_max)
    return friction
