"""Export controls, app bans and divestiture orders, and China's countermeasures: each lever is
compared with and without it over the same 10 seeds (paired), on the outcome it should move and
on one it should not.

Runs use the raw parameter defaults at a small size (1,000 consumers and 200 enterprise buyers
per region); the lever is switched on in 2015Q1 (step 8) and outcomes are read up to 2016Q4 at
the latest. Each test states the effect it requires; the effects measured when the tests were
written are in the comments (they are not asserted).
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import simulate
from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.firm_state import FirmState
from convergence.model.mechanisms import app_bans, countermeasures, export_controls, market_dynamics, user_choice
from convergence.model.mechanisms.choice_kernel import Candidates, Choosers, UtilityWeights, choose_block
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import Parameters, PolicyChange

SEEDS = range(10)
TINY = {"users_per_region": 1_000, "enterprise_buyers_per_region": 200}
START = "2015Q1"
START_STEP = 8


def paired_t(treated: np.ndarray, control: np.ndarray) -> float:
    """t statistic of the mean paired difference (treated - control)."""
    diff = treated - control
    return float(diff.mean() / (diff.std(ddof=1) / np.sqrt(len(diff))))


def _share(table, step_from: int, step_to: int, region: str, sector: str, *, origin: str = "", firm: str = ""):
    """Mean market share over steps ``step_from .. step_to`` (one firm, or an origin's total)."""
    rows = table[(table.metric == "market_share") & (table.step >= step_from) & (table.step <= step_to)
                 & (table.region == region) & (table.sector == sector) & (table.firm == firm)]
    if origin:
        rows = rows[rows.origin == origin]
    steps = step_to - step_from + 1
    return rows.value.sum() / steps


# --- export controls -------------------------------------------------------------------------

HUAWEI_LISTED = [PolicyChange(START, "us_export_controls_huawei", 1.0)]
ABROAD = ("US", "EU", "RoW")


def _huawei_outcomes(table) -> dict[str, float]:
    def abroad(step: int) -> float:
        return float(np.mean([_share(table, step, step, region, "devices", firm="Huawei") for region in ABROAD]))
    revenue = table[(table.metric == "revenue") & (table.firm == "Huawei") & (table.region == "") & (table.step == 12)]
    return {"devices_abroad_q1": abroad(START_STEP + 1), "devices_abroad_q4": abroad(12),
            "revenue_q4": float(revenue.value.sum()),
            "ecommerce_cn": _share(table, 12, 12, "CN", "ecommerce", origin="CN")}


@pytest.fixture(scope="module")
def huawei_listing():
    """Huawei's outcomes per seed, with and without a full U.S. denial from 2015Q1."""
    arms = {"off": [], "on": []}
    for seed in SEEDS:
        for arm, timeline in (("off", []), ("on", HUAWEI_LISTED)):
            table = simulate(None, overrides=TINY, timeline=timeline, end="2016Q1", seed=seed)
            arms[arm].append(_huawei_outcomes(table))
    return {arm: {key: np.array([row[key] for row in rows]) for key in rows[0]} for arm, rows in arms.items()}


def test_export_controls_lower_huawei_device_share_abroad_more_with_time(huawei_listing):
    # Measured: share abroad (mean of the U.S., EU, rest of the world) 0.090 -> 0.041 four quarters
    # after listing (-55%, t = -3.1, lower in 10/10 seeds); one quarter after, -0.017 (t = -3.7).
    # After the region split and behavioural exits: lower in 10/10, t = -2.1 on the skewed
    # differences (one seed 0.37 -> 0.18), so t is taken on log ratios, as for the app ban.
    # Tolerance: lower in at least 9 of 10 seeds, at least 30% lower on average after four quarters,
    # t < -3 on log ratios, and the loss after four quarters larger than after one (the stockpiles
    # run down).
    off, on = huawei_listing["off"], huawei_listing["on"]
    assert (on["devices_abroad_q4"] < off["devices_abroad_q4"]).sum() >= 9
    assert on["devices_abroad_q4"].mean() <= 0.7 * off["devices_abroad_q4"].mean()
    assert paired_t(np.log(on["devices_abroad_q4"] + 1e-3), np.log(off["devices_abroad_q4"] + 1e-3)) < -3.0
    loss_q1 = (off["devices_abroad_q1"] - on["devices_abroad_q1"]).mean()
    loss_q4 = (off["devices_abroad_q4"] - on["devices_abroad_q4"]).mean()
    assert 0.0 < loss_q1 < loss_q4


def test_export_controls_lower_huawei_revenue(huawei_listing):
    # Measured: revenue four quarters after listing -27% (t = -3.5, lower in 9/10 seeds); Huawei's
    # real revenue fell 29% in 2021 (a check of magnitude, not a target).
    # Tolerance: at least 10% lower on average, t < -2.5.
    off, on = huawei_listing["off"]["revenue_q4"], huawei_listing["on"]["revenue_q4"]
    assert on.mean() <= 0.9 * off.mean()
    assert paired_t(on, off) < -2.5


def test_export_controls_do_not_move_ecommerce_in_china(huawei_listing):
    # Measured: Chinese firms' e-commerce share in China moves by +0.002 (t = 0.8).
    # Tolerance: mean absolute paired difference below 0.02 (share).
    off, on = huawei_listing["off"]["ecommerce_cn"], huawei_listing["on"]["ecommerce_cn"]
    assert abs((on - off).mean()) < 0.02


def test_supply_cut_runs_down_stockpiles_and_substitution_grows_with_rd():
    params = Parameters({"export_control_stockpile_quarters": 4, "domestic_substitution_rate": 0.5})
    state = FirmState()
    for name, rd in (("Huawei", 0.15), ("Xiaomi", 0.05)):
        row = state.add(name)
        state.active[row], state.origin[row], state.rd_intensity[row] = True, Origin.CN, rd
        state.serves[row, Sector.DEVICES] = True
    levers = {"us_export_controls": 1.0, "us_export_controls_huawei": 0.0, "us_export_controls_zte": 0.0}
    cuts = []
    for _ in range(4):
        export_controls.update_supply(state, levers, params)
        cuts.append(state.us_supply_cut[0])
    assert cuts == pytest.approx([0.25, 0.5, 0.75, 1.0])          # stockpiles last four quarters
    assert state.domestic_substitution[0] > state.domestic_substitution[1] > 0.0   # more R&D, faster
    loss = export_controls.utility_loss(state, params)
    assert loss[0, Region.CN, Sector.DEVICES] < loss[1, Region.CN, Sector.DEVICES]  # Huawei recovers sooner
    assert loss[0, Region.EU, Sector.DEVICES] > loss[0, Region.CN, Sector.DEVICES]  # GMS matters abroad only
    export_controls.update_supply(state, {**levers, "us_export_controls": 0.0}, params)
    assert state.us_supply_cut[0] == 0.0                           # a lifted denial restores supply at once


# --- app bans and divestiture orders ------------------------------------------------------------

ATTRACTIVE = {**TINY, "foreign_privacy_penalty": 0.0, "home_fit_weight": 0.0}
"""Test world in which Chinese apps win U.S. users (no foreign-privacy penalty or home fit)."""
APP_ARMS = {
    "off": [],
    "ban": [PolicyChange(START, "us_chinese_app_ban", 1.0)],
    "order": [PolicyChange(START, "us_chinese_app_divestiture_order", True)],
    "remedy": [PolicyChange(START, "us_chinese_app_divestiture_order", True),
               PolicyChange(START, "us_chinese_app_data_remedy", True)],
}


def _app_outcomes(table) -> dict[str, float]:
    chinese = _share(table, 13, 16, "US", "social", origin="CN")
    divested = table[(table.metric == "market_share") & (table.step >= 13) & (table.region == "US")
                     & (table.sector == "social") & table.firm.str.contains(" US (", regex=False)].value.sum() / 4
    compliance = table[(table.metric == "compliance_cost") & (table.step >= 13) & (table.origin == "CN")]
    return {"chinese_us_social": chinese, "apps_us_social": chinese + divested, "divested_us_social": divested,
            "first_quarter": _share(table, START_STEP, START_STEP, "US", "social", origin="CN"),
            "ecommerce_cn": _share(table, 13, 16, "CN", "ecommerce", origin="CN"),
            "compliance_cn": float(compliance.value.sum())}


@pytest.fixture(scope="module")
def app_measures():
    """Outcomes per seed for no measure, a ban, a divestiture order and an order with a remedy."""
    arms = {arm: [] for arm in APP_ARMS}
    for seed in SEEDS:
        for arm, timeline in APP_ARMS.items():
            table = simulate(None, overrides=ATTRACTIVE, timeline=timeline, end="2016Q4", seed=seed)
            arms[arm].append(_app_outcomes(table))
    return {arm: {key: np.array([row[key] for row in rows]) for key in rows[0]} for arm, rows in arms.items()}


def test_us_app_ban_lowers_chinese_apps_us_social_share(app_measures):
    # Measured: Chinese firms' U.S. social share in 2016 0.089 -> 0.012 (-86%, lower in 10/10
    # seeds; t = -1.9 on the skewed differences, t = -8.8 on log ratios).
    # After the region split (other random draws) no Chinese app reaches U.S. users by 2016 in 2
    # of the 10 seeds, with or without a ban (0 = 0).
    # Tolerance: lower in every seed where Chinese apps have U.S. users without the ban (at least
    # 7 of 10), never higher, at least 50% lower on average, and t < -3 on log ratios.
    off, on = app_measures["off"]["chinese_us_social"], app_measures["ban"]["chinese_us_social"]
    present = off > 0
    assert present.sum() >= 7
    assert (on[present] < off[present]).all() and (on <= off).all()
    assert on.mean() <= 0.5 * off.mean()
    assert paired_t(np.log(on + 1e-3), np.log(off + 1e-3)) < -3.0


def test_us_app_ban_does_not_delete_existing_users_at_once(app_measures):
    # Measured: in the ban's first quarter the share is 0.062 against 0.078 without (79% kept).
    # Tolerance: at least half of the share kept on average in the first quarter, and more than a
    # year later (the friction of existing users rises over app_ban_obsolescence_quarters).
    off, on = app_measures["off"], app_measures["ban"]
    kept_first = on["first_quarter"].mean() / off["first_quarter"].mean()
    kept_late = on["chinese_us_social"].mean() / off["chinese_us_social"].mean()
    assert kept_first >= 0.5
    assert kept_late < kept_first


def test_divestiture_to_local_owners_keeps_more_of_the_apps_than_a_ban(app_measures):
    # Measured: the apps' U.S. social share (Chinese-owned plus divested) 0.080 under an order
    # against 0.012 under a ban (no measure: 0.089, t = -0.8 on log ratios against it); higher
    # than under a ban in 9/10 seeds. The Chinese-owned share alone falls to 0.022 (-76%).
    # Tolerance: higher than under a ban in at least 8 of 10 seeds and on average, and at least
    # 60% of the no-measure share, held by divested firms in at least 5 seeds, while the
    # Chinese-owned share falls below half the no-measure share.
    order, ban, off = app_measures["order"], app_measures["ban"], app_measures["off"]
    assert (order["apps_us_social"] > ban["apps_us_social"]).sum() >= 8
    assert order["apps_us_social"].mean() > 2 * ban["apps_us_social"].mean()
    assert order["apps_us_social"].mean() >= 0.6 * off["apps_us_social"].mean()
    assert (order["divested_us_social"] > 0).sum() >= 5
    assert order["chinese_us_social"].mean() < 0.5 * off["chinese_us_social"].mean()


def test_data_remedy_keeps_the_apps_at_a_compliance_cost(app_measures):
    # Measured: with the remedy Chinese firms' U.S. social share is 0.095 (0.089 without any
    # measure) and Chinese firms' compliance cost over 2016 rises from 0.04 to 1.57 USD bn.
    # Tolerance: share at least 80% of the no-measure share on average; compliance cost higher in
    # every seed where Chinese apps operate in the U.S. under the remedy, never lower. Measured
    # after the region split and behavioural exits: the apps operate in 2016 under the remedy in
    # 6 of 10 seeds (the remedy's USD 0.25 bn a quarter makes a small app's U.S. market lose money,
    # and losing markets are left with a hazard), so at least 5 are required.
    remedy, off = app_measures["remedy"], app_measures["off"]
    assert remedy["chinese_us_social"].mean() >= 0.8 * off["chinese_us_social"].mean()
    present = remedy["chinese_us_social"] > 0
    assert present.sum() >= 5
    assert (remedy["compliance_cn"][present] > off["compliance_cn"][present]).all()
    assert (remedy["compliance_cn"] >= off["compliance_cn"]).all()


def test_app_measures_do_not_move_ecommerce_in_china(app_measures):
    # Measured: Chinese firms' e-commerce share in China moves by +0.000 (ban, t = 0.5) and
    # -0.013 (order, t = -0.7).
    # Tolerance: mean absolute paired difference below 0.03 for the ban and the order.
    off = app_measures["off"]["ecommerce_cn"]
    for arm in ("ban", "order"):
        assert abs((app_measures[arm]["ecommerce_cn"] - off).mean()) < 0.03, arm


def test_app_ban_clock_bans_after_an_unmet_divestiture_deadline():
    params = Parameters({"divestiture_deadline_quarters": 2})
    clock = app_bans.AppBanClock()
    levers = {"us_chinese_app_ban": 0.0, "us_chinese_app_divestiture_order": True,
              "us_chinese_app_data_remedy": False, "india_chinese_app_ban": 0.0}
    strengths = []
    for _ in range(4):
        clock.advance(levers, params)
        strengths.append(float(clock.strength[Region.US]))
    assert strengths == [0.0, 0.0, 1.0, 1.0]
    clock.advance({**levers, "us_chinese_app_data_remedy": True}, params)
    assert clock.strength[Region.US] == 0.0 and clock.remedied[Region.US] and not clock.selling[Region.US]


def test_algorithm_export_review_lowers_what_a_buyer_gets():
    params = Parameters({"algorithm_share_of_quality": 0.5})
    assert countermeasures.divested_quality_kept({"china_algorithm_export_review": 0.0}, params) == 1.0
    assert countermeasures.divested_quality_kept({"china_algorithm_export_review": 1.0}, params) == 0.5


# --- China's countermeasures ----------------------------------------------------------------------

LAG = 2
COUNTER_ARMS = {"off": {}, "on": {"china_countermeasure_rule": True, "china_countermeasure_lag_quarters": LAG}}


@pytest.fixture(scope="module")
def countermeasure_runs():
    """Per seed, after Huawei's listing in 2015Q1: China's restrictiveness by quarter and U.S.
    vendors' shares in China, with and without the countermeasure rule."""
    arms = {arm: [] for arm in COUNTER_ARMS}
    for seed in SEEDS:
        for arm, overrides in COUNTER_ARMS.items():
            model = ConvergenceModel(None, rng=seed, end="2016Q4", timeline=HUAWEI_LISTED, **TINY, **overrides).run()
            table = model.results()
            arms[arm].append({
                "restrictiveness": np.array(model.china.restrictiveness_history),
                "us_devices_cn": _share(table, 13, 16, "CN", "devices", origin="US"),
                "us_cloud_cn": _share(table, 13, 16, "CN", "cloud", origin="US"),
                "ecommerce_cn": _share(table, 13, 16, "CN", "ecommerce", origin="CN"),
            })
    return {arm: {key: np.array([row[key] for row in rows]) for key in rows[0]} for arm, rows in arms.items()}


def test_countermeasures_raise_china_restrictiveness_after_the_lag(countermeasure_runs):
    # China answers the U.S. escalation of step 8 from step 8 + LAG on, not before.
    off, on = countermeasure_runs["off"]["restrictiveness"], countermeasure_runs["on"]["restrictiveness"]
    assert np.array_equal(on[:, : START_STEP + LAG], off[:, : START_STEP + LAG])
    assert (on[:, START_STEP + LAG:] >= off[:, START_STEP + LAG:] + 0.2).all()
    assert (on <= 1.0).all()


def test_countermeasures_lower_us_vendors_share_in_china(countermeasure_runs):
    # Measured: U.S. firms' device share in China in 2016 0.073 -> 0.026 (-65%, t = -3.4, lower
    # in 10/10 seeds); cloud 0.073 -> 0.017 (-77%, t = -2.8, 10/10).
    # After the region split: devices 10/10 lower, t = -2.5 on the skewed differences (one seed
    # loses 0.30 of 0.51), so the t statistic is taken on log ratios, as for the app ban.
    # Tolerance: devices and cloud lower in at least 9 of 10 seeds, t < -3 on log ratios for devices.
    off, on = countermeasure_runs["off"], countermeasure_runs["on"]
    for sector in ("us_devices_cn", "us_cloud_cn"):
        assert (on[sector] < off[sector]).sum() >= 9, sector
    assert paired_t(np.log(on["us_devices_cn"] + 1e-3), np.log(off["us_devices_cn"] + 1e-3)) < -3.0


def test_countermeasures_do_not_move_ecommerce_in_china(countermeasure_runs):
    # Measured: Chinese firms' e-commerce share in China moves by -0.002 (t = -0.9).
    # Tolerance: mean absolute paired difference below 0.02 (share).
    off, on = countermeasure_runs["off"]["ecommerce_cn"], countermeasure_runs["on"]["ecommerce_cn"]
    assert abs((on - off).mean()) < 0.02


def test_us_reciprocity_and_china_countermeasures_stay_bounded():
    # Both rules on at their most responsive: every lever stays in [0, 1] and settles.
    model = ConvergenceModel(None, rng=0, end="2015Q4", **TINY, china_countermeasure_rule=True,
                             china_countermeasure_responsiveness=3.0, china_countermeasure_lag_quarters=1,
                             us_reciprocity_rule=True, us_reciprocity_responsiveness=3.0,
                             us_reciprocity_lag_quarters=0).run()
    escalation, restrictiveness = model.china.us_escalation_history, model.china.restrictiveness_history
    assert all(0.0 <= value <= 1.0 for value in escalation + restrictiveness)
    assert 0.0 <= model.levers["us_reciprocity_strength"] <= 1.0
    assert all(0.0 <= model.levers[name] <= 1.0 for name in countermeasures.COUNTERMEASURE_LEVERS)
    assert escalation[-1] == escalation[-2] and restrictiveness[-1] == restrictiveness[-2]


def test_overseas_listing_review_slows_chinese_expansion_abroad_only():
    levers = {"china_overseas_listing_review": 0.75}
    assert countermeasures.abroad_expansion_factor(Origin.CN, levers) == pytest.approx(0.25)
    assert countermeasures.abroad_expansion_factor(Origin.US, levers) == 1.0


# --- the channels one by one (cheap unit checks, so that removing one fails a test) -------------


def test_denied_inputs_cost_more_until_replaced():
    params = Parameters()
    state = FirmState()
    row = state.add("Huawei")
    state.active[row], state.origin[row], state.serves[row, Sector.DEVICES] = True, Origin.CN, True
    revenue = np.zeros((1, len(Region), len(Sector)))
    revenue[0, :, Sector.DEVICES] = 10.0
    revenue[0, :, Sector.SOCIAL] = 10.0
    margin = np.full(len(Sector), 0.2)
    assert export_controls.input_cost(state, revenue, margin, params).sum() == 0.0
    state.us_supply_cut[row] = 1.0
    cost = export_controls.input_cost(state, revenue, margin, params)
    expected = 10.0 * 0.8 * params.us_component_share * params.export_control_cost_premium
    assert cost[0, Region.EU, Sector.DEVICES] == pytest.approx(expected)
    assert cost[0, :, Sector.SOCIAL].sum() == 0.0
    state.domestic_substitution[row] = 0.5
    assert export_controls.input_cost(state, revenue, margin, params)[0, Region.EU, Sector.DEVICES] == (
        pytest.approx(expected / 2))


def test_ban_friction_grows_for_existing_users_and_install_cost_applies_at_once():
    params = Parameters({"app_ban_obsolescence_quarters": 4, "app_ban_install_cost": 6.0})
    clock = app_bans.AppBanClock()
    origin = np.array([Origin.CN, Origin.US])
    levers = {"us_chinese_app_ban": 0.5, "us_chinese_app_divestiture_order": False,
              "us_chinese_app_data_remedy": False, "india_chinese_app_ban": 0.0}
    frictions = []
    for _ in range(5):
        clock.advance(levers, params)
        frictions.append(app_bans.existing_user_friction(origin, clock, params)[0, Region.US, Sector.SOCIAL])
    full = 0.5 * params.access_friction_max
    assert frictions == pytest.approx([full / 4, full / 2, 3 * full / 4, full, full])
    install = app_bans.install_cost(origin, clock, params)
    assert install[0, Region.US, Sector.SOCIAL] == 3.0
    assert install[1].sum() == 0.0 and install[0, Region.CN].sum() == 0.0 and install[0, :, Sector.DEVICES].sum() == 0.0


def test_install_cost_keeps_new_users_off_but_not_current_users():
    n = 4_000
    rng = np.random.default_rng(0)
    before = np.full((n, 1), -1, np.int64)
    before[: n // 2, 0] = 10                                   # half use the banned app already
    candidates = Candidates(
        firm=np.array([10, 11], np.int64), base=np.zeros(2), fit=np.zeros(2), risk=np.zeros(2),
        install_cost=np.array([6.0, 0.0]), price=np.zeros(2), starts=np.array([0, 2], np.int64),
        market_column=np.array([0], np.int64), outside=np.array([-20.0]), secondary_draw=np.array([-1], np.int64))
    choosers = Choosers(local_fit=np.ones(n), privacy_sensitivity=np.zeros(n),
                        price_sensitivity=np.ones(n),
                        decide=np.ones((n, 1), bool), sampled=np.ones(n, bool), uniforms=rng.random((n, 1)),
                        secondary_uniforms=np.empty((n, 0)), user_id=np.arange(n, dtype=np.int64))
    choice = before.copy()
    choose_block(candidates, choosers, UtilityWeights(0.0, 0.0, 0.0, 0.0, np.zeros(1), 0), choice,
                 np.full((n, 1), -1, np.int64), np.zeros(1), np.zeros(1, np.int64))
    current_users_stay = (choice[: n // 2, 0] == 10).mean()
    new_users_take_it = (choice[n // 2:, 0] == 10).mean()
    assert 0.4 < current_users_stay < 0.6                     # indifferent between the two: about half
    assert new_users_take_it < 0.01                           # exp(-6) / (1 + exp(-6)) = 0.25%


def test_data_remedy_keeps_remedied_apps_data_in_the_region():
    clock = app_bans.AppBanClock()
    clock.remedied[Region.US] = True
    by_origin = app_bans.localize_remedied_data(np.ones((len(Origin), len(Region), len(Region))), clock)
    assert by_origin[Origin.CN, Region.US].tolist() == [1.0 if r == Region.US else 0.0 for r in Region]
    assert by_origin[Origin.CN, Region.CN].min() == 1.0 and by_origin[Origin.US].min() == 1.0


def test_a_region_added_to_the_table_bans_with_its_own_lever(monkeypatch):
    # The data-driven path: a region with a ban lever only (as India's) needs one table line.
    monkeypatch.setitem(app_bans.APP_MEASURES, Region.ROW, app_bans.AppMeasures(Origin.CN, ban="us_chinese_app_ban"))
    clock = app_bans.AppBanClock()
    clock.advance({"us_chinese_app_ban": 1.0, "us_chinese_app_divestiture_order": False,
                   "us_chinese_app_data_remedy": False, "india_chinese_app_ban": 0.0}, Parameters())
    install = app_bans.install_cost(np.array([Origin.CN]), clock, Parameters())
    assert install[0, Region.ROW, Sector.SOCIAL] > 0.0 and install[0, Region.EU].sum() == 0.0


def test_unreliable_entity_list_burdens_us_vendors_in_china_only():
    friction = countermeasures.unreliable_entity_friction(
        np.array([Origin.US, Origin.OTHER]), {"china_unreliable_entity_list": 0.5}, Parameters())
    assert friction[0, Region.CN, Sector.CLOUD] == pytest.approx(0.5 * Parameters().access_friction_max)
    assert friction[0, Region.CN, Sector.SOCIAL] == 0.0 and friction[0, Region.US].sum() == 0.0
    assert friction[1].sum() == 0.0


# --- wiring: each channel reaches the model (one seed, a few quarters) ----------------------------


def _chinese_rows(model: ConvergenceModel) -> np.ndarray:
    """Active Chinese firms among those the quarter's conditions were computed for."""
    n = len(model.conditions.operating)
    return np.flatnonzero(model.firm_state.active[:n] & (model.firm_state.origin[:n] == Origin.CN))


def test_export_controls_cost_reaches_the_accounts():
    # With the quality channels off, a denial changes no choice: revenue is the same and the
    # extra input cost comes out of Huawei's cash. Exits are a hazard of the loss streak, which
    # the cost lengthens, so they are made rare here (as in the reference comparison). Read in the
    # listing quarter itself: users choose before the quarter's accounts, so nothing the cost moves
    # (cash, the home margins that set entry, expansion, bids) can have changed a choice yet; a
    # quarter later it may (with session 9's firm effects Huawei's 2015Q2 revenue differed by 2%).
    no_quality = {**TINY, "export_control_quality_loss": 0.0, "us_software_services_quality_loss": 0.0,
                  "exit_patience_quarters": 40}
    runs = {}
    for arm, timeline in (("off", []), ("on", HUAWEI_LISTED)):
        model = ConvergenceModel(None, rng=0, end=START, timeline=timeline, **no_quality).run()
        row = model.firm_state.names.index("Huawei")
        runs[arm] = (model.firm_state.revenue[row], model.firm_state.cash[row])
    assert runs["on"][0] == pytest.approx(runs["off"][0])
    assert runs["on"][1] < runs["off"][1] - 0.1


def test_app_ban_reaches_users_choices_and_frictions(monkeypatch):
    seen = []

    def recording(candidates, *args):
        seen.append(candidates.install_cost.copy())
        return choose_block(candidates, *args)

    monkeypatch.setattr(user_choice, "choose_block", recording)
    params = {**ATTRACTIVE, "app_ban_install_cost": 4.0, "app_ban_obsolescence_quarters": 4}
    model = ConvergenceModel(None, rng=0, end="2015Q2", timeline=APP_ARMS["ban"], **params).run()
    assert max(cost.max() for cost in seen) == 4.0                 # the kernel sees the install cost
    rows = _chinese_rows(model)
    serving = rows[model.conditions.operating[rows, Region.US, Sector.SOCIAL]]
    assert len(serving) > 0
    friction = model.conditions.friction[serving, Region.US, Sector.SOCIAL]
    assert friction == pytest.approx(0.5 * Parameters().access_friction_max)   # two quarters of four


def test_data_remedy_reaches_pooled_data():
    conditions = {}
    for arm in ("off", "remedy"):
        model = ConvergenceModel(None, rng=0, end=START, timeline=APP_ARMS[arm], **ATTRACTIVE).run()
        conditions[arm] = (model.conditions.pooled_data, _chinese_rows(model), model.firm_state.data.copy())
    (pooled_off, rows, data), (pooled_remedy, _, _) = conditions["off"], conditions["remedy"]
    with_us_data = rows[data[rows, Region.US] > 0]
    assert len(with_us_data) > 0
    assert (pooled_remedy[with_us_data, Region.CN] < pooled_off[with_us_data, Region.CN]).all()
    assert (pooled_remedy[with_us_data, Region.US] == pooled_off[with_us_data, Region.US]).all()


def _until_first_divestiture(**overrides) -> tuple[ConvergenceModel, list[int]]:
    """Run the U.S. divestiture order (seed 0, deal rate 1) to the quarter of the first sale;
    return the model and the rows of the divested apps' new U.S. owners."""
    model = ConvergenceModel(None, rng=0, end="2016Q4", timeline=APP_ARMS["order"], **ATTRACTIVE,
                             divestiture_deal_rate=1.0, **overrides)
    while model.running:
        count = model.firm_state.count
        model.step()
        spun = [row for row in range(count, model.firm_state.count) if " US (" in model.firm_state.names[row]]
        if spun:
            return model, spun
    raise AssertionError("no divestiture happened")


def test_algorithm_export_review_reaches_divested_apps():
    model, spun = _until_first_divestiture(china_algorithm_export_review=1.0, algorithm_share_of_quality=0.5)
    state = model.firm_state
    for row in spun:
        seller = state.names.index(state.names[row].split(" US (")[0])
        sectors = np.flatnonzero(state.serves[row])
        assert state.quality[row, sectors] == pytest.approx(0.5 * state.quality[seller, sectors])


class _Draws:
    """A stand-in generator: ``random()`` returns ``value``, ``integers`` the first option."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value

    def integers(self, high: int) -> int:
        return 0


def test_overseas_listing_review_reaches_expansion():
    state = FirmState()
    row = state.add("Tencent")
    state.active[row], state.origin[row], state.home_region[row] = True, Origin.CN, Region.CN
    state.serves[row, Sector.SOCIAL] = state.present[row, Region.CN, Sector.SOCIAL] = True
    state.users[row, Region.CN, Sector.SOCIAL] = 10.0
    state.profit_market[row, Region.CN, Sector.SOCIAL] = state.cash[row] = state.revenue[row] = 2.0
    access = np.ones((1, len(Region), len(Sector)))
    params = Parameters({"expansion_rate": 0.6})
    market_dynamics.consider_expansion(state, row, params, {"china_overseas_listing_review": 0.5}, _Draws(0.5),
                                       access, step=1)
    assert state.present[row].sum() == 1                   # rate 0.3: the draw 0.5 does not expand
    market_dynamics.consider_expansion(state, row, params, {"china_overseas_listing_review": 0.0}, _Draws(0.5),
                                       access, step=1)
    assert state.present[row].sum() == 2                   # rate 0.6: it expands


@pytest.fixture(scope="module")
def india_ban_runs():
    """India's ban of Chinese apps from 2015Q1 (raw defaults), outcomes over 2016 per seed."""
    arms = {"off": [], "on": []}
    for seed in SEEDS:
        for arm, timeline in (("off", []), ("on", [PolicyChange(START, "india_chinese_app_ban", 1.0)])):
            table = simulate(None, overrides=TINY, timeline=timeline, end="2016Q4", seed=seed)
            arms[arm].append({"india_social": _share(table, 13, 16, "IN", "social", origin="CN"),
                              "us_social": _share(table, 13, 16, "US", "social", origin="CN"),
                              "india_devices": _share(table, 13, 16, "IN", "devices", origin="CN")})
    return {arm: {key: np.array([row[key] for row in rows]) for key in rows[0]} for arm, rows in arms.items()}


def test_india_app_ban_lowers_chinese_apps_share_in_india_only(india_ban_runs):
    # Measured (seeds 0-9, 1,000 consumers): Chinese apps' share of India's social use over 2016
    # 0.217 -> 0.053 (-76%, t = -6.6, lower in 10/10); their U.S. social share 0.043 -> 0.044
    # (t = 1.0); Chinese brands' share of India's devices 0.209 -> 0.204 (t = -1.0: apps only).
    # Tolerance: India's share lower in every seed and at least 50% lower on average with t < -3;
    # the U.S. social and Indian device shares move by less than 0.01 on average.
    off, on = india_ban_runs["off"], india_ban_runs["on"]
    assert (on["india_social"] < off["india_social"]).all()
    assert on["india_social"].mean() <= 0.5 * off["india_social"].mean()
    assert paired_t(on["india_social"], off["india_social"]) < -3.0
    for unrelated in ("us_social", "india_devices"):
        assert abs((on[unrelated] - off[unrelated]).mean()) < 0.01, unrelated


def test_denial_binds_chinese_makers_of_dependent_sectors_and_listed_firms_by_name_only():
    names = ["Huawei", "Xiaomi", "ZTE", "Apple", "Alibaba", "Coolpad"]
    origin = np.array([Origin.CN, Origin.CN, Origin.CN, Origin.US, Origin.CN, Origin.CN])
    serves = np.zeros((len(names), len(Sector)), bool)
    serves[[0, 1, 3, 5], Sector.DEVICES] = True
    serves[2, Sector.ICT_EQUIPMENT] = True
    serves[4, Sector.CLOUD] = True                                    # not a dependent sector
    levers = {"us_export_controls": 0.25, "us_export_controls_huawei": 0.75, "us_export_controls_zte": 0.0}
    assert export_controls.denial(names, origin, serves, levers) == pytest.approx([0.75, 0.25, 0.25, 0.0, 0.0, 0.25])
    cloud_only = serves.copy()
    cloud_only[0] = False
    cloud_only[0, Sector.CLOUD] = True                                # a listed firm outside the dependent sectors
    listed_only = {**levers, "us_export_controls": 0.0, "us_export_controls_huawei": 1.0}
    assert not export_controls.denial(names, origin, cloud_only, listed_only).any()


def test_domestic_substitution_closes_a_constant_share_of_the_remaining_gap():
    params = Parameters({"domestic_substitution_rate": 0.5})
    state = FirmState()
    for name in ("Huawei", "Xiaomi"):                                  # listed, and not denied
        row = state.add(name)
        state.active[row], state.origin[row], state.rd_intensity[row] = True, Origin.CN, 0.15
        state.serves[row, Sector.DEVICES] = True
    levers = {"us_export_controls": 0.0, "us_export_controls_huawei": 1.0, "us_export_controls_zte": 0.0}
    for quarters in (1, 2, 3):
        export_controls.update_supply(state, levers, params)
        assert state.domestic_substitution[0] == pytest.approx(1.0 - (1.0 - 0.5 * 0.15) ** quarters)
    assert state.domestic_substitution[1] == 0.0                       # no denial, no substitution
    state.rd_intensity[1] = 0.3
    export_controls.update_supply(state, {**levers, "us_export_controls": 1.0}, Parameters(
        {"domestic_substitution_rate": 5.0}))
    assert state.domestic_substitution[1] == 1.0                       # at most the whole gap in a quarter


def test_countermeasures_answer_lagged_escalation_in_proportion_capped_at_one():
    history = [0.1, 0.3, 0.5]                                         # last quarter's escalation last
    assert countermeasures.answer(0.0, history, 2, 2.0) == pytest.approx(0.6)     # 2 x 0.3, two quarters back
    assert countermeasures.answer(0.8, history, 2, 2.0) == pytest.approx(0.8)     # a scripted level stands
    assert countermeasures.answer(0.0, history, 1, 3.0) == pytest.approx(1.0)     # 3 x 0.5, capped
    assert countermeasures.answer(0.4, [], 1, 3.0) == 0.4
    assert countermeasures.answer(0.0, history, 0, 1.0) == pytest.approx(0.5)     # no lag: last quarter's
    assert countermeasures.answer(0.0, history, 5, 1.0) == pytest.approx(0.1)     # lag not yet elapsed: the first


def test_us_escalation_combines_the_us_measures_as_independent_risks():
    params = Parameters({"us_reciprocity_strength": 0.5, "us_export_controls_huawei": 0.2})
    levers = {name: params[name] for name in params if name.startswith("us_")}
    assert countermeasures.us_escalation(levers) == pytest.approx(1.0 - 0.5 * 0.8)
    assert countermeasures.us_escalation({**levers, "us_chinese_app_ban": 1.0}) == pytest.approx(1.0)


def test_unreliable_entity_list_spares_chinese_firms():
    friction = countermeasures.unreliable_entity_friction(
        np.array([Origin.CN, Origin.US]), {"china_unreliable_entity_list": 1.0}, Parameters())
    assert friction[0].sum() == 0.0 and friction[1].sum() > 0.0


def test_input_cost_premium_scales_the_cost_of_missing_inputs():
    state = FirmState()
    row = state.add("Huawei")
    state.active[row], state.origin[row], state.serves[row, Sector.DEVICES] = True, Origin.CN, True
    state.us_supply_cut[row] = 0.5
    revenue = np.zeros((1, len(Region), len(Sector)))
    revenue[0, Region.US, Sector.DEVICES] = 10.0
    params = Parameters({"us_component_share": 0.2, "export_control_cost_premium": 2.0})
    cost = export_controls.input_cost(state, revenue, np.zeros(len(Sector)), params)
    assert cost[0, Region.US, Sector.DEVICES] == pytest.approx(10.0 * 0.2 * 2.0 * 0.5)


def test_a_lifted_divestiture_order_resets_its_clock():
    params = Parameters({"divestiture_deadline_quarters": 2})
    clock = app_bans.AppBanClock()
    order = {"us_chinese_app_ban": 0.0, "us_chinese_app_divestiture_order": True,
             "us_chinese_app_data_remedy": False, "india_chinese_app_ban": 0.0}
    strengths = []
    for issued in (True, True, False, True, True, True):
        clock.advance({**order, "us_chinese_app_divestiture_order": issued}, params)
        strengths.append(float(clock.strength[Region.US]))
    assert strengths == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]              # reissued: the full deadline again


def test_a_divested_app_moves_to_a_local_owner_with_its_users():
    model, spun = _until_first_divestiture()
    assert model.events.acquisitions[Region.US] >= len(spun)
    state = model.firm_state
    for row in spun:
        seller = state.names.index(state.names[row].split(" US (")[0])
        sectors = np.flatnonzero(state.serves[row])
        assert len(sectors) > 0
        assert state.origin[row] == Origin.US and state.home_region[row] == Region.US
        assert not state.present[seller, Region.US, sectors].any() and state.exited[seller, Region.US, sectors].all()
        assert state.present[row, Region.US, sectors].all()
        assert (state.users[seller, Region.US, sectors] == 0.0).all()
        assert state.data[seller, Region.US] == 0.0                      # the seller keeps no U.S. data


def test_no_deal_no_divestiture():
    model = ConvergenceModel(None, rng=0, end="2016Q4", timeline=APP_ARMS["order"], **ATTRACTIVE,
                             divestiture_deal_rate=0.0).run()
    assert not any(" US (" in name for name in model.firm_state.names)


def test_data_remedy_costs_each_remedied_app_firm_in_the_region():
    clock = app_bans.AppBanClock()
    clock.remedied[Region.US] = True
    operating = np.zeros((3, len(Region), len(Sector)), bool)
    operating[[0, 1], Region.US, Sector.SOCIAL] = True                 # a Chinese and a U.S. app
    operating[2, Region.US, Sector.DEVICES] = True                     # a Chinese device maker: no app
    origin = np.array([Origin.CN, Origin.US, Origin.CN])
    costs = app_bans.remedy_costs(origin, operating, clock, Parameters({"app_data_remedy_cost": 0.5}))
    assert costs[0, Region.US] == pytest.approx(0.5) and costs.sum() == pytest.approx(0.5)
