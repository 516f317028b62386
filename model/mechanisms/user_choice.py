"""User choice: each quarter some users reconsider and pick a provider by random utility.

For user ``i`` in region ``r`` choosing in sector ``s`` among the firms ``k`` operating there
(or reached over a VPN, :mod:`convergence.model.mechanisms.market_access`),

    U_ik = quality_weight * (q_ks + data_quality_weight * log(1 + pooled_data_kr))
         + network_weight * strength_s * scale_rs * log(0.05 + share_krs) (network size;
                                       scale_rs < 1 under interoperability orders)
         + procurement_preference_krs                                    (ICT localization)
         - procurement_cost_krs                       (U.S. procurement restriction)
         - friction_krs         (access, VPN, reciprocity, app bans, export controls, retaliation)
         - install_cost_krs * [k is not a provider i uses now]                    (app bans)
         + local_fit_i * (home_fit_weight + micro_bonus_k) * [k is from r] (home-market fit)
         - privacy_weight * privacy_sensitivity_i * risk_kr              (privacy risk)
         + taste_dispersion * taste_iks            (the user's persistent taste for k, N(0, 1))
         + bundling_weight * (1 - antitrust_r) * bundle_ik               (super-app bundling)
         - switching_cost * [k is not a provider i uses now]
         + Gumbel noise,

and the outside option (no provider) has utility ``outside_utility_s`` + Gumbel noise; the
user takes the largest (multinomial logit). The switching cost spares the providers the user
already uses in the market (its primary and, multi-homing, its secondary provider).

Multi-homing (social, e-commerce, search: ``secondary_use_share_<sector>`` > 0): after its
primary provider, the user draws a secondary one by the same logit among the other candidates
and the outside option (choosing the outside option, it single-homes). Its use then splits
``1 - secondary_use_share`` to the primary and ``secondary_use_share`` to the secondary
(:func:`convergence.model.mechanisms.market_dynamics.market_users`), and network size,
revenue and data follow use. Bundling counts primary providers only. ``bundle_ik`` counts the user's other sectors
served by ``k``. Users who reconsider are a random share ``reconsider_rate`` plus everyone
newly eligible (newly online, or newly paying by phone). Consumer welfare is the logit log-sum (expected
maximum utility, switching costs included), averaged over the randomly reconsidering users
(a random sample of each region's users), per consumer market (utils per user); summed over
sectors it is the ``consumer_welfare`` metric, and less the outside option's utility it converts
to USD (:mod:`convergence.model.mechanisms.consumer_surplus`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.conditions import MarketConditions
from convergence.model.dimensions import REGION_INFO, Region, Sector, Strategy
from convergence.model.firm_state import FirmState
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import ict_localization, reciprocity
from convergence.model.mechanisms.choice_kernel import Candidates, Choosers, UtilityWeights, choose_block
from convergence.model.parameters import Parameters, Value
from convergence.model.users import NO_PROVIDER, UserPopulation

NETWORK_FLOOR = 0.05
"""Share added inside the log of network size, so a new firm's network term is finite."""


def firm_utility(state: FirmState, params: Parameters, world: WorldData,
                 conditions: MarketConditions) -> np.ndarray:
    """User-independent part of utility (firms x regions x sectors, utils)."""
    n = state.count
    users = state.users[:n]
    local_share = users / np.maximum(users.sum(axis=0, keepdims=True), 1e-12)
    world_users = users.sum(axis=1, keepdims=True)
    global_share = world_users / np.maximum(world_users.sum(axis=0, keepdims=True), 1e-12)
    share = np.where(world.network_is_local[None, None, :], local_share, global_share)
    network = (params.network_weight * world.network_strength * conditions.network_scale[None]
               * np.log(NETWORK_FLOOR + share))
    learning = params.data_quality_weight * np.log1p(conditions.pooled_data)
    quality = state.quality[:n, None, :] + learning[:, :, None]
    return params.quality_weight * quality + network - conditions.friction


def region_terms(state: FirmState, params: Parameters, levers: Mapping[str, Value],
                 region: Region) -> tuple[np.ndarray, np.ndarray, float]:
    """Per-firm home-fit coefficient and perceived privacy risk for users of ``region``, and
    the region's bundling weight (after its antitrust limit)."""
    n = state.count
    home = state.home_region[:n] == region
    micro_bonus = np.where(state.strategy[:n] == Strategy.MICRO_INNOVATOR, params.micro_innovator_fit_bonus, 0.0)
    fit = home * (params.home_fit_weight + micro_bonus)
    risk = state.privacy_risk[:n] + params.foreign_privacy_penalty * ~home
    limit_lever = REGION_INFO[region].bundling_limit
    limit = float(levers[limit_lever]) if limit_lever else 0.0
    return fit, risk, params.bundling_weight * (1.0 - limit)


