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

from model.mechanisms import ict_localization, reciprocity
from model.parameters import REGIONS, SECTORS
from model.users import NO_PROVIDER

if TYPE_CHECKING:
    from model.model import ConvergenceModel

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


def choice_utilities(base: np.ndarray, fit: np.ndarray, risk: np.ndarray, local_fit: np.ndarray,
                     privacy_sensitivity: np.ndarray, privacy_weight: float) -> np.ndarray:
    """Deterministic utility (users x candidates) before bundling and switching costs."""
    return (base[None, :] + local_fit[:, None] * fit[None, :]
            - privacy_weight * privacy_sensitivity[:, None] * risk[None, :])


def logit_choice(utility: np.ndarray, outside: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw each user's choice from the logit probabilities (inverse CDF, one uniform each).

    Returns the chosen candidate's index per user (-1 for the outside option) and the logit
    log-sum ``log(exp(outside) + sum_k exp(U_k))`` (utils), which comes free with the draw.
    """
    top = np.maximum(utility.max(axis=1, initial=-np.inf), outside)
    weights = np.exp(utility - top[:, None])
    outside_weight = np.exp(outside - top)
    cumulative = np.cumsum(weights, axis=1)
    cumulative += outside_weight[:, None]
    total = cumulative[:, -1]
    draw = rng.random(len(utility)) * total
    pick = (draw >= outside_weight).astype(np.int64) + (cumulative[:, :-1] <= draw[:, None]).sum(axis=1) - 1
    return pick, top + np.log(total)


def bundle_counts(other_choices: np.ndarray, candidates: np.ndarray, capacity: int) -> np.ndarray:
    """Count, per user and candidate, the user's other sectors already served by the candidate.

    ``other_choices`` is users x (other sectors) of provider rows (``NO_PROVIDER`` = none).
    """
    lookup = np.full(capacity + 1, -1)
    lookup[candidates] = np.arange(len(candidates))
    k = lookup[other_choices]                     # NO_PROVIDER (-1) reads lookup[-1] == -1
    users = np.broadcast_to(np.arange(len(other_choices))[:, None], k.shape)
    hit = k >= 0
    flat = users[hit] * len(candidates) + k[hit]
    counts = np.bincount(flat, minlength=len(other_choices) * len(candidates))
    return counts.reshape(len(other_choices), len(candidates))


def choose_providers(model: "ConvergenceModel", everyone: bool = False) -> np.ndarray:
    """Let reconsidering users choose in every market; return consumer welfare by region.

    With ``everyone`` (initialisation) all eligible users choose and no switching cost applies.
    """
    users, state, params, world = model.users, model.firm_state, model.params, model.world
    rng, levers, n = model.rng, model.levers, state.count
    base_all = firm_utility(model)
    operating = model.conditions.operating
    origin = state.origin[:n]
    strategy_bonus = np.where(state.strategy[:n] == 1, params.micro_innovator_fit_bonus, 0.0)
    welfare = np.zeros(len(REGIONS))
    for r, region in enumerate(REGIONS):
        home = state.home_region[:n] == r
        fit_all = home * (params.home_fit_weight + strategy_bonus)
        risk_all = state.privacy_risk[:n] + params.foreign_privacy_penalty * ~home
        bundling = params.bundling_weight * (1.0 - _bundling_limit(levers, region))
        for enterprise in (False, True):
            block = users.block(r, enterprise)
            choices = users.choice[block]          # a view: assignments update the users
            before = choices.copy()
            sectors = np.flatnonzero(world.sector_is_enterprise == enterprise)
            random_pick = np.ones(len(choices), bool) if everyone else (
                rng.random(len(choices)) < params.reconsider_rate)
            for s in sectors:
                eligible = (users.pays_by_phone if s == PAYMENTS else users.online)[block]
                newly = (users.newly_paying if s == PAYMENTS else users.newly_online)[block]
                chooser = np.flatnonzero(eligible & (random_pick | newly))
                candidates = np.flatnonzero(operating[:, r, s])
                if len(chooser) == 0:
                    continue
                if len(candidates) == 0:
                    choices[chooser, s] = NO_PROVIDER
                    continue
                utility = choice_utilities(
                    base_all[candidates, r, s]
                    + ict_localization.procurement_preference(r, s, origin[candidates], levers),
                    fit_all[candidates], risk_all[candidates],
                    users.local_fit[block][chooser], users.privacy_sensitivity[block][chooser],
                    params.privacy_weight)
                if bundling > 0:
                    others = before[np.ix_(chooser, sectors[sectors != s])]
                    utility += bundling * bundle_counts(others, candidates, state.capacity)
                barred_share = reciprocity.procurement_exclusion(r, s, levers)
                if barred_share > 0:
                    barred = users.exclusion_draw[block][chooser] < barred_share
                    utility[np.ix_(barred, origin[candidates] == ORIGIN_CN)] = -np.inf
                if not everyone:
                    current = before[chooser, s]
                    utility -= params.switching_cost * (
                        (current[:, None] != NO_PROVIDER) & (current[:, None] != candidates[None, :]))
                pick, log_sum = logit_choice(utility, world.outside_utility[s], rng)
                sampled = random_pick[chooser]
                if not enterprise and sampled.any():
                    welfare[r] += log_sum[sampled].mean()
                choices[chooser, s] = np.where(pick >= 0, candidates[np.maximum(pick, 0)], NO_PROVIDER)
    return welfare


def _bundling_limit(levers: dict, region: str) -> float:
    """Antitrust limit on bundling in a region (the rest of the world has none)."""
    name = {"CN": "china", "US": "us", "EU": "eu"}.get(region)
    return float(levers[f"{name}_antitrust_bundling_limit"]) if name else 0.0
