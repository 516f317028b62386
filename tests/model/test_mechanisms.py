"""Unit tests of single mechanisms on small, hand-made inputs."""

import numpy as np
import pytest

from convergence.model import ConvergenceModel, Parameters, PolicyChange
from convergence.model.dimensions import Jurisdiction, Origin, Region, Sector
from convergence.model.mechanisms import (
    adoption,
    data_localization,
    ict_localization,
    market_access,
    market_dynamics,
    monetization,
    reciprocity,
)
from convergence.model.mechanisms.choice_kernel import Candidates, Choosers, UtilityWeights, choose_block
from tests.conftest import SMALL


def _levers(**changes):
    params = Parameters(changes)
    return {name: params[name] for name in params if name.startswith(tuple(f"{j}_" for j in Jurisdiction))}


def test_openness_and_data_flow_index_fall_with_localization():
    loose = data_localization.openness(_levers())
    strict = data_localization.openness(_levers(china_data_localization_strictness=1.0,
                                                china_data_localization_scope=1.0, china_enforcement=1.0))
    assert np.allclose(np.diag(strict), 1.0)
    assert np.allclose(strict[0, 1:], 0.0)          # nothing leaves China
    users = np.array([700.0, 280.0, 400.0, 190.0, 200.0, 860.0])
    assert data_localization.data_flow_index(strict, users) < data_localization.data_flow_index(loose, users)
    assert data_localization.data_flow_index(np.ones((len(Region), len(Region))), users) == pytest.approx(1.0)


def test_localization_splits_data_pools():
    data = np.array([[100.0, 50.0, 0.0, 0.0, 0.0, 0.0]])    # a firm with data in China and the U.S.
    strict = data_localization.openness(_levers(china_data_localization_strictness=1.0,
                                                china_data_localization_scope=1.0, china_enforcement=1.0))
    levers = _levers(china_data_localization_strictness=1.0, china_data_localization_scope=1.0,
                     china_enforcement=1.0)
    pooled = data_localization.pooled_data(data, np.array([Origin.US]),
                                           data_localization.openness_by_origin(levers, strict))
    assert pooled[0, 0] == pytest.approx(150.0)     # U.S. data may be used in China
    assert pooled[0, 1] == pytest.approx(50.0)      # Chinese data may not be used in the U.S.


def test_us_rules_on_chinese_apps_bind_chinese_apps_only():
    """Rules on Chinese apps' U.S. data keep a Chinese firm's U.S. data out of China; an
    American firm's (Apple's) U.S. data still reaches its Chinese operations."""
    levers = _levers(us_chinese_app_data_rules=1.0)
    general = data_localization.openness(levers)
    by_origin = data_localization.openness_by_origin(levers, general)
    data = np.zeros((2, len(Region)))
    data[:, Region.US] = 80.0                                                 # U.S. data only
    pooled = data_localization.pooled_data(data, np.array([Origin.CN, Origin.US]), by_origin)
    assert pooled[0, Region.CN] == pytest.approx(0.0)
    assert pooled[1, Region.CN] == pytest.approx(80.0)
    assert general[Region.US, Region.CN] == pytest.approx(1.0)
    users = np.array([700.0, 280.0, 400.0, 190.0, 200.0, 860.0])
    assert (data_localization.data_flow_index(data_localization.flow_openness(levers, general, 0.2), users)
            < data_localization.data_flow_index(data_localization.flow_openness(levers, general, 0.0), users)
            == pytest.approx(data_localization.data_flow_index(general, users)))


def test_local_partners_receive_what_foreign_cloud_firms_pay():
    origin = np.array([Origin.US, Origin.CN, Origin.CN, Origin.US])
    gross = np.zeros((4, len(Region), len(Sector)))
    gross[:, Region.CN, Sector.CLOUD] = [2.0, 3.0, 1.0, 0.0]
    users = np.zeros_like(gross)
    users[:, Region.CN, Sector.CLOUD] = [5.0, 30.0, 10.0, 0.0]
    paid = gross * ict_localization.partner_revenue_share(origin, _levers(china_jv_revenue_share=0.5))
    receipts = ict_localization.partner_receipts(paid, origin, users)
    assert paid.sum() == pytest.approx(1.0)                     # half of the U.S. firm's 2.0
    assert receipts.sum() == pytest.approx(paid.sum())          # booked, not lost
    assert receipts[:, Region.CN, Sector.CLOUD] == pytest.approx([0.0, 0.75, 0.25, 0.0])


