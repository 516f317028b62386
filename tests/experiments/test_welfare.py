"""Welfare in money between a scenario and its baseline (experiments/welfare.py)."""

import numpy as np
import pandas as pd
import pytest

from convergence.experiments.welfare import compensating_variation, gdp_usd_bn, profit_variation, welfare_table
from convergence.model import simulate
from convergence.model.dimensions import Region
from convergence.model.input_data import world_data
from convergence.model.parameters import Parameters, PolicyChange
from tests.conftest import SMALL

SEEDS = (0, 1)
END = "2018Q4"


@pytest.fixture(scope="module")
def runs():
    """Baseline and a strict-localization run (from 2018Q1), two paired seeds each, small and short."""
    strict = [PolicyChange("2018Q1", name, 1.0) for name in (
        "china_data_localization_strictness", "china_data_localization_scope", "china_enforcement")]
    tables = {}
    for name, timeline in (("baseline", []), ("strict", strict)):
        tables[name] = pd.concat([simulate(None, overrides=SMALL, timeline=timeline, end=END, seed=seed,
                                           replication=seed).assign(scenario=name) for seed in SEEDS])
    return tables


def test_compensating_variation_of_a_scenario_against_itself_is_exactly_zero(runs):
    same = runs["baseline"].assign(scenario="copy")
    cv = compensating_variation(same, runs["baseline"])
    assert len(cv) == 6 * len(Region) and (cv.replications == len(SEEDS)).all()      # 2013-2018 x regions
    for column in ("consumer_surplus", "operating_profit", "total", "total_share_of_digital_economy"):
        assert (cv[column] == 0).all(), column
    assert (profit_variation(same, runs["baseline"])[["operating_profit", "compliance_cost"]] == 0).all().all()


def test_compensating_variation_is_the_paired_change_in_yearly_consumer_surplus(runs):
    cv = compensating_variation(runs["strict"], runs["baseline"]).set_index(["year", "region"])

    def yearly(table):
        rows = table[(table.metric == "consumer_surplus_usd") & table.quarter.str.startswith("2018")]
        return rows.groupby(["replication", "region"]).value.mean()

    direct = (yearly(runs["strict"]) - yearly(runs["baseline"])).groupby("region").mean()
    np.testing.assert_allclose(cv.loc[2018].consumer_surplus.sort_index(), direct.sort_index())
    assert (cv.loc[2017].consumer_surplus == 0).all()        # identical before the policy (paired seeds)


def test_compliance_costs_of_foreign_firms_rise_under_strict_localization(runs):
    origins = profit_variation(runs["strict"], runs["baseline"]).set_index(["year", "origin"])
    assert origins.loc[(2018, "US"), "compliance_cost"] > 0
    assert origins.loc[(2018, "other"), "compliance_cost"] > 0


def test_gdp_shares_use_2013_gdp_per_person_grown_at_income_growth(runs):
    params = Parameters()
    gdp = gdp_usd_bn(world_data(), params, 2013)
    # China: 1,360 M people x USD 7,020, half a year of growth: about USD 9.8 tn (World Bank: 9.6 tn)
    assert gdp["CN"] == pytest.approx(1360 * 7020 * (1 + params.china_income_growth) ** 0.5 / 1000)
    table = welfare_table(pd.concat([runs["strict"], runs["baseline"]]), "baseline", 2018,
                          gdp_usd_bn(world_data(), params, 2018))
    regions = table[table.level == "region"].set_index("region")
    assert regions.total_share_of_gdp.loc["CN"] == pytest.approx(
        regions.total.loc["CN"] / gdp_usd_bn(world_data(), params, 2018)["CN"])
    assert np.isnan(regions.total_share_of_gdp.loc["RoW"])
