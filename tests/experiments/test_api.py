"""The Python entry points agree: run_scenario's replications are simulate's runs."""

import pandas as pd
import pytest

from convergence.experiments import run_scenario
from convergence.model import simulate
from convergence.model.run import RAW_DEFAULTS, resolve_run
from convergence.runner.seeds import run_seed

TINY = {"users_per_region": 500, "enterprise_buyers_per_region": 50}


def test_each_replication_of_run_scenario_is_simulate_with_its_derived_seed():
    table = run_scenario("us_reciprocity", replications=2, seed=4, until="2015Q4", overrides=TINY)
    for replication in (0, 1):
        alone = simulate("us_reciprocity", overrides=TINY, seed=run_seed(4, 0, replication), end="2015Q4",
                         replication=replication)
        pd.testing.assert_frame_equal(table[table.replication == replication].reset_index(drop=True), alone)


def test_simulate_applies_the_scenario_and_its_calibration_unless_told_not_to():
    baseline = resolve_run("baseline")
    assert baseline.scenario == "baseline" and baseline.timeline
    # The calibrated value, not the default:
    assert baseline.parameters["china_internet_ceiling"] != pytest.approx(0.8)
    raw = resolve_run(None)
    assert raw.scenario == RAW_DEFAULTS and raw.parameters == {} and raw.timeline == ()
    table = simulate(overrides=TINY, end="2013Q2")
    assert set(table.scenario) == {"baseline"}
