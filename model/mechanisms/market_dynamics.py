"""Market dynamics: accounts, entry, exit, expansion, acquisitions and cross-border deals.

* **Accounts** (USD bn per quarter) - revenue of a market = users (M) x the market's ARPU
  (USD per user per quarter) x the firm's monetization / 1000, both growing as
  ``convergence.model.mechanisms.monetization`` describes, less the local partner's share (ICT
  localization), which the Chinese cloud firms receive, and, in China's payments market, times
  the share the fintech curbs leave (``platform_regulation.revenue_retained``);
  market profit = operating margin x revenue - fixed cost of serving the market - compliance
  cost (data localization and the data rules of ``data_rules``) - antitrust fines
  (``platform_regulation``), both booked by region, spread over the region's markets by revenue. The fixed cost scales
  with the market's size and the firm's monetization:
  ``break_even_share x margin x market revenue x monetization``, so before compliance costs
  a firm breaks even at a share of ``break_even_share``. R&D = R&D intensity x
  revenue; cash accumulates profit less R&D.
* **Exit** - a firm losing money in a market leaves it with a probability that rises with its
  run of losing quarters ``s`` (discrete Weibull hazard of shape 4: cumulative hazard
  ``(s / scale)^4``, ``scale = exit_patience_quarters / Gamma(1.25)``), so it leaves after
  ``exit_patience_quarters`` losing quarters on average, at a date that varies. A foreign
  firm serves China through a local entity (a joint venture or VIE) that it can sell but not
  take home: leaving China, it sells that operation's users to the bidder that values them
  most: among the firms operating there at a profit, the highest revenue per user not yet its
  own (times one minus its share) times the chance the regulator lets the deal through (foreign
  bidders may not buy into a Chinese market closed to them). Uber China going to Didi (2016) is
  one outcome, not a rule. Other exits close the service. With no bidder, the sale blocked, or
  a closure, the users choose again (or, multi-homing, keep their secondary provider, which
  becomes their primary). A firm left with no market is removed.
* **Entry** - ``Poisson(entry_rate x capital_availability x profitability)`` entrants per
  quarter per home economy (China, U.S., others), where profitability is the home firms'
  margin relative to 15% (clipped to 0.25-2). An entrant serves one sector at home, chosen by
  revenue, starting at ``entrant_quality_ratio`` x the incumbents' mean quality; disruptors
  bring a new feature, copycats and micro-innovators the sector leader's features. A share
  ``china_global_launch_share`` (``us_global_launch_share``) of Chinese (U.S.) entrants, and
  every disruptor entrant founded on a breakthrough (probability ``breakthrough_share``),
  launch in every region they may serve from the start, with a product built for them (fully
  localised there, :mod:`convergence.model.mechanisms.foreignness`) - with
  ``global_launch_needs_local_operations``, only in sectors served from home (not e-commerce,
  payments or ride-hailing, which need operations in each market).
* **Expansion** - with probability ``expansion_rate`` per quarter a large firm (revenue >=
  USD 1 bn per quarter) profitable at home enters one more region for a sector in which it
  holds at least 20% of its home market, where access is not blocked and which it has not left
  before.
* **Acquisitions** - a large firm (revenue >= USD 1 bn per quarter) tries with probability
  ``acquisition_rate`` to buy a rival below a tenth of its size (and not itself large)
  that competes with it in one of its markets (region x sector); a cross-border deal is screened by the target's
  regulator, and China blocks every foreign purchase of a firm serving a Chinese market closed
  (even partly) to the buyer.
* **Cross-border investment** - large Chinese and U.S. firms make ``Poisson(cross_border_deal_rate)``
  minority investments per quarter in the other economy or elsewhere; screening blocks some;
  successful deals add investment links, which open the diffusion channel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numba import njit

from convergence.model.calendar import step_to_year
from convergence.model.dimensions import HOME_REGION_OF_ORIGIN, Origin, Region, Strategy
from convergence.model.events import StepEvents
from convergence.model.firm_lifecycle import FirmLifecycle
from convergence.model.firm_state import NEVER, FirmState
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import (
    app_bans,
    countermeasures,
    data_localization,
    data_rules,
    device_prices,
    export_controls,
    foreignness,
    ict_localization,
    innovation_diffusion,
    market_access,
    monetization,
    platform_regulation,
    reciprocity,
)
from convergence.model.parameters import Parameters, Value
from convergence.model.users import UserPopulation, count_use, market_use

LARGE_FIRM_REVENUE_BN = 1.0
"""Quarterly revenue (USD bn) from which a firm acquires rivals, invests across borders and
expands into other regions."""
REFERENCE_MARGIN = 0.15
"""Operating margin at which entry runs at its parameter rate."""
ENTRANT_RD_INTENSITY = {Strategy.DISRUPTOR: 0.20, Strategy.MICRO_INNOVATOR: 0.10, Strategy.COPYCAT: 0.05}
"""R&D / revenue of entrants by strategy."""
ENTRANT_PRIVACY_RISK = {Origin.CN: 0.4, Origin.US: 0.3, Origin.OTHER: 0.3}
"""Perceived privacy risk of entrants by origin (risk units)."""
ENTRANT_CASH_BN = 0.05
"""Cash an entrant starts with (USD bn)."""
EXPANSION_HOME_SHARE = 0.2
"""Home-market share in a sector from which a firm expands that sector to other regions."""
EXIT_HAZARD_SHAPE = 4.0
"""Shape of the Weibull distribution of losing quarters before exit: the hazard rises with the
run of losses (shape > 1), and a shape of 4 keeps most exits within a few quarters of the mean
(the standard deviation is 28% of it), so young firms still get time to reach break-even."""


def market_users(users: UserPopulation, n_firms: int, sector_is_enterprise: np.ndarray) -> np.ndarray:
    """Users (millions of user-equivalents of use; firm rows x regions x sectors) from the users'
    current choices.

    A user counts 1 for its primary provider, or, multi-homing, ``1 - secondary_share`` for its
    primary and ``secondary_share`` for its secondary provider (:func:`count_use`). Every user of
    a block (region x kind) has the same weight, which scales the block's count.
    """
    result = np.zeros((n_firms, len(Region), len(sector_is_enterprise)))
    blocks = []                                 # (first user, end, region, first column, end column)
    for enterprise in (False, True):
        sectors = np.flatnonzero(sector_is_enterprise == enterprise)           # contiguous columns
        for region in Region:
            block = users.block(region, enterprise)
            if block.stop > block.start:
                blocks.append((block.start, block.stop, int(region), int(sectors[0]), int(sectors[-1]) + 1))
    _count_blocks(users.choice, users.secondary, users.secondary_share, users.weight, np.array(blocks, np.int64),
                  result)
    return result


@njit(cache=True, nogil=True)
def _count_blocks(choice, secondary, secondary_share, weight, blocks, result):
    """:func:`market_users` in one compiled call: each block's use (:func:`count_use`) times its
    users' weight, into ``result`` (firms x regions x sectors) at its region and columns."""
    n_firms = result.shape[0]
    for b in range(len(blocks)):
        start, stop, region, first, end = blocks[b]
        counts = count_use(choice[start:stop, first:end], secondary[start:stop, first:end],
                           secondary_share[first:end], n_firms)
        for s in range(end - first):
            for f in range(n_firms):
                result[f, region, first + s] = counts[s, f] * weight[start]


