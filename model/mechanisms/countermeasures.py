"""China's countermeasures: answers to U.S. measures against Chinese firms.

Three levers of China's regulator, each 0-1:

* ``china_unreliable_entity_list`` - U.S. vendors of devices, cloud and ICT equipment
  (:data:`PROCURED_SECTORS`) face a friction of ``strength x access_friction_max`` utils in
  China (procurement reviews, listings); they are not barred, buyers weigh the cost;
* ``china_algorithm_export_review`` - a Chinese app sold abroad under a divestiture order goes
  without its recommendation algorithm to that extent, so the buyer gets
  ``1 - strength x algorithm_share_of_quality`` of the app's quality;
* ``china_overseas_listing_review`` - Chinese firms expand into a new region abroad, and Chinese
  entrants launch abroad, at ``1 - strength`` times their usual rate (a higher cost of capital
  and of expansion abroad).

With ``china_countermeasure_rule`` on, each takes ``max(scripted, min(1, responsiveness x
escalation))`` where ``escalation`` is the U.S. escalation index ``china_countermeasure_lag_quarters``
quarters earlier (China's regulator moves before the U.S. one in a quarter, so it answers one
quarter late at the least). The U.S. escalation index (0-1) is ``1 - (1 - reciprocity)(1 -
export controls)(1 - app measures)``: any one measure raises it. China's retaliation (the mean of
its three countermeasures) raises its restrictiveness index, which U.S. rule-based reciprocity
answers; both answers are capped at 1 and lagged, so the two rules cannot escalate without bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.mechanisms import app_bans, export_controls
from convergence.model.parameters import Parameters, Value

COUNTERMEASURE_LEVERS = ("china_unreliable_entity_list", "china_algorithm_export_review",
                         "china_overseas_listing_review")
"""China's countermeasure levers, which its rule moves together."""
PROCURED_SECTORS = (Sector.DEVICES, Sector.CLOUD, Sector.ICT_EQUIPMENT)
"""Sectors whose U.S. vendors the unreliable-entity list and procurement reviews reach."""


def us_escalation(levers: Mapping[str, Value]) -> float:
    """U.S. escalation index (0-1) from the U.S. levers in force."""
    measures = (float(levers["us_reciprocity_strength"]), export_controls.strongest_denial(levers),
                app_bans.strongest_measure(levers, Origin.CN))
    return float(1.0 - np.prod([1.0 - measure for measure in measures]))


def answer(scripted: float, escalation_history: Sequence[float], lag_quarters: int, responsiveness: float) -> float:
    """A countermeasure's rule-based level: ``max(scripted, min(1, responsiveness x lagged))``,
    where ``escalation_history`` ends with last quarter's U.S. escalation."""
    if not escalation_history:
        return scripted
    lagged = escalation_history[max(0, len(escalation_history) - max(1, lag_quarters))]
    return max(scripted, min(1.0, responsiveness * lagged))


def retaliation(levers: Mapping[str, Value]) -> float:
    """China's retaliation index (0-1): the mean of its countermeasures."""
    return float(np.mean([levers[name] for name in COUNTERMEASURE_LEVERS]))


def unreliable_entity_friction(origin: np.ndarray, levers: Mapping[str, Value], params: Parameters) -> np.ndarray:
    """Friction (firms x regions x sectors, utils) on U.S. vendors in China."""
    friction = np.zeros((len(origin), len(Region), len(Sector)))
    strength = float(levers["china_unreliable_entity_list"]) * params.access_friction_max
    friction[np.ix_(origin == Origin.US, [Region.CN], list(PROCURED_SECTORS))] = strength
    return friction


def divested_quality_kept(levers: Mapping[str, Value], params: Parameters) -> float:
    """Share of a divested Chinese app's quality its buyer gets under the algorithm export review."""
    return 1.0 - float(levers["china_algorithm_export_review"]) * params.algorithm_share_of_quality


def abroad_expansion_factor(origin: int, levers: Mapping[str, Value]) -> float:
    """Factor on a firm's rate of expansion and launch abroad (Chinese firms: 1 - review;
    ``origin``: an :class:`Origin` or its code)."""
    return 1.0 - float(levers["china_overseas_listing_review"]) if origin == Origin.CN else 1.0
