"""User choice: each quarter some users reconsider and pick a provider by random utility.

For user ``i`` in region ``r`` choosing in sector ``s`` among the firms ``k`` operating there
(or reached over a VPN, :mod:`convergence.model.mechanisms.market_access`),

    U_ik = quality_weight * (q_ks * delivered_krs + data_quality_weight * log(1 + pooled_data_kr))
         + network_weight * strength_s * scale_rs * log(0.05 + share_krs) (network size, or a
                          new category's: network_effects; scale_rs < 1 under interoperability orders)
         + procurement_preference_krs                                    (ICT localization)
         - procurement_cost_krs                       (U.S. procurement restriction)
         - friction_krs         (access, VPN, reciprocity, app bans, export controls, retaliation)
         + log(awareness_kr)          (share of region r's users who know of k: awareness)
         - install_cost_krs * [k is not a provider i uses now]                    (app bans)
         + local_fit_i * (home_fit_weight + micro_bonus_k) * [k is from r] (home-market fit)
         - privacy_weight * privacy_sensitivity_i * risk_kr              (privacy risk)
         - device_price_weight * (relative_price_k - 1) * price_sensitivity_i
                                              (devices: price against income, device_prices)
         + taste_dispersion * taste_iks            (the user's persistent taste for k, N(0, 1);
                                                    hardware_taste_dispersion for devices and equipment)
         + bundling_weight * (1 - antitrust_r) * bundle_ik               (super-app bundling)
         - switching_cost * [k is not a provider i uses now]
         + Gumbel noise,

and the outside option (no provider) has utility ``outside_utility_s`` + Gumbel noise; the
user takes the largest (multinomial logit). The switching cost spares the providers the user
already uses in the market (its primary and, multi-homing, its secondary provider).

where ``delivered_krs = 1 - foreignness_discount_s * (1 - localisation_kr)`` is the share of its
quality a firm delivers outside its home while its product is not yet adapted to region r
(:mod:`convergence.model.mechanisms.foreignness`; 1 at home; the hardware discount for devices
and ICT equipment).

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
from numba import njit

from convergence.model.conditions import MarketConditions
from convergence.model.dimensions import REGION_INFO, Region, Sector, Strategy
from convergence.model.firm_state import FirmState
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import awareness, device_prices, foreignness, ict_localization, reciprocity
from convergence.model.mechanisms.choice_kernel import Candidates, Choosers, UtilityWeights, choose_block
from convergence.model.parameters import Parameters, Value
from convergence.model.users import NO_PROVIDER, UserPopulation

NETWORK_FLOOR = 0.05
"""Share added inside the log of network size, so a new firm's network term is finite."""


def firm_utility(state: FirmState, params: Parameters, world: WorldData,
                 conditions: MarketConditions) -> np.ndarray:
    """User-independent part of utility (firms x regions x sectors, utils)."""
    n = state.count
    network = (params.network_weight * world.network_strength * conditions.network_scale[None]
               * np.log(NETWORK_FLOOR + conditions.network_share))
    learning = params.data_quality_weight * np.log1p(conditions.pooled_data)
    delivered = foreignness.quality_delivered(state, params, world.sector_is_hardware)
    quality = state.quality[:n, None, :] * delivered + learning[:, :, None]
    utility = params.quality_weight * quality + network - conditions.friction
    if awareness.is_active(params):
        utility += awareness.consideration_utility(state, params)
    return utility


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
    cost of Chinese ones, per firm, region and sector (two arrays, firms x regions x sectors, utils).

    Both are 0 outside the markets their mechanisms name (China's localized sectors, the U.S.'s
    procurement sectors), so only those markets are asked."""
    preference = np.zeros((len(origin), len(Region), n_sectors))
    cost = np.zeros_like(preference)
    for sector in ict_localization.LOCALIZED_SECTORS:
        if sector < n_sectors:
            preference[:, Region.CN, sector] = ict_localization.procurement_preference(Region.CN, sector, origin,
                                                                                       levers)
    for sector in reciprocity.PROCUREMENT_SECTORS:
        if sector < n_sectors:
            cost[:, Region.US, sector] = reciprocity.procurement_cost(Region.US, sector, origin, levers,
                                                                      params.us_procurement_cost)
    return preference, cost


def choosing_users(users: UserPopulation, block: slice, n_columns: int, payments_column: int,
                   random_pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The users of ``block`` who choose in some of its ``n_columns`` sectors (rows from the
    block's start) and where they choose (those rows x sectors): users eligible (online; in
    payments, column ``payments_column`` or -1 if the block has none, paying by phone) who
    reconsider (``random_pick``) or have just become eligible."""
    return _choosing(users.online[block], users.newly_online[block], users.pays_by_phone[block],
                     users.newly_paying[block], random_pick, n_columns, payments_column)


@njit(cache=True, nogil=True)
def _choosing(online, newly_online, pays_by_phone, newly_paying, random_pick, n_columns, payments_column):
    """:func:`choosing_users` on the block's flags (compiled; the rows are gathered without
    branches on the random picks, then only the choosers' ``decide`` rows are filled)."""
    has_payments = payments_column >= 0
    chooses = np.empty(len(online), np.bool_)
    for i in range(len(online)):
        chooses[i] = ((online[i] & (random_pick[i] | newly_online[i]))
                      | (has_payments & pays_by_phone[i] & (random_pick[i] | newly_paying[i])))
    rows = np.empty(chooses.sum() + 1, np.int64)
    row = 0
    for i in range(len(online)):
        rows[row] = i                      # overwritten by the next user unless this one chooses
        row += chooses[i]
    rows = rows[:row]
    decide = np.empty((row, n_columns), np.bool_)
    for r in range(row):
        i = rows[r]
        chooses_online = online[i] & (random_pick[i] | newly_online[i])
        for column in range(n_columns):
            decide[r, column] = chooses_online
        if has_payments:
            decide[r, payments_column] = pays_by_phone[i] & (random_pick[i] | newly_paying[i])
    return rows, decide