def _block(n_users, base, *, outside=0.0, before=None,
           bundling=0.0, switching_cost=0.0, seed=0, multi_homing=False, secondary_before=None):
    """Run the choice kernel on one market (sector column 0) of synthetic users; return the
    primary choices, the mean log-sum and the secondary choices."""
    k = len(base)
    rng = np.random.default_rng(seed)
    before = np.full((n_users, 2), -1, np.int64) if before is None else before
    secondary = np.full((n_users, 2), -1, np.int64) if secondary_before is None else secondary_before
    totals, counts = np.zeros(1), np.zeros(1, np.int64)
    candidates = Candidates(
        firm=np.arange(10, 10 + k, dtype=np.int64), base=np.asarray(base, float), fit=np.zeros(k),
        risk=np.zeros(k), install_cost=np.zeros(k), price=np.zeros(k), starts=np.array([0, k], np.int64),
        market_column=np.array([0], np.int64), outside=np.array([outside]),
        secondary_draw=np.array([0 if multi_homing else -1], np.int64))
    choosers = Choosers(local_fit=np.ones(n_users), privacy_sensitivity=np.zeros(n_users),
                        price_sensitivity=np.ones(n_users),
                        decide=np.ones((n_users, 2), bool),
                        sampled=np.ones(n_users, bool), uniforms=rng.random((n_users, 1)),
                        secondary_uniforms=rng.random((n_users, 1 if multi_homing else 0)),
                        user_id=np.arange(n_users, dtype=np.int64))
    choose_block(candidates, choosers, UtilityWeights(0.5, 0.0, bundling, switching_cost, np.zeros(2), 0), before,
                 secondary, totals, counts)
    return before[:, 0], totals[0] / counts[0], secondary[:, 0]


def test_choice_kernel_matches_logit_probabilities():
    base = [0.5, -0.5, 1.0]
    chosen, mean_log_sum, _ = _block(200_000, base)
    expected = np.exp([0.0, *base]) / np.exp([0.0, *base]).sum()
    observed = np.array([(chosen == c).mean() for c in (-1, 10, 11, 12)])
    # Tolerance: 4 standard errors of a proportion at n = 200,000 (about 0.004).
    assert np.abs(observed - expected).max() < 4 * np.sqrt(0.25 / len(chosen))
    assert mean_log_sum == pytest.approx(np.log(np.exp([0.0, *base]).sum()))


def test_the_procurement_restriction_costs_us_buyers_of_chinese_equipment_in_proportion():
    origin = np.array([Origin.CN, Origin.US, Origin.OTHER])
    levers = _levers(us_procurement_restriction=0.5)
    cost = reciprocity.procurement_cost(Region.US, Sector.ICT_EQUIPMENT, origin, levers, 3.0)
    assert cost == pytest.approx([1.5, 0.0, 0.0])                               # restriction x full cost
    assert reciprocity.procurement_cost(Region.US, Sector.DEVICES, origin, levers, 3.0)[0] == pytest.approx(1.5)
    assert not reciprocity.procurement_cost(Region.EU, Sector.ICT_EQUIPMENT, origin, levers, 3.0).any()
    assert not reciprocity.procurement_cost(Region.US, Sector.CLOUD, origin, levers, 3.0).any()
    assert not reciprocity.procurement_cost(Region.US, Sector.DEVICES, origin,
                                            _levers(us_procurement_restriction=0.0), 3.0).any()


def test_bundling_and_switching_cost_shift_choices():
    before = np.full((20_000, 2), -1, np.int64)
    before[:, 1] = 11                                     # everyone uses firm 11 in another sector
    bundled, _, _ = _block(20_000, [0.0, 0.0], outside=-np.inf, before=before.copy(), bundling=2.0)
    # P(11) = e^2 / (1 + e^2) = 0.881; tolerance 4 standard errors (~0.009).
    assert abs((bundled == 11).mean() - np.exp(2) / (1 + np.exp(2))) < 4 * np.sqrt(0.25 / 20_000)
    stay = before.copy()
    stay[:, 0] = 10
    chosen, _, _ = _block(20_000, [0.0, 0.0], outside=-np.inf, before=stay, switching_cost=3.0)
    assert abs((chosen == 10).mean() - np.exp(3) / (1 + np.exp(3))) < 4 * np.sqrt(0.25 / 20_000)