def update_accounts(state: FirmState, users: UserPopulation, world: WorldData, params: Parameters,
                    levers: Mapping[str, Value], operating: np.ndarray, step: int,
                    app_measures: app_bans.AppBanClock | None = None) -> None:
    """Book users, revenue, compliance cost, profit, R&D, cash, losses and data of quarter ``step``
    into ``state`` (``operating``: firms x regions x sectors served this quarter; ``app_measures``:
    the app measures in force, whose data-handling remedies are a compliance cost)."""
    n = state.count
    counted = market_users(users, n, world.sector_is_enterprise)
    origin = state.origin[:n]
    years = step_to_year(step)
    arpu = monetization.market_revenue_per_user(world.arpu, params, years)
    firm_factor = monetization.firm_monetization(state.monetization[:n], state.monetization_growth[:n], params,
                                                 years)
    price_factor = device_prices.revenue_factor(state, world, params)
    gross = (counted * (arpu * platform_regulation.revenue_retained(levers))[None]
             * (firm_factor[:, None] * state.sector_revenue_factor[:n] * price_factor)[:, None, :] / 1000.0)
    paid_to_partners = gross * ict_localization.partner_revenue_share(origin, levers)
    revenue = gross - paid_to_partners + ict_localization.partner_receipts(paid_to_partners, origin, counted)
    revenue_region = revenue.sum(axis=2)
    compliance = (data_localization.compliance_costs(origin, state.home_region[:n],
                                                     operating.any(axis=2), revenue_region, levers)
                  + data_rules.compliance_costs(origin, operating.any(axis=2), revenue_region, levers))
    fines = platform_regulation.antitrust_fines(counted, revenue_region, levers, params)
    compliance += app_bans.remedy_costs(origin, operating, app_measures or app_bans.AppBanClock(), params)
    markets_in_region = np.maximum(operating.sum(axis=2, keepdims=True), 1)
    allocation = np.where(revenue_region[:, :, None] > 0,
                          revenue / np.maximum(revenue_region[:, :, None], 1e-300),
                          operating / markets_in_region)
    market_revenue = counted.sum(axis=0) * arpu / 1000.0          # regions x sectors, at average monetization
    fixed_cost = (params.break_even_share * world.operating_margin * market_revenue[None]
                  * firm_factor[:, None, None])
    profit = (world.operating_margin * revenue - fixed_cost * operating
              - (compliance + fines)[:, :, None] * allocation
              - export_controls.input_cost(state, revenue, world.operating_margin, params))
    state.revenue_market[:n] = revenue
    state.profit_market[:n] = profit
    state.compliance_cost[:n] = compliance.sum(axis=1)
    state.revenue[:n] = revenue.sum(axis=(1, 2))
    state.rd_spend[:n] = state.rd_intensity[:n] * state.revenue[:n]
    state.cash[:n] += profit.sum(axis=(1, 2)) - state.rd_spend[:n]
    state.users[:n] = counted
    state.loss_streak[:n] = np.where(operating & (profit < 0), state.loss_streak[:n] + 1, 0)
    state.data[:n] = (1.0 - params.data_decay) * state.data[:n] + counted.sum(axis=2)


