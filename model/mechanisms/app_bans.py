"""App bans, divestiture orders and data-handling remedies for foreign consumer apps.

A region's regulator may act against the consumer apps (:data:`APP_SECTORS`) of firms of one
origin; :data:`APP_MEASURES` names, per region, the origin and the three levers (one line per
region, so a new region's ban is one line once its levers are declared):

* **ban** (0-1, enforcement): app stores drop the apps, so a user who does not use one already
  installs it only at ``strength x app_ban_install_cost`` utils (side-loading, VPN); existing
  users are not deleted: as the apps go without updates their friction grows linearly to
  ``strength x access_friction_max`` over ``app_ban_obsolescence_quarters``.
* **divestiture order** (switch): each targeted firm must sell its operations in the region to a
  local owner. Each quarter a deal closes with probability ``divestiture_deal_rate``; the owner
  is drawn among the region's large local firms (revenue >= USD 1 bn a quarter) in proportion to
  revenue (the deepest pockets bid most). The operations become a new local firm (origin of the
  owner, home in the region) with the app's users, data and features there, and its quality
  less what China's algorithm export review withholds
  (:func:`convergence.model.mechanisms.countermeasures.divested_quality_kept`). A firm that has
  not sold after ``divestiture_deadline_quarters`` is banned (strength 1).
* **data-handling remedy** (switch, with an order): instead of selling, the firm stays under
  local storage and oversight ("Project Texas"): it pays ``app_data_remedy_cost`` a quarter in
  the region, and the data its users there generate may not leave the region.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector, Strategy
from convergence.model.events import StepEvents
from convergence.model.firm_lifecycle import FirmLifecycle
from convergence.model.firm_state import FirmProfile
from convergence.model.parameters import Parameters, Value

APP_SECTORS = (Sector.SOCIAL, Sector.ECOMMERCE, Sector.SEARCH, Sector.PAYMENTS, Sector.RIDEHAILING)
"""Consumer app markets a ban or divestiture order concerns (not devices or enterprise sectors)."""
LOCAL_OWNER_REVENUE_BN = 1.0
"""Quarterly revenue (USD bn) from which a local firm can buy a divested app's operations."""


@dataclass(frozen=True)
class AppMeasures:
    """The levers with which a region acts against the apps of firms of ``target`` origin
    (``None``: the region has no such instrument, as India had no divestiture order)."""

    target: Origin
    ban: str
    divestiture_order: str | None = None
    data_remedy: str | None = None


APP_MEASURES: dict[Region, AppMeasures] = {
    Region.US: AppMeasures(Origin.CN, ban="us_chinese_app_ban", divestiture_order="us_chinese_app_divestiture_order",
                           data_remedy="us_chinese_app_data_remedy"),
    Region.IN: AppMeasures(Origin.CN, ban="india_chinese_app_ban"),
}
"""Per region, the app measures it may take (regions not listed take none; India banned Chinese
apps without a divestiture route)."""


@dataclass
class AppBanClock:
    """Per region, this quarter's ban strength and how long bans and orders have been in force.

    strength: effective ban (0-1; an expired divestiture order bans fully). ban_quarters,
    order_quarters: quarters in force (0 when not). remedied: a data-handling remedy applies.
    selling: targeted firms must sell (an order in force without a remedy).
    """

    strength: np.ndarray = field(default_factory=lambda: np.zeros(len(Region)))
    ban_quarters: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), np.int64))
    order_quarters: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), np.int64))
    remedied: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), bool))
    selling: np.ndarray = field(default_factory=lambda: np.zeros(len(Region), bool))

    def advance(self, levers: Mapping[str, Value], params: Parameters) -> None:
        """Apply this quarter's levers (called once a quarter, after the regulators)."""
        for region, measures in APP_MEASURES.items():
            order = bool(measures.divestiture_order and levers[measures.divestiture_order])
            remedy = bool(order and measures.data_remedy and levers[measures.data_remedy])
            self.order_quarters[region] = self.order_quarters[region] + 1 if order else 0
            expired = order and not remedy and self.order_quarters[region] > params.divestiture_deadline_quarters
            self.strength[region] = 1.0 if expired else float(levers[measures.ban])
            self.ban_quarters[region] = self.ban_quarters[region] + 1 if self.strength[region] > 0 else 0
            self.remedied[region] = remedy
            self.selling[region] = order and not remedy


def _targets(origin: np.ndarray) -> np.ndarray:
    """Firms x regions: True where the region's app measures concern the firm's origin."""
    targeted = np.zeros((len(origin), len(Region)), bool)
    for region, measures in APP_MEASURES.items():
        targeted[:, region] = origin == measures.target
    return targeted


def existing_user_friction(origin: np.ndarray, clock: AppBanClock, params: Parameters) -> np.ndarray:
    """Friction (firms x regions x sectors, utils) of a banned app for every user."""
    ramp = np.minimum(1.0, clock.ban_quarters / params.app_ban_obsolescence_quarters)
    per_region = _targets(origin) * (clock.strength * ramp * params.access_friction_max)[None, :]
    friction = np.zeros((len(origin), len(Region), len(Sector)))
    friction[:, :, list(APP_SECTORS)] = per_region[:, :, None]
    return friction


