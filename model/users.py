"""Representative users held as numpy arrays (one row per representative user).

Each representative consumer stands for ``population / users_per_region`` people (millions),
each representative enterprise buyer for ``enterprise_units / enterprise_buyers_per_region``
enterprises. Rows are grouped in contiguous blocks per region and kind, so a region's
consumers are a slice, not a mask. Weights never change: the population is conserved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convergence.model.dimensions import Region, Sector
from convergence.model.input_data import WorldData
from convergence.model.parameters import Parameters

NO_PROVIDER = -1
"""Choice code of a user who uses no provider in a sector (outside option or not online)."""


@dataclass
class UserPopulation:
    """State of all representative users.

    Attributes (``n`` users, ``S`` sectors):
        region: region index per user.
        is_enterprise: True for enterprise buyers (they choose cloud and ICT equipment).
        weight: millions of people (or enterprises) each user represents.
        adoption_draw, mobile_draw, payment_draw: uniform draws; a consumer is online once the
            region's internet share exceeds ``adoption_draw`` (likewise mobile, mobile payment).
        local_fit: taste for home-market providers (mean 1).
        privacy_sensitivity: weight on privacy risk (mean 1; exponential).
        exclusion_draw: uniform; a buyer is barred from Chinese vendors while the procurement
            restriction of its region exceeds it.
        online, mobile_online, pays_by_phone: current adoption flags.
        newly_online, newly_paying: flags that turned on this quarter (these users choose now).
        choice: provider (firm row) per user and sector, ``NO_PROVIDER`` if none.
        blocks: ``blocks[region][is_enterprise]`` is the slice of that region's users.
    """

    region: np.ndarray
    is_enterprise: np.ndarray
    weight: np.ndarray
    adoption_draw: np.ndarray
    mobile_draw: np.ndarray
    payment_draw: np.ndarray
    local_fit: np.ndarray
    privacy_sensitivity: np.ndarray
    exclusion_draw: np.ndarray
    online: np.ndarray
    mobile_online: np.ndarray
    pays_by_phone: np.ndarray
    newly_online: np.ndarray
    newly_paying: np.ndarray
    choice: np.ndarray
    blocks: tuple[tuple[slice, slice], ...]

    @classmethod
    def create(cls, params: Parameters, world: WorldData, rng: np.random.Generator) -> UserPopulation:
        """Draw a population of representative users for every region."""
        n_consumers = params.users_per_region
        n_enterprises = params.enterprise_buyers_per_region
        per_region = n_consumers + n_enterprises
        n = per_region * len(Region)
        region = np.repeat(np.arange(len(Region), dtype=np.int8), per_region)
        is_enterprise = np.tile(np.r_[np.zeros(n_consumers, bool), np.ones(n_enterprises, bool)],
                                len(Region))
        weight = np.where(is_enterprise,
                          world.enterprise_units[region] / n_enterprises,
                          world.population[region] / n_consumers)
        blocks = tuple((slice(r * per_region, r * per_region + n_consumers),
                        slice(r * per_region + n_consumers, (r + 1) * per_region))
                       for r in range(len(Region)))
        return cls(
            region=region, is_enterprise=is_enterprise, weight=weight,
            adoption_draw=rng.random(n), mobile_draw=rng.random(n), payment_draw=rng.random(n),
            local_fit=rng.gamma(4.0, 0.25, n), privacy_sensitivity=rng.exponential(1.0, n),
            exclusion_draw=rng.random(n),
            online=np.zeros(n, bool), mobile_online=np.zeros(n, bool),
            pays_by_phone=np.zeros(n, bool), newly_online=np.zeros(n, bool),
            newly_paying=np.zeros(n, bool),
            choice=np.full((n, len(Sector)), NO_PROVIDER, dtype=np.int32),
            blocks=blocks)

    def block(self, region: int, enterprise: bool) -> slice:
        """Slice of the users of one region and kind."""
        return self.blocks[region][int(enterprise)]

    def drop_provider(self, firm_row: int, region: int | None = None, sector: int | None = None) -> None:
        """Send a provider's users back to no provider (they choose again next quarter)."""
        rows = slice(None) if region is None else self.block_of_region(region)
        columns = slice(None) if sector is None else sector
        view = self.choice[rows, columns]
        view[view == firm_row] = NO_PROVIDER

    def transfer_provider(self, from_row: int, to_row: int, region: int | None = None,
                          sector: int | None = None) -> None:
        """Move a provider's users to another provider (acquisition or sale of operations)."""
        rows = slice(None) if region is None else self.block_of_region(region)
        columns = slice(None) if sector is None else sector
        view = self.choice[rows, columns]
        view[view == from_row] = to_row

    def block_of_region(self, region: int) -> slice:
        """Slice of every user (consumers and enterprises) of a region."""
        consumers, enterprises = self.blocks[region]
        return slice(consumers.start, enterprises.stop)
