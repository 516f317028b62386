"""Firms: Mesa agents whose behaviour depends on their strategy.

A firm's numbers live in a row of :class:`model.firm_state.FirmState`; the agent decides.
Each quarter a firm invests in R&D, innovates (disruptors, and micro-innovators less often),
imitates rivals' features (copycats fastest, with returns limited by IP protection), invests
across borders (large firms) and may expand into one more region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from convergence.model.input_data import ORIGINS, STRATEGIES
from convergence.model.mechanisms import innovation_diffusion, market_dynamics

if TYPE_CHECKING:
    from convergence.model.model import ConvergenceModel


class Firm(mesa.Agent):
    """An internet or ICT firm; ``row`` indexes its state arrays."""

    model: "ConvergenceModel"

    def __init__(self, model: "ConvergenceModel", row: int) -> None:
        super().__init__(model)
        self.row = row

    @property
    def name(self) -> str:
        """The firm's name (``"Tencent"``, ``"CN copycat #12"``)."""
        return self.model.firm_state.names[self.row]

    @property
    def origin(self) -> str:
        """``"CN"``, ``"US"`` or ``"other"``."""
        return ORIGINS[self.model.firm_state.origin[self.row]]

    @property
    def strategy(self) -> str:
        """``"disruptor"``, ``"micro-innovator"`` or ``"copycat"``."""
        return STRATEGIES[self.model.firm_state.strategy[self.row]]

    def step(self) -> None:
        """One quarter of decisions, in the order R&D, innovation, imitation, deals, expansion."""
        innovation_diffusion.invest_in_rd(self)
        innovation_diffusion.innovate(self)
        innovation_diffusion.imitate(self)
        market_dynamics.invest_across_borders(self)
        market_dynamics.consider_expansion(self)