def domestic_leader(state: FirmState, operating: np.ndarray, region_origin: np.ndarray, region: int,
                    sector: int, exclude: int) -> int | None:
    """Row of the home-economy firm with most users in a market, if any operates there
    (among the firms of ``operating``, those that existed at the start of the quarter)."""
    n = len(operating)
    eligible = operating[:, region, sector] & (state.origin[:n] == region_origin[region])
    if exclude < n:
        eligible[exclude] = False
    if not eligible.any():
        return None
    return int(np.flatnonzero(eligible)[np.argmax(state.users[:n, region, sector][eligible])])


def exit_hazard(loss_streak: np.ndarray, patience: float) -> np.ndarray:
    """Probability of leaving a losing market this quarter (discrete Weibull hazard of shape
    ``EXIT_HAZARD_SHAPE``).

    After ``s`` consecutive losing quarters the cumulative hazard is ``(s / scale)^shape`` with
    ``scale = patience / Gamma(1 + 1 / shape)``: a firm losing money leaves after ``patience``
    losing quarters on average, and the longer the losses last (a subsidy war), the likelier it
    gives up this quarter. 0 where the streak is 0.
    """
    scale = patience / math.gamma(1.0 + 1.0 / EXIT_HAZARD_SHAPE)
    hazard = np.zeros(loss_streak.shape)
    losing = loss_streak > 0
    streak = loss_streak[losing].astype(float)
    increment = (streak ** EXIT_HAZARD_SHAPE - (streak - 1.0) ** EXIT_HAZARD_SHAPE) / scale ** EXIT_HAZARD_SHAPE
    hazard[losing] = -np.expm1(-increment)
    return hazard


def best_bidder(state: FirmState, operating: np.ndarray, levers: Mapping[str, Value], region_origin: np.ndarray,
                seller: int, region: int, sector: int) -> tuple[int | None, float]:
    """The firm that values a leaving firm's users in a market most, and the chance its purchase
    is blocked.

    Bidders are the other firms operating in the market at a profit there. Users are worth
    their revenue per user to a bidder (its margin in the sector is the same for all), times
    the share of them it would not win anyway when they choose again (one minus its market
    share), times the chance the market's regulator lets the deal through (:func:`block_probability`); a
    foreign bidder may not buy users in a Chinese market closed (even partly) to it. Returns
    ``(None, 0)`` with no bidder.
    """
    n = len(operating)
    users = state.users[:n, region, sector]
    bidders = operating[:, region, sector] & (state.profit_market[:n, region, sector] > 0) & (users > 0)
    bidders[seller] = False
    if region == Region.CN:
        access = market_access.access_shares(state.origin[:n], levers)[:, Region.CN, sector]
        bidders &= access >= 1.0
    if not bidders.any():
        return None, 0.0
    rows = np.flatnonzero(bidders)
    blocked = np.array([block_probability(levers, region_origin, int(state.origin[row]), region) for row in rows])
    share = users[rows] / users[operating[:, region, sector]].sum()
    value = state.revenue_market[rows, region, sector] / users[rows] * (1.0 - share) * (1.0 - blocked)
    best = int(np.argmax(value))
    return (int(rows[best]), float(blocked[best])) if value[best] > 0 else (None, 0.0)


