"""Scenario files: every shipped scenario loads and runs; extends and timelines resolve."""

import textwrap

import pytest

from convergence.experiments.api import run_scenario
from convergence.model import ConvergenceError, ConvergenceModel
from convergence.model.scenario import list_scenarios, load_scenario
from tests.conftest import SMALL

SHIPPED = ("baseline", "strict_localization", "open_flows", "ict_localization_push",
           "us_reciprocity", "decoupling", "convergence_deal")


def test_every_shipped_scenario_is_listed_with_description_and_passage():
    scenarios = {s.name: s for s in list_scenarios()}
    assert set(SHIPPED) <= set(scenarios)
    for scenario in scenarios.values():
        assert len(scenario.description) > 40
        assert len(scenario.report_passage) > 40


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_runs_a_short_horizon(name):
    table = run_scenario(name, replications=1, seed=3, until="2018Q4", overrides=SMALL)
    assert table.scenario.unique().tolist() == [name]
    assert table.quarter.max() == "2018Q4"


def test_extends_inherits_parent_timeline_and_adds_its_own():
    strict = load_scenario("strict_localization")
    decoupling = load_scenario("decoupling")
    assert strict.chain == ("baseline", "strict_localization")
    assert decoupling.chain == ("baseline", "strict_localization", "decoupling")
    baseline_change = load_scenario("baseline").timeline[0]
    assert baseline_change in strict.timeline and baseline_change in decoupling.timeline
    assert set(strict.timeline) < set(decoupling.timeline)


def _write(folder, name, text):
    path = folder / f"{name}.toml"
    path.write_text(textwrap.dedent(text))
    return path


def test_child_parameters_override_parent(tmp_path):
    _write(tmp_path, "parent", '''
        description = "parent scenario"
        [parameters]
        switching_cost = 2.0
        network_weight = 0.3
        ''')
    child = _write(tmp_path, "child", '''
        description = "child scenario"
        extends = "parent.toml"
        [parameters]
        switching_cost = 3.0
        ''')
    params = load_scenario(child).parameters()
    assert params.switching_cost == 3.0 and params.network_weight == 0.3


def test_timeline_sets_levers_from_the_named_quarter(tmp_path):
    path = _write(tmp_path, "timed", '''
        description = "timeline scenario"
        [[timeline]]
        quarter = "2014Q2"
        us_reciprocity_strength = 0.4
        [[timeline]]
        quarter = "2015Q1"
        us_reciprocity_strength = 0.9
        ''')
    scenario = load_scenario(path)
    model = ConvergenceModel(scenario.parameters(SMALL), scenario.timeline, end="2015Q2", rng=0)
    values = {}
    while model.running:
        model.step()
        values[model.step_index] = model.levers["us_reciprocity_strength"]
    assert values[4] == 0.0 and values[5] == 0.4 and values[7] == 0.4 and values[8] == 0.9


def test_errors_name_the_file(tmp_path):
    path = _write(tmp_path, "broken", '''
        description = "broken"
        [parameters]
        switching_cost = -1
        ''')
    with pytest.raises(ConvergenceError) as error:
        load_scenario(path)
    assert str(path) in str(error.value) and error.value.key == "parameters.switching_cost"
