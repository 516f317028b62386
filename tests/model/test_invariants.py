"""Invariants of every run: shares sum to 1, weights conserved, nothing negative."""

import numpy as np

from convergence.model import TIDY_COLUMNS, ConvergenceModel
from convergence.model.calendar import step_to_quarter
from convergence.model.input_data import world_data
from tests.conftest import SMALL

TOLERANCE = 1e-9


def test_table_has_the_documented_columns(small_run):
    assert tuple(small_run.columns) == TIDY_COLUMNS
    assert set(small_run.quarter.unique()) == {step_to_quarter(s) for s in range(24)}
    assert (small_run.quarter == small_run.step.map(step_to_quarter)).all()


def test_shares_by_origin_sum_to_one(small_run):
    shares = small_run[(small_run.metric == "market_share") & (small_run.origin != "")]
    sums = shares.groupby(["step", "region", "sector"]).value.sum()
    assert len(sums) > 0
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=TOLERANCE)


def test_shares_by_firm_sum_to_one(small_run):
    shares = small_run[(small_run.metric == "market_share") & (small_run.firm != "")]
    sums = shares.groupby(["step", "region", "sector"]).value.sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=TOLERANCE)


def test_no_negative_quantities(small_run):
    signed = {"consumer_welfare", "operating_profit"}           # utils; losses are negative profits
    values = small_run[~small_run.metric.isin(signed)].value
    assert (values >= 0).all()
    bounded = small_run[small_run.metric.isin(["market_share", "hhi", "data_flow_index",
                                               "convergence_index", "internet_penetration"])]
    assert (bounded.value <= 1 + TOLERANCE).all()


def test_user_weights_are_conserved_and_adoption_bounded():
    model = ConvergenceModel.from_parameters(SMALL, end="2016Q4", rng=3)
    world = world_data()
    consumers = ~model.users.is_enterprise
    before = model.users.weight.copy()
    model.run()
    np.testing.assert_array_equal(model.users.weight, before)
    by_region = np.bincount(model.users.region[consumers], weights=model.users.weight[consumers])
    np.testing.assert_allclose(by_region, world.population)
    online = np.bincount(model.users.region[consumers & model.users.online],
                         weights=model.users.weight[consumers & model.users.online], minlength=4)
    assert (online <= world.population + TOLERANCE).all()
    assert (model.firm_state.users[: model.firm_state.count] >= 0).all()
    choices = model.users.choice
    assert (choices < model.firm_state.count).all()
    chosen = choices[choices >= 0]
    assert model.firm_state.active[chosen].all(), "users may only use active firms"


def test_users_are_offline_users_without_providers():
    model = ConvergenceModel.from_parameters(SMALL, end="2014Q4", rng=4).run()
    offline = ~model.users.online
    assert (model.users.choice[offline] == -1).all()