def test_single_homing_markets_leave_secondary_providers_alone():
    secondary_before = np.full((1_000, 2), -1, np.int64)
    secondary_before[:, 0] = 11
    _, _, secondary = _block(1_000, [0.0, 1.0], secondary_before=secondary_before)
    assert (secondary == 11).all()


def test_secondary_provider_is_the_logit_among_the_other_candidates_and_the_outside_option():
    base = [0.5, -0.5, 1.0]
    primary, _, secondary = _block(200_000, base, multi_homing=True, seed=1)
    assert not (secondary[secondary >= 0] == primary[secondary >= 0]).any()
    assert (secondary[primary == -1] == -1).all()               # no secondary without a primary
    for chosen in (10, 11, 12):
        others = [(firm, u) for firm, u in zip((10, 11, 12), base) if firm != chosen]
        denominator = 1.0 + sum(np.exp(u) for _, u in others)
        expected = [1.0 / denominator] + [np.exp(u) / denominator for _, u in others]
        mine = secondary[primary == chosen]
        observed = [(mine == -1).mean()] + [(mine == firm).mean() for firm, _ in others]
        # Tolerance: 4 standard errors of a proportion among this primary's users (>= 20,000).
        assert np.abs(np.subtract(observed, expected)).max() < 4 * np.sqrt(0.25 / len(mine))


def test_switching_cost_spares_the_secondary_provider():
    before = np.full((20_000, 2), -1, np.int64)
    before[:, 0] = 11
    secondary_before = np.full((20_000, 2), -1, np.int64)
    secondary_before[:, 0] = 10
    primary, _, secondary = _block(20_000, [0.0, 0.0, 0.0], outside=-np.inf, before=before,
                                   secondary_before=secondary_before, switching_cost=3.0, multi_homing=True)
    # Firms 10 and 11 (in use) cost nothing, firm 12 costs 3 utils: P(primary 12) = e^-3 / (2 + e^-3).
    expected = np.exp(-3) / (2 + np.exp(-3))
    assert abs((primary == 12).mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / 20_000)
    # The other provider in use stays the secondary: P = 1 / (1 + e^-3) (outside option excluded).
    users_of_one = np.isin(primary, (10, 11))
    kept = (secondary[users_of_one] == 21 - primary[users_of_one]).mean()
    stay = 1 / (1 + np.exp(-3))
    assert abs(kept - stay) < 4 * np.sqrt(stay * (1 - stay) / users_of_one.sum())


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
    arpu = np.ones((len(Region), len(Sector)))
    no_income_growth = {"china_income_growth": 0.0}
    compounding = monetization.market_revenue_per_user(
        arpu, Parameters({**no_income_growth, "revenue_per_user_growth_half_life": 100.0,
                          "revenue_per_user_growth_social": 0.3}), 2.0)
    assert compounding[0, 0] == pytest.approx(1.3 ** 2, rel=0.02)
    decaying = monetization.market_revenue_per_user(
        arpu, Parameters({**no_income_growth, "revenue_per_user_growth_social": 0.3}), 40.0)
    assert decaying[0, 0] < 1.3 ** (6.0 / np.log(2)) + 1e-9


def test_revenue_per_user_growth_converges_to_income_growth():
    """ARPU starts growing at the sector's rate and ends growing with income: relative to
    income it levels off at the ceiling ((1 + g) / (1 + income growth))^(H / ln 2)."""
    arpu = np.ones((len(Region), len(Sector)))
    params = Parameters({"china_income_growth": 0.06, "revenue_per_user_growth_social": 0.3})
    early = monetization.market_revenue_per_user(arpu, params, 0.25)[0, 0] ** 4
    late = (monetization.market_revenue_per_user(arpu, params, 101.0)[0, 0]
            / monetization.market_revenue_per_user(arpu, params, 100.0)[0, 0])
    assert early == pytest.approx(1.3, rel=0.02)
    assert late == pytest.approx(1.06, rel=1e-3)
    relative = monetization.market_revenue_per_user(arpu, params, 200.0)[0, 0] / 1.06 ** 200.0
    assert relative == pytest.approx((1.3 / 1.06) ** (6.0 / np.log(2)), rel=1e-3)


