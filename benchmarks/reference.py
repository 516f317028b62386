"""Per-agent reference: the users' adoption and choice written the idiomatic Mesa 3.5 way.

One ``mesa.Agent`` per representative user, activated with ``AgentSet.shuffle_do``; each
agent updates its own adoption flags and, when it reconsiders, evaluates the same utility as
:mod:`convergence.model.mechanisms.user_choice` for each candidate in plain Python and draws its choice.
Firms, regulators, parameters and every other mechanism are the real model's
(:class:`ReferenceModel` only replaces ``users_step``). It serves as a correctness oracle
(tests/benchmarks/test_reference.py) and as the baseline of the speed comparison.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from convergence.model.dimensions import Region, Sector
from convergence.model.mechanisms import ict_localization, reciprocity
from convergence.model.mechanisms.adoption import adoption_shares
from convergence.model.mechanisms.user_choice import firm_utility, region_terms
from convergence.model.model import ConvergenceModel
from convergence.model.users import NO_PROVIDER

PAYMENTS = Sector.PAYMENTS


class ReferenceUser(mesa.Agent):
    """A representative user as a Mesa agent (state copied from the population arrays)."""

    model: ReferenceModel

    def __init__(self, model: ReferenceModel, index: int) -> None:
        super().__init__(model)
        users = model.users
        self.index = index
        self.region = int(users.region[index])
        self.enterprise = bool(users.is_enterprise[index])
        self.adoption_draw = float(users.adoption_draw[index])
        self.mobile_draw = float(users.mobile_draw[index])
        self.payment_draw = float(users.payment_draw[index])
        self.local_fit = float(users.local_fit[index])
        self.privacy_sensitivity = float(users.privacy_sensitivity[index])
        self.online = bool(users.online[index])
        self.pays_by_phone = bool(users.pays_by_phone[index])
        self.mobile_online = bool(users.mobile_online[index])

    def step(self) -> None:
        """Update adoption, then reconsider providers (the same rules as the vectorised model)."""
        model = self.model
        self.choice = model.users.choice[self.index].tolist()   # firms' exits and mergers edit it
        shares = model.step_shares[self.region]
        was_online, was_paying = self.online, self.pays_by_phone
        if not self.enterprise:
            self.online = self.adoption_draw < shares[0]
            self.mobile_online = self.online and self.mobile_draw < shares[1]
            self.pays_by_phone = self.mobile_online and self.payment_draw < shares[2]
            if not self.online:
                self.choice = [NO_PROVIDER] * len(self.choice)
            elif not self.pays_by_phone:
                self.choice[PAYMENTS] = NO_PROVIDER
        else:
            self.online = True
        reconsider = self.random.random() < model.params.reconsider_rate
        before = list(self.choice)
        for sector in model.sectors_of[self.enterprise]:
            if sector == PAYMENTS:
                eligible, newly = self.pays_by_phone, self.pays_by_phone and not was_paying
            else:
                eligible, newly = self.online, self.online and not was_online
            if eligible and (reconsider or newly):
                self.choice[sector] = self._choose(sector, before, reconsider)

    def _choose(self, sector: int, before: list[int], sampled: bool) -> int:
        model = self.model
        params = model.params
        market = model.markets[self.region][sector]
        if not market:
            return NO_PROVIDER
        current = before[sector]
        utilities = []
        for firm, base, fit, risk, install_cost in market:
            value = base + self.local_fit * fit - params.privacy_weight * self.privacy_sensitivity * risk
            bundled = sum(1 for s, provider in enumerate(before) if s != sector and provider == firm)
            value += model.bundling[self.region] * bundled
            if current != NO_PROVIDER and current != firm:
                value -= params.switching_cost
            if current != firm:
                value -= install_cost
            utilities.append(value)
        outside = model.world.outside_utility[sector]
        top = max(max(utilities), outside)
        weights = [math.exp(u - top) for u in utilities]
        total = math.exp(outside - top) + sum(weights)
        if sampled and not self.enterprise:
            model.welfare_sums[self.region][sector] += top + math.log(total)
            model.welfare_counts[self.region][sector] += 1
        draw = self.random.random() * total - math.exp(outside - top)
        if draw < 0:
            return NO_PROVIDER
        for (firm, *_), weight in zip(market, weights):
            draw -= weight
            if draw < 0:
                return firm
        return market[-1][0]


class ReferenceModel(ConvergenceModel):
    """The real model with users as Mesa agents (``users_step`` replaced)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sectors_of = {enterprise: [int(s) for s in np.flatnonzero(self.world.sector_is_enterprise == enterprise)]
                           for enterprise in (False, True)}
        ReferenceUser.create_agents(self, len(self.users.region), index=list(range(len(self.users.region))))
        self.user_agents = self.agents_by_type[ReferenceUser]

    def users_step(self) -> np.ndarray:
        """Agents update adoption and choose in random order; arrays are synced afterwards."""
        self.step_shares = adoption_shares(self.params, self.step_index)
        self.refresh_conditions()
        self._prepare_markets()
        self.user_agents.shuffle_do("step")
        return self._sync_arrays()

    def _prepare_markets(self) -> None:
        """Per region and sector: (firm row, base utility, fit, risk, install cost) of
        candidates."""
        state, levers = self.firm_state, self.levers
        n = state.count
        base_all = firm_utility(state, self.params, self.world, self.conditions)
        reachable = self.conditions.reachable
        origin = state.origin[:n]
        self.markets, self.bundling = [], []
        for r in Region:
            fit, risk, bundling = region_terms(state, self.params, levers, r)
            by_sector = []
            for s in range(len(self.world.sector_is_enterprise)):
                rows = np.flatnonzero(reachable[:, r, s])
                base = (base_all[rows, r, s] + ict_localization.procurement_preference(r, s, origin[rows], levers)
                        - reciprocity.procurement_cost(r, s, origin[rows], levers, self.params.us_procurement_cost))
                install = self.conditions.install_cost[rows, r, s]
                by_sector.append([(int(k), float(b), float(fit[k]), float(risk[k]), float(c))
                                  for k, b, c in zip(rows, base, install)])
            self.markets.append(by_sector)
            self.bundling.append(bundling)
        sectors = len(self.world.sector_is_enterprise)
        self.welfare_sums = [[0.0] * sectors for _ in Region]
        self.welfare_counts = [[0] * sectors for _ in Region]

    def _sync_arrays(self) -> np.ndarray:
        users = self.users
        for agent in self.user_agents:
            i = agent.index
            users.choice[i] = agent.choice
            users.online[i], users.mobile_online[i], users.pays_by_phone[i] = (
                agent.online, agent.mobile_online, agent.pays_by_phone)
        consumers = ~users.is_enterprise
        self.adoption_totals = np.stack([
            np.bincount(users.region[consumers & flag], weights=users.weight[consumers & flag],
                        minlength=len(Region))
            for flag in (users.online, users.mobile_online, users.pays_by_phone)], axis=1)
        return np.array([[total / count if count else np.nan for total, count in zip(sums, counts)]
                         for sums, counts in zip(self.welfare_sums, self.welfare_counts)])
