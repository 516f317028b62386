"""Representative users held as numpy arrays (one row per representative user).

Each representative consumer stands for ``population / consumers`` people (millions), each
representative enterprise buyer for ``enterprise_units / enterprise_buyers`` enterprises, where
the counts are ``users_per_region`` and ``enterprise_buyers_per_region`` in China, the U.S. and
the EU and ``users_share_outside_core_regions`` of them in India, Southeast Asia and the rest of
the world (:func:`sample_sizes`). Rows are grouped in contiguous blocks per region and kind, so a region's
consumers are a slice, not a mask. Weights never change: the population is conserved.

Multi-homing: in social networks, e-commerce and search a user may use a secondary provider
besides its primary one; ``secondary_share[s]`` of its use in sector ``s`` then goes to the
secondary, the rest to the primary (so a user's use sums to at most 1 per sector). Elsewhere
``secondary_share`` is 0 and users single-home.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit

from convergence.model.dimensions import REGION_INFO, SECTOR_INFO, Region, Sector
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import device_prices
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
        price_sensitivity: weight on a handset's price premium, world income per person over
            the user's income (:mod:`~convergence.model.mechanisms.device_prices`).
        online, mobile_online, pays_by_phone: current adoption flags.
        newly_online, newly_paying: flags that turned on this quarter (these users choose now).
        choice: primary provider (firm row) per user and sector, ``NO_PROVIDER`` if none.
        secondary: secondary provider per user and sector, ``NO_PROVIDER`` if none; never the
            primary, and none without a primary.
        secondary_share: per sector, the share of a multi-homing user's use that goes to its
            secondary provider (0: single-homing).
        blocks: ``blocks[region][is_enterprise]`` is the slice of that region's users.
        taste_salt: the run's key to every user's persistent taste for each provider
            (:func:`~convergence.model.mechanisms.choice_kernel.persistent_taste`); drawn from a
            child of the model's generator, so the generator's own stream is untouched.
    """

    region: np.ndarray
    is_enterprise: np.ndarray
    weight: np.ndarray
    adoption_draw: np.ndarray
    mobile_draw: np.ndarray
    payment_draw: np.ndarray
    local_fit: np.ndarray
    privacy_sensitivity: np.ndarray
    price_sensitivity: np.ndarray
    online: np.ndarray
    mobile_online: np.ndarray
    pays_by_phone: np.ndarray
    newly_online: np.ndarray
    newly_paying: np.ndarray
    choice: np.ndarray
    secondary: np.ndarray
    secondary_share: np.ndarray
    blocks: tuple[tuple[slice, slice], ...]
    taste_salt: int
    adopted_shares: np.ndarray | None = field(default=None, repr=False, compare=False)
    """Regions x 3: the internet, mobile and mobile-payment shares the consumers' flags were last
    set from (None before the first update; :func:`~convergence.model.mechanisms.adoption.update_adoption`)."""

    @classmethod
    def create(cls, params: Parameters, world: WorldData, rng: np.random.Generator) -> UserPopulation:
        """Draw a population of representative users for every region (:func:`sample_sizes`)."""
        consumers, enterprises = sample_sizes(params)
        per_region = consumers + enterprises
        starts = np.r_[0, np.cumsum(per_region)]
        n = int(starts[-1])
        region = np.repeat(np.arange(len(Region), dtype=np.int8), per_region)
        is_enterprise = np.concatenate([np.r_[np.zeros(c, bool), np.ones(e, bool)]
                                        for c, e in zip(consumers, enterprises, strict=True)])
        weight = np.where(is_enterprise, (world.enterprise_units / enterprises)[region],
                          (world.population / consumers)[region])
        blocks = tuple((slice(int(starts[r]), int(starts[r] + consumers[r])),
                        slice(int(starts[r] + consumers[r]), int(starts[r + 1])))
                       for r in range(len(Region)))
        adoption_draw, mobile_draw, payment_draw = rng.random(n), rng.random(n), rng.random(n)
        local_fit, privacy_sensitivity = rng.gamma(4.0, 0.25, n), rng.exponential(1.0, n)
        taste_salt = int(rng.spawn(1)[0].integers(2**63))
        income_rng = rng.spawn(1)[0]            # a second child: the model's stream and the tastes stay as they were
        return cls(
            region=region, is_enterprise=is_enterprise, weight=weight,
            adoption_draw=adoption_draw, mobile_draw=mobile_draw, payment_draw=payment_draw,
            local_fit=local_fit, privacy_sensitivity=privacy_sensitivity,
            price_sensitivity=device_prices.price_sensitivity(region, adoption_draw, world,
                                                              float(params.income_adoption_correlation), income_rng),
            online=np.zeros(n, bool), mobile_online=np.zeros(n, bool),
            pays_by_phone=np.zeros(n, bool), newly_online=np.zeros(n, bool),
            newly_paying=np.zeros(n, bool),
            choice=np.full((n, len(Sector)), NO_PROVIDER, dtype=np.int32),
            secondary=np.full((n, len(Sector)), NO_PROVIDER, dtype=np.int32),
            secondary_share=secondary_use_shares(params), blocks=blocks, taste_salt=taste_salt)

    def block(self, region: int, enterprise: bool) -> slice:
        """Slice of the users of one region and kind."""
        return self.blocks[region][int(enterprise)]

    def drop_provider(self, firm_row: int, region: int | None = None, sector: int | None = None) -> None:
        """Remove a provider from its users' choices. A user whose primary provider leaves
        promotes its secondary provider, if any, to primary (it already uses it); a user left
        with no provider chooses again when it next reconsiders."""
        rows = slice(None) if region is None else self.block_of_region(region)
        columns = slice(None) if sector is None else slice(sector, sector + 1)
        _drop(self.choice[rows, columns], self.secondary[rows, columns], firm_row)

    def transfer_provider(self, from_row: int, to_row: int, region: int | None = None,
                          sector: int | None = None) -> None:
        """Move a provider's users to another provider (acquisition or sale of operations). A
        user who used both as primary and secondary now uses ``to_row`` alone (all its use)."""
        rows = slice(None) if region is None else self.block_of_region(region)
        columns = slice(None) if sector is None else slice(sector, sector + 1)
        _transfer(self.choice[rows, columns], self.secondary[rows, columns], from_row, to_row)

    def block_of_region(self, region: int) -> slice:
        """Slice of every user (consumers and enterprises) of a region."""
        consumers, enterprises = self.blocks[region]
        return slice(consumers.start, enterprises.stop)


