"""Market dynamics: accounts, entry, exit, expansion, acquisitions and cross-border deals.

* **Accounts** (USD bn per quarter) - revenue of a market = users (M) x the market's ARPU
  (USD per user per quarter) x the firm's monetization / 1000, both growing as
  ``model.mechanisms.monetization`` describes, less the local partner's share (ICT localization);
  market profit = operating margin x revenue - fixed cost of serving the market - compliance
  cost (booked by region, spread over the region's markets by revenue). The fixed cost scales
  with the market's size and the firm's monetization:
  ``break_even_share x margin x market revenue x monetization``, so before compliance costs
  a firm breaks even at a share of ``break_even_share``. R&D = R&D intensity x
  revenue; cash accumulates profit less R&D.
* **Exit** - a firm leaves a market after ``exit_patience_quarters`` consecutive losing
  quarters there. A foreign firm leaving China sells its Chinese users to the largest
  domestic rival (as Uber China went to Didi); other exits send users back to choosing.
  A firm left with no market is removed.
* **Entry** - ``Poisson(entry_rate x capital_availability x profitability)`` entrants per
  quarter per home economy (China, U.S., others), where profitability is the home firms'
  margin relative to 15% (clipped to 0.25-2). An entrant serves one sector at home, chosen by
  revenue, starting at ``entrant_quality_ratio`` x the incumbents' mean quality; disruptors
  bring a new feature, copycats and micro-innovators the sector leader's features.
* **Expansion** - with probability ``expansion_rate`` per quarter a large firm (revenue >=
  USD 1 bn per quarter) profitable at home enters one more region for a sector in which it holds at least 20% of its home market,
  where access is not blocked and which it has not left before.
* **Acquisitions** - a large firm (revenue >= USD 1 bn per quarter) tries with probability
  ``acquisition_rate`` to buy a rival below a tenth of its size (and not itself large)
  that competes with it in one of its markets (region x sector); a cross-border deal is screened by the target's
  regulator.
* **Cross-border investment** - large Chinese and U.S. firms make ``Poisson(cross_border_deal_rate)``
  minority investments per quarter in the other economy or elsewhere; screening blocks some;
  successful deals add investment links, which open the diffusion channel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from convergence.model.calendar import step_to_year
from convergence.model.firm_state import NEVER
from convergence.model.input_data import STRATEGIES
from convergence.model.mechanisms import data_localization, ict_localization, monetization, reciprocity
from convergence.model.mechanisms.innovation_diffusion import COPYCAT, DISRUPTOR, MICRO_INNOVATOR
from convergence.model.parameters import REGIONS

if TYPE_CHECKING:
    from convergence.model.firms import Firm
    from convergence.model.model import ConvergenceModel

CN, US, EU, ROW = (REGIONS.index(r) for r in ("CN", "US", "EU", "RoW"))
ORIGIN_CN, ORIGIN_US, ORIGIN_OTHER = 0, 1, 2
LARGE_FIRM_REVENUE_BN = 1.0
"""Quarterly revenue (USD bn) from which a firm acquires rivals, invests across borders and
expands into other regions."""
REFERENCE_MARGIN = 0.15
ENTRANT_RD_INTENSITY = {DISRUPTOR: 0.20, MICRO_INNOVATOR: 0.10, COPYCAT: 0.05}
ENTRANT_CASH_BN = 0.05
EXPANSION_HOME_SHARE = 0.2
"""Home-market share in a sector from which a firm expands that sector to other regions."""


def market_users(model: "ConvergenceModel") -> np.ndarray:
    """Users (millions; firm rows x regions x sectors) from the users' current choices.

    Every user of a block (region x kind) has the same weight, so one unweighted bincount per
    block, scaled by that weight, counts them.
    """
    users, state, world = model.users, model.firm_state, model.world
    n = state.count
    result = np.zeros((n, len(REGIONS), len(world.sector_is_enterprise)))
    for r in range(len(REGIONS)):
        for enterprise in (False, True):
            block = users.block(r, enterprise)
            if block.stop == block.start:
                continue
            sectors = np.flatnonzero(world.sector_is_enterprise == enterprise)
            chosen = users.choice[block, sectors[0]: sectors[-1] + 1]
            code = chosen + (1 + np.arange(len(sectors)) * (n + 1))     # NO_PROVIDER -> bin 0
            counts = np.bincount(code.ravel(), minlength=len(sectors) * (n + 1))
            result[:, r, sectors] = counts.reshape(len(sectors), n + 1)[:, 1:].T * users.weight[block.start]
    return result


def update_accounts(model: "ConvergenceModel") -> None:
    """Book users, revenue, compliance cost, profit, R&D, cash, losses and data this quarter."""
    state, params, world, levers = model.firm_state, model.params, model.world, model.levers
    n = state.count
    operating = model.conditions.operating
    users = market_users(model)
    origin = state.origin[:n]
    years = step_to_year(model.step_index)
    arpu = monetization.market_revenue_per_user(world.arpu, params, years)
    firm_factor = monetization.firm_monetization(state.monetization[:n], state.monetization_growth[:n], params,
                                                 years)
    gross = users * arpu[None] * firm_factor[:, None, None] / 1000.0
    revenue = gross * (1.0 - ict_localization.partner_revenue_share(origin, levers))
    revenue_region = revenue.sum(axis=2)
    compliance = data_localization.compliance_costs(origin, state.home_region[:n],
                                                    operating.any(axis=2), revenue_region, levers)
    markets_in_region = np.maximum(operating.sum(axis=2, keepdims=True), 1)
    allocation = np.where(revenue_region[:, :, None] > 0,
                          revenue / np.maximum(revenue_region[:, :, None], 1e-300),
                          operating / markets_in_region)
    market_revenue = users.sum(axis=0) * arpu / 1000.0            # regions x sectors, at average monetization
    fixed_cost = (params.break_even_share * world.operating_margin * market_revenue[None]
                  * firm_factor[:, None, None])
    profit = (world.operating_margin * revenue - fixed_cost * operating
              - compliance[:, :, None] * allocation)
    state.users[:n] = users
    state.revenue_market[:n] = revenue
    state.profit_market[:n] = profit
    state.compliance_cost[:n] = compliance.sum(axis=1)
    state.revenue[:n] = revenue.sum(axis=(1, 2))
    state.rd_spend[:n] = state.rd_intensity[:n] * state.revenue[:n]
    state.cash[:n] += profit.sum(axis=(1, 2)) - state.rd_spend[:n]
    state.loss_streak[:n] = np.where(operating & (profit < 0), state.loss_streak[:n] + 1, 0)
    state.data[:n] = (1.0 - params.data_decay) * state.data[:n] + users.sum(axis=2)


def domestic_leader(model: "ConvergenceModel", region: int, sector: int, exclude: int) -> int | None:
    """Row of the home-economy firm with most users in a market, if any operates there."""
    state, operating = model.firm_state, model.conditions.operating
    n = len(operating)                          # firms that existed at the start of the quarter
    origin_here = model.world.region_origin[region]
    eligible = operating[:, region, sector] & (state.origin[:n] == origin_here)
    if exclude < n:
        eligible[exclude] = False
    if not eligible.any():
        return None
    return int(np.flatnonzero(eligible)[np.argmax(state.users[:n, region, sector][eligible])])


def exit_loss_making_markets(model: "ConvergenceModel") -> None:
    """Withdraw firms from markets with ``exit_patience_quarters`` of consecutive losses."""
    state, params, users = model.firm_state, model.params, model.users
    n = len(model.conditions.operating)
    patience = params.exit_patience_quarters
    tenure = model.step_index - state.entry_step[:n]
    losing = model.conditions.operating & (state.loss_streak[:n] >= patience) & (tenure >= patience)
    for row, region, sector in np.argwhere(losing):
        state.present[row, region, sector] = False
        state.exited[row, region, sector] = True
        state.loss_streak[row, region, sector] = 0
        origin = int(state.origin[row])
        model.events.exits[region, origin] += 1
        buyer = (domestic_leader(model, region, sector, row)
                 if region == CN and origin != ORIGIN_CN else None)
        if buyer is None:
            users.drop_provider(int(row), region, sector)
        else:
            users.transfer_provider(int(row), buyer, region, sector)
            state.users[buyer, region, sector] += state.users[row, region, sector]
        state.users[row, region, sector] = 0.0
    scheduled = (state.entry_step[:n] > model.step_index) & (state.entry_step[:n] != NEVER)
    gone = state.active[:n] & ~state.present[:n].any(axis=(1, 2)) & ~scheduled.any(axis=(1, 2))
    for row in np.flatnonzero(gone):
        model.retire_firm(int(row))


def _home_profitability(model: "ConvergenceModel", origin: int) -> float:
    """Margin of the firms of one origin last quarter, relative to 15%, clipped to 0.25-2."""
    state = model.firm_state
    n = state.count
    mine = state.active[:n] & (state.origin[:n] == origin)
    revenue = state.revenue[:n][mine].sum()
    if revenue <= 0:
        return 1.0
    margin = state.profit_market[:n][mine].sum() / revenue
    return float(np.clip(margin / REFERENCE_MARGIN, 0.25, 2.0))


def enter_new_firms(model: "ConvergenceModel") -> None:
    """Create this quarter's entrants (Poisson per home economy)."""
    params, rng, world = model.params, model.rng, model.world
    plans = ((ORIGIN_CN, params.entry_rate_cn, params.copycat_share_cn, params.disruptor_share_cn),
             (ORIGIN_US, params.entry_rate_us, params.copycat_share_us, params.disruptor_share_us),
             (ORIGIN_OTHER, params.entry_rate_other, params.copycat_share_other,
              params.disruptor_share_other))
    for origin, rate, copycat_share, disruptor_share in plans:
        expected = rate * params.capital_availability * _home_profitability(model, origin)
        for _ in range(rng.poisson(expected)):
            if origin == ORIGIN_OTHER:
                home = EU if rng.random() < world.population[EU] / world.population[[EU, ROW]].sum() else ROW
            else:
                home = CN if origin == ORIGIN_CN else US
            draw = rng.random()
            strategy = COPYCAT if draw < copycat_share else (
                DISRUPTOR if draw < copycat_share + disruptor_share else MICRO_INNOVATOR)
            _create_entrant(model, origin, home, strategy)


