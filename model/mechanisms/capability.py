"""Capability: firms move from copying to innovating as they reach their sector's frontier.

The report's account of Chinese firms is a path: copycats that learn, micro-innovators that
adapt foreign models to local users, disruptors that create categories. Each quarter, an
active firm whose quality in one of its sectors is at least ``strategy_upgrade_frontier`` times
the best quality among the sector's active firms moves up one strategy (copycat to
micro-innovator, micro-innovator to disruptor) with probability ``strategy_upgrade_rate``, and
raises its R&D intensity to at least what entrants of its new strategy spend. Strategies never
move down: a firm that falls behind keeps its habits but innovates less (its R&D buys less).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import Strategy
from convergence.model.firm_state import FirmState
from convergence.model.parameters import Parameters

NEXT_STRATEGY = {Strategy.COPYCAT: Strategy.MICRO_INNOVATOR, Strategy.MICRO_INNOVATOR: Strategy.DISRUPTOR}
"""One step up the path; disruptors stay disruptors."""


def upgrade_strategies(state: FirmState, params: Parameters, rng: np.random.Generator,
                       rd_intensity_of: Mapping[Strategy, float]) -> np.ndarray:
    """Move frontier firms up one strategy (in place); return the rows that moved.

    ``rd_intensity_of`` is the R&D / revenue floor of each strategy (entrants' intensities).
    """
    n = state.count
    active = state.active[:n]
    quality = np.where(state.serves[:n] & active[:, None], state.quality[:n], -np.inf)
    frontier = quality.max(axis=0)                                   # per sector
    near = (quality >= params.strategy_upgrade_frontier * np.where(np.isfinite(frontier), frontier, np.inf))
    eligible = active & near.any(axis=1) & (state.strategy[:n] != Strategy.DISRUPTOR)
    moved = np.flatnonzero(eligible & (rng.random(n) < params.strategy_upgrade_rate))
    for row in moved:
        strategy = NEXT_STRATEGY[Strategy(state.strategy[row])]
        state.strategy[row] = strategy
        state.rd_intensity[row] = max(state.rd_intensity[row], rd_intensity_of[strategy])
    return moved
