"""The firm lifecycle in one place: a firm is added, may absorb another, and is retired.

A firm is a row of :class:`~convergence.model.firm_state.FirmState` (its numbers), a row of
the feature portfolios (:class:`~convergence.model.features.FeaturePool`), the users who chose
it (:class:`~convergence.model.users.UserPopulation`) and a Mesa agent (its decisions). Every
change of who exists goes through :class:`FirmLifecycle`, so these four never disagree; the
model supplies the two callbacks that create and remove the agent.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from convergence.model.dimensions import Origin, Region, Strategy
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmProfile, FirmState
from convergence.model.users import UserPopulation, market_use


class FirmLifecycle:
    """Adds, merges and retires firms, keeping state rows, portfolios, users and agents in step.

    ``on_added(row)`` is called after a firm's row is filled (the model creates its agent);
    ``on_retired(row)`` after it has left every market (the model removes its agent).
    ``entrants`` counts the entrants created so far (they are numbered in their names).
    """

    def __init__(self, state: FirmState, features: FeaturePool, users: UserPopulation,
                 on_added: Callable[[int], None], on_retired: Callable[[int], None]) -> None:
        self.state = state
        self.features = features
        self.users = users
        self.on_added = on_added
        self.on_retired = on_retired
        self.entrants = 0

    def add(self, profile: FirmProfile) -> int:
        """Allocate a state row for a new, active firm and return it (it serves no market yet)."""
        state = self.state
        row = state.add(profile.name)
        self.features.ensure_firm_capacity(state.capacity)
        state.active[row] = True
        state.origin[row], state.home_region[row], state.strategy[row] = (
            profile.origin, profile.home_region, profile.strategy)
        state.rd_intensity[row], state.monetization[row] = profile.rd_intensity, profile.monetization
        state.monetization_growth[row] = profile.monetization_growth
        state.privacy_risk[row], state.device_price[row] = profile.privacy_risk, profile.device_price
        state.localisation[row, profile.home_region] = 1.0
        self.on_added(row)
        return row

    def add_entrant(self, origin: Origin, home: Region, strategy: Strategy, rd_intensity: float,
                    privacy_risk: float) -> int:
        """Add the next entrant, named after its home and strategy (``"CN copycat #12"``)."""
        self.entrants += 1
        name = f"{home.code} {strategy.code} #{self.entrants}"
        return self.add(FirmProfile(name, origin, home, strategy, rd_intensity=rd_intensity, monetization=1.0,
                                    privacy_risk=privacy_risk))

    def merge(self, buyer: int, target: int, step: int) -> None:
        """``buyer`` absorbs ``target``: its users, features, markets, quality, data, cash and
        local knowledge and brand (the better localisation and awareness of the two, region by region);
        the target is retired."""
        state, features = self.state, self.features
        self.users.transfer_provider(target, buyer)
        features.has[buyer] |= features.has[target]
        new_sectors = state.serves[target] & ~state.serves[buyer]
        state.sector_revenue_factor[buyer, new_sectors] = state.sector_revenue_factor[target, new_sectors]
        state.serves[buyer] |= state.serves[target]
        newly_present = state.present[target] & ~state.present[buyer]
        state.entry_step[buyer][newly_present] = step
        state.present[buyer] |= state.present[target]
        state.quality[buyer] = np.maximum(state.quality[buyer], state.quality[target])
        state.data[buyer] += state.data[target]
        state.localisation[buyer] = np.maximum(state.localisation[buyer], state.localisation[target])
        state.awareness[buyer] = np.maximum(state.awareness[buyer], state.awareness[target])
        state.users[buyer] += state.users[target]
        state.cash[buyer] += state.cash[target]
        state.users[target] = 0.0
        self._close(target)             # no user holds the target any more: nothing to drop or recount

    def retire(self, row: int) -> None:
        """Remove a firm that left its last market; its users choose again.

        Users it still had (Chinese users reaching it over a VPN, where it had no legal market)
        promote their secondary provider, multi-homing, so those markets' use is counted again.
        """
        state, users = self.state, self.users
        held = np.argwhere(state.users[row] > 0)                          # (region, sector) pairs
        users.drop_provider(row)
        state.users[row] = 0.0
        for region, sector in held:
            if users.secondary_share[sector] > 0:
                state.users[: state.count, region, sector] = market_use(users, state.count, region, sector)
        self._close(row)

    def _close(self, row: int) -> None:
        """The firm is no longer active nor present anywhere; the model removes its agent."""
        self.state.active[row] = False
        self.state.present[row] = False
        self.on_retired(row)