def _create_entrant(model: "ConvergenceModel", origin: int, home: int, strategy: int) -> None:
    state, params, rng, pool = model.firm_state, model.params, model.rng, model.features
    n = len(model.conditions.operating)         # firms that existed at the start of the quarter
    revenue = state.revenue_market[:n, home].sum(axis=0)
    weights = revenue / revenue.sum() * 0.5 + 0.5 / len(revenue) if revenue.sum() > 0 else None
    sector = int(rng.choice(len(revenue), p=weights))
    incumbents = model.conditions.operating[:, home, sector]
    mean_quality = state.quality[:n, sector][incumbents].mean() if incumbents.any() else 1.0
    model.entrant_count += 1
    name = f"{REGIONS[home]} {STRATEGIES[strategy]} #{model.entrant_count}"
    row = model.add_firm(name, origin=origin, home_region=home, strategy=strategy,
                         rd_intensity=ENTRANT_RD_INTENSITY[strategy], monetization=1.0,
                         privacy_risk=0.4 if origin == ORIGIN_CN else 0.3)
    state.serves[row, sector] = True
    state.present[row, home, sector] = True
    state.entry_step[row, home, sector] = model.step_index
    state.quality[row, sector] = params.entrant_quality_ratio * mean_quality
    state.cash[row] = ENTRANT_CASH_BN
    if strategy == DISRUPTOR:
        gain = params.feature_quality_gain * rng.uniform(0.5, 1.5)
        feature = pool.create(sector, origin, home, gain, model.step_index)
        pool.has[row, feature] = True
        state.quality[row, sector] += gain
    else:
        leader = domestic_leader(model, home, sector, row)
        if leader is not None:
            in_sector = pool.sector[: pool.count] == sector
            pool.has[row, : pool.count] |= pool.has[leader, : pool.count] & in_sector
    model.events.entries[home] += 1


