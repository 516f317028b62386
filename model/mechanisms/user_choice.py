"""User choice: each quarter some users reconsider and pick a provider by random utility.

For user ``i`` in region ``r`` choosing in sector ``s`` among the firms ``k`` operating there,

    U_ik = quality_weight * (q_ks + data_quality_weight * log(1 + pooled_data_kr))
         + network_weight * strength_s * log(0.05 + share_krs)          (network size)
         + procurement_preference_krs                                    (ICT localization)
         - friction_krs                                                  (access, reciprocity)
         + local_fit_i * (home_fit_weight + micro_bonus_k) * [k is from r] (home-market fit)
         - privacy_weight * privacy_sensitivity_i * risk_kr              (privacy risk)
         + bundling_weight * (1 - antitrust_r) * bundle_ik               (super-app bundling)
         - switching_cost * [k is not i's current provider]
         + Gumbel noise,

and the outside option (no provider) has utility ``outside_utility_s`` + Gumbel noise; the
user takes the largest (multinomial logit). ``bundle_ik`` counts the user's other sectors
served by ``k``. Users who reconsider are a random share ``reconsider_rate`` plus everyone
newly eligible (newly online, or newly paying by phone). Buyers barred by a procurement
restriction cannot pick Chinese vendors. Consumer welfare is the logit log-sum (expected
maximum utility, switching costs included), averaged over the randomly reconsidering users
(a random sample of each region's users) and summed over consumer sectors (utils per user).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from convergence.model.mechanisms import ict_localization, reciprocity
from convergence.model.mechanisms.choice_kernel import choose_block
from convergence.model.parameters import REGIONS, SECTORS
from convergence.model.users import NO_PROVIDER

if TYPE_CHECKING:
    from convergence.model.model import ConvergenceModel

PAYMENTS = SECTORS.index("payments")
NETWORK_FLOOR = 0.05
"""Share added inside the log of network size, so a new firm's network term is finite."""
ORIGIN_CN = 0


def firm_utility(model: "ConvergenceModel") -> np.ndarray:
    """User-independent part of utility (firms x regions x sectors, utils)."""
    state, params, world = model.firm_state, model.params, model.world
    n = state.count
    users = state.users[:n]
    local_share = users / np.maximum(users.sum(axis=0, keepdims=True), 1e-12)
    world_users = users.sum(axis=1, keepdims=True)
    global_share = world_users / np.maximum(world_users.sum(axis=0, keepdims=True), 1e-12)
    share = np.where(world.network_is_local[None, None, :], local_share, global_share)
    network = params.network_weight * world.network_strength * np.log(NETWORK_FLOOR + share)
    learning = params.data_quality_weight * np.log1p(model.conditions.pooled_data)
    quality = state.quality[:n, None, :] + learning[:, :, None]
    return params.quality_weight * quality + network - model.conditions.friction


def region_terms(model: "ConvergenceModel", region: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Per-firm home-fit coefficient and perceived privacy risk for users of ``region``, and
    the region's bundling weight (after its antitrust limit)."""
    state, params = model.firm_state, model.params
    n = state.count
    home = state.home_region[:n] == region
    micro_bonus = np.where(state.strategy[:n] == 1, params.micro_innovator_fit_bonus, 0.0)
    fit = home * (params.home_fit_weight + micro_bonus)
    risk = state.privacy_risk[:n] + params.foreign_privacy_penalty * ~home
    bundling = params.bundling_weight * (1.0 - _bundling_limit(model.levers, REGIONS[region]))
    return fit, risk, bundling


def choose_providers(model: "ConvergenceModel", everyone: bool = False) -> np.ndarray:
    """Let reconsidering users choose in every market; return consumer welfare by region.

    Users of one region and kind (consumers or enterprise buyers) choose in all their sectors
    in one call of the compiled kernel (:mod:`model.mechanisms.choice_kernel`). With
    ``everyone`` (initialisation) all eligible users choose and no switching cost applies.
    """
    users, state, params, world = model.users, model.firm_state, model.params, model.world
    rng, levers, n = model.rng, model.levers, state.count
    base_all = firm_utility(model)
    operating = model.conditions.operating
    origin = state.origin[:n]
    switching_cost = 0.0 if everyone else params.switching_cost
    welfare = np.zeros(len(REGIONS))
    for r in range(len(REGIONS)):
        fit_all, risk_all, bundling = region_terms(model, r)
        for enterprise in (False, True):
            sectors = np.flatnonzero(world.sector_is_enterprise == enterprise)
            block = users.block(r, enterprise)
            columns = slice(sectors[0], sectors[-1] + 1)
            eligible = np.repeat(users.online[block][:, None], len(sectors), axis=1)
            newly = np.repeat(users.newly_online[block][:, None], len(sectors), axis=1)
            if PAYMENTS in sectors:
                column = int(np.flatnonzero(sectors == PAYMENTS)[0])
                eligible[:, column] = users.pays_by_phone[block]
                newly[:, column] = users.newly_paying[block]
            random_pick = (np.ones(len(eligible), bool) if everyone
                           else rng.random(len(eligible)) < params.reconsider_rate)
            choosing = eligible & (random_pick[:, None] | newly)
            rows = np.flatnonzero(choosing.any(axis=1))
            if len(rows) == 0:
                continue
            before = users.choice[block, columns][rows]
            decide = choosing[rows]
            lists = [np.flatnonzero(operating[:, r, s]) for s in sectors]
            served = np.array([len(c) > 0 for c in lists])
            before[decide & ~served[None, :]] = NO_PROVIDER       # nobody serves the market
            markets = np.flatnonzero(served)
            candidates = np.concatenate([lists[i] for i in markets] + [np.zeros(0, np.int64)])
            widths = np.array([len(lists[i]) for i in markets], dtype=np.int64)
            sector_of = np.repeat(markets, widths)
            base = base_all[candidates, r, sectors[sector_of]]
            for i in markets:
                part = sector_of == i
                base[part] += ict_localization.procurement_preference(
                    r, sectors[i], origin[candidates[part]], levers)
            totals, counts = np.zeros(len(markets)), np.zeros(len(markets), np.int64)
            choose_block(
                base, fit_all[candidates].astype(float), risk_all[candidates],
                origin[candidates] == ORIGIN_CN, candidates.astype(np.int64),
                np.r_[0, np.cumsum(widths)].astype(np.int64), markets.astype(np.int64),
                world.outside_utility[sectors[markets]],
                np.array([reciprocity.procurement_exclusion(r, sectors[i], levers) for i in markets]),
                users.local_fit[block][rows], users.privacy_sensitivity[block][rows],
                users.exclusion_draw[block][rows], before, decide,
                random_pick[rows] & (not enterprise), rng.random((len(rows), len(markets))),
                float(params.privacy_weight), float(bundling), float(switching_cost), totals, counts)
            users.choice[block, columns][rows] = before
            welfare[r] += (totals[counts > 0] / counts[counts > 0]).sum()
    return welfare


def _bundling_limit(levers: dict, region: str) -> float:
    """Antitrust limit on bundling in a region (the rest of the world has none)."""
    name = {"CN": "china", "US": "us", "EU": "eu"}.get(region)
    return float(levers[f"{name}_antitrust_bundling_limit"]) if name else 0.0
