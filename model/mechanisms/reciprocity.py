"""Reciprocity: the U.S. answers China's restrictions by restricting Chinese firms.

Three channels, all scaled by the U.S. levers:

* access friction for Chinese firms serving U.S. users:
  ``us_reciprocity_strength * access_friction_max`` utils;
* procurement exclusion: a share ``us_procurement_restriction`` of U.S. buyers of devices and
  ICT equipment may not choose Chinese vendors (carriers, government);
* deal screening: a Chinese acquisition of, or investment in, a U.S. firm is blocked with
  probability ``1 - (1 - us_investment_screening) * (1 - us_reciprocity_strength)``.

China's restrictiveness index (0-1), which rule-based reciprocity answers, is the mean of
effective data localization (strictness x scope x enforcement), the average closure of its
sectors to foreign firms (1 - access) and ICT procurement preference (per 5 utils), raised by
its retaliation ``r`` (:func:`convergence.model.mechanisms.countermeasures.retaliation`) to
``1 - (1 - mean) x (1 - r)`` (unchanged when China does not retaliate).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import SECTOR_INFO, Origin, Region, Sector
from convergence.model.mechanisms.countermeasures import retaliation
from convergence.model.parameters import Value

PROCUREMENT_SECTORS = (Sector.DEVICES, Sector.ICT_EQUIPMENT)
"""Sectors whose U.S. buyers a procurement restriction bars from Chinese vendors."""


def china_restrictiveness(levers: Mapping[str, Value]) -> float:
    """China's restrictiveness index in [0, 1] from its current levers."""
    localization = (levers["china_data_localization_strictness"]
                    * levers["china_data_localization_scope"] * levers["china_enforcement"])
    closure = 1.0 - float(np.mean([levers[SECTOR_INFO[sector].china_foreign_access] for sector in Sector]))
    procurement = min(1.0, levers["china_ict_procurement_preference"] / 5.0)
    policy = (localization + closure + procurement) / 3.0
    return float(1.0 - (1.0 - policy) * (1.0 - retaliation(levers)))


def us_access_friction(origin: np.ndarray, levers: Mapping[str, Value], friction_max: float) -> np.ndarray:
    """Friction (utils, firms x regions) that reciprocity puts on Chinese firms in the U.S."""
    friction = np.zeros((len(origin), len(Region)))
    friction[origin == Origin.CN, Region.US] = levers["us_reciprocity_strength"] * friction_max
    return friction


def procurement_exclusion(region: int, sector: int, levers: Mapping[str, Value]) -> float:
    """Share of buyers in (region, sector) barred from Chinese vendors."""
    if region == Region.US and sector in PROCUREMENT_SECTORS:
        return float(levers["us_procurement_restriction"])
    return 0.0


def us_deal_block_probability(levers: Mapping[str, Value]) -> float:
    """Probability that a Chinese acquisition of or investment in a U.S. firm is blocked."""
    return 1.0 - (1.0 - levers["us_investment_screening"]) * (1.0 - levers["us_reciprocity_strength"])
