"""Unit tests of market dynamics on small, hand-made firm states (no model run).

Each test builds a few firms through the lifecycle, sets the arrays the mechanism reads and
checks what it books: users counted from choices, revenue and losses, exits and the sale of
a foreign firm's Chinese users, acquisitions and their screening, entry.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model.dimensions import Origin, Region, Sector, Strategy
from convergence.model.events import StepEvents
from convergence.model.features import FeaturePool
from convergence.model.firm_lifecycle import FirmLifecycle
from convergence.model.firm_state import FirmProfile, FirmState
from convergence.model.input_data import world_data
from convergence.model.mechanisms import market_access, market_dynamics, monetization
from convergence.model.parameters import PARAMETERS, Parameters
from convergence.model.users import NO_PROVIDER, UserPopulation

PARAMS = Parameters({"users_per_region": 100, "enterprise_buyers_per_region": 10})


class World:
    """A lifecycle over fresh state with three firms: a Chinese, a U.S. and another Chinese one."""

    def __init__(self) -> None:
        self.world = world_data()
        self.state = FirmState()
        self.features = FeaturePool(self.state.capacity)
        self.users = UserPopulation.create(PARAMS, self.world, np.random.default_rng(0))
        self.retired: list[int] = []
        self.lifecycle = FirmLifecycle(self.state, self.features, self.users, on_added=lambda row: None,
                                       on_retired=self.retired.append)
        self.cn = self._firm("CN firm", Origin.CN, Region.CN)
        self.us = self._firm("US firm", Origin.US, Region.US)
        self.cn2 = self._firm("CN rival", Origin.CN, Region.CN)

    def _firm(self, name: str, origin: Origin, home: Region) -> int:
        row = self.lifecycle.add(FirmProfile(name, origin, home, Strategy.MICRO_INNOVATOR, rd_intensity=0.1,
                                             monetization=1.0, privacy_risk=0.3))
        self.state.serves[row, Sector.SOCIAL] = True
        return row

    def serve(self, row: int, region: Region, sector: Sector = Sector.SOCIAL, users: float = 0.0) -> None:
        self.state.present[row, region, sector] = True
        self.state.entry_step[row, region, sector] = 0
        self.state.users[row, region, sector] = users

    def operating(self) -> np.ndarray:
        n = self.state.count
        return self.state.active[:n, None, None] & self.state.present[:n]


def test_market_users_counts_each_choice_at_its_users_weight():
    w = World()
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers, Sector.SOCIAL] = NO_PROVIDER
    w.users.choice[consumers.start: consumers.start + 30, Sector.SOCIAL] = w.cn
    w.users.choice[consumers.start + 30: consumers.start + 40, Sector.SOCIAL] = w.us
    counted = market_dynamics.market_users(w.users, w.state.count, w.world.sector_is_enterprise)
    weight = w.world.population[Region.CN] / PARAMS.users_per_region       # millions per consumer
    assert counted[w.cn, Region.CN, Sector.SOCIAL] == pytest.approx(30 * weight)
    assert counted[w.us, Region.CN, Sector.SOCIAL] == pytest.approx(10 * weight)
    assert counted[w.cn2].sum() == 0.0


def test_accounts_book_revenue_at_the_markets_arpu_and_count_losses():
    w = World()
    consumers = w.users.block(Region.US, enterprise=False)
    w.users.choice[consumers.start: consumers.start + 50, Sector.SOCIAL] = w.us
    w.users.choice[consumers.start + 50: consumers.start + 51, Sector.SOCIAL] = w.cn   # one user: a loss
    w.serve(w.us, Region.US)
    w.serve(w.cn, Region.US)
    market_dynamics.update_accounts(w.state, w.users, w.world, PARAMS, _levers(), w.operating(), step=0)
    users = 50 * w.world.population[Region.US] / PARAMS.users_per_region
    arpu = monetization.market_revenue_per_user(w.world.arpu, PARAMS, 0.25)[Region.US, Sector.SOCIAL]
    assert w.state.revenue[w.us] == pytest.approx(users * arpu / 1000.0)             # USD bn per quarter
    assert w.state.rd_spend[w.us] == pytest.approx(0.1 * w.state.revenue[w.us])
    assert w.state.loss_streak[w.cn, Region.US, Sector.SOCIAL] == 1                    # below break-even share
    assert w.state.loss_streak[w.us, Region.US, Sector.SOCIAL] == 0
    assert w.state.data[w.us] == pytest.approx(users * np.eye(len(Region))[Region.US])


def _leave(w: World, row: int, levers: dict | None = None, seed: int = 0) -> StepEvents:
    """Make ``row`` leave China's social market for sure (a long run of uncovered losses) and
    run the exit step."""
    w.state.loss_streak[row, Region.CN, Sector.SOCIAL] = 20
    w.state.profit_market[row, Region.CN, Sector.SOCIAL] = -1.0
    events = StepEvents()
    market_dynamics.exit_loss_making_markets(w.lifecycle, w.operating(), w.world.region_origin,
                                             PARAMS.replace(exit_patience_quarters=1), levers or _levers(),
                                             np.random.default_rng(seed), step=20, events=events)
    return events


def _bidders(w: World, *rows_users_revenue: tuple[int, float, float]) -> None:
    """Serve China's social market with the given (row, users, revenue) at a profit."""
    for row, users, revenue in rows_users_revenue:
        w.serve(row, Region.CN, users=users)
        w.state.revenue_market[row, Region.CN, Sector.SOCIAL] = revenue
        w.state.profit_market[row, Region.CN, Sector.SOCIAL] = 0.1


