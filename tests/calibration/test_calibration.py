"""Calibration: targets load and map to model outputs; identifiability; a tiny end-to-end run."""

import numpy as np
import pandas as pd
import pytest

from convergence.calibration.calibrate import (
    CALIBRATION_END,
    FREE_PARAMETERS,
    Evaluator,
    FreeParameter,
    fit_table,
    identifiability_check,
    mape_contributions,
    shipped_calibration,
    weighted_mape,
)
from convergence.calibration.statistics import RunView, output_value
from convergence.calibration.targets import STYLISED_FACTS, load_targets
from convergence.cli.main import main
from convergence.model import simulate
from convergence.runner.execution import SerialExecutor

TINY = {"users_per_region": 600, "enterprise_buyers_per_region": 80}


@pytest.fixture(scope="module")
def run_view():
    return RunView(simulate(None, overrides=TINY, end=CALIBRATION_END, seed=4))


def test_targets_table_has_sources_weights_and_roles():
    targets = load_targets()
    assert {"target_id", "observed", "unit", "period", "source", "confidence", "weight", "model_output"} <= set(targets)
    assert targets.target_id.is_unique
    assert set(targets.role) == {"fit", "holdout", "validation", "scale"}
    assert (targets.weight[targets.role == "fit"] > 0).all() and (targets.weight[targets.role != "fit"] == 0).all()
    assert targets.loc[targets.target_id == "cn_internet_users_2017q2", "observed"].item() == 751
    verified = targets[(targets.confidence == "verified") & (targets.role == "fit")]
    recalled = targets[(targets.confidence == "recalled") & (targets.role == "fit")]
    assert verified.weight.max() > recalled.weight.max()


def test_every_target_maps_to_a_model_output(run_view):
    for key in set(load_targets().model_output) | {f"fact|{name}" for name in STYLISED_FACTS}:
        value = output_value(run_view, key)
        assert np.isfinite(value), key


def test_outputs_equal_direct_table_lookups(run_view):
    table = pd.concat(run_view.by_metric.values())
    direct = table[(table.metric == "internet_users") & (table.region == "CN") & (table.quarter == "2017Q2")].value
    assert output_value(run_view, "internet_users|CN|2017Q2") == pytest.approx(direct.item())
    revenue = table[(table.metric == "revenue") & (table.firm == "Alibaba") & (table.region == "")
                    & table.quarter.isin(["2013Q2", "2013Q3", "2013Q4", "2014Q1"])].value.sum()
    assert output_value(run_view, "revenue|Alibaba|FY2014") == pytest.approx(revenue)


@pytest.mark.slow
def test_calibrated_parameters_fit_the_targets_better_than_the_defaults():
    """The weighted MAPE over the fit targets (not the stylised facts: the shipped calibration
    reproduces several of them less often than the defaults on independent seeds, which
    tests/model/test_baseline_patterns.py records as known failures) is lower at the shipped
    calibration, on seeds the calibration never saw."""
    targets = load_targets()
    with SerialExecutor() as executor:
        errors = {}
        for name, base in (("default", {}), ("calibrated", shipped_calibration())):
            evaluator = Evaluator(targets, (), executor, 2, 11, base={**base, "users_per_region": 2000})
            errors[name] = weighted_mape(fit_table(targets, evaluator.statistics([np.zeros(0)])[0]))
    assert errors["calibrated"] < errors["default"], errors


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "issue 15 made the objective rugged: with behavioural exits (a hazard of the loss streak) and "
    "the region split, the objective is exactly 0 at the truth (1.6, 0.25) but the search stops "
    "elsewhere: (1.83, 0.338) at budget 60, (1.82, 0.338) at 120, (1.17, 0.185) with 2 "
    "replications (objective 0.074 at the first); before issue 15 it recovered the truth. The "
    "calibration's search needs more replications per candidate or a smoother objective"))
def test_identifiability_known_parameters_are_recovered():
    free = (FreeParameter("home_fit_weight", 0.5, 3.0, "test"),
            FreeParameter("china_internet_adoption_speed", 0.02, 0.6, "test"))
    with SerialExecutor() as executor:
        truth, recovered = identifiability_check(free, [1.6, 0.25], executor, budget=60, replications=1,
                                                 master_seed=5, seed=1,
                                                 base={"users_per_region": 1500, "enterprise_buyers_per_region": 200})
    # Tolerance: within 10% of each parameter's search range.
    ranges = np.array([p.high - p.low for p in free])
    assert (np.abs(recovered - truth) <= 0.10 * ranges).all(), (truth, recovered)


