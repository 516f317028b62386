"""The pool of innovations (features) and which firm has adopted which.

A feature belongs to a sector, was created by a firm homed in a region (its origin), and
brings a quality gain to each firm that adopts it. Portfolios are a boolean matrix
(firm rows x features) that grows with the pool.
"""

from __future__ import annotations

import numpy as np


class FeaturePool:
    """All features created so far and the firms' portfolios.

    Attributes:
        sector, origin, origin_region, gain, created_step, breakthrough: per feature
        (``breakthrough``: the feature opened a new product category, such as short video).
        has: ``has[row, feature]`` is True once firm ``row`` has adopted the feature.
    """

    def __init__(self, firm_capacity: int, capacity: int = 256) -> None:
        self.count = 0
        self.sector = np.zeros(capacity, np.int8)
        self.origin = np.zeros(capacity, np.int8)
        self.origin_region = np.zeros(capacity, np.int8)
        self.gain = np.zeros(capacity)
        self.created_step = np.zeros(capacity, np.int32)
        self.breakthrough = np.zeros(capacity, bool)
        self.has = np.zeros((firm_capacity, capacity), bool)

    def create(self, sector: int, origin: int, origin_region: int, gain: float, step: int,
               breakthrough: bool = False) -> int:
        """Register a new feature and return its index (no firm has it yet)."""
        if self.count == len(self.sector):
            self._grow_features(2 * len(self.sector))
        f = self.count
        self.count += 1
        self.sector[f], self.origin[f], self.origin_region[f] = sector, origin, origin_region
        self.gain[f], self.created_step[f], self.breakthrough[f] = gain, step, breakthrough
        return f

    def ensure_firm_capacity(self, firm_capacity: int) -> None:
        """Grow the portfolio matrix to at least ``firm_capacity`` rows."""
        if firm_capacity > self.has.shape[0]:
            has = np.zeros((firm_capacity, self.has.shape[1]), bool)
            has[: self.has.shape[0]] = self.has
            self.has = has

    def _grow_features(self, capacity: int) -> None:
        for name in ("sector", "origin", "origin_region", "gain", "created_step", "breakthrough"):
            old = getattr(self, name)
            new = np.zeros(capacity, old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)
        has = np.zeros((self.has.shape[0], capacity), bool)
        has[:, : self.has.shape[1]] = self.has
        self.has = has

    def portfolio(self, row: int) -> np.ndarray:
        """Boolean vector of the features firm ``row`` has (length ``count``)."""
        return self.has[row, : self.count]