def consider_expansion(firm: "Firm") -> None:
    """Enter one more market for a sector served, if profitable at home (random draw)."""
    model = firm.model
    state, rng = model.firm_state, model.rng
    row = firm.row
    if rng.random() >= model.params.expansion_rate:
        return
    home = int(state.home_region[row])
    if (state.profit_market[row, home].sum() <= 0 or state.cash[row] <= 0
            or state.revenue[row] < LARGE_FIRM_REVENUE_BN):
        return
    home_share = state.users[row, home] / np.maximum(state.users[:, home].sum(axis=0), 1e-12)
    leader = home_share >= EXPANSION_HOME_SHARE                    # sectors led at home
    options = np.argwhere(state.serves[row][None, :] & leader[None, :] & ~state.present[row]
                          & ~state.exited[row] & (model.conditions.access[row] > 0))
    if len(options) == 0:
        return
    region, sector = options[rng.integers(len(options))]
    state.present[row, region, sector] = True
    state.entry_step[row, region, sector] = model.step_index
    state.loss_streak[row, region, sector] = 0


def _block_probability(model: "ConvergenceModel", acquirer_origin: int, target_home: int) -> float:
    """Chance that the target's regulator blocks a deal by an acquirer of another origin."""
    levers = model.levers
    if model.world.region_origin[target_home] == acquirer_origin:
        return 0.0
    if target_home == CN:
        return float(levers["china_investment_screening"])
    if target_home == US:
        return reciprocity.us_deal_block_probability(levers) if acquirer_origin == ORIGIN_CN else 0.0
    if target_home == EU:
        return float(levers["eu_investment_screening"])
    return 0.0


