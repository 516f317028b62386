"""Unit tests of the metric registry and recorder on a hand-made quarter (no model run)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from convergence.model.dimensions import Jurisdiction, Origin, Region, Sector
from convergence.model.events import StepEvents
from convergence.model.metrics import METRICS, POLICY_PREFIX, MetricRecorder, Quarter

N_REGIONS, N_SECTORS = len(Region), len(Sector)


def _quarter() -> Quarter:
    """Three firms (Chinese, U.S., other): social users in China and the U.S., nothing else."""
    users = np.zeros((3, N_REGIONS, N_SECTORS))
    users[0, Region.CN, Sector.SOCIAL] = 60.0
    users[2, Region.CN, Sector.SOCIAL] = 20.0
    users[0, Region.US, Sector.SOCIAL] = 10.0
    users[1, Region.US, Sector.SOCIAL] = 30.0
    events = StepEvents()
    events.entries[Region.US] = 2
    events.knowledge_flow_cn_to_us = 4
    operating = users.sum(axis=2) > 0
    adoption = np.zeros((N_REGIONS, 2))
    adoption[Region.CN] = [1.0, 0.5]
    adoption[Region.US] = [1.0, 0.0]
    return Quarter(
        step=5, origin=np.array([Origin.CN, Origin.US, Origin.OTHER]), active=np.array([True, True, False]),
        users=users, operating_region=operating, revenue=np.array([3.0, 1.0, 0.5]),
        revenue_market=np.zeros((3, N_REGIONS, N_SECTORS)), rd_spend=np.array([0.3, 0.2, 0.0]),
        compliance_cost=np.array([0.0, 0.1, 0.0]), events=events, openness=np.ones((N_REGIONS, N_REGIONS)),
        adoption_totals=np.array([[700.0, 600.0, 500.0], [280.0, 200.0, 50.0], [400.0, 300.0, 40.0],
                                  [190.0, 140.0, 5.0], [200.0, 150.0, 10.0], [860.0, 580.0, 30.0]]),
        population=np.array([1400.0, 320.0, 500.0, 1280.0, 618.0, 3092.0]), feature_adoption=adoption,
        welfare=np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        consumer_surplus=np.array([70.0, 56.0, 20.0, 12.0, 8.0, 10.0]),
        profit_market=_profit_market(),
        levers={Jurisdiction.CHINA: {"china_enforcement": 0.7}, Jurisdiction.US: {"us_talent_openness": 0.6}},
        sector_is_enterprise=np.array([sector in (Sector.CLOUD, Sector.ICT_EQUIPMENT) for sector in Sector]),
        home_region=np.array([Region.CN, Region.US, Region.EU]), openness_by_origin=_openness_by_origin())


def _openness_by_origin() -> np.ndarray:
    """Data moves freely except U.S. users' data held by Chinese firms, half of which stays."""
    matrices = np.ones((len(Origin), N_REGIONS, N_REGIONS))
    matrices[Origin.CN, Region.US, Region.CN] = 0.5
    return matrices


def _profit_market() -> np.ndarray:
    profit = np.zeros((3, N_REGIONS, N_SECTORS))
    profit[0, Region.CN, Sector.SOCIAL] = 0.8
    profit[0, Region.CN, Sector.SEARCH] = 0.2
    profit[2, Region.CN, Sector.SOCIAL] = -0.1
    profit[1, Region.US, Sector.SOCIAL] = 0.4
    return profit


@pytest.fixture(scope="module")
def table():
    recorder = MetricRecorder()
    recorder.record(_quarter())
    return recorder.table(["Tencent", "Facebook", "Other"], scenario="unit", replication=1, seed=9)


def _value(table, metric, **dims):
    rows = table[table.metric == metric]
    for column in ("region", "sector", "origin", "firm"):
        rows = rows[rows[column] == dims.get(column, "")]
    assert len(rows) == 1, (metric, dims, rows)
    return float(rows.value.iloc[0])


def test_every_metric_is_declared_once_with_unit_and_dimensions(table):
    for name, metric in METRICS.items():
        assert metric.name == name and metric.unit and metric.dimensions
    recorded = set(table.metric)
    assert {m for m in recorded if not m.startswith(POLICY_PREFIX)} == set(METRICS)


