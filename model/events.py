"""Counts of the discrete events of one quarter (entries, exits, deals, knowledge flows).

Mechanisms add to a :class:`StepEvents` they are handed; the model starts a fresh one every
quarter and the metric recorder reads it at the end of the quarter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from convergence.model.dimensions import Origin, Region


@dataclass
class StepEvents:
    """Counts of events during one quarter.

    entries: firms entering, by home region. exits: markets left, region x origin.
    acquisitions: by the target's home region. deals_blocked: by the screening regulator's
    region. investment_deals: successful cross-border stakes by the investor's origin.
    knowledge_flow_*: features adopted from the other country.
    """

    entries: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), int))
    exits: np.ndarray = field(default_factory=lambda: np.zeros((len(Region), len(Origin)), int))
    acquisitions: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), int))
    deals_blocked: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), int))
    investment_deals: np.ndarray = field(default_factory=lambda: np.zeros(len(Origin), int))
    knowledge_flow_cn_to_us: int = 0
    knowledge_flow_us_to_cn: int = 0