def test_a_leaving_firm_sells_its_users_to_the_bidder_that_values_them_most_not_the_leader():
    w = World()
    w.serve(w.us, Region.CN, users=5.0)
    _bidders(w, (w.cn, 100.0, 1.0), (w.cn2, 50.0, 1.0))               # the rival earns twice as much per user
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] = w.us
    events = _leave(w, w.us, {**_levers(), "china_foreign_access_social": 1.0})
    assert not w.state.present[w.us, Region.CN, Sector.SOCIAL] and w.state.exited[w.us, Region.CN, Sector.SOCIAL]
    assert w.state.users[w.cn2, Region.CN, Sector.SOCIAL] == pytest.approx(55.0)    # the rival, not the leader
    assert w.state.users[w.cn, Region.CN, Sector.SOCIAL] == pytest.approx(100.0)
    assert (w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] == w.cn2).all()
    assert events.exits[Region.CN, Origin.US] == 1
    assert w.retired == [w.us] and not w.state.active[w.us]                      # no market left


def test_with_no_profitable_bidder_the_leaving_firms_users_choose_again():
    w = World()
    w.serve(w.us, Region.CN, users=5.0)
    w.serve(w.cn, Region.CN, users=100.0)                                      # operates, at no profit
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] = w.us
    _leave(w, w.us)
    assert (w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] == NO_PROVIDER).all()


def test_screening_and_closed_markets_stop_the_sale_of_users_to_a_foreign_bidder():
    w = World()
    eu = w._firm("EU firm", Origin.OTHER, Region.EU)
    w.serve(w.us, Region.CN, users=5.0)                                        # the foreign seller
    _bidders(w, (eu, 100.0, 1.0))                                              # the only bidder is foreign too
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] = w.us
    closed = {**_levers(), "china_foreign_access_social": 0.5, "china_investment_screening": 0.0}
    assert market_dynamics.best_bidder(w.state, w.operating(), closed, w.world.region_origin, w.us,
                                       Region.CN, Sector.SOCIAL) == (None, 0.0)
    screened = {**_levers(), "china_foreign_access_social": 1.0, "china_investment_screening": 1.0}
    assert market_dynamics.best_bidder(w.state, w.operating(), screened, w.world.region_origin, w.us,
                                       Region.CN, Sector.SOCIAL) == (None, 0.0)     # worth nothing if surely blocked
    events = _leave(w, w.us, {**screened, "china_investment_screening": 0.0})
    assert (w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] == eu).all()
    assert events.deals_blocked.sum() == 0


def test_a_domestic_firms_exit_closes_the_service_and_its_users_choose_again():
    w = World()
    w.serve(w.cn2, Region.CN, users=5.0)
    _bidders(w, (w.cn, 100.0, 1.0))
    consumers = w.users.block(Region.CN, enterprise=False)
    w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] = w.cn2
    _leave(w, w.cn2)
    assert (w.users.choice[consumers.start: consumers.start + 5, Sector.SOCIAL] == NO_PROVIDER).all()


