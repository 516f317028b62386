"""Unit tests of single mechanisms on small, hand-made inputs."""

import numpy as np
import pytest

from model import ConvergenceModel, Parameters, PolicyChange
from model.mechanisms import adoption, data_localization, reciprocity, user_choice
from tests.conftest import SMALL


def _levers(**changes):
    params = Parameters(changes)
    return {name: params[name] for name in params if name.startswith(("china_", "us_", "eu_"))}


def test_openness_and_data_flow_index_fall_with_localization():
    loose = data_localization.openness(_levers())
    strict = data_localization.openness(_levers(china_data_localization_strictness=1.0,
                                                china_data_localization_scope=1.0, china_enforcement=1.0))
    assert np.allclose(np.diag(strict), 1.0)
    assert np.allclose(strict[0, 1:], 0.0)          # nothing leaves China
    users = np.array([700.0, 280.0, 400.0, 2000.0])
    assert data_localization.data_flow_index(strict, users) < data_localization.data_flow_index(loose, users)
    assert data_localization.data_flow_index(np.ones((4, 4)), users) == pytest.approx(1.0)


def test_localization_splits_data_pools():
    data = np.array([[100.0, 50.0, 0.0, 0.0]])    # a firm with data in China and the U.S.
    strict = data_localization.openness(_levers(china_data_localization_strictness=1.0,
                                                china_data_localization_scope=1.0, china_enforcement=1.0))
    pooled = data_localization.pooled_data(data, strict)
    assert pooled[0, 0] == pytest.approx(150.0)     # U.S. data may be used in China
    assert pooled[0, 1] == pytest.approx(50.0)      # Chinese data may not be used in the U.S.


def test_logit_choice_matches_logit_probabilities():
    rng = np.random.default_rng(0)
    utility = np.tile([0.5, -0.5, 1.0], (200_000, 1))
    pick, log_sum = user_choice.logit_choice(utility, 0.0, rng)
    expected = np.exp([0.0, 0.5, -0.5, 1.0]) / np.exp([0.0, 0.5, -0.5, 1.0]).sum()
    observed = np.bincount(pick + 1, minlength=4) / len(pick)
    # Tolerance: 4 standard errors of a proportion at n = 200,000 (about 0.004).
    assert np.abs(observed - expected).max() < 4 * np.sqrt(0.25 / len(pick))
    assert log_sum[0] == pytest.approx(np.log(np.exp([0.0, 0.5, -0.5, 1.0]).sum()))


def test_blocked_candidates_are_never_chosen():
    rng = np.random.default_rng(1)
    utility = np.zeros((10_000, 3))
    utility[:, 1] = -np.inf
    pick, _ = user_choice.logit_choice(utility, -np.inf, rng)
    assert set(np.unique(pick)) == {0, 2}


def test_bundle_counts():
    others = np.array([[5, 7, -1], [7, 7, 5], [-1, -1, -1]])
    counts = user_choice.bundle_counts(others, np.array([7, 5, 9]), capacity=10)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [2, 1, 0], [0, 0, 0]])


def test_logistic_adoption_starts_at_start_and_approaches_ceiling():
    assert adoption.logistic_share(0.4, 0.8, 0.5, 0.0) == pytest.approx(0.4)
    assert adoption.logistic_share(0.4, 0.8, 0.5, 100.0) == pytest.approx(0.8)
    shares = adoption.adoption_shares(Parameters(), 17)          # mid-2017
    assert 0.5 < shares[0, 0] < 0.6                             # China ~54%


def test_restrictiveness_index_is_bounded_and_monotone():
    low = reciprocity.china_restrictiveness(_levers(china_data_localization_strictness=0.0))
    high = reciprocity.china_restrictiveness(_levers(china_data_localization_strictness=1.0))
    assert 0.0 <= low < high <= 1.0


def test_reactive_reciprocity_answers_china_with_a_lag():
    timeline = [PolicyChange.checked("2015Q1", "china_data_localization_strictness", 1.0),
                PolicyChange.checked("2015Q1", "china_data_localization_scope", 1.0)]
    model = ConvergenceModel({**SMALL, "us_reciprocity_rule": True, "us_reciprocity_lag_quarters": 4},
                             timeline, end="2016Q4", rng=0)
    strengths = []
    while model.running:
        model.step()
        strengths.append(model.us.levers["us_reciprocity_strength"])
    before, answered = strengths[8 + 3], strengths[8 + 4]        # 2015Q1 is step 8
    assert answered > before
    assert strengths[7] == pytest.approx(strengths[0])


def test_scripted_timeline_changes_levers_from_its_quarter():
    timeline = [PolicyChange.checked("2014Q3", "us_reciprocity_strength", 0.7)]
    model = ConvergenceModel(SMALL, timeline, end="2015Q1", rng=0)
    values = []
    while model.running:
        model.step()
        values.append(model.levers["us_reciprocity_strength"])
    assert values[:6] == [0.0] * 6 and values[6:] == [0.7] * 3