def test_market_shares_by_origin_and_firm(table):
    assert _value(table, "market_share", region="CN", sector="social", origin="CN") == pytest.approx(0.75)
    assert _value(table, "market_share", region="CN", sector="social", origin="other") == pytest.approx(0.25)
    assert _value(table, "market_share", region="US", sector="social", firm="Facebook") == pytest.approx(0.75)
    assert _value(table, "hhi", region="US", sector="social") == pytest.approx(0.25 ** 2 + 0.75 ** 2)
    # Markets nobody uses carry no share rows.
    assert table[(table.metric == "market_share") & (table.sector == "search")].empty


def test_chinese_share_outside_china_and_foreign_share_in_china(table):
    assert _value(table, "chinese_share_outside_china", sector="consumer_sectors") == pytest.approx(10.0 / 40.0)
    assert _value(table, "chinese_share_outside_china", sector="social") == pytest.approx(10.0 / 40.0)
    assert _value(table, "foreign_share_in_china", sector="consumer_sectors") == pytest.approx(20.0 / 80.0)


def test_money_events_and_adoption_rows(table):
    assert _value(table, "revenue", firm="Tencent") == pytest.approx(3.0)
    assert table[(table.metric == "revenue") & (table.firm == "Other")].empty       # inactive firms: no row
    assert _value(table, "revenue", origin="other") == pytest.approx(0.5)
    assert _value(table, "rd_intensity", origin="US") == pytest.approx(0.2)
    assert _value(table, "compliance_cost") == pytest.approx(0.1)
    assert _value(table, "entries", region="US") == 2
    assert _value(table, "knowledge_flow", origin="CN->US") == 4
    assert _value(table, "internet_penetration", region="US") == pytest.approx(280.0 / 320.0)
    assert _value(table, "convergence_index") == pytest.approx(1.0 / 1.5)
    assert _value(table, "firm_count", region="CN", origin="CN") == 1


def test_levers_in_force_are_recorded_in_their_regulators_region(table):
    assert _value(table, "policy:china_enforcement", region="CN") == pytest.approx(0.7)
    assert _value(table, "policy:us_talent_openness", region="US") == pytest.approx(0.6)
    assert set(table.quarter) == {"2014Q2"} and set(table.scenario) == {"unit"}


def test_people_and_enterprises_are_never_added_into_one_share():
    """Enterprise buyers of a Chinese cloud in the U.S. leave the consumer share untouched and
    make up the enterprise aggregate on their own."""
    quarter = _quarter()
    users = quarter.users.copy()
    users[0, Region.US, Sector.CLOUD] = 2.0                      # 2 M enterprises, all on the Chinese cloud
    recorder = MetricRecorder()
    recorder.record(dataclasses.replace(quarter, users=users))
    table = recorder.table(["Tencent", "Facebook", "Other"], scenario="unit", replication=1, seed=9)
    assert _value(table, "chinese_share_outside_china", sector="consumer_sectors") == pytest.approx(10.0 / 40.0)
    assert _value(table, "chinese_share_outside_china", sector="enterprise_sectors") == pytest.approx(1.0)
    assert _value(table, "market_share", region="US", sector="consumer_sectors", origin="CN") == pytest.approx(0.25)
    assert _value(table, "market_share", region="US", sector="enterprise_sectors", origin="CN") == pytest.approx(1.0)
    assert table[(table.metric == "chinese_share_outside_china") & (table.sector == "")].empty


def test_consumer_surplus_is_recorded_in_total_and_per_online_user(table):
    assert _value(table, "consumer_surplus_usd", region="CN") == pytest.approx(70.0)
    # USD bn per year over millions online: 70e9 / 700e6 = USD 100 per online user per year
    assert _value(table, "consumer_surplus_per_user_usd", region="CN") == pytest.approx(100.0)
    assert _value(table, "consumer_surplus_per_user_usd", region="US") == pytest.approx(200.0)


def test_operating_profit_sums_markets_by_region_and_origin(table):
    assert _value(table, "operating_profit", region="CN", origin="CN") == pytest.approx(1.0)
    assert _value(table, "operating_profit", region="CN", origin="other") == pytest.approx(-0.1)
    assert _value(table, "operating_profit", region="US", origin="US") == pytest.approx(0.4)
    assert _value(table, "operating_profit", region="US", origin="CN") == 0.0


def test_cross_border_data_use_counts_use_of_firms_homed_elsewhere_whose_data_may_move_home(table):
    # China: the EU-homed firm's 20 of 80 users; the U.S.: half the data of the Chinese firm's 10 of 40.
    assert _value(table, "cross_border_data_use", region="CN") == pytest.approx(20 / 80)
    assert _value(table, "cross_border_data_use", region="US") == pytest.approx(5 / 40)
    assert _value(table, "cross_border_data_use") == pytest.approx(25 / 120)
