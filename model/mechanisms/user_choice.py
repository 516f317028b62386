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
    base_all = firm_utility(state, params, world, conditions)
    reachable = conditions.reachable
    origin = state.origin[: state.count]
    switching_cost = 0.0 if everyone else params.switching_cost
    log_sums = np.full((len(Region), len(world.sector_is_enterprise)), np.nan)
    for region in Region:
        fit_all, risk_all, bundling = region_terms(state, params, levers, region)
        weights = UtilityWeights(float(params.privacy_weight), float(bundling), float(switching_cost),
                                 float(params.taste_dispersion), users.taste_salt)
        for enterprise in (False, True):
            sectors = np.flatnonzero(world.sector_is_enterprise == enterprise)
            block = users.block(region, enterprise)
            columns = slice(sectors[0], sectors[-1] + 1)
            eligible = np.repeat(users.online[block][:, None], len(sectors), axis=1)
            newly = np.repeat(users.newly_online[block][:, None], len(sectors), axis=1)
            if Sector.PAYMENTS in sectors:
                column = int(np.flatnonzero(sectors == Sector.PAYMENTS)[0])
                eligible[:, column] = users.pays_by_phone[block]
                newly[:, column] = users.newly_paying[block]
            random_pick = (np.ones(len(eligible), bool) if everyone
                           else rng.random(len(eligible)) < params.reconsider_rate)
            choosing = eligible & (random_pick[:, None] | newly)
            rows = np.flatnonzero(choosing.any(axis=1))
            if len(rows) == 0:
                continue
            choice = users.choice[block, columns][rows]
            secondary = users.secondary[block, columns][rows]
            decide = choosing[rows]
            lists = [np.flatnonzero(reachable[:, region, s]) for s in sectors]
            served = np.array([len(c) > 0 for c in lists])
            choice[decide & ~served[None, :]] = NO_PROVIDER       # nobody serves the market
            secondary[decide & ~served[None, :]] = NO_PROVIDER
            markets = np.flatnonzero(served)
            multi_homing = users.secondary_share[sectors[markets]] > 0
            secondary_draw = np.where(multi_homing, np.cumsum(multi_homing) - 1, -1).astype(np.int64)
            firms = np.concatenate([lists[i] for i in markets] + [np.zeros(0, np.int64)])
            widths = np.array([len(lists[i]) for i in markets], dtype=np.int64)
            sector_of = np.repeat(markets, widths)
            base = base_all[firms, region, sectors[sector_of]]
            for i in markets:
                part = sector_of == i
                base[part] += ict_localization.procurement_preference(
                    region, sectors[i], origin[firms[part]], levers)
                base[part] -= reciprocity.procurement_cost(region, sectors[i], origin[firms[part]], levers,
                                                           params.us_procurement_cost)
            candidates = Candidates(
                firm=firms.astype(np.int64), base=base, fit=fit_all[firms].astype(float), risk=risk_all[firms],
                install_cost=conditions.install_cost[firms, region, sectors[sector_of]],
                starts=np.r_[0, np.cumsum(widths)].astype(np.int64),
                market_column=markets.astype(np.int64), outside=world.outside_utility[sectors[markets]],
                secondary_draw=secondary_draw)
            choosers = Choosers(
                local_fit=users.local_fit[block][rows], privacy_sensitivity=users.privacy_sensitivity[block][rows],
                decide=decide,
                sampled=random_pick[rows] & (not enterprise), uniforms=rng.random((len(rows), len(markets))),
                secondary_uniforms=(rng.random((len(rows), multi_homing.sum())) if multi_homing.any()
                                    else np.empty((len(rows), 0))),
                user_id=(block.start + rows).astype(np.int64))
            totals, counts = np.zeros(len(markets)), np.zeros(len(markets), np.int64)
            choose_block(candidates, choosers, weights, choice, secondary, totals, counts)
            users.choice[block, columns][rows] = choice
            users.secondary[block, columns][rows] = secondary
            measured = counts > 0
            log_sums[region, sectors[markets[measured]]] = totals[measured] / counts[measured]
    return log_sums
