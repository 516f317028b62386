"""Market access: which firms may serve which market, and at what friction.

``access[row, region, sector]`` is 1 for an open market, 0 for a blocked one (blocked firms
are not in users' choice sets), and in between for partial access, which costs users
``access_friction_max * (1 - access)`` utils. Only China restricts access by sector
(``china_foreign_access_<sector>``, for foreign firms). Frictions add reciprocity's toll on
Chinese firms in the U.S. and the difficulty foreigners have with Chinese payment apps.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from convergence.model.mechanisms.reciprocity import us_access_friction
from convergence.model.parameters import REGIONS, SECTORS, Parameters, Value

CN = REGIONS.index("CN")
PAYMENTS = SECTORS.index("payments")
ORIGIN_CN = 0


def access_shares(origin: np.ndarray, levers: Mapping[str, Value]) -> np.ndarray:
    """Access (firms x regions x sectors) in [0, 1]."""
    access = np.ones((len(origin), len(REGIONS), len(SECTORS)))
    foreign = origin != ORIGIN_CN
    china = np.array([levers[f"china_foreign_access_{s}"] for s in SECTORS])
    access[foreign, CN, :] = china
    return access


def access_friction(origin: np.ndarray, access: np.ndarray, levers: Mapping[str, Value],
                    params: Parameters) -> np.ndarray:
    """Utility lost (firms x regions x sectors) to partial access, reciprocity and payments
    frictions abroad."""
    friction = params.access_friction_max * (1.0 - access)
    friction += us_access_friction(origin, levers, params.access_friction_max)[:, :, None]
    abroad = np.arange(len(REGIONS)) != CN
    chinese = origin == ORIGIN_CN
    friction[np.ix_(chinese, abroad, [PAYMENTS])] += params.china_payments_foreign_friction
    return friction