def exit_loss_making_markets(lifecycle: FirmLifecycle, operating: np.ndarray, region_origin: np.ndarray,
                             params: Parameters, levers: Mapping[str, Value], rng: np.random.Generator, step: int,
                             events: StepEvents) -> None:
    """Withdraw firms from losing markets with the probability :func:`exit_hazard` gives; a
    foreign firm leaving China sells its local operation's users to the best bidder
    (:func:`best_bidder`); with none, the sale blocked, or any other exit (a closure), the users
    choose again. Retire firms left with no market (and none scheduled)."""
    state, users = lifecycle.state, lifecycle.users
    n = len(operating)
    streak = np.where(operating, state.loss_streak[:n], 0)
    hazard = exit_hazard(streak, params.exit_patience_quarters)
    leaving = rng.random(hazard.shape) < hazard
    for row, region, sector in np.argwhere(leaving):
        state.present[row, region, sector] = False
        state.exited[row, region, sector] = True
        state.loss_streak[row, region, sector] = 0
        events.exits[region, int(state.origin[row])] += 1
        buyer, block = (best_bidder(state, operating, levers, region_origin, int(row), int(region), int(sector))
                        if region == Region.CN and state.origin[row] != Origin.CN else (None, 0.0))
        if buyer is not None and rng.random() < block:
            events.deals_blocked[region] += 1
            buyer = None
        if buyer is None:
            users.drop_provider(int(row), region, sector)
            if users.secondary_share[sector] > 0:       # its users' secondaries became their primaries
                state.users[: state.count, region, sector] = market_use(users, state.count, region, sector)
        else:
            users.transfer_provider(int(row), buyer, region, sector)
            state.users[buyer, region, sector] += state.users[row, region, sector]
        state.users[row, region, sector] = 0.0
    scheduled = (state.entry_step[:n] > step) & (state.entry_step[:n] != NEVER)
    gone = state.active[:n] & ~state.present[:n].any(axis=(1, 2)) & ~scheduled.any(axis=(1, 2))
    for row in np.flatnonzero(gone):
        lifecycle.retire(int(row))


def _home_profitability(state: FirmState, origin: Origin) -> float:
    """Margin of the firms of one origin last quarter, relative to 15%, clipped to 0.25-2."""
    n = state.count
    mine = state.active[:n] & (state.origin[:n] == origin)
    revenue = state.revenue[:n][mine].sum()
    if revenue <= 0:
        return 1.0
    margin = state.profit_market[:n][mine].sum() / revenue
    return float(np.clip(margin / REFERENCE_MARGIN, 0.25, 2.0))