@pytest.mark.slow
def test_calibration_end_to_end_at_tiny_budget(tmp_path, capsys):
    out = tmp_path / "calibration"
    assert main(["calibrate", "--budget", "6", "--replications", "1", "--workers", "1",
                 "--users-per-region", "400", "--out", str(out)]) == 0
    for name in ("calibrated.toml", "fit.csv", "fit.png", "manifest.json", "evaluations.jsonl"):
        assert (out / name).is_file(), name
    fit = pd.read_csv(out / "fit.csv")
    assert {"observed", "simulated_mean", "simulated_p05", "simulated_p95", "error", "weight"} <= set(fit)
    assert 0 <= weighted_mape(fit) < 10
    evaluations = len((out / "evaluations.jsonl").read_text().splitlines())
    assert main(["calibrate", "--budget", "6", "--replications", "1", "--workers", "1",
                 "--users-per-region", "400", "--out", str(out), "--resume"]) == 0
    assert len((out / "evaluations.jsonl").read_text().splitlines()) <= evaluations + 2
    assert "weighted MAPE" in capsys.readouterr().out


def test_free_parameters_are_declared_with_bounds_inside_their_ranges():
    from convergence.model.parameters import PARAMETERS
    for parameter in FREE_PARAMETERS:
        declared = PARAMETERS[parameter.name]
        assert declared.low <= parameter.low < parameter.high <= declared.high, parameter.name
        assert parameter.reason


def test_fit_table_errors():
    targets = load_targets().head(3)
    statistics = pd.DataFrame({"mean": targets.observed.to_numpy() * 1.1, "p05": 0, "p95": 0},
                              index=targets.model_output)
    assert np.allclose(fit_table(targets, statistics).error, 0.1)


def test_fit_command_prints_fit_holdout_facts_and_groups(tmp_path, capsys):
    out = tmp_path / "fit.csv"
    assert main(["fit", "--replications", "1", "--users-per-region", "400", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "weighted MAPE" in printed and "stylised fact uber_leaves_china_2016" in printed
    assert "held-out 2017 targets" in printed
    by_group = printed.split("weighted MAPE by group")[1]
    for group in ("adoption", "revenue", "rd", "market"):
        assert group in by_group
    assert "revenue_Alibaba_FY2018" in printed          # Alibaba's fiscal year ends in March: FY2018 is 2017
    fit = pd.read_csv(out)
    assert set(fit.role) == {"fit", "holdout", "validation", "scale"}
    largest = printed.split("largest contributions to the in-sample weighted MAPE")[1].splitlines()[1:9]
    assert [line.split()[0] for line in largest] == list(mape_contributions(fit).index[:8])


def test_mape_contributions_add_up_to_the_weighted_mape_largest_first():
    fit = pd.DataFrame({"target_id": ["a", "b", "c", "d"], "role": ["fit", "fit", "fit", "holdout"],
                        "weight": [1.0, 3.0, 0.0, 1.0], "error": [-0.2, 0.1, 5.0, 0.9]})
    points = mape_contributions(fit)
    assert list(points.index) == ["b", "a", "c"]                   # 0.3/4, 0.2/4, 0 (weight 0)
    assert points.sum() == pytest.approx(weighted_mape(fit)) and points["b"] == pytest.approx(0.075)


def test_free_names_the_parameters_searched_and_the_others_stay_at_the_shipped_calibration():
    from convergence.cli.calibration import split_free_parameters

    free, fixed = split_free_parameters(("switching_cost", "foreignness_discount"))
    assert [p.name for p in free] == [p.name for p in FREE_PARAMETERS
                                      if p.name in ("switching_cost", "foreignness_discount")]
    shipped = shipped_calibration()
    assert set(fixed) == {p.name for p in FREE_PARAMETERS} - {"switching_cost", "foreignness_discount"}
    assert fixed["home_fit_weight"] == shipped["home_fit_weight"]
    assert split_free_parameters(None) == (FREE_PARAMETERS, {})


def test_an_unknown_free_parameter_is_refused_before_anything_runs(tmp_path, capsys):
    out = tmp_path / "calibration"
    assert main(["calibrate", "--free", "switching_cost,quality_wieght", "--budget", "2", "--replications", "1",
                 "--workers", "1", "--out", str(out)]) != 0
    error = capsys.readouterr().err
    assert "quality_wieght" in error and "--free" in error and "foreignness_discount" in error
    assert "Traceback" not in error
    assert not out.exists()


def test_start_and_from_shipped_are_refused_together_and_start_reads_a_calibration_file(tmp_path, capsys):
    from convergence.cli.calibration import _start_values, split_free_parameters
    from convergence.model.parameters import PARAMETERS
    from convergence.model.scenario import calibration_parameters

    start = tmp_path / "earlier.toml"
    start.write_text("[parameters]\nswitching_cost = 2.5\n")
    free, _ = split_free_parameters(("switching_cost", "network_weight"))
    assert [p.name for p in free] == ["network_weight", "switching_cost"]            # FREE_PARAMETERS order
    assert _start_values(calibration_parameters(start), free) == [PARAMETERS["network_weight"].default, 2.5]
    out = tmp_path / "calibration"
    assert main(["calibrate", "--from-shipped", "--start", str(start), "--budget", "2", "--replications", "1",
                 "--workers", "1", "--out", str(out)]) != 0
    error = capsys.readouterr().err
    assert "--start" in error and "Traceback" not in error
    assert not out.exists()
