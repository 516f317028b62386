"""``calibrate --budget N`` evaluates exactly N parameter sets (a fake evaluator stands in for the model)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from convergence.calibration.calibrate import Evaluator, calibrate


class CountingEvaluator:
    """The part of :class:`Evaluator` that ``calibrate`` uses, on a quadratic bowl: counts the
    distinct parameter sets it evaluates (each one would be a batch of model runs)."""

    def __init__(self, dimension: int, cached: int = 0) -> None:
        self.free = [SimpleNamespace(name=f"x{i}", low=0.0, high=1.0) for i in range(dimension)]
        self.cache: dict[tuple, dict] = {}
        self.evaluated: list[tuple] = []
        for theta in np.random.default_rng(0).uniform(size=(cached, dimension)):      # resumed from a log
            self.cache[self._key(theta)] = {"objective": self._bowl(theta)}

    _key = staticmethod(Evaluator._key)

    @staticmethod
    def _bowl(theta) -> float:
        return float(np.sum((np.asarray(theta) - 0.3) ** 2))

    def objectives(self, thetas):
        for theta in thetas:
            key = self._key(theta)
            if key not in self.cache:
                self.evaluated.append(key)
                self.cache[key] = {"objective": self._bowl(theta)}
        return [self.cache[self._key(t)]["objective"] for t in thetas]

    def statistics(self, thetas):
        self.objectives(thetas)
        return [pd.DataFrame() for _ in thetas]

    def parameters(self, theta):
        return {p.name: float(x) for p, x in zip(self.free, theta)}


@pytest.mark.parametrize("budget", [1, 10, 40, 200])
@pytest.mark.parametrize("dimension", [2, 13])
def test_calibrate_evaluates_exactly_the_budget(budget: int, dimension: int) -> None:
    evaluator = CountingEvaluator(dimension)
    result = calibrate(evaluator, budget, seed=3)
    assert len(evaluator.evaluated) == budget == result.evaluations
    best = min(evaluator.cache.values(), key=lambda record: record["objective"])["objective"]
    assert result.objective == best                          # the best set evaluated is returned


def test_resumed_evaluations_count_towards_the_budget() -> None:
    evaluator = CountingEvaluator(3, cached=7)
    result = calibrate(evaluator, 25, seed=1)
    assert len(evaluator.evaluated) == 25 - 7 and result.evaluations == 25


def test_the_start_point_is_evaluated_first_and_never_beaten_by_a_worse_result() -> None:
    evaluator = CountingEvaluator(4)
    result = calibrate(evaluator, 30, seed=2, start=[0.3, 0.3, 0.3, 0.3])
    assert result.objective == pytest.approx(0.0)
