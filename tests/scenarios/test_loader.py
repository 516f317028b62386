"""Scenario files: every shipped scenario loads and runs; extends and timelines resolve."""

import textwrap

import pytest

from convergence.experiments.api import run_scenario
from convergence.model import ConvergenceError, ConvergenceModel
from convergence.model.scenario import list_scenarios, load_scenario
from tests.conftest import SMALL

SHIPPED = ("baseline", "strict_localization", "open_flows", "ict_localization_push",
           "us_reciprocity", "decoupling", "convergence_deal", "history", "history_detente",
           "history_tech_controls", "history_us_app_ban")


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
    model = ConvergenceModel.from_parameters(scenario.parameters(SMALL), scenario.timeline, end="2015Q2", rng=0)
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


def _error(path):
    with pytest.raises(ConvergenceError) as error:
        load_scenario(path)
    assert str(path) in str(error.value)
    return error.value


def test_a_file_that_is_not_utf8_is_named_with_the_offending_byte(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('description = "Zölle"\n'.encode("latin-1"))
    error = _error(path)
    assert "not UTF-8 text (byte 0xf6 at position 16)" in str(error)


@pytest.mark.parametrize("value, message", [("inf", "must be a finite number"), ("nan", "must be a finite number"),
                                            ("-inf", "must be a finite number"), ("1e400", "must be a finite number"),
                                            ("1" * 40, "outside its allowed range"),
                                            ("1" * 5000, "malformed TOML: Exceeds the limit")])
def test_non_finite_and_huge_values_in_a_file_are_clean_errors(tmp_path, value, message):
    path = _write(tmp_path, "huge", f'description = "x"\n[parameters]\nusers_per_region = {value}\n')
    error = _error(path)
    assert message in str(error)


def test_nan_for_a_float_parameter_is_a_clean_error(tmp_path):
    error = _error(_write(tmp_path, "nan", 'description = "x"\n[parameters]\nswitching_cost = nan\n'))
    assert "must be a finite number" in str(error) and error.key == "parameters.switching_cost"


def test_deeply_nested_toml_is_a_clean_error(tmp_path):
    error = _error(_write(tmp_path, "nested", "description = " + "[" * 5000 + "]" * 5000 + "\n"))
    assert "nested too deeply" in str(error)


def _chain(folder, depth):
    (folder / "s0.toml").write_text('description = "root"\n[parameters]\nswitching_cost = 2.0\n')
    for level in range(1, depth):
        (folder / f"s{level}.toml").write_text(f'description = "level {level}"\nextends = "s{level - 1}.toml"\n')
    return folder / f"s{depth - 1}.toml"


def test_an_extends_chain_deeper_than_the_limit_is_a_clean_error(tmp_path):
    error = _error(_chain(tmp_path, 1200))                 # RecursionError before the loader was iterative
    assert "'extends' chain is more than 100 files deep" in str(error) and error.key == "extends"


def test_an_extends_chain_up_to_the_limit_loads(tmp_path):
    scenario = load_scenario(_chain(tmp_path, 100))
    assert len(scenario.chain) == 100 and scenario.parameters().switching_cost == 2.0


@pytest.mark.parametrize("reference", ["a\x00b", "x" * 5000 + ".toml", "sub/" + "y" * 300])
def test_extends_names_the_system_refuses_are_clean_errors(tmp_path, reference):
    path = tmp_path / "odd.toml"
    path.write_text(f'description = "x"\nextends = "{reference}"\n'.replace("\x00", "\\u0000"))
    error = _error(path)
    assert "does not exist" in str(error) or "unknown scenario" in str(error)


def test_timeline_entries_remember_their_file_and_key():
    change = next(c for c in load_scenario("us_reciprocity").timeline if c.name == "us_reciprocity_lag_quarters")
    assert change.source.endswith("us_reciprocity.toml") and change.key.endswith(".us_reciprocity_lag_quarters")
    assert change.key.startswith("timeline[")


def test_history_documents_every_event_with_a_date_and_a_reference_from_2018():
    history, baseline = load_scenario("history"), load_scenario("baseline")
    assert history.chain == ("baseline", "history")
    assert len(history.events) >= 15
    quarters = [event.quarter for event in history.events]
    assert quarters == sorted(quarters)
    assert "2018Q1" <= quarters[0] and quarters[-1] <= "2024Q4"
    for event in history.events:
        assert len(event.event) > 30 and len(event.reference) > 5 and event.levers
    after_2017 = [change for change in history.timeline if change.quarter >= "2018Q1"]
    assert [c for c in history.timeline if c not in after_2017] == list(baseline.timeline)
    documented = {(event.quarter, name) for event in history.events for name in event.levers}
    assert {(change.quarter, change.name) for change in after_2017} == documented


def test_timeline_event_notes_must_be_text(tmp_path):
    path = _write(tmp_path, "noted", '''
        description = "a scenario with a badly typed event note"
        [[timeline]]
        quarter = "2019Q1"
        event = 42
        us_reciprocity_strength = 0.5
        ''')
    with pytest.raises(ConvergenceError) as error:
        load_scenario(path)
    assert error.value.key == "timeline[0].event"


@pytest.mark.parametrize("name", ["history_detente", "history_tech_controls", "history_us_app_ban"])
def test_forward_scenarios_branch_from_history_in_2025(name):
    forward, history = load_scenario(name), load_scenario("history")
    assert forward.chain == ("baseline", "history", name)
    added = [change for change in forward.timeline if change not in history.timeline]
    assert added and all(change.quarter >= "2025Q1" for change in added)