def enter_new_firms(lifecycle: FirmLifecycle, operating: np.ndarray, region_origin: np.ndarray,
                    population: np.ndarray, params: Parameters, levers: Mapping[str, Value],
                    rng: np.random.Generator, step: int, events: StepEvents, *,
                    sector_is_hardware: np.ndarray, needs_local_operations: np.ndarray) -> None:
    """Create this quarter's entrants (Poisson per home economy); ``population`` (millions per
    region) splits the 'other' entrants between the regions of that origin (the EU, India,
    Southeast Asia and the rest of the world); ``sector_is_hardware`` (per sector) says where a
    disruptor cannot be founded on a breakthrough (:func:`innovation_diffusion.opens_category`),
    ``needs_local_operations`` (per sector) where an entrant cannot launch abroad from home when
    ``global_launch_needs_local_operations`` is on."""
    state = lifecycle.state
    china_launch_share = params.china_global_launch_share * countermeasures.abroad_expansion_factor(Origin.CN, levers)
    plans = ((Origin.CN, params.china_entry_rate, params.china_copycat_share, params.china_disruptor_share,
              china_launch_share),
             (Origin.US, params.us_entry_rate, params.us_copycat_share, params.us_disruptor_share,
              params.us_global_launch_share),
             (Origin.OTHER, params.other_entry_rate, params.other_copycat_share, params.other_disruptor_share, 0.0))
    other_homes = np.flatnonzero(region_origin == Origin.OTHER)
    other_home_weights = population[other_homes] / population[other_homes].sum()
    home_only = needs_local_operations & bool(params.global_launch_needs_local_operations)     # per sector
    for origin, rate, copycat_share, disruptor_share, global_share in plans:
        allowed = market_access.access_shares(np.array([origin]), levers)[0] > 0     # regions x sectors
        expected = rate * params.capital_availability * _home_profitability(state, origin)
        for _ in range(rng.poisson(expected)):
            if origin == Origin.OTHER:
                home = Region(int(rng.choice(other_homes, p=other_home_weights)))
            else:
                home = HOME_REGION_OF_ORIGIN[origin]
            draw = rng.random()
            strategy = Strategy.COPYCAT if draw < copycat_share else (
                Strategy.DISRUPTOR if draw < copycat_share + disruptor_share else Strategy.MICRO_INNOVATOR)
            row, sector, breakthrough = _create_entrant(lifecycle, operating, region_origin, params, rng, step,
                                                        origin, home, strategy, sector_is_hardware)
            launches = breakthrough or rng.random() < global_share            # the draw as without the rule
            if launches and not home_only[sector]:
                innovation_diffusion.launch_everywhere(lifecycle.state, row, sector, allowed[:, sector], step)
                foreignness.launch_localised(lifecycle.state, row, allowed[:, sector])
            events.entries[home] += 1


def _create_entrant(lifecycle: FirmLifecycle, operating: np.ndarray, region_origin: np.ndarray,
                    params: Parameters, rng: np.random.Generator, step: int, origin: Origin, home: Region,
                    strategy: Strategy, sector_is_hardware: np.ndarray) -> tuple[int, int, bool]:
    """An entrant in one sector at home: disruptors bring a new feature (a breakthrough with
    probability ``breakthrough_share``, :func:`innovation_diffusion.opens_category`), the others
    the sector leader's features. Returns its
    row, its sector and whether it was founded on a breakthrough."""
    state, features = lifecycle.state, lifecycle.features
    n = len(operating)                          # firms that existed at the start of the quarter
    revenue = state.revenue_market[:n, home].sum(axis=0)
    weights = revenue / revenue.sum() * 0.5 + 0.5 / len(revenue) if revenue.sum() > 0 else None
    sector = int(rng.choice(len(revenue), p=weights))
    incumbents = operating[:, home, sector]
    mean_quality = state.quality[:n, sector][incumbents].mean() if incumbents.any() else 1.0
    row = lifecycle.add_entrant(origin, home, strategy, rd_intensity=ENTRANT_RD_INTENSITY[strategy],
                                privacy_risk=ENTRANT_PRIVACY_RISK[origin])
    state.serves[row, sector] = True
    state.present[row, home, sector] = True
    state.entry_step[row, home, sector] = step
    state.quality[row, sector] = params.entrant_quality_ratio * mean_quality
    state.cash[row] = ENTRANT_CASH_BN
    breakthrough = False
    if strategy == Strategy.DISRUPTOR:
        breakthrough = innovation_diffusion.opens_category(params, sector_is_hardware, sector, rng)
        gain = (params.breakthrough_quality_gain if breakthrough
                else params.feature_quality_gain * rng.uniform(0.5, 1.5))
        feature = features.create(sector, origin, home, gain, step, breakthrough)
        features.has[row, feature] = True
        state.quality[row, sector] += gain
    else:
        leader = domestic_leader(state, operating, region_origin, home, sector, row)
        if leader is not None:
            in_sector = features.sector[: features.count] == sector
            features.has[row, : features.count] |= features.has[leader, : features.count] & in_sector
    return row, sector, breakthrough


