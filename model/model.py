"""The Convergence model: firms, users and regulators stepped quarterly from 2013Q1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import mesa
import numpy as np
import pandas as pd

from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState
from convergence.model.firms import Firm
from convergence.model.input_data import world_data
from convergence.model.mechanisms import (adoption, data_localization, innovation_diffusion, market_access,
                              market_dynamics, user_choice)
from convergence.model.metrics import MetricRecorder, StepEvents
from convergence.model.parameters import REGIONS, Parameters, PolicyChange
from convergence.model.regulators import ChinaRegulator, EURegulator, USRegulator
from convergence.model.users import UserPopulation

INITIAL_CHOICE_ROUNDS = 3
"""Rounds of everyone choosing at initialisation, so network sizes settle before 2013Q1."""
INITIAL_DATA_QUARTERS = 4.0
"""Quarters of data firms hold at the start (their 2012 users)."""


@dataclass
class MarketConditions:
    """Quantities derived from policy and firm state at the start of each quarter.

    access, friction: firms x regions x sectors (share; utils). operating: firms x regions x
    sectors, True where the firm serves the market now. openness: regions x regions (share of
    data usable across). pooled_data: firms x regions (M user-quarters). foreign_presence:
    regions x regions, share of row-region users served by firms homed in column-region.
    feature_available: per feature, True if an active firm has it (so it can be imitated).
    channel: firms x regions, openness of the cross-border diffusion channel (0-1).
    """

    access: np.ndarray
    friction: np.ndarray
    operating: np.ndarray
    openness: np.ndarray
    pooled_data: np.ndarray
    foreign_presence: np.ndarray
    feature_available: np.ndarray
    channel: np.ndarray


class ConvergenceModel(mesa.Model):
    """Agent-based model of Chinese and foreign internet firms, their users and regulators.

    Args:
        params: a :class:`Parameters`, or a mapping of overrides of the defaults.
        timeline: scripted lever changes (:class:`PolicyChange`).
        end: last quarter simulated (``"2030Q4"`` by default).
        rng: seed (int) or numpy generator; the same seed gives the same run.
    """

    def __init__(self, params: Parameters | Mapping[str, Any] | None = None,
                 timeline: Iterable[PolicyChange] = (), end: str = DEFAULT_END,
                 rng: int | np.random.Generator | None = None) -> None:
        super().__init__(rng=rng)
        self.params = params if isinstance(params, Parameters) else Parameters(params)
        self.timeline = tuple(timeline)
        self.end_step = quarter_to_step(end)
        self.step_index = -1
        self.world = world_data()
        self.firm_state = FirmState()
        self.features = FeaturePool(self.firm_state.capacity)
        self.firm_agents: dict[int, Firm] = {}
        self.entrant_count = 0
        self.investment_links = np.zeros((3, 3))
        self.china = ChinaRegulator(self, self.params, self.timeline)
        self.us = USRegulator(self, self.params, self.timeline)
        self.eu = EURegulator(self, self.params, self.timeline)
        self.levers = {**self.china.levers, **self.us.levers, **self.eu.levers}
        self.users = UserPopulation.create(self.params, self.world, self.rng)
        self.events = StepEvents()
        self.recorder = MetricRecorder()
        self._create_incumbents()
        self._initialise_markets()

    def step(self) -> None:
        """One quarter: policy, adoption, choices, accounts, firm decisions, entry and exit."""
        self.step_index += 1
        self.events = StepEvents()
        self._apply_policy()
        welfare = self.users_step()
        market_dynamics.update_accounts(self)
        self.agents_by_type[Firm].shuffle_do("step")
        market_dynamics.acquisitions(self)
        market_dynamics.exit_loss_making_markets(self)
        market_dynamics.enter_new_firms(self)
        self.investment_links *= 1.0 - self.params.investment_link_decay
        self.recorder.record(self, welfare)
        self.running = self.step_index < self.end_step

    def users_step(self) -> np.ndarray:
        """Users come online and reconsider their providers; returns consumer welfare by region.

        The vectorised implementation; ``benchmarks/reference.py`` overrides it with one Mesa
        agent per representative user to check and time it.
        """
        self.adoption_totals = adoption.update_adoption(self.users, self.params, self.step_index)
        self._refresh_conditions()
        return user_choice.choose_providers(self)

    def run(self) -> "ConvergenceModel":
        """Step to the end quarter and return the model."""
        while self.running:
            self.step()
        return self

    def results(self, scenario: str = "custom", replication: int = 0, seed: int = 0) -> pd.DataFrame:
        """The tidy long table of every metric recorded so far."""
        return self.recorder.table(self.firm_state.names, scenario, replication, seed)

    # --- firms -----------------------------------------------------------------------------
    def add_firm(self, name: str, *, origin: int, home_region: int, strategy: int,
                 rd_intensity: float, monetization: float, privacy_risk: float,
                 monetization_growth: float = 0.0) -> int:
        """Allocate a state row and a Firm agent; return the row (entrants' monetization does not
        trend apart from their market's)."""
        state = self.firm_state
        row = state.add(name)
        self.features.ensure_firm_capacity(state.capacity)
        state.active[row] = True
        state.origin[row], state.home_region[row], state.strategy[row] = origin, home_region, strategy
        state.rd_intensity[row], state.monetization[row] = rd_intensity, monetization
        state.monetization_growth[row] = monetization_growth
        state.privacy_risk[row] = privacy_risk
        self.firm_agents[row] = Firm(self, row)
        return row

    def retire_firm(self, row: int) -> None:
        """Remove a firm that left its last market or was acquired."""
        self.firm_state.active[row] = False
        self.firm_state.present[row] = False
        self.users.drop_provider(row)
        self.firm_agents.pop(row).remove()

    def ip_protection(self, region: int) -> float:
        """IP protection (0-1) where a copycat is homed."""
        name = {"CN": "china", "US": "us"}.get(REGIONS[region], "eu")
        return float(self.levers[f"{name}_ip_protection"])

    # --- internals -------------------------------------------------------------------------
    def _apply_policy(self) -> None:
        for regulator in (self.china, self.us, self.eu):
            regulator.step()
        self.levers = {**self.china.levers, **self.us.levers, **self.eu.levers}
        state = self.firm_state
        n = state.count
        state.present[:n] |= state.active[:n, None, None] & (state.entry_step[:n] == self.step_index)

    def _create_incumbents(self) -> None:
        state = self.firm_state
        for firm in self.world.incumbents:
            row = self.add_firm(firm.name, origin=firm.origin, home_region=firm.home_region,
                                strategy=firm.strategy, rd_intensity=firm.rd_intensity,
                                monetization=firm.monetization, privacy_risk=firm.privacy_risk,
                                monetization_growth=firm.monetization_growth)
            for market in firm.markets:
                state.serves[row, market.sector] = True
                state.quality[row, market.sector] = market.quality
                state.entry_step[row, list(market.regions), market.sector] = market.entry_step
        n = state.count
        state.present[:n] = state.entry_step[:n] <= 0
        innovation_diffusion.seed_features(self)

    def _initialise_markets(self) -> None:
        """Everyone chooses (no switching cost) a few times so 2013Q1 starts at rest."""
        self.adoption_totals = adoption.update_adoption(self.users, self.params, -1)
        self._refresh_conditions()
        for _ in range(INITIAL_CHOICE_ROUNDS):
            user_choice.choose_providers(self, everyone=True)
            self.firm_state.users[: self.firm_state.count] = market_dynamics.market_users(self)
            self._refresh_conditions()
        state = self.firm_state
        n = state.count
        market_dynamics.update_accounts(self)
        state.data[:n] = INITIAL_DATA_QUARTERS * state.users[:n].sum(axis=2)
        state.cash[:n] = 0.0
        state.loss_streak[:n] = 0
        self.users.newly_online[:] = False
        self.users.newly_paying[:] = False

    def _refresh_conditions(self) -> None:
        state, n = self.firm_state, self.firm_state.count
        origin = state.origin[:n]
        access = market_access.access_shares(origin, self.levers)
        openness = data_localization.openness(self.levers)
        users_by_region = state.users[:n].sum(axis=2)
        by_home = np.stack([users_by_region[state.home_region[:n] == h].sum(axis=0)
                            for h in range(len(REGIONS))], axis=1)
        presence = by_home / np.maximum(by_home.sum(axis=1, keepdims=True), 1e-12)
        operating = state.operating(access)
        self.conditions = MarketConditions(
            access=access,
            friction=market_access.access_friction(origin, access, self.levers, self.params),
            operating=operating,
            openness=openness,
            pooled_data=data_localization.pooled_data(state.data[:n], openness),
            foreign_presence=presence,
            feature_available=self.features.has[:n, : self.features.count][state.active[:n]].any(axis=0),
            channel=innovation_diffusion.channel_strengths(self, operating, openness, presence))