def test_exit_hazard_rises_with_the_loss_streak_and_averages_the_patience():
    streak = np.arange(0, 200)
    hazard = market_dynamics.exit_hazard(streak, 10)
    assert hazard[0] == 0.0 and (np.diff(hazard[1:20]) > 0).all()           # rises (then saturates at 1)
    survival = np.cumprod(1.0 - hazard[1:])
    mean_quarters = 1.0 + survival.sum()                                      # E[s] = sum of P(s >= k)
    assert mean_quarters == pytest.approx(10.0, abs=0.6)                      # discretisation of a mean of 10
    assert (market_dynamics.exit_hazard(streak, 20)[1:20] < hazard[1:20]).all()   # more patience, later exits


@pytest.mark.parametrize(("screening", "acquired"), [(0.0, True), (1.0, False)])
def test_acquisitions_merge_small_rivals_unless_screening_blocks_them(screening, acquired):
    w = World()
    w.serve(w.us, Region.CN, users=50.0)
    w.serve(w.cn2, Region.CN, users=1.0)
    w.state.revenue[[w.us, w.cn, w.cn2]] = [2.0, 0.0, 0.05]       # the U.S. firm is large, the rival small
    w.state.active[w.cn] = False
    params = PARAMS.replace(acquisition_rate=1.0)
    events = StepEvents()
    open_social = {**_levers(), "china_foreign_access_social": 1.0}              # a sector open to the buyer
    market_dynamics.acquisitions(w.lifecycle, w.operating(), w.world.region_origin, params,
                                 {**open_social, "china_investment_screening": screening},
                                 np.random.default_rng(1), step=3, events=events)
    assert events.acquisitions[Region.CN] == int(acquired)
    assert events.deals_blocked[Region.CN] == int(not acquired)
    assert w.state.active[w.cn2] == (not acquired)
    if acquired:
        assert w.state.users[w.us, Region.CN, Sector.SOCIAL] == pytest.approx(51.0)
        assert w.retired == [w.cn2]


def test_a_foreign_firm_cannot_buy_its_way_into_a_chinese_sector_closed_to_it():
    w = World()
    w.serve(w.us, Region.CN, users=50.0)
    w.serve(w.cn2, Region.CN, users=1.0)
    w.state.revenue[[w.us, w.cn, w.cn2]] = [2.0, 0.0, 0.05]
    w.state.active[w.cn] = False
    events = StepEvents()
    closed = {**_levers(), "china_foreign_access_social": 0.0, "china_vpn_enforcement": 0.0,
              "china_investment_screening": 0.0}
    assert market_dynamics.closed_to_acquirer(w.state, closed, w.us, w.cn2)
    market_dynamics.acquisitions(w.lifecycle, w.operating(), w.world.region_origin,
                                 PARAMS.replace(acquisition_rate=1.0), closed, np.random.default_rng(1), step=3,
                                 events=events)
    assert events.acquisitions[Region.CN] == 0 and events.deals_blocked[Region.CN] == 1
    assert w.state.active[w.cn2]


def test_deal_screening_follows_the_targets_regulator():
    levers = {**_levers(), "china_investment_screening": 0.3, "us_investment_screening": 0.2,
              "us_reciprocity_strength": 0.5, "eu_investment_screening": 0.1}
    origin = world_data().region_origin
    block = market_dynamics.block_probability
    assert block(levers, origin, Origin.CN, Region.CN) == 0.0                         # domestic deal
    assert block(levers, origin, Origin.US, Region.CN) == pytest.approx(0.3)
    assert block(levers, origin, Origin.CN, Region.US) == pytest.approx(1 - 0.8 * 0.5)  # CFIUS and reciprocity
    assert block(levers, origin, Origin.OTHER, Region.US) == 0.0
    assert block(levers, origin, Origin.CN, Region.EU) == pytest.approx(0.1)
    assert block(levers, origin, Origin.CN, Region.ROW) == 0.0


