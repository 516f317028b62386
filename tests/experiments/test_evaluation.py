"""``evaluate`` is one sweep run: the same point and seed give the value the sweep keeps."""

import pytest

from convergence.experiments import evaluate
from convergence.experiments.catalog import view
from convergence.experiments.specs import load_spec
from convergence.experiments.sweeps import load_sweep, run_sweep
from convergence.model import PolicyChange, simulate
from convergence.model.errors import ConvergenceError
from convergence.runner.execution import SerialExecutor
from convergence.runner.seeds import run_seed

SPEC = """
description = "Two levers on a small population, outcomes averaged over 2015."
scenario = "us_reciprocity"
design = "grid"
replications = 2
seed = 5
until = "2015Q4"
policy_start = "2014Q2"

[levers]
us_reciprocity_strength = [0.0, 1.0]

[uncertainties]
switching_cost = [1.0, 3.0]
users_per_region = [400]
enterprise_buyers_per_region = [60]

[outputs]
metrics = ["convergence_index", "chinese_share_us", "knowledge_flow_us_cn"]
keep = "mean"
window = ["2015Q1", "2015Q4"]
"""
TINY = {"users_per_region": 400, "enterprise_buyers_per_region": 60}


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluate")
    (folder / "two_levers.toml").write_text(SPEC)
    spec = load_spec(folder / "two_levers.toml")
    run_sweep(spec, folder / "sweep", SerialExecutor(), progress=False)
    return spec, load_sweep(folder / "sweep")


def test_evaluate_gives_what_the_sweep_kept_for_each_point_and_replication(sweep):
    spec, results = sweep
    for (point, replication), rows in results.groupby(["point", "replication"]):
        values = rows.iloc[0]
        outcomes = evaluate(spec.scenario, levers={"us_reciprocity_strength": values.us_reciprocity_strength},
                            uncertainties={"switching_cost": values.switching_cost, **TINY},
                            policy_start=spec.policy_start, until=spec.until,
                            seed=run_seed(spec.seed, point, replication), outcomes=list(spec.metrics),
                            keep="mean", window=list(spec.window))
        assert outcomes == dict(zip(rows.metric, rows.value))


def test_final_is_the_last_quarter_of_simulate_with_the_levers_scheduled_at_policy_start():
    outcomes = evaluate("us_reciprocity", levers={"us_reciprocity_strength": 0.25}, uncertainties=TINY,
                        policy_start="2014Q3", until="2015Q4", seed=3,
                        outcomes=["convergence_index", "chinese_share_us"])
    table = simulate("us_reciprocity", overrides=TINY, seed=3, end="2015Q4",
                     timeline=[PolicyChange.checked("2014Q3", "us_reciprocity_strength", 0.25)])
    for outcome, value in outcomes.items():
        rows = view(outcome).select(table)
        assert value == rows[rows.quarter == "2015Q4"].value.item()
    lever = table[table.metric == "policy:us_reciprocity_strength"].set_index("quarter").value
    assert lever["2014Q3":].eq(0.25).all() and not lever[:"2014Q2"].eq(0.25).any()


@pytest.mark.parametrize(("arguments", "key"), [
    ({"outcomes": ["convergence"]}, "convergence"),
    ({"outcomes": "convergence_index"}, "outcomes"),
    ({"keep": "timeseries"}, "keep"),
    ({"keep": "mean"}, "window"),
    ({"keep": "mean", "window": ["2015Q4", "2015Q1"]}, "window"),
    ({"window": ["2015Q1", "2015Q4"]}, "window"),
    ({"levers": {"switching_cost": 2.0}}, "switching_cost"),
    ({"uncertainties": {"switching_cost": -1.0}}, "switching_cost"),
    ({"seed": -1}, "seed"),
])
def test_bad_arguments_are_refused_before_running_with_the_key_named(arguments, key):
    with pytest.raises(ConvergenceError) as raised:
        evaluate("baseline", until="2015Q4", **arguments)
    assert key in (raised.value.key or "") or key in str(raised.value)