def test_firm_monetization_growth_raises_only_that_firms_revenue_path(monkeypatch):
    """A firm's own monetization trend raises its revenue per user (not its rivals') by
    (1 + trend)^M(t, firm half-life); revenue itself moves more, as R&D feeds back into users.
    Revenue per user is read as the accounts book it (later exits in the quarter move users)."""
    book = market_dynamics.update_accounts

    def revenue_per_user(growth: float) -> tuple[np.ndarray, np.ndarray]:
        model = ConvergenceModel.from_parameters(SMALL, rng=3, end="2016Q4")
        state = model.firm_state
        row, rival = state.names.index("Baidu"), state.names.index("NetEase")
        state.monetization_growth[row] = growth
        path = []

        def booked(*args, **kwargs):
            book(*args, **kwargs)
            path.append([state.revenue_market[r, Region.CN, Sector.SEARCH] / state.users[r, Region.CN, Sector.SEARCH]
                         for r in (row, rival)])
        monkeypatch.setattr(market_dynamics, "update_accounts", booked)
        while model.running:
            model.step()
        return np.array(path).T

    (flat, rival_flat), (growing, rival_growing) = revenue_per_user(0.0), revenue_per_user(0.2)     # Chinese search
    matured = monetization.matured_years(np.arange(1, len(flat) + 1) / 4.0, Parameters().firm_monetization_half_life)
    assert growing / flat == pytest.approx(1.2 ** matured, rel=0.03)
    assert rival_growing == pytest.approx(rival_flat, rel=0.03)


def test_blocked_foreign_online_services_stay_reachable_over_a_vpn_unless_enforcement_is_total():
    origin = np.array([Origin.CN, Origin.US, Origin.US])
    access = market_access.access_shares(origin, _levers())
    present = np.zeros((3, len(Region), len(Sector)), bool)
    present[:, Region.US, :] = True                                             # offered in the U.S.
    active = np.array([True, True, False])                                      # the second U.S. firm is gone
    reach = market_access.vpn_reachable(origin, active, present, access, _levers(china_vpn_enforcement=0.5))
    assert access[1, Region.CN, Sector.SOCIAL] == 0.0                            # blocked by law
    assert reach[1, Region.CN, Sector.SOCIAL] and reach[1, Region.CN, Sector.SEARCH]
    assert not reach[1, Region.CN, Sector.ECOMMERCE]                            # open: served legally, no VPN
    assert not reach[1, Region.CN, Sector.PAYMENTS]                             # not reachable by VPN
    assert not reach[0].any() and not reach[2].any()                            # Chinese firm; inactive firm
    assert not reach[:, Region.US].any()
    total = market_access.vpn_reachable(origin, active, present, access, _levers(china_vpn_enforcement=1.0))
    assert not total.any()
    params = Parameters({"china_vpn_cost": 1.5})
    friction = market_access.access_friction(origin, access, _levers(china_vpn_enforcement=0.5), params, reach)
    assert friction[1, Region.CN, Sector.SOCIAL] == pytest.approx(1.5 / 0.5)    # cost / (1 - enforcement)
    tighter = market_access.access_friction(origin, access, _levers(china_vpn_enforcement=0.8), params, reach)
    assert tighter[1, Region.CN, Sector.SOCIAL] == pytest.approx(1.5 / 0.2)     # a crackdown raises it
    assert market_access.vpn_friction(_levers(china_vpn_enforcement=1.0), params) == float("inf")


def test_china_restrictiveness_counts_the_rules_not_their_evasion():
    assert reciprocity.china_restrictiveness(_levers(china_vpn_enforcement=0.0)) == reciprocity.china_restrictiveness(
        _levers())
    assert reciprocity.china_restrictiveness(_levers(china_foreign_access_search=1.0)) < \
        reciprocity.china_restrictiveness(_levers())