def test_no_entry_without_entry_rates_and_entrants_start_small_at_home():
    w = World()
    w.serve(w.cn, Region.CN, users=10.0)
    w.state.revenue_market[w.cn, Region.CN, Sector.SOCIAL] = 1.0
    events = StepEvents()
    quiet = PARAMS.replace(china_entry_rate=0.0, us_entry_rate=0.0, other_entry_rate=0.0)
    market_dynamics.enter_new_firms(w.lifecycle, w.operating(), w.world.region_origin, w.world.population, quiet,
                                    _levers(), np.random.default_rng(0), step=1, events=events,
                                    sector_is_hardware=w.world.sector_is_hardware,
                                    needs_local_operations=w.world.needs_local_operations)
    assert w.state.count == 3 and events.entries.sum() == 0
    busy = PARAMS.replace(china_entry_rate=20.0, us_entry_rate=0.0, other_entry_rate=0.0,
                          china_global_launch_share=0.0)
    market_dynamics.enter_new_firms(w.lifecycle, w.operating(), w.world.region_origin, w.world.population, busy,
                                    _levers(), np.random.default_rng(0), step=1, events=events,
                                    sector_is_hardware=w.world.sector_is_hardware,
                                    needs_local_operations=w.world.needs_local_operations)
    entrants = np.arange(3, w.state.count)
    assert len(entrants) == events.entries[Region.CN] > 0
    assert (w.state.origin[entrants] == Origin.CN).all() and (w.state.home_region[entrants] == Region.CN).all()
    assert (w.state.present[entrants].sum(axis=(1, 2)) == 1).all()                   # one market, at home
    assert all(" #" in w.state.names[row] for row in entrants)


def _levers() -> dict[str, float]:
    """Every lever at its default value."""
    return {name: p.default for name, p in PARAMETERS.items() if p.role == "lever"}


def test_global_launch_entrants_serve_every_region_they_may_and_home_only_entrants_one():
    w = World()
    w.serve(w.cn, Region.CN, users=10.0)
    w.state.revenue_market[w.cn, Region.CN, Sector.SOCIAL] = 1.0
    everywhere = PARAMS.replace(china_entry_rate=20.0, us_entry_rate=0.0, other_entry_rate=0.0,
                                china_global_launch_share=1.0)
    levers = _levers()
    market_dynamics.enter_new_firms(w.lifecycle, w.operating(), w.world.region_origin, w.world.population, everywhere,
                                    levers, np.random.default_rng(0), step=1, events=StepEvents(),
                                    sector_is_hardware=w.world.sector_is_hardware,
                                    needs_local_operations=w.world.needs_local_operations)
    entrants = np.arange(3, w.state.count)
    assert len(entrants) > 0
    access = market_access.access_shares(np.full(len(entrants), Origin.CN), levers)
    sector = w.state.serves[entrants].argmax(axis=1)
    allowed = access[np.arange(len(entrants)), :, sector] > 0
    assert (w.state.present[entrants, :, sector] == allowed).all()
    assert (allowed.sum(axis=1) > 1).any()                                          # some launched abroad


def test_entrants_needing_local_operations_start_at_home_under_the_rule():
    """With ``global_launch_needs_local_operations`` every entrant that would launch everywhere does
    so only in sectors served from home; in e-commerce, payments and ride-hailing it serves its
    home market alone. The same entrants, in the same sectors, are drawn with and without the rule."""
    def entrants(rule: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = World()
        w.serve(w.cn, Region.CN, users=10.0)
        w.state.revenue_market[w.cn, Region.CN, :] = 1.0                 # entrants drawn in every sector
        params = PARAMS.replace(china_entry_rate=20.0, us_entry_rate=0.0, other_entry_rate=0.0,
                                china_global_launch_share=1.0, global_launch_needs_local_operations=rule)
        market_dynamics.enter_new_firms(w.lifecycle, w.operating(), w.world.region_origin, w.world.population,
                                        params, _levers(), np.random.default_rng(3), step=1, events=StepEvents(),
                                        sector_is_hardware=w.world.sector_is_hardware,
                                        needs_local_operations=w.world.needs_local_operations)
        rows = np.arange(3, w.state.count)
        sector = w.state.serves[rows].argmax(axis=1)
        return sector, w.state.present[rows, :, sector].sum(axis=1), w.world.needs_local_operations[sector]
    sector_off, regions_off, local_off = entrants(False)
    sector_on, regions_on, local_on = entrants(True)
    np.testing.assert_array_equal(sector_on, sector_off)
    assert local_on.any() and (~local_on).any()                       # both kinds of sector drawn
    assert (regions_off > 1).all()                                    # without the rule: everywhere
    assert (regions_on[local_on] == 1).all()                          # with it: home only where local
    np.testing.assert_array_equal(regions_on[~local_on], regions_off[~local_on])