@njit(cache=True, nogil=True)
def candidate_lists(reachable):
    """The candidates of a block's markets from ``reachable`` (firms x the block's sectors): the
    candidates' firm rows and block columns, market by market (columns in order, firms in row
    order), the markets' first candidates (``starts``, one more than markets) and the served
    columns (``markets``; a column nobody serves is no market)."""
    n_firms, n_columns = reachable.shape
    count = 0
    served = 0
    for column in range(n_columns):
        width = 0
        for f in range(n_firms):
            width += reachable[f, column]
        count += width
        served += width > 0
    firms = np.empty(count, np.int64)
    column_of = np.empty(count, np.int64)
    starts = np.zeros(served + 1, np.int64)
    markets = np.empty(served, np.int64)
    c = 0
    j = 0
    for column in range(n_columns):
        for f in range(n_firms):
            if reachable[f, column]:
                firms[c] = f
                column_of[c] = column
                c += 1
        if c > starts[j]:
            markets[j] = column
            starts[j + 1] = c
            j += 1
    return firms, column_of, starts, markets


@njit(cache=True, nogil=True)
def block_candidates(reachable, base, fit, risk, install_cost, price, outside_utility, secondary_share):
    """The :class:`Candidates` fields of one block of users and its number of multi-homing
    markets, from the block's columns of ``reachable``, ``base``, ``install_cost`` and ``price``
    (firms x the block's sectors), the firms' ``fit`` and ``risk`` and the block's sectors'
    ``outside_utility`` and ``secondary_share`` (compiled: the candidates of
    :func:`candidate_lists` and their values gathered in one call)."""
    firms, column_of, starts, markets = candidate_lists(reachable)
    n = len(firms)
    candidate_base, candidate_fit = np.empty(n), np.empty(n)
    candidate_risk, candidate_install_cost, candidate_price = np.empty(n), np.empty(n), np.empty(n)
    for c in range(n):
        firm, column = firms[c], column_of[c]
        candidate_base[c] = base[firm, column]
        candidate_fit[c] = fit[firm]
        candidate_risk[c] = risk[firm]
        candidate_install_cost[c] = install_cost[firm, column]
        candidate_price[c] = price[firm, column]
    outside = np.empty(len(markets))
    secondary_draw = np.full(len(markets), -1, np.int64)     # the k-th multi-homing market draws column k
    multi_homing = 0
    for j in range(len(markets)):
        outside[j] = outside_utility[markets[j]]
        if secondary_share[markets[j]] > 0:
            secondary_draw[j] = multi_homing
            multi_homing += 1
    return (firms, candidate_base, candidate_fit, candidate_risk, candidate_install_cost, candidate_price, starts,
            markets, outside, secondary_draw), multi_homing


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
    kinds = []
    for enterprise in (False, True):
        sectors = np.flatnonzero(world.sector_is_enterprise == enterprise)
        if sectors[-1] - sectors[0] + 1 != len(sectors):      # the kernel addresses a block's columns by range
            raise ValueError("the consumer sectors and the enterprise sectors must each be contiguous columns")
        payments = np.flatnonzero(sectors == int(Sector.PAYMENTS))
        kinds.append((enterprise, sectors, slice(int(sectors[0]), int(sectors[-1]) + 1),
                      int(payments[0]) if len(payments) else -1))
    taste_dispersion = np.where(world.sector_is_hardware, float(params.hardware_taste_dispersion),
                                float(params.taste_dispersion))
    price = device_prices.price_premium(state, world)
    for region in Region:
        fit_all, risk_all, bundling = region_terms(state, params, levers, region)
        for enterprise, sectors, columns, payments_column in kinds:
            weights = UtilityWeights(float(params.privacy_weight), float(params.device_price_weight), float(bundling),
                                     float(switching_cost), taste_dispersion[columns], users.taste_salt)
            block = users.block(region, enterprise)
            random_pick = (np.ones(block.stop - block.start, bool) if everyone
                           else rng.random(block.stop - block.start) < params.reconsider_rate)
            rows, decide = choosing_users(users, block, len(sectors), payments_column, random_pick)
            if len(rows) == 0:
                continue
            user_rows = block.start + rows
            fields, n_multi_homing = block_candidates(
                conditions.reachable[:, region, columns], base_all[:, region, columns], fit_all, risk_all,
                conditions.install_cost[:, region, columns], price[:, columns], world.outside_utility[columns],
                users.secondary_share[columns])
            candidates = Candidates(*fields)
            markets = candidates.market_column
            if len(markets) < len(sectors):            # nobody serves a market: its choosers use none
                for column in np.setdiff1d(np.arange(len(sectors)), markets):
                    unserved = user_rows[decide[:, column]]
                    users.choice[unserved, sectors[column]] = users.secondary[unserved, sectors[column]] = NO_PROVIDER
            choosers = Choosers(
                local_fit=users.local_fit, privacy_sensitivity=users.privacy_sensitivity,
                price_sensitivity=users.price_sensitivity,
                decide=decide, sampled=random_pick[rows] & (not enterprise),
                uniforms=rng.random((len(rows), len(markets))),
                secondary_uniforms=rng.random((len(rows), n_multi_homing)),
                user_id=user_rows, first_column=int(sectors[0]))
            totals, counts = np.zeros(len(markets)), np.zeros(len(markets), np.int64)
            choose_block(candidates, choosers, weights, users.choice, users.secondary, totals, counts)
            measured = counts > 0
            log_sums[region, sectors[markets[measured]]] = totals[measured] / counts[measured]
    return log_sums