def test_a_rising_internet_ceiling_keeps_adoption_going_and_never_lowers_it():
    fixed = Parameters({"china_internet_ceiling": 0.62})
    rising = fixed.replace(china_internet_ceiling_growth=0.02)
    steps = range(0, 72)
    fixed_path = np.array([adoption.adoption_shares(fixed, s)[Region.CN, 0] for s in steps])
    rising_path = np.array([adoption.adoption_shares(rising, s)[Region.CN, 0] for s in steps])
    assert fixed_path[-1] <= 0.62 + 1e-9 < rising_path[-1] <= adoption.MAX_INTERNET_SHARE
    assert (np.diff(rising_path) >= 0).all() and (rising_path >= fixed_path - 1e-12).all()
    start = [adoption.adoption_shares(p, -1)[Region.CN, 0] for p in (fixed, rising)]      # start of 2013
    assert start[0] == pytest.approx(start[1])


# --- exact values of the policy mechanisms (each pins a lever's effect and sign; issue 15) -------------

def test_openness_rows_are_one_minus_the_effective_restriction():
    levers = _levers(china_data_localization_strictness=0.5, china_data_localization_scope=0.4,
                     china_enforcement=0.5, eu_transfer_restriction=0.2)
    matrix = data_localization.openness(levers)
    assert matrix[Region.CN, Region.US] == pytest.approx(1.0 - 0.5 * 0.4 * 0.5)
    assert matrix[Region.EU, Region.ROW] == pytest.approx(0.8)
    assert matrix[Region.US, Region.EU] == 1.0 and np.diag(matrix).tolist() == [1.0] * len(Region)


def test_data_flow_index_weights_pairs_by_users_and_is_open_without_users():
    matrix = np.ones((len(Region), len(Region)))
    matrix[Region.CN, :] = 0.5
    np.fill_diagonal(matrix, 1.0)
    users = np.zeros(len(Region))
    users[[Region.CN, Region.US]] = 1.0                                       # China and the U.S. only
    assert data_localization.data_flow_index(matrix, users) == pytest.approx(0.75)   # (0.5 + 1) / 2
    assert data_localization.data_flow_index(matrix, np.zeros(len(Region))) == 1.0
    assert data_localization.data_flow_index(matrix, users / 2) == pytest.approx(0.75)


def test_compliance_costs_fall_on_the_firms_each_rule_binds():
    levers = _levers(china_data_localization_strictness=0.5, china_data_localization_scope=0.4, china_enforcement=0.5,
                     china_local_datacentre_cost=0.01, china_security_assessment_cost=0.02,
                     china_compliance_revenue_share=0.1, us_chinese_app_data_rules=0.5, us_local_storage_cost=0.04,
                     eu_transfer_restriction=0.2, eu_compliance_cost=0.05)
    origin = np.array([Origin.US, Origin.CN, Origin.CN, Origin.OTHER, Origin.OTHER])
    home = np.array([Region.US, Region.CN, Region.CN, Region.EU, Region.ROW])
    operating = np.zeros((5, len(Region)), bool)
    operating[0, [Region.CN, Region.EU]] = True                              # U.S. firm in China and the EU
    operating[1, [Region.CN, Region.US, Region.EU]] = True                  # Chinese firm going global
    operating[2, Region.CN] = True                                           # Chinese firm at home only
    operating[3, Region.EU] = True                                           # EU firm at home
    operating[4, Region.EU] = True                                           # a rest-of-world firm in the EU
    revenue = np.zeros((5, len(Region)))
    revenue[0, Region.CN] = 2.0
    costs = data_localization.compliance_costs(origin, home, operating, revenue, levers)
    coverage = 0.5 * 0.4 * 0.5
    assert costs[0, Region.CN] == pytest.approx(coverage * (0.01 + 0.02 + 0.1 * 2.0))
    assert costs[0, Region.EU] == pytest.approx(0.2 * 0.05)
    assert costs[1, Region.CN] == 0.0                                        # no assessment for data at home
    assert costs[1, Region.US] == pytest.approx(coverage * 0.02 / 2 + 0.5 * 0.04)   # assessment split, storage
    assert costs[1, Region.EU] == pytest.approx(coverage * 0.02 / 2 + 0.2 * 0.05)
    assert not costs[2].any() and not costs[3].any()                        # at home: no rule binds
    assert costs[4, Region.EU] == pytest.approx(0.2 * 0.05)                  # transfers out of the EU
    assert not costs[:, Region.ROW].any()