def consider_expansion(state: FirmState, row: int, params: Parameters, levers: Mapping[str, Value],
                       rng: np.random.Generator, access: np.ndarray, step: int) -> None:
    """Enter one more market for a sector served, if profitable at home (random draw, at a rate
    China's overseas-listing reviews lower for Chinese firms); ``access`` is this quarter's
    firms x regions x sectors market access."""
    rate = params.expansion_rate * countermeasures.abroad_expansion_factor(int(state.origin[row]), levers)
    if rng.random() >= rate:
        return
    home = int(state.home_region[row])
    if (state.profit_market[row, home].sum() <= 0 or state.cash[row] <= 0
            or state.revenue[row] < LARGE_FIRM_REVENUE_BN):
        return
    home_share = state.users[row, home] / np.maximum(state.users[:, home].sum(axis=0), 1e-12)
    leader = home_share >= EXPANSION_HOME_SHARE                    # sectors led at home
    options = np.argwhere(state.serves[row][None, :] & leader[None, :] & ~state.present[row]
                          & ~state.exited[row] & (access[row] > 0))
    if len(options) == 0:
        return
    region, sector = options[rng.integers(len(options))]
    state.present[row, region, sector] = True
    state.entry_step[row, region, sector] = step
    state.loss_streak[row, region, sector] = 0


def block_probability(levers: Mapping[str, Value], region_origin: np.ndarray, acquirer_origin: int,
                      target_home: int) -> float:
    """Chance that the target's regulator blocks a deal by an acquirer of another origin."""
    if region_origin[target_home] == acquirer_origin:
        return 0.0
    if target_home == Region.CN:
        return float(levers["china_investment_screening"])
    if target_home == Region.US:
        return reciprocity.us_deal_block_probability(levers) if acquirer_origin == Origin.CN else 0.0
    if target_home == Region.EU:
        return float(levers["eu_investment_screening"])
    return 0.0


def closed_to_acquirer(state: FirmState, levers: Mapping[str, Value], acquirer: int, target: int) -> bool:
    """True where the target serves a Chinese market closed (even partly) to the acquirer's
    origin: China does not let a foreign firm buy its way into a sector it may not enter."""
    if not state.present[target, Region.CN].any() or state.origin[acquirer] == Origin.CN:
        return False
    access = market_access.access_shares(state.origin[[acquirer]], levers)[0, Region.CN]
    return bool((access[state.present[target, Region.CN]] < 1.0).any())


def acquisitions(lifecycle: FirmLifecycle, operating: np.ndarray, region_origin: np.ndarray,
                 params: Parameters, levers: Mapping[str, Value], rng: np.random.Generator, step: int,
                 events: StepEvents) -> None:
    """Large firms try to buy small rivals; cross-border deals are screened."""
    state = lifecycle.state
    n = len(operating)
    large = np.flatnonzero(state.active[:n] & (state.revenue[:n] >= LARGE_FIRM_REVENUE_BN))
    for row in rng.permutation(large):
        if not state.active[row] or rng.random() >= params.acquisition_rate:
            continue
        rivals = (operating & operating[row]).any(axis=(1, 2))
        small = (state.revenue[:n] < 0.1 * state.revenue[row]) & (state.revenue[:n] < LARGE_FIRM_REVENUE_BN)
        targets = np.flatnonzero(state.active[:n] & small & rivals)
        targets = targets[targets != row]
        if len(targets) == 0:
            continue
        target = int(targets[rng.integers(len(targets))])     # rng.choice(targets)'s draw, without its overhead
        target_home = int(state.home_region[target])
        if (closed_to_acquirer(state, levers, row, target)
                or rng.random() < block_probability(levers, region_origin, int(state.origin[row]), target_home)):
            events.deals_blocked[target_home] += 1
            continue
        lifecycle.merge(int(row), target, step)
        events.acquisitions[target_home] += 1


def invest_across_borders(state: FirmState, row: int, params: Parameters, levers: Mapping[str, Value],
                          rng: np.random.Generator, region_origin: np.ndarray, investment_links: np.ndarray,
                          events: StepEvents) -> None:
    """Large Chinese and U.S. firms take minority stakes abroad, subject to screening; each
    successful stake adds to ``investment_links`` (origins x origins, in place)."""
    if state.revenue[row] < LARGE_FIRM_REVENUE_BN or int(state.origin[row]) == Origin.OTHER:
        return
    origin = Origin(int(state.origin[row]))
    partner = Origin.US if origin == Origin.CN else Origin.CN
    for _ in range(rng.poisson(params.cross_border_deal_rate)):
        target_origin = partner if rng.random() < 0.5 else Origin.OTHER
        target_home = HOME_REGION_OF_ORIGIN[target_origin]
        if rng.random() < block_probability(levers, region_origin, origin, target_home):
            events.deals_blocked[target_home] += 1
            continue
        investment_links[origin, target_origin] += 1.0
        if target_origin == partner:
            events.investment_deals[origin] += 1
