"""Firm state as arrays (one row per firm ever created), so mechanisms can vectorise.

Firms are Mesa agents for their behaviour (``model.firms``); their numeric state lives here,
in rows of arrays that grow when entrants arrive. A row is never reused, so a firm's row is
a stable identifier and ``names[row]`` its label in the output table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector, Strategy

NEVER = np.iinfo(np.int32).max
"""Entry step of a market a firm never enters."""

_R, _S = len(Region), len(Sector)


@dataclass(frozen=True)
class FirmProfile:
    """What a new firm starts with.

    rd_intensity: R&D / revenue. monetization: revenue per user relative to its market's ARPU;
    monetization_growth: annual trend of that factor (entrants: none). privacy_risk: perceived
    risk units. device_price: its handsets' average selling price relative to the world's
    (``model/inputs/device_prices.csv``; 1, the average, for a firm not listed there).
    """

    name: str
    origin: Origin
    home_region: Region
    strategy: Strategy
    rd_intensity: float
    monetization: float
    privacy_risk: float
    monetization_growth: float = 0.0
    device_price: float = 1.0


class FirmState:
    """Struct of arrays for every firm (rows) created so far.

    ``sector_revenue_factor`` is a firm's revenue per user in a sector relative to its
    monetization elsewhere (its revenue mix: Alibaba does not book Alipay's revenue).
    Units: ``quality`` in quality units (utility per ``quality_weight``); ``data`` in millions
    of user-quarters; money (``revenue``, ``rd_spend``, ``cash``, ``profit``) in USD bn per
    quarter (``cash`` is a stock, USD bn); ``users`` in millions. ``us_supply_cut`` and
    ``domestic_substitution`` are shares (0-1) of a firm's U.S.-controlled inputs denied and
    replaced (:mod:`convergence.model.mechanisms.export_controls`). ``localisation`` (0-1, per
    region; 1 at home) is how far a firm's product is adapted to a region
    (:mod:`convergence.model.mechanisms.foreignness`). ``awareness`` (0-1, per region) is the
    share of a region's users who know of a firm (:mod:`convergence.model.mechanisms.awareness`).
    """

    _FIELDS: dict[str, tuple[tuple[int, ...], type, object]] = {
        "active": ((), bool, False),
        "origin": ((), np.int8, 0),
        "home_region": ((), np.int8, 0),
        "strategy": ((), np.int8, 0),
        "rd_intensity": ((), float, 0.0),
        "monetization": ((), float, 1.0),
        "monetization_growth": ((), float, 0.0),
        "privacy_risk": ((), float, 0.0),
        "device_price": ((), float, 1.0),
        "serves": ((_S,), bool, False),
        "present": ((_R, _S), bool, False),
        "entry_step": ((_R, _S), np.int32, NEVER),
        "exited": ((_R, _S), bool, False),
        "loss_streak": ((_R, _S), np.int32, 0),
        "quality": ((_S,), float, 0.0),
        "sector_revenue_factor": ((_S,), float, 1.0),
        "data": ((_R,), float, 0.0),
        "localisation": ((_R,), float, 0.0),
        "awareness": ((_R,), float, 0.0),
        "users": ((_R, _S), float, 0.0),
        "revenue_market": ((_R, _S), float, 0.0),
        "profit_market": ((_R, _S), float, 0.0),
        "compliance_cost": ((), float, 0.0),
        "revenue": ((), float, 0.0),
        "rd_spend": ((), float, 0.0),
        "cash": ((), float, 0.0),
        "us_supply_cut": ((), float, 0.0),
        "domestic_substitution": ((), float, 0.0),
    }

    def __init__(self, capacity: int = 64) -> None:
        self.count = 0
        self.names: list[str] = []
        for name, (shape, dtype, fill) in self._FIELDS.items():
            setattr(self, name, np.full((capacity, *shape), fill, dtype=dtype))

    @property
    def capacity(self) -> int:
        """Rows allocated."""
        return len(self.active)

    def add(self, name: str) -> int:
        """Allocate a row for a new firm (growing the arrays if needed) and return it."""
        if self.count == self.capacity:
            self._grow(2 * self.capacity)
        row = self.count
        self.count += 1
        self.names.append(name)
        return row

    def _grow(self, capacity: int) -> None:
        for name, (shape, dtype, fill) in self._FIELDS.items():
            old = getattr(self, name)
            new = np.full((capacity, *shape), fill, dtype=dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def largest_market_share(self, operating: np.ndarray) -> np.ndarray:
        """Each firm's largest share of users (0-1) among the markets it operates in, per region
        (firms x regions; ``operating``: firms x regions x sectors): how much of a region a firm
        serves, which is what it learns of the region and how known it becomes there."""
        n = len(operating)
        users = self.users[:n]
        share = users / np.maximum(users.sum(axis=0, keepdims=True), 1e-12)
        return np.where(operating, share, 0.0).max(axis=2)

    def operating(self, access: np.ndarray) -> np.ndarray:
        """Markets (rows x regions x sectors) a firm serves now: active, present and not
        blocked (``access[row, region, sector] > 0``)."""
        n = self.count
        return self.active[:n, None, None] & self.present[:n] & (access[:n] > 0)