def acquisitions(model: "ConvergenceModel") -> None:
    """Large firms try to buy small rivals; cross-border deals are screened."""
    state, rng, operating = model.firm_state, model.rng, model.conditions.operating
    n = len(operating)
    large = np.flatnonzero(state.active[:n] & (state.revenue[:n] >= LARGE_FIRM_REVENUE_BN))
    for row in rng.permutation(large):
        if not state.active[row] or rng.random() >= model.params.acquisition_rate:
            continue
        rivals = (operating & operating[row]).any(axis=(1, 2))
        small = (state.revenue[:n] < 0.1 * state.revenue[row]) & (state.revenue[:n] < LARGE_FIRM_REVENUE_BN)
        targets = np.flatnonzero(state.active[:n] & small & rivals)
        targets = targets[targets != row]
        if len(targets) == 0:
            continue
        target = int(rng.choice(targets))
        target_home = int(state.home_region[target])
        if rng.random() < _block_probability(model, int(state.origin[row]), target_home):
            model.events.deals_blocked[target_home] += 1
            continue
        _merge(model, int(row), target)
        model.events.acquisitions[target_home] += 1


def _merge(model: "ConvergenceModel", buyer: int, target: int) -> None:
    state, pool = model.firm_state, model.features
    model.users.transfer_provider(target, buyer)
    pool.has[buyer] |= pool.has[target]
    state.serves[buyer] |= state.serves[target]
    newly_present = state.present[target] & ~state.present[buyer]
    state.entry_step[buyer][newly_present] = model.step_index
    state.present[buyer] |= state.present[target]
    state.quality[buyer] = np.maximum(state.quality[buyer], state.quality[target])
    state.data[buyer] += state.data[target]
    state.users[buyer] += state.users[target]
    state.cash[buyer] += state.cash[target]
    state.users[target] = 0.0
    state.present[target] = False
    model.retire_firm(target)


def invest_across_borders(firm: "Firm") -> None:
    """Large Chinese and U.S. firms take minority stakes abroad, subject to screening."""
    model = firm.model
    state, rng = model.firm_state, model.rng
    row = firm.row
    origin = int(state.origin[row])
    if origin == ORIGIN_OTHER or state.revenue[row] < LARGE_FIRM_REVENUE_BN:
        return
    partner = ORIGIN_US if origin == ORIGIN_CN else ORIGIN_CN
    for _ in range(rng.poisson(model.params.cross_border_deal_rate)):
        target_origin = partner if rng.random() < 0.5 else ORIGIN_OTHER
        target_home = {ORIGIN_CN: CN, ORIGIN_US: US}.get(target_origin, EU)
        if rng.random() < _block_probability(model, origin, target_home):
            model.events.deals_blocked[target_home] += 1
            continue
        model.investment_links[origin, target_origin] += 1.0
        if target_origin == partner:
            model.events.investment_deals[origin] += 1
