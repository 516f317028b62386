"""The Python entry points agree: run_scenario's replications are simulate's runs."""

import pandas as pd
import pytest

from convergence.experiments import run_scenario
from convergence.model import ConvergenceError, PolicyChange, TimelineError, simulate
from convergence.model.run import RAW_DEFAULTS, SeedError, resolve_run
from convergence.model.scenario import load_scenario
from convergence.runner.limits import LimitError
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


LAG = "us_reciprocity_lag_quarters"


def _lever_path(table, lever):
    """The value of a lever in force by quarter (its policy: metric)."""
    rows = table[table.metric == f"policy:{lever}"]
    return dict(zip(rows.quarter, rows.value))


def test_a_whole_run_override_of_a_lever_replaces_the_scenario_timeline_for_it():
    scripted = [c for c in load_scenario("us_reciprocity").timeline if c.name == LAG]
    assert [c.quarter for c in scripted] == ["2018Q1"]       # the scenario sets the lag in 2018Q1
    run = resolve_run("us_reciprocity", {LAG: 1}, end="2019Q4")
    assert run.parameters[LAG] == 1 and LAG not in {c.name for c in run.timeline}
    assert run.replaced == tuple(scripted)
    path = _lever_path(simulate("us_reciprocity", overrides={LAG: 1, **TINY}, end="2019Q4"), LAG)
    assert set(path.values()) == {1.0}                       # before the fix: 2 from 2018Q1


def test_a_scheduled_change_replaces_the_scenario_entries_from_its_quarter_on():
    scheduled = PolicyChange.checked("2017Q1", LAG, 1)
    run = resolve_run("us_reciprocity", timeline=[scheduled], end="2019Q4")
    assert run.timeline[-1] == scheduled and [c.quarter for c in run.replaced] == ["2018Q1"]
    path = _lever_path(simulate("us_reciprocity", overrides=TINY, timeline=[scheduled], end="2019Q4"), LAG)
    default = load_scenario("us_reciprocity").parameters()[LAG]
    assert path["2016Q4"] == default and {path[q] for q in ("2017Q1", "2018Q1", "2019Q4")} == {1.0}
    later = PolicyChange.checked("2019Q1", LAG, 3)
    kept = resolve_run("us_reciprocity", timeline=[later], end="2019Q4")
    assert [c.quarter for c in kept.timeline if c.name == LAG] == ["2018Q1", "2019Q1"] and not kept.replaced


def test_run_scenario_takes_the_same_timeline_as_simulate():
    scheduled = [PolicyChange.checked("2014Q2", "us_reciprocity_strength", 0.7)]
    table = run_scenario("baseline", replications=1, seed=2, until="2014Q4", overrides=TINY, timeline=scheduled)
    alone = simulate("baseline", overrides=TINY, timeline=scheduled, seed=run_seed(2, 0, 0), end="2014Q4")
    pd.testing.assert_frame_equal(table, alone)
    assert _lever_path(table, "us_reciprocity_strength")["2014Q2"] == 0.7


def test_a_scheduled_change_after_the_end_is_an_error_naming_it_and_the_last_quarter():
    late = PolicyChange.checked("2016Q1", LAG, 1, key="--set us_reciprocity_lag_quarters=1@2016Q1")
    with pytest.raises(TimelineError) as error:
        resolve_run("baseline", timeline=[late], end="2015Q4")
    assert "--set us_reciprocity_lag_quarters=1@2016Q1 takes effect in 2016Q1" in str(error.value)
    assert "after the run's last quarter 2015Q4" in str(error.value)


def test_a_scenario_entry_no_run_reaches_is_an_error_naming_file_and_key(tmp_path):
    path = tmp_path / "late.toml"
    path.write_text('description = "x"\n[[timeline]]\nquarter = "2031Q1"\nus_reciprocity_strength = 0.5\n')
    with pytest.raises(TimelineError) as error:
        resolve_run(path)                                    # the default end, 2030Q4
    message = str(error.value)
    assert str(path) in message and "timeline[0].us_reciprocity_strength" in message and "2030Q4" in message
    assert resolve_run(path, end="2031Q1").timeline[-1].quarter == "2031Q1"
    assert resolve_run("strict_localization", end="2014Q4").timeline     # a short run stops before 2018Q2


def test_bad_seeds_and_sizes_are_refused_before_anything_runs():
    with pytest.raises(SeedError, match="--seed must be a whole number >= 0, got -1"):
        run_scenario("baseline", seed=-1, overrides=TINY, until="2013Q2")
    with pytest.raises(SeedError):
        simulate(seed=1.5, end="2013Q2")
    with pytest.raises(LimitError, match="1,000,000,000 runs"):
        run_scenario("baseline", replications=1_000_000_000)
    with pytest.raises(ConvergenceError, match="--replications must be at least 1, got 0"):
        run_scenario("baseline", replications=0)
