"""The Convergence model: firms, users and regulators stepped quarterly from 2013Q1."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from convergence.model.calendar import DEFAULT_END, START_YEAR, quarter_to_step, step_to_year
from convergence.model.conditions import MarketConditions, market_conditions
from convergence.model.dimensions import Jurisdiction, Origin, Region
from convergence.model.events import StepEvents
from convergence.model.features import FeaturePool
from convergence.model.firm_lifecycle import FirmLifecycle
from convergence.model.firm_state import FirmState
from convergence.model.firms import Firm
from convergence.model.headline import model_reporters
from convergence.model.input_data import WorldData, world_data
from convergence.model.mechanisms import (
    adoption,
    app_bans,
    awareness,
    capability,
    consumer_surplus,
    countermeasures,
    data_localization,
    export_controls,
    foreignness,
    innovation_diffusion,
    market_access,
    market_dynamics,
    user_choice,
)
from convergence.model.metrics import MetricRecorder, Quarter
from convergence.model.parameters import Parameters, PolicyChange, Value
from convergence.model.regulators import Regulator, create_regulators
from convergence.model.resolution import RAW_DEFAULTS, ResolvedRun, resolve_run
from convergence.model.scenario import Scenario
from convergence.model.users import UserPopulation

INITIAL_CHOICE_ROUNDS = 3
"""Rounds of everyone choosing at initialisation, so network sizes settle before 2013Q1."""
INITIAL_DATA_QUARTERS = 4.0
"""Quarters of data firms hold at the start (their 2012 users)."""


class ConvergenceModel(mesa.Model):
    """Agent-based model of Chinese and foreign internet firms, their users and regulators.

    ``ConvergenceModel()`` is the shipped ``baseline`` scenario with the shipped calibration, as
    :func:`convergence.model.simulate` runs it; ``ConvergenceModel("decoupling",
    us_reciprocity_strength=0.5)`` any scenario (name, ``.toml`` path or loaded) with parameter
    overrides for the whole run (a lever named replaces the scenario's timeline entries for it,
    :func:`~convergence.model.resolution.resolve_run`). ``scenario=None`` runs the raw parameter
    defaults: no scenario and **no calibration**. These keywords are what ``mesa.batch_run`` and
    a SolaraViz app pass. :meth:`from_parameters` takes parameters as given instead.

    ``model.datacollector`` (a :class:`mesa.DataCollector`) collects the headline metrics of
    :mod:`convergence.model.headline` once per quarter; :meth:`results` is the tidy table of
    every metric.

    Args:
        scenario: scenario name, ``.toml`` path, :class:`Scenario`, an already
            :class:`ResolvedRun`, or ``None`` for the raw defaults.
        rng: seed (int) or numpy generator; the same seed gives the same run.
        end: last quarter simulated (``"2030Q4"`` by default).
        timeline: extra scripted lever changes (:class:`PolicyChange`), each replacing the
            scenario's entries for its lever from its quarter on.
        world: the input tables (regions, sectors, incumbents); ``model/inputs`` by default.
        **overrides: parameter values for the whole run (validated against their declarations).
    """

    def __init__(self, scenario: str | Path | Scenario | ResolvedRun | None = "baseline",
                 rng: int | np.random.Generator | None = None, *, end: str = DEFAULT_END,
                 timeline: Iterable[PolicyChange] = (), world: WorldData | None = None, **overrides: Any) -> None:
        super().__init__(rng=rng)
        if isinstance(scenario, ResolvedRun):
            if overrides or timeline:
                raise TypeError("overrides and timeline do not apply to an already resolved run")
            run = scenario
        else:
            run = resolve_run(scenario, overrides, timeline, end=end)
        self.scenario_name = run.scenario
        """Label of the scenario run (Mesa's own ``Model.scenario`` is a different concept)."""
        params, timeline = run.parameters, run.timeline
        self.params = params if isinstance(params, Parameters) else Parameters(params)
        self.timeline = tuple(timeline)
        self.end_step = quarter_to_step(end)
        self.step_index = -1
        self.world = world or world_data()
        self.firm_state = FirmState()
        self.features = FeaturePool(self.firm_state.capacity)
        self.firm_agents: dict[int, Firm] = {}
        self.investment_links = np.zeros((len(Origin), len(Origin)))
        """Stock of successful cross-border stakes, investor origin x target origin."""
        self.innovation_rates = np.zeros(0)
        """Per firm row, the quarter's expected new features (set before the firms' turns)."""
        self.regulators: tuple[Regulator, ...] = create_regulators(self, self.params, self.timeline)
        self.china, self.us, self.eu, self.india, self.southeast_asia = self.regulators
        self.levers: dict[str, Value] = self._all_levers()
        self.app_bans = app_bans.AppBanClock()
        """Per region, app bans and divestiture orders in force and for how long."""
        self.users = UserPopulation.create(self.params, self.world, self.rng)
        self.lifecycle = FirmLifecycle(self.firm_state, self.features, self.users,
                                       on_added=self._add_agent, on_retired=self._remove_agent)
        self.events = StepEvents()
        self.recorder = MetricRecorder()
        self.money_value = consumer_surplus.marginal_utility_of_money(
            self.world.arpu, self.world.sector_is_enterprise, self.params,
            step_to_year(np.arange(self.end_step + 1))[:, None, None])
        """Marginal utility of money (utils per USD per quarter), steps x regions: it depends on
        parameters and the date only, so it is computed once for the steps up to ``end``."""
        self._create_incumbents()
        self._initialise_markets()
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())

    @classmethod
    def from_parameters(cls, params: Parameters | Mapping[str, Any] | None = None,
                        timeline: Iterable[PolicyChange] = (), end: str = DEFAULT_END,
                        rng: int | np.random.Generator | None = None,
                        world: WorldData | None = None) -> ConvergenceModel:
        """The model on parameters taken as given: the defaults plus ``params`` and the
        ``timeline`` as they are (no scenario, no calibration; what workers, calibration and
        benchmarks build once a run is resolved)."""
        return cls(ResolvedRun(RAW_DEFAULTS, params, tuple(timeline)), rng=rng, end=end, world=world)

    def step(self) -> None:
        """One quarter: policy, adoption, choices, accounts, localisation abroad and awareness, firm decisions,
        strategy upgrades, entry and exit."""
        self.step_index += 1
        self.events = StepEvents()
        self._apply_policy()
        log_sums = self.users_step()
        market_dynamics.update_accounts(self.firm_state, self.users, self.world, self.params, self.levers,
                                        self.conditions.operating, self.step_index, self.app_bans)
        foreignness.learn(self.firm_state, self.conditions.operating, self.params)
        if awareness.is_active(self.params):
            awareness.spread(self.firm_state, self.conditions.operating, self.params)
        innovation_diffusion.invest_in_rd(self.firm_state, self.params)
        self.innovation_rates = innovation_diffusion.innovation_rates(self.firm_state, self.params)
        self.agents_by_type[Firm].shuffle_do("step")
        capability.upgrade_strategies(self.firm_state, self.params, self.rng, market_dynamics.ENTRANT_RD_INTENSITY)
        self._firm_turnover()
        self.investment_links *= 1.0 - self.params.investment_link_decay
        self.recorder.record(self._quarter(log_sums))
        self.datacollector.collect(self)
        self.running = self.step_index < self.end_step

    def users_step(self) -> np.ndarray:
        """Users come online and reconsider their providers; returns the consumers' mean logit
        log-sum per market (regions x sectors, utils per user; NaN where none was measured).

        The vectorised implementation; ``benchmarks/reference.py`` overrides it with one Mesa
        agent per representative user to check and time it.
        """
        self.adoption_totals = adoption.update_adoption(self.users, self.params, self.step_index)
        self.refresh_conditions()
        return user_choice.choose_providers(self.users, self.firm_state, self.params, self.world, self.levers,
                                            self.conditions, self.rng)

    def run(self) -> ConvergenceModel:
        """Step to the end quarter and return the model."""
        while self.running:
            self.step()
        return self

    def results(self, scenario: str = "custom", replication: int = 0, seed: int = 0) -> pd.DataFrame:
        """The tidy long table of every metric recorded so far."""
        return self.recorder.table(self.firm_state.names, scenario, replication, seed)

    def refresh_conditions(self) -> None:
        """Recompute this quarter's :class:`MarketConditions` from levers and firm state."""
        self.conditions: MarketConditions = market_conditions(
            self.firm_state, self.features, self.levers, self.params, self.world, self.investment_links,
            self.app_bans)

    # --- internals -------------------------------------------------------------------------
    def _levers_in_force(self) -> dict[Jurisdiction, dict[str, Value]]:
        return {regulator.jurisdiction: regulator.levers for regulator in self.regulators}

    def _all_levers(self) -> dict[str, Value]:
        return {name: value for regulator in self.regulators for name, value in regulator.levers.items()}

    def _apply_policy(self) -> None:
        for regulator in self.regulators:
            regulator.step()
        self.levers = self._all_levers()
        self.app_bans.advance(self.levers, self.params)
        export_controls.update_supply(self.firm_state, self.levers, self.params)
        state = self.firm_state
        n = state.count
        state.present[:n] |= state.active[:n, None, None] & (state.entry_step[:n] == self.step_index)
        if self.step_index > 0:
            self._launch_scheduled_breakthroughs(lambda step: step == self.step_index)

    def _firm_turnover(self) -> None:
        """Divestitures ordered by app measures, acquisitions, exits from loss-making markets,
        then entry (in that order)."""
        operating, region_origin = self.conditions.operating, self.world.region_origin
        app_bans.divest(self.lifecycle, self.app_bans, operating, region_origin,
                        countermeasures.divested_quality_kept(self.levers, self.params), self.params, self.rng,
                        self.step_index, self.events)
        market_dynamics.acquisitions(self.lifecycle, operating, region_origin, self.params, self.levers,
                                     self.rng, self.step_index, self.events)
        market_dynamics.exit_loss_making_markets(self.lifecycle, operating, region_origin, self.params,
                                                 self.levers, self.rng, self.step_index, self.events)
        market_dynamics.enter_new_firms(self.lifecycle, operating, region_origin, self.world.population,
                                        self.params, self.levers, self.rng, self.step_index, self.events,
                                        sector_is_hardware=self.world.sector_is_hardware,
                                        needs_local_operations=self.world.needs_local_operations)

    def _quarter(self, log_sums: np.ndarray) -> Quarter:
        """What the metric recorder reads at the end of this quarter (``log_sums``: the
        consumers' mean log-sum per market, utils per user)."""
        state = self.firm_state
        n = state.count
        users = state.users[:n]
        totals = users.sum(axis=0)
        share = users / np.where(totals > 0, totals, 1.0)
        access = market_access.access_shares(state.origin[:n], self.levers)     # entrants included
        us_consumers = users[:, Region.US][:, ~self.world.sector_is_enterprise]
        chinese_share_us = us_consumers[state.origin[:n] == Origin.CN].sum() / max(us_consumers.sum(), 1e-12)
        flow_openness = data_localization.flow_openness(self.levers, self.conditions.openness, chinese_share_us)
        return Quarter(
            step=self.step_index, origin=state.origin[:n], active=state.active[:n], users=users,
            operating_region=state.operating(access).any(axis=2), revenue=state.revenue[:n],
            revenue_market=state.revenue_market[:n], rd_spend=state.rd_spend[:n],
            compliance_cost=state.compliance_cost[:n], events=self.events, openness=flow_openness,
            adoption_totals=self.adoption_totals, population=self.world.population,
            feature_adoption=innovation_diffusion.adoption_by_region(self.features, share),
            welfare=np.nansum(log_sums, axis=1), consumer_surplus=self.consumer_surplus_usd(log_sums),
            profit_market=state.profit_market[:n], levers=self._levers_in_force(),
            sector_is_enterprise=self.world.sector_is_enterprise, home_region=state.home_region[:n],
            openness_by_origin=data_localization.openness_by_origin(self.levers, self.conditions.openness))

    def consumer_surplus_usd(self, log_sums: np.ndarray) -> np.ndarray:
        """Consumer surplus by region this quarter (USD bn per year) from the consumers' mean log-sum
        per market (``log_sums``, as :meth:`users_step` returns them)."""
        world = self.world
        alpha = (self.money_value[self.step_index] if self.step_index < len(self.money_value)    # stepped past end
                 else consumer_surplus.marginal_utility_of_money(world.arpu, world.sector_is_enterprise, self.params,
                                                                 step_to_year(self.step_index)))
        return consumer_surplus.surplus_usd(consumer_surplus.surplus_per_user(log_sums, world.outside_utility),
                                            consumer_surplus.eligible_consumers(self.adoption_totals,
                                                                                world.sector_is_enterprise), alpha)

    def _add_agent(self, row: int) -> None:
        self.firm_agents[row] = Firm(self, row)

    def _remove_agent(self, row: int) -> None:
        self.firm_agents.pop(row).remove()

    def _create_incumbents(self) -> None:
        state = self.firm_state
        for firm in self.world.incumbents:
            row = self.lifecycle.add(firm)
            awareness.make_known(state, row, firm.home_region)
            for market in firm.markets:
                state.serves[row, market.sector] = True
                state.quality[row, market.sector] = market.quality
                state.sector_revenue_factor[row, market.sector] = market.revenue_factor
                state.entry_step[row, list(market.regions), market.sector] = market.entry_step
                foreign = [region for region in market.regions if region != firm.home_region]
                if market.built_for_market:
                    foreignness.launch_localised(state, row, foreign)
                elif market.abroad_since is not None:
                    state.localisation[row, foreign] = np.maximum(
                        state.localisation[row, foreign],
                        foreignness.localisation_after(START_YEAR - market.abroad_since, self.params))
                if market.abroad_since is not None and market.entry_step <= 0:
                    state.awareness[row, foreign] = np.maximum(
                        state.awareness[row, foreign], awareness.awareness_after(START_YEAR - market.abroad_since,
                                                                                 self.params))
        n = state.count
        state.present[:n] = state.entry_step[:n] <= 0
        innovation_diffusion.seed_features(state, self.features, self.params)
        self.scheduled_breakthroughs = [(row, market.sector, market.entry_step)
                                        for row, firm in enumerate(self.world.incumbents)
                                        for market in firm.markets if market.breakthrough]
        """(firm row, sector, step): incumbents that launch a new category (firm_markets.csv),
        given its feature when they enter (so its gain does not depreciate before launch)."""
        self._launch_scheduled_breakthroughs(lambda step: step <= 0)

    def _launch_scheduled_breakthroughs(self, due: Callable[[int], bool]) -> None:
        """Give each scheduled breakthrough whose entry step is ``due`` its feature."""
        for row, sector, step in self.scheduled_breakthroughs:
            if due(step):
                innovation_diffusion.seed_breakthrough(self.firm_state, self.features, row, sector,
                                                       self.params.breakthrough_quality_gain, step)

    def _initialise_markets(self) -> None:
        """Everyone chooses (no switching cost) a few times so 2013Q1 starts at rest."""
        self.adoption_totals = adoption.update_adoption(self.users, self.params, -1)
        self.refresh_conditions()
        state = self.firm_state
        for _ in range(INITIAL_CHOICE_ROUNDS):
            user_choice.choose_providers(self.users, state, self.params, self.world, self.levers, self.conditions,
                                         self.rng, everyone=True)
            state.users[: state.count] = market_dynamics.market_users(self.users, state.count,
                                                                      self.world.sector_is_enterprise)
            self.refresh_conditions()
        n = state.count
        market_dynamics.update_accounts(state, self.users, self.world, self.params, self.levers,
                                        self.conditions.operating, self.step_index, self.app_bans)
        state.data[:n] = INITIAL_DATA_QUARTERS * state.users[:n].sum(axis=2)
        state.cash[:n] = 0.0
        state.loss_streak[:n] = 0
        self.users.newly_online[:] = False
        self.users.newly_paying[:] = False
