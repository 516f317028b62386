"""Unit tests of single mechanisms on small, hand-made inputs."""

import numpy as np
import pytest

from convergence.model import ConvergenceModel, Parameters, PolicyChange
from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.mechanisms import adoption, data_localization, market_access, monetization, reciprocity
from convergence.model.mechanisms.choice_kernel import Candidates, Choosers, UtilityWeights, choose_block
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


def _block(n_users, base, *, outside=0.0, barred_share=0.0, chinese=None, before=None,
           bundling=0.0, switching_cost=0.0, seed=0):
    """Run the choice kernel on one market (sector column 0) of synthetic users."""
    k = len(base)
    rng = np.random.default_rng(seed)
    before = np.full((n_users, 2), -1, np.int64) if before is None else before
    totals, counts = np.zeros(1), np.zeros(1, np.int64)
    candidates = Candidates(
        firm=np.arange(10, 10 + k, dtype=np.int64), base=np.asarray(base, float), fit=np.zeros(k),
        risk=np.zeros(k), is_chinese=np.zeros(k, bool) if chinese is None else np.asarray(chinese),
        starts=np.array([0, k], np.int64), market_column=np.array([0], np.int64),
        outside=np.array([outside]), barred_share=np.array([barred_share]))
    choosers = Choosers(local_fit=np.ones(n_users), privacy_sensitivity=np.zeros(n_users),
                        exclusion_draw=rng.random(n_users), decide=np.ones((n_users, 2), bool),
                        sampled=np.ones(n_users, bool), uniforms=rng.random((n_users, 1)))
    choose_block(candidates, choosers, UtilityWeights(0.5, bundling, switching_cost), before, totals, counts)
    return before[:, 0], totals[0] / counts[0]


def test_choice_kernel_matches_logit_probabilities():
    base = [0.5, -0.5, 1.0]
    chosen, mean_log_sum = _block(200_000, base)
    expected = np.exp([0.0, *base]) / np.exp([0.0, *base]).sum()
    observed = np.array([(chosen == c).mean() for c in (-1, 10, 11, 12)])
    # Tolerance: 4 standard errors of a proportion at n = 200,000 (about 0.004).
    assert np.abs(observed - expected).max() < 4 * np.sqrt(0.25 / len(chosen))
    assert mean_log_sum == pytest.approx(np.log(np.exp([0.0, *base]).sum()))


def test_barred_buyers_never_choose_chinese_vendors():
    chosen, _ = _block(10_000, [0.0, 3.0, 0.0], outside=-np.inf, barred_share=1.0,
                       chinese=[False, True, False])
    assert set(np.unique(chosen)) == {10, 12}


def test_bundling_and_switching_cost_shift_choices():
    before = np.full((20_000, 2), -1, np.int64)
    before[:, 1] = 11                                     # everyone uses firm 11 in another sector
    bundled, _ = _block(20_000, [0.0, 0.0], outside=-np.inf, before=before.copy(), bundling=2.0)
    # P(11) = e^2 / (1 + e^2) = 0.881; tolerance 4 standard errors (~0.009).
    assert abs((bundled == 11).mean() - np.exp(2) / (1 + np.exp(2))) < 4 * np.sqrt(0.25 / 20_000)
    stay = before.copy()
    stay[:, 0] = 10
    chosen, _ = _block(20_000, [0.0, 0.0], outside=-np.inf, before=stay, switching_cost=3.0)
    assert abs((chosen == 10).mean() - np.exp(3) / (1 + np.exp(3))) < 4 * np.sqrt(0.25 / 20_000)


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
    model = ConvergenceModel.from_parameters({**SMALL, "us_reciprocity_rule": True, "us_reciprocity_lag_quarters": 4},
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
    model = ConvergenceModel.from_parameters(SMALL, timeline, end="2015Q1", rng=0)
    values = []
    while model.running:
        model.step()
        values.append(model.levers["us_reciprocity_strength"])
    assert values[:6] == [0.0] * 6 and values[6:] == [0.7] * 3


def test_revenue_per_user_growth_decays_with_its_half_life():
    assert monetization.matured_years(0.0, 6.0) == pytest.approx(0.0)
    assert monetization.matured_years(0.25, 6.0) == pytest.approx(0.25, rel=0.02)       # ~t at first
    assert monetization.matured_years(6.0, 6.0) == pytest.approx(0.5 * 6.0 / np.log(2))  # half the limit
    assert monetization.matured_years(500.0, 6.0) == pytest.approx(6.0 / np.log(2))     # levels off
    arpu = np.ones((4, 8))
    compounding = monetization.market_revenue_per_user(arpu, Parameters({"revenue_per_user_growth_half_life": 100.0,
                                                                         "revenue_per_user_growth_social": 0.3}), 2.0)
    assert compounding[0, 0] == pytest.approx(1.3 ** 2, rel=0.02)
    decaying = monetization.market_revenue_per_user(arpu, Parameters({"revenue_per_user_growth_social": 0.3}), 40.0)
    assert decaying[0, 0] < 1.3 ** (6.0 / np.log(2)) + 1e-9


def test_firm_monetization_growth_raises_only_that_firms_revenue_path():
    def revenue(growth: float) -> np.ndarray:
        model = ConvergenceModel.from_parameters(SMALL, rng=3, end="2016Q4")
        row = model.firm_state.names.index("Baidu")
        model.firm_state.monetization_growth[row] = growth
        path = []
        while model.running:
            model.step()
            path.append(model.firm_state.revenue[row])
        return np.array(path)

    flat, growing = revenue(0.0), revenue(0.2)
    assert growing[0] == pytest.approx(flat[0], rel=0.06)          # same start (one quarter of growth)
    assert growing[-1] / flat[-1] > 1.2 ** 3                       # about 1.2^(matured ~3.3 years)


def test_vpn_access_lifts_blocked_foreign_online_services_in_china_only():
    origin = np.array([Origin.CN, Origin.US])
    blocked = market_access.access_shares(origin, _levers())
    tolerated = market_access.access_shares(origin, _levers(china_vpn_access=0.4))
    assert blocked[1, Region.CN, Sector.SOCIAL] == 0.0 and tolerated[1, Region.CN, Sector.SOCIAL] == 0.4
    assert tolerated[1, Region.CN, Sector.SEARCH] == 0.4
    assert tolerated[1, Region.CN, Sector.ECOMMERCE] == 1.0                   # open stays open
    assert tolerated[1, Region.CN, Sector.PAYMENTS] == blocked[1, Region.CN, Sector.PAYMENTS]
    assert (tolerated[0] == 1.0).all() and (tolerated[:, Region.US] == 1.0).all()


def test_china_restrictiveness_counts_the_rules_not_their_evasion():
    assert reciprocity.china_restrictiveness(_levers(china_vpn_access=1.0)) == reciprocity.china_restrictiveness(
        _levers())
    assert reciprocity.china_restrictiveness(_levers(china_foreign_access_search=1.0)) < \
        reciprocity.china_restrictiveness(_levers())
