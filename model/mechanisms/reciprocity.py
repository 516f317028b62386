"""Reciprocity: the U.S. answers China's restrictions by restricting Chinese firms.

Three channels, all scaled by the U.S. levers:

* access friction for Chinese firms serving U.S. users:
  ``us_reciprocity_strength * access_friction_max`` utils;
* procurement cost: a U.S. buyer of devices or ICT equipment who chooses a Chinese vendor bears
  ``us_procurement_restriction * us_procurement_cost`` utils (certification and compliance
  reviews, loss of federal funding, the prospect of ripping the equipment out again: the
  FCC's 2019-2020 rules and NDAA section 889), so a buyer may still pay to choose one;
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
"""Sectors whose U.S. buyers bear the procurement restriction's cost of choosing Chinese vendors."""


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


def procurement_cost(region: int, sector: int, origin: np.ndarray, levers: Mapping[str, Value],
                     full_cost: float) -> np.ndarray:
    """Utility cost (per candidate firm, utils) a buyer in (region, sector) bears for choosing
    each vendor: ``us_procurement_restriction * full_cost`` for Chinese vendors of devices and
    ICT equipment in the U.S., 0 otherwise (``full_cost`` is ``us_procurement_cost``)."""
    if region != Region.US or sector not in PROCUREMENT_SECTORS:
        return np.zeros(len(origin))
    return np.where(origin == Origin.CN, float(levers["us_procurement_restriction"]) * full_cost, 0.0)


def us_deal_block_probability(levers: Mapping[str, Value]) -> float:
    """Probability that a Chinese acquisition of or investment in a U.S. firm is blocked."""
    return 1.0 - (1.0 - levers["us_investment_screening"]) * (1.0 - levers["us_reciprocity_strength"])
