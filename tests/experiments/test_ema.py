"""The EMA Workbench adapter: the same points through EMA and through ``convergence sweep`` agree."""

import numpy as np
import pytest

pytest.importorskip("ema_workbench")     # the `ema` extra; `.[test]` installs it

from ema_workbench import SequentialEvaluator  # noqa: E402

from convergence.experiments.ema import make_model, point_number, sweep_samples  # noqa: E402
from convergence.experiments.specs import SpecError, load_spec  # noqa: E402
from convergence.experiments.sweeps import load_sweep, run_sweep  # noqa: E402
from convergence.runner.execution import SerialExecutor  # noqa: E402

SPEC = """
description = "A lever and two uncertainties on a small population, final values."
scenario = "us_reciprocity"
design = "lhs"
samples = 3
replications = 2
seed = 21
until = "2015Q2"
policy_start = "2014Q1"

[levers]
us_reciprocity_strength = { low = 0.0, high = 1.0 }

[uncertainties]
switching_cost = { low = 1.0, high = 3.0 }
users_per_region = { low = 300, high = 500 }

[outputs]
metrics = ["convergence_index", "foreign_share_in_china"]
keep = "final"
"""


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    path = tmp_path_factory.mktemp("ema") / "lhs_small.toml"
    path.write_text(SPEC)
    return load_spec(path)


def test_the_model_declares_the_spec(spec):
    model = make_model(spec)
    assert [u.name for u in model.uncertainties] == ["switching_cost", "users_per_region"]
    assert [lever.name for lever in model.levers] == ["us_reciprocity_strength"]
    assert [o.name for o in model.outcomes] == ["convergence_index", "foreign_share_in_china"]
    assert model.nreplications == 2
    assert type(model.uncertainties[1]).__name__ == "IntegerParameter"


def test_ema_sequential_evaluator_gives_the_outcomes_of_convergence_sweep(spec, tmp_path):
    run_sweep(spec, tmp_path / "sweep", SerialExecutor(), progress=False)
    swept = load_sweep(tmp_path / "sweep")
    scenarios, policies = sweep_samples(spec)
    with SequentialEvaluator(make_model(spec)) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios, policies, combine="cycle")
    assert list(experiments.scenario) == list(range(3)) and list(experiments.policy) == list(range(3))
    for metric in spec.metrics:
        rows = swept[swept.metric == metric].sort_values(["point", "replication"])
        expected = rows.value.to_numpy().reshape(3, spec.replications)
        np.testing.assert_array_equal(np.asarray(outcomes[metric], float), expected)


def test_a_spec_that_keeps_time_series_is_refused_with_the_key_named():
    with pytest.raises(SpecError, match="keeps 'timeseries'"):
        make_model(load_spec("smoke"))


def test_point_numbers_are_sample_names_or_stable_numbers_for_text_names():
    assert point_number(7) == 7 and point_number("12") == 12
    assert point_number("low growth") == point_number("low growth") != point_number("high growth")