def procurement_terms(origin: np.ndarray, levers: Mapping[str, Value], params: Parameters,
                      n_sectors: int) -> tuple[np.ndarray, np.ndarray]:
    """ICT localization's preference for domestic vendors and the U.S. procurement restriction's
    cost of Chinese ones, per firm, region and sector (two arrays, firms x regions x sectors, utils)."""
    preference = np.empty((len(origin), len(Region), n_sectors))
    cost = np.empty_like(preference)
    for region in Region:
        for sector in range(n_sectors):
            preference[:, region, sector] = ict_localization.procurement_preference(region, sector, origin, levers)
            cost[:, region, sector] = reciprocity.procurement_cost(region, sector, origin, levers,
                                                                   params.us_procurement_cost)
    return preference, cost


def choosing_users(users: UserPopulation, block: slice, sectors: np.ndarray,
                   random_pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The users of ``block`` who choose in some of its ``sectors`` (rows from the block's start)
    and where they choose (those rows x sectors): users eligible (online; in payments, paying by
    phone) who reconsider (``random_pick``) or have just become eligible."""
    online = users.online[block] & (random_pick | users.newly_online[block])
    payments = np.flatnonzero(sectors == Sector.PAYMENTS)
    if len(payments) == 0:
        rows = np.flatnonzero(online)
        return rows, np.ones((len(rows), len(sectors)), bool)
    paying = users.pays_by_phone[block] & (random_pick | users.newly_paying[block])
    rows = np.flatnonzero(online | paying)
    decide = np.repeat(online[rows][:, None], len(sectors), axis=1)
    decide[:, payments[0]] = paying[rows]
    return rows, decide


def choose_providers(users: UserPopulation, state: FirmState, params: Parameters, world: WorldData,
                     levers: Mapping[str, Value], conditions: MarketConditions, rng: np.random.Generator,
                     everyone: bool = False) -> np.ndarray:
    """Let reconsidering users choose in every market (in place in ``users.choice`` and, in
    multi-homing markets, ``users.secondary``); return the mean log-sum of the sampled consumers
    per market (regions x sectors, utils per user; NaN where none was measured: enterprise
    markets, markets nobody serves).

    Users of one region and kind (consumers or enterprise buyers) choose in all their sectors
    in one call of the compiled kernel (:mod:`convergence.model.mechanisms.choice_kernel`). With
    ``everyone`` (initialisation) all eligible users choose and no switching cost applies.
    """
    n_sectors = len(world.sector_is_enterprise)
    preference, cost = procurement_terms(state.origin[: state.count], levers, params, n_sectors)
    base_all = firm_utility(state, params, world, conditions) + preference - cost
    switching_cost = 0.0 if everyone else params.switching_cost
    log_sums = np.full((len(Region), n_sectors), np.nan)
    kinds = [(enterprise, np.flatnonzero(world.sector_is_enterprise == enterprise)) for enterprise in (False, True)]
    for region in Region:
        fit_all, risk_all, bundling = region_terms(state, params, levers, region)
        weights = UtilityWeights(float(params.privacy_weight), float(bundling), float(switching_cost),
                                 float(params.taste_dispersion), users.taste_salt)
        for enterprise, sectors in kinds:
            block = users.block(region, enterprise)
            random_pick = (np.ones(block.stop - block.start, bool) if everyone
                           else rng.random(block.stop - block.start) < params.reconsider_rate)
            rows, decide = choosing_users(users, block, sectors, random_pick)
            if len(rows) == 0:
                continue
            user_rows = block.start + rows
            reachable = conditions.reachable[:, region, sectors]          # firms x the block's sectors
            column_of, firms = np.divmod(np.flatnonzero(reachable.T), len(reachable))
            widths = np.bincount(column_of, minlength=len(sectors))
            served = widths > 0
            for column in np.flatnonzero(~served):     # nobody serves a market: its choosers use none
                unserved = user_rows[decide[:, column]]
                users.choice[unserved, sectors[column]] = users.secondary[unserved, sectors[column]] = NO_PROVIDER
            markets = np.flatnonzero(served)
            multi_homing = users.secondary_share[sectors[markets]] > 0
            sector_of = sectors[column_of]
            candidates = Candidates(
                firm=firms, base=base_all[firms, region, sector_of], fit=fit_all[firms],
                risk=risk_all[firms], install_cost=conditions.install_cost[firms, region, sector_of],
                starts=np.concatenate(([0], np.cumsum(widths[markets]))), market_column=markets,
                outside=world.outside_utility[sectors[markets]],
                secondary_draw=np.where(multi_homing, np.cumsum(multi_homing) - 1, -1))
            choosers = Choosers(
                local_fit=users.local_fit, privacy_sensitivity=users.privacy_sensitivity,
                decide=decide, sampled=random_pick[rows] & (not enterprise),
                uniforms=rng.random((len(rows), len(markets))),
                secondary_uniforms=rng.random((len(rows), multi_homing.sum())),
                user_id=user_rows, first_column=int(sectors[0]))
            totals, counts = np.zeros(len(markets)), np.zeros(len(markets), np.int64)
            choose_block(candidates, choosers, weights, users.choice, users.secondary, totals, counts)
            measured = counts > 0
            log_sums[region, sectors[markets[measured]]] = totals[measured] / counts[measured]
    return log_sums