def install_cost(origin: np.ndarray, clock: AppBanClock, params: Parameters) -> np.ndarray:
    """Cost (firms x regions x sectors, utils) for a user who does not use a banned app already."""
    per_region = _targets(origin) * (clock.strength * params.app_ban_install_cost)[None, :]
    cost = np.zeros((len(origin), len(Region), len(Sector)))
    cost[:, :, list(APP_SECTORS)] = per_region[:, :, None]
    return cost


def localize_remedied_data(by_origin: np.ndarray, clock: AppBanClock) -> np.ndarray:
    """``by_origin`` (origins x regions x regions openness) with the data of remedied apps'
    users kept in their region (in place; returned)."""
    for region, measures in APP_MEASURES.items():
        if clock.remedied[region]:
            by_origin[measures.target, region, :] = 0.0
            by_origin[measures.target, region, region] = 1.0
    return by_origin


def remedy_costs(origin: np.ndarray, operating: np.ndarray, clock: AppBanClock, params: Parameters) -> np.ndarray:
    """Cost of data-handling remedies (firms x regions, USD bn per quarter); ``operating`` is
    firms x regions x sectors."""
    serving_apps = operating[:, :, list(APP_SECTORS)].any(axis=2)
    return _targets(origin) * serving_apps * clock.remedied[None, :] * params.app_data_remedy_cost


def divest(lifecycle: FirmLifecycle, clock: AppBanClock, operating: np.ndarray, region_origin: np.ndarray,
           quality_kept: float, params: Parameters, rng: np.random.Generator, step: int,
           events: StepEvents) -> None:
    """Sales of targeted apps' operations under divestiture orders (``operating``: firms x regions
    x sectors at the start of the quarter; ``quality_kept``: share of the app's quality the
    buyer gets)."""
    state = lifecycle.state
    n = len(operating)
    for region in np.flatnonzero(clock.selling):
        apps = operating[:, region, list(APP_SECTORS)].any(axis=1)
        sellers = np.flatnonzero(state.active[:n] & _targets(state.origin[:n])[:, region] & apps)
        owners = np.flatnonzero(state.active[:n] & (state.origin[:n] == region_origin[region])
                                & (state.revenue[:n] >= LOCAL_OWNER_REVENUE_BN))
        if len(owners) == 0:
            continue
        for seller in sellers:
            if rng.random() >= params.divestiture_deal_rate:
                continue
            revenue = state.revenue[owners]
            owner = int(rng.choice(owners, p=revenue / revenue.sum()))
            _spin_off(lifecycle, int(seller), owner, int(region), quality_kept, step)
            events.acquisitions[region] += 1


def _spin_off(lifecycle: FirmLifecycle, seller: int, owner: int, region: int, quality_kept: float,
              step: int) -> int:
    """Move ``seller``'s app operations in ``region`` into a new firm owned by ``owner``."""
    state, features = lifecycle.state, lifecycle.features
    name = f"{state.names[seller]} {Region(region).code} ({state.names[owner]})"
    row = lifecycle.add(FirmProfile(
        name, Origin(state.origin[owner]), Region(region), Strategy(state.strategy[seller]),
        rd_intensity=float(state.rd_intensity[seller]), monetization=float(state.monetization[seller]),
        privacy_risk=float(state.privacy_risk[seller]), monetization_growth=float(state.monetization_growth[seller])))
    markets = [sector for sector in APP_SECTORS if state.present[seller, region, sector]]
    for sector in markets:
        state.serves[row, sector] = True
        state.present[row, region, sector] = True
        state.entry_step[row, region, sector] = step
        state.quality[row, sector] = quality_kept * state.quality[seller, sector]
        state.sector_revenue_factor[row, sector] = state.sector_revenue_factor[seller, sector]
        lifecycle.users.transfer_provider(seller, row, region, sector)
        state.users[row, region, sector] = state.users[seller, region, sector]
        state.users[seller, region, sector] = 0.0
        state.present[seller, region, sector] = False
        state.exited[seller, region, sector] = True
    features.has[row, : features.count] = features.has[seller, : features.count]
    state.data[row, region] = state.data[seller, region]
    state.awareness[row, region] = state.awareness[seller, region]
    state.data[seller, region] = 0.0
    state.cash[row] = 0.0
    return row


def strongest_measure(levers: Mapping[str, Value], target: Origin) -> float:
    """The strongest app measure against ``target``'s firms among ``levers`` (0-1; an order
    counts 1), for China's escalation index."""
    strengths = [max(float(levers[measures.ban]),
                     float(bool(measures.divestiture_order and levers[measures.divestiture_order])))
                 for measures in APP_MEASURES.values() if measures.target == target and measures.ban in levers]
    return max(strengths, default=0.0)