def sample_sizes(params: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Representative consumers and enterprise buyers per region: ``users_per_region`` and
    ``enterprise_buyers_per_region`` in full where the region declares no ``sample_share``
    (:data:`~convergence.model.dimensions.REGION_INFO`), that share of them (at least one)
    elsewhere. Weights follow (population / sample), so populations are conserved either way;
    a smaller sample only widens the sampling error of the region's own shares."""
    share = np.array([1.0 if info.sample_share is None else float(params[info.sample_share])
                      for info in (REGION_INFO[region] for region in Region)])
    consumers = np.maximum(1, np.rint(params.users_per_region * share)).astype(int)
    enterprises = np.maximum(1, np.rint(params.enterprise_buyers_per_region * share)).astype(int)
    return consumers, enterprises


def market_use(users: UserPopulation, n_firms: int, region: int, sector: int) -> np.ndarray:
    """Use of one market (millions; per firm row) from the users' current choices: a user
    counts 1 for its primary provider, or, multi-homing, ``1 - secondary_share`` for its
    primary and ``secondary_share`` for its secondary provider (:func:`count_use`)."""
    use = np.zeros(n_firms)
    for enterprise in (False, True):
        block = users.block(region, enterprise)
        if block.stop > block.start:
            column = slice(sector, sector + 1)
            counts = count_use(users.choice[block, column], users.secondary[block, column],
                               users.secondary_share[column], n_firms)
            use += counts[0] * users.weight[block.start]
    return use


def secondary_use_shares(params: Parameters) -> np.ndarray:
    """Share of a multi-homing user's use going to its secondary provider, per sector (0 where
    the sector declares no ``secondary_use_share_<sector>`` parameter: users single-home)."""
    names = [SECTOR_INFO[sector].secondary_use_share for sector in Sector]
    return np.array([0.0 if name is None else float(params[name]) for name in names])


@njit(cache=True, nogil=True)
def _drop(primary: np.ndarray, secondary: np.ndarray, firm: int) -> None:
    """In place, users x sectors: ``firm`` leaves; its primaries promote their secondary."""
    n_users, n_sectors = primary.shape
    for i in range(n_users):
        for s in range(n_sectors):
            if secondary[i, s] == firm:
                secondary[i, s] = NO_PROVIDER
            if primary[i, s] == firm:
                primary[i, s] = secondary[i, s]
                secondary[i, s] = NO_PROVIDER


@njit(cache=True, nogil=True)
def _transfer(primary: np.ndarray, secondary: np.ndarray, from_row: int, to_row: int) -> None:
    """In place, users x sectors: ``from_row``'s users go to ``to_row``; a user left with the
    same provider twice keeps it as primary only."""
    n_users, n_sectors = primary.shape
    for i in range(n_users):
        for s in range(n_sectors):
            if primary[i, s] == from_row:
                primary[i, s] = to_row
            if secondary[i, s] == from_row:
                secondary[i, s] = to_row
            if secondary[i, s] == primary[i, s]:
                secondary[i, s] = NO_PROVIDER


@njit(cache=True, nogil=True)
def count_use(choice: np.ndarray, secondary: np.ndarray, secondary_share: np.ndarray, n_firms: int) -> np.ndarray:
    """Use per provider (sectors x firm rows, in users) of a block of users, from their primary
    (``choice``) and secondary providers (users x sectors): a single-homing user counts 1 for its
    primary, a multi-homing one ``1 - secondary_share`` for its primary and ``secondary_share``
    for its secondary provider (compiled: one pass, no temporaries).

    In a sector where nobody multi-homes (``secondary_share`` 0) every user counts 1, so users are
    tallied as integers (the same number the sum of ones gives, with no floating-point additions
    in the loop); elsewhere the fractions are added user by user, in order.
    """
    n_users, n_sectors = choice.shape
    counts = np.zeros((n_sectors, n_firms))
    multi_homing = secondary_share != 0.0
    tally = np.zeros((n_sectors, n_firms + 1), np.int64)       # column 0: no provider
    for i in range(n_users):
        for s in range(n_sectors):
            primary = choice[i, s]
            if not multi_homing[s]:
                tally[s, primary + 1] += 1
                continue
            if primary == NO_PROVIDER:
                continue
            other = secondary[i, s]
            if other == NO_PROVIDER:
                counts[s, primary] += 1.0
            else:
                counts[s, primary] += 1.0 - secondary_share[s]
                counts[s, other] += secondary_share[s]
    for s in range(n_sectors):
        if not multi_homing[s]:
            for f in range(n_firms):
                counts[s, f] = float(tally[s, f + 1])
    return counts
