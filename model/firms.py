"""Firms: Mesa agents whose behaviour depends on their strategy.

A firm's numbers live in a row of :class:`convergence.model.firm_state.FirmState`; the agent
decides. Each quarter a firm's R&D raises its quality (for all firms at once, before their
turns: it draws nothing), then in its turn it innovates (disruptors, and micro-innovators less
often), imitates rivals' features (copycats fastest, with returns limited by IP protection),
invests across borders (large firms) and may expand into one more region. The agent hands
each mechanism the pieces of the model it reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import mesa
import numpy as np

from convergence.model.conditions import MarketConditions
from convergence.model.dimensions import Origin, Strategy
from convergence.model.events import StepEvents
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import innovation_diffusion, market_dynamics
from convergence.model.parameters import Parameters, Value


class FirmEnvironment(Protocol):
    """What a firm reads from its model (:class:`~convergence.model.model.ConvergenceModel`)."""

    firm_state: FirmState
    features: FeaturePool
    params: Parameters
    levers: Mapping[str, Value]
    rng: np.random.Generator
    conditions: MarketConditions
    world: WorldData
    investment_links: np.ndarray
    innovation_rates: np.ndarray
    events: StepEvents
    step_index: int


class Firm(mesa.Agent):
    """An internet or ICT firm; ``row`` indexes its state arrays."""

    model: FirmEnvironment

    def __init__(self, model: mesa.Model, row: int) -> None:
        super().__init__(model)
        self.row = row

    @property
    def name(self) -> str:
        """The firm's name (``"Tencent"``, ``"CN copycat #12"``)."""
        return self.model.firm_state.names[self.row]

    @property
    def origin(self) -> Origin:
        """Where the firm comes from."""
        return Origin(self.model.firm_state.origin[self.row])

    @property
    def strategy(self) -> Strategy:
        """Disruptor, micro-innovator or copycat."""
        return Strategy(self.model.firm_state.strategy[self.row])

    def step(self) -> None:
        """One quarter of decisions, in the order innovation, imitation, deals, expansion (the
        quarter's R&D has already bought quality: ``innovation_diffusion.invest_in_rd``, for every
        firm at once)."""
        model, row = self.model, self.row
        state, params, rng, conditions = model.firm_state, model.params, model.rng, model.conditions
        innovation_diffusion.innovate(state, model.features, row, params, rng, model.step_index,
                                      model.innovation_rates[row], model.world.sector_is_hardware)
        innovation_diffusion.imitate(state, model.features, row, params, model.levers, rng, conditions.imitation,
                                     model.events)
        market_dynamics.invest_across_borders(state, row, params, model.levers, rng, model.world.region_origin,
                                              model.investment_links, model.events)
        market_dynamics.consider_expansion(state, row, params, model.levers, rng, conditions.access,
                                           model.step_index)
