"""Unit tests of a divestiture order on a hand-made firm state: who may buy a Chinese app's
U.S. operations, what happens with no eligible buyer, and what the new firm starts with.
(They close the survivors of the session-6 mutation check in ``app_bans.divest``.)"""

from __future__ import annotations

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.events import StepEvents
from convergence.model.mechanisms import app_bans
from convergence.model.parameters import Parameters
from tests.model.test_market_dynamics import World


class _Sequence:
    """A stand-in generator: ``random()`` returns the given values in turn; ``choice`` picks the
    owner with the largest probability (the revenue-weighted draw's most likely outcome)."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)

    def choice(self, options: np.ndarray, p: np.ndarray) -> int:
        return int(options[np.argmax(p)])


def _divest(owners: list[tuple[Origin, float]], sellers: int = 1, draws: tuple[float, ...] = (0.0, 0.0),
            deal_rate: float = 1.0):
    """Chinese apps (``sellers``, each with 5 M U.S. users and USD 3 bn cash) under a U.S. order,
    and candidate owners given as (origin, quarterly revenue, USD bn); run one quarter's sales."""
    w = World()
    apps = [w.cn] + [w._firm(f"CN app {i}", Origin.CN, Region.CN) for i in range(1, sellers)]
    for app in apps:
        w.serve(app, Region.US, users=5.0)
        w.state.cash[app] = 3.0
    w.state.revenue[[w.cn2, w.us]] = 0.0
    rows = [w._firm(f"owner {i}", origin, Region.US if origin == Origin.US else Region.CN)
            for i, (origin, _) in enumerate(owners)]
    w.state.revenue[rows] = [revenue for _, revenue in owners]
    clock = app_bans.AppBanClock()
    clock.selling[Region.US] = True
    events = StepEvents()
    count = w.state.count
    app_bans.divest(w.lifecycle, clock, w.operating(), w.world.region_origin, 1.0,
                    Parameters({"divestiture_deal_rate": deal_rate}), _Sequence(*draws), 3, events)
    spun = list(range(count, w.state.count))
    return w, apps, rows, spun, events


def test_only_a_large_local_firm_may_buy_and_the_new_firm_starts_without_the_sellers_cash():
    # A Chinese giant would win the revenue-weighted draw if it were eligible; a U.S. firm just
    # under USD 1 bn a quarter may not buy; one exactly at the threshold may.
    w, (app,), (chinese, small, eligible), spun, events = _divest(
        [(Origin.CN, 50.0), (Origin.US, app_bans.LOCAL_OWNER_REVENUE_BN - 0.01),
         (Origin.US, app_bans.LOCAL_OWNER_REVENUE_BN)])
    assert len(spun) == 1 and events.acquisitions[Region.US] == 1
    new = spun[0]
    assert w.state.names[new].endswith(f"({w.state.names[eligible]})")
    assert w.state.origin[new] == Origin.US and w.state.home_region[new] == Region.US
    assert w.state.users[new, Region.US, Sector.SOCIAL] == 5.0 and w.state.cash[new] == 0.0
    assert w.state.cash[app] == 3.0


def test_without_an_eligible_owner_nothing_is_sold():
    w, (app,), _, spun, events = _divest([(Origin.US, 0.5), (Origin.CN, 50.0)])
    assert spun == [] and events.acquisitions[Region.US] == 0
    assert w.state.present[app, Region.US, Sector.SOCIAL] and w.state.users[app, Region.US, Sector.SOCIAL] == 5.0


def test_a_failed_deal_leaves_the_other_sellers_sales_going():
    # Deal rate 0.5: the first app's draw (0.9) fails, the second's (0.1) succeeds.
    w, (first, second), _, spun, events = _divest([(Origin.US, 5.0)], sellers=2, draws=(0.9, 0.1),
                                                  deal_rate=0.5)
    assert len(spun) == 1 and events.acquisitions[Region.US] == 1
    assert w.state.present[first, Region.US, Sector.SOCIAL]
    assert not w.state.present[second, Region.US, Sector.SOCIAL]