def test_procurement_preference_favours_chinese_vendors_of_cloud_and_equipment_in_china_only():
    origin = np.array([Origin.CN, Origin.US, Origin.OTHER])
    levers = _levers(china_ict_procurement_preference=2.0)
    assert ict_localization.procurement_preference(Region.CN, Sector.CLOUD, origin, levers).tolist() == [2.0, 0, 0]
    assert ict_localization.procurement_preference(Region.CN, Sector.ICT_EQUIPMENT, origin, levers)[0] == 2.0
    for region in (Region.US, Region.EU, Region.ROW):
        assert not ict_localization.procurement_preference(region, Sector.CLOUD, origin, levers).any()
    assert not ict_localization.procurement_preference(Region.CN, Sector.SOCIAL, origin, levers).any()


def test_partner_payments_are_lost_only_where_no_chinese_cloud_firm_serves_china():
    origin = np.array([Origin.US, Origin.OTHER])
    paid = np.zeros((2, len(Region), len(Sector)))
    paid[0, Region.CN, Sector.CLOUD] = 1.0
    users = np.ones((2, len(Region), len(Sector)))
    receipts = ict_localization.partner_receipts(paid, origin, users)
    assert np.isfinite(receipts).all() and not receipts.any()


def test_access_frictions_bind_partial_access_reciprocity_and_chinese_payments_abroad():
    origin = np.array([Origin.CN, Origin.US])
    levers = _levers(china_foreign_access_cloud=0.25, us_reciprocity_strength=0.5)
    params = Parameters({"access_friction_max": 4.0, "china_payments_foreign_friction": 2.0})
    access = market_access.access_shares(origin, levers)
    no_vpn = np.zeros(access.shape, bool)
    friction = market_access.access_friction(origin, access, levers, params, no_vpn)
    assert friction[1, Region.CN, Sector.CLOUD] == pytest.approx(4.0 * 0.75)          # partial access
    assert friction[1, Region.US].sum() == 0.0 and friction[1, Region.EU].sum() == 0.0
    assert friction[0, Region.US, Sector.SOCIAL] == pytest.approx(0.5 * 4.0)          # reciprocity
    assert friction[0, Region.EU, Sector.SOCIAL] == 0.0
    assert friction[0, Region.EU, Sector.PAYMENTS] == pytest.approx(2.0)              # Chinese payments abroad
    assert friction[0, Region.CN].sum() == 0.0                                       # at home: none


def test_china_restrictiveness_is_the_mean_of_its_three_parts():
    levers = _levers(china_data_localization_strictness=0.5, china_data_localization_scope=0.4,
                     china_enforcement=0.5, china_ict_procurement_preference=2.0,
                     **{f"china_foreign_access_{s}": 1.0 for s in ("social", "ecommerce", "search", "payments",
                                                                   "ridehailing", "devices", "cloud",
                                                                   "ict_equipment")})
    assert reciprocity.china_restrictiveness(levers) == pytest.approx((0.1 + 0.0 + 0.4) / 3)
    step = (reciprocity.china_restrictiveness(_levers(china_ict_procurement_preference=5.0))
            - reciprocity.china_restrictiveness(_levers(china_ict_procurement_preference=4.0)))
    assert step == pytest.approx(0.2 / 3)                                    # 1 util is a fifth of the part


def test_reciprocity_friction_and_procurement_cost_bind_chinese_firms_in_the_us_only():
    origin = np.array([Origin.CN, Origin.US, Origin.OTHER])
    friction = reciprocity.us_access_friction(origin, _levers(us_reciprocity_strength=0.5), 3.0)
    assert friction[:, Region.US].tolist() == [1.5, 0.0, 0.0] and not friction[:, Region.CN].any()
    levers = _levers(us_procurement_restriction=0.5)
    assert not reciprocity.procurement_cost(Region.CN, Sector.DEVICES, origin, levers, 3.0).any()
