"""Sweeps: executor-independent seeds, resumable, failures recorded, any model function,
Sobol and Morris known answers with the sampler settings read back from the manifest."""

import dataclasses
import json
import math
import pickle
import textwrap

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris as morris_analyze

from convergence.experiments.sensitivity import analyse
from convergence.experiments.specs import load_spec
from convergence.experiments.sweep_model import CONVERGENCE
from convergence.experiments.sweeps import SweepError, load_failures, load_sweep, run_sweep, summarize
from convergence.runner.execution import ProcessExecutor, RunSpec, SerialExecutor
from tests.experiments.ishigami import ISHIGAMI, evaluate
from tests.experiments.ishigami import SPEC as ISHIGAMI_SPEC


def _sweep(tmp_path, name, executor=None, spec=None, **kwargs):
    return run_sweep(spec or load_spec("smoke"), tmp_path / name, executor or SerialExecutor(), progress=False,
                     **kwargs)


def _ishigami_spec(tmp_path, design, samples, extra=""):
    """An Ishigami spec file with the given design, loaded for the Ishigami model."""
    path = tmp_path / f"ishigami_{design}.toml"
    path.write_text(textwrap.dedent(f'''
        description = "Ishigami with a {design} design"
        design = "{design}"
        samples = {samples}
        {extra}
        [uncertainties]
        x1 = {{ low = -3.14159, high = 3.14159 }}
        x2 = {{ low = -3.14159, high = 3.14159 }}
        x3 = {{ low = -3.14159, high = 3.14159 }}
        '''))
    return load_spec(path, model=ISHIGAMI)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweeps")
    run_sweep(load_spec("smoke"), folder / "serial", SerialExecutor(), progress=False)
    return load_sweep(folder / "serial")


def test_smoke_sweep_completes_with_design_columns(uninterrupted):
    assert set(uninterrupted.point) == {0, 1, 2, 3}
    assert set(uninterrupted.replication) == {0, 1}
    assert {"china_data_localization_strictness", "us_reciprocity_strength"} <= set(uninterrupted.columns)
    assert not uninterrupted.duplicated(["point", "replication", "metric", "step"]).any()


def test_process_pool_gives_the_identical_dataset(tmp_path, uninterrupted):
    with ProcessExecutor(2) as executor:
        _sweep(tmp_path, "processes", executor, chunk_runs=3)
    pd.testing.assert_frame_equal(load_sweep(tmp_path / "processes"), uninterrupted)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_identical_dataset(tmp_path, uninterrupted):
    distributed = pytest.importorskip("distributed")
    from convergence.runner.execution import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        with DaskExecutor(client) as executor:
            _sweep(tmp_path, "dask", executor)
    pd.testing.assert_frame_equal(load_sweep(tmp_path / "dask"), uninterrupted)


class Interrupt(Exception):
    """Stands in for Ctrl-C or a killed process after a chosen number of runs."""


@pytest.mark.parametrize("stop_after", [1, 3, 6])
def test_resume_after_interruption_matches_uninterrupted(tmp_path, uninterrupted, stop_after):
    seen = []

    def interrupt(outcome):
        seen.append(outcome)
        if len(seen) == stop_after:
            raise Interrupt

    with pytest.raises(Interrupt):
        _sweep(tmp_path, "interrupted", chunk_runs=2, on_outcome=interrupt)
    manifest = json.loads((tmp_path / "interrupted" / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert summarize(tmp_path / "interrupted").done == stop_after
    (tmp_path / "interrupted" / "results" / ".part-000009.tmp-1").write_bytes(b"half-written")
    _sweep(tmp_path, "interrupted", resume=True)
    resumed = load_sweep(tmp_path / "interrupted")
    pd.testing.assert_frame_equal(resumed, uninterrupted)
    assert json.loads((tmp_path / "interrupted" / "manifest.json").read_text())["status"] == "complete"


def test_a_failing_run_is_recorded_and_the_rest_complete(tmp_path):
    from convergence.model.run import run_model

    def flaky(spec):
        if spec.point == 2 and spec.replication == 1:
            raise RuntimeError("model blew up at point 2")
        return run_model(spec.parameters, spec.timeline, end=spec.end, seed=spec.seed,
                        scenario=spec.scenario, replication=spec.replication)

    model = dataclasses.replace(CONVERGENCE, function=flaky)
    summary = _sweep(tmp_path, "flaky", spec=load_spec("smoke", model=model))
    assert summary.done == 7 and summary.failed == 1
    failures = load_failures(tmp_path / "flaky")
    assert failures[["point", "replication"]].values.tolist() == [[2, 1]]
    assert "model blew up" in failures.error.iloc[0]
    manifest = json.loads((tmp_path / "flaky" / "manifest.json").read_text())
    assert manifest["status"] == "complete with failed runs"


def test_existing_directory_needs_resume_or_overwrite(tmp_path):
    _sweep(tmp_path, "once")
    with pytest.raises(SweepError, match="already exists") as error:
        _sweep(tmp_path, "once")
    assert "--resume" in error.value.allowed


@pytest.mark.slow
def test_sobol_pipeline_recovers_ishigami_indices(tmp_path):
    spec = load_spec(ISHIGAMI_SPEC, model=ISHIGAMI)
    run_sweep(spec, tmp_path / "ishigami", SerialExecutor(), progress=False)
    manifest = json.loads((tmp_path / "ishigami" / "manifest.json").read_text())
    assert manifest["model"] == "ishigami"
    assert manifest["sampler"] == {"design": "sobol", "samples": 1024, "seed": 3, "num_levels": None,
                                   "calc_second_order": True}
    assert manifest["problem"] == {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    indices = analyse(tmp_path / "ishigami", "ishigami").set_index("factor")
    # Analytic values (Ishigami, a = 7, b = 0.1); tolerance 0.05 at N = 1024 (8,192 evaluations).
    expected_first = {"x1": 0.314, "x2": 0.442, "x3": 0.0}
    expected_total = {"x1": 0.558, "x2": 0.442, "x3": 0.244}
    for factor in ("x1", "x2", "x3"):
        assert indices.loc[factor, "S1"] == pytest.approx(expected_first[factor], abs=0.05)
        assert indices.loc[factor, "ST"] == pytest.approx(expected_total[factor], abs=0.05)
    assert indices.loc["x1 x x3", "S2"] == pytest.approx(0.244, abs=0.08)
    for pair in ("x1 x x2", "x2 x x3"):
        assert indices.loc[pair, "S2"] == pytest.approx(0.0, abs=0.08)


def test_sobol_without_second_order_is_sampled_and_analysed_so(tmp_path):
    spec = _ishigami_spec(tmp_path, "sobol", 64, "sobol_second_order = false")
    summary = _sweep(tmp_path, "first_order", spec=spec)
    assert summary.points == 64 * (3 + 2)
    indices = analyse(tmp_path / "first_order", "ishigami")
    assert list(indices.factor) == ["x1", "x2", "x3"] and "S2" not in indices


def test_sensitivity_refuses_a_grid_sweep(tmp_path):
    _sweep(tmp_path, "grid")
    with pytest.raises(SweepError, match="sobol or morris"):
        analyse(tmp_path / "grid", "convergence_index")


@pytest.mark.parametrize("levels", [4, 6])
def test_morris_levels_come_from_the_spec_through_the_manifest(tmp_path, levels):
    spec = _ishigami_spec(tmp_path, "morris", 40, f"morris_levels = {levels}")
    run_sweep(spec, tmp_path / "morris", SerialExecutor(), progress=False)
    manifest = json.loads((tmp_path / "morris" / "manifest.json").read_text())
    assert manifest["sampler"]["num_levels"] == levels
    indices = analyse(tmp_path / "morris", "ishigami").set_index("factor")
    assert indices.loc["x1", "mu_star"] > indices.loc["x3", "mu_star"] > 0
    assert np.isfinite(indices.mu_star_conf).all()
    design = pd.read_parquet(tmp_path / "morris" / "design.parquet").to_numpy(dtype=float)
    outcome = load_sweep(tmp_path / "morris").sort_values("point").value.to_numpy()
    direct = morris_analyze.analyze(manifest["problem"], design, outcome, num_levels=levels, seed=0)
    np.testing.assert_allclose(indices.mu_star.to_numpy(), direct["mu_star"])


def test_a_model_function_runs_on_worker_processes(tmp_path):
    spec = _ishigami_spec(tmp_path, "sobol", 16)
    assert pickle.loads(pickle.dumps(spec)) == spec
    _sweep(tmp_path, "serial", spec=spec)
    with ProcessExecutor(2) as executor:
        _sweep(tmp_path, "processes", executor, spec=spec, chunk_runs=7)
    pd.testing.assert_frame_equal(load_sweep(tmp_path / "processes"), load_sweep(tmp_path / "serial"))


def test_resume_needs_the_same_sample_size(tmp_path):
    spec = _ishigami_spec(tmp_path, "lhs", 8)
    _sweep(tmp_path, "lhs", spec=spec)
    with pytest.raises(SweepError, match="different spec or --samples"):
        _sweep(tmp_path, "lhs", spec=spec, resume=True, samples=16)


def test_ishigami_function_value():
    run = RunSpec(point=0, replication=0, seed=0, parameters={"x1": np.pi / 2, "x2": np.pi / 2, "x3": 1.0})
    assert evaluate(run).value.iloc[0] == pytest.approx(1 + 7 + 0.1)


def test_plot_sweep_heatmap_and_line(tmp_path, capsys):
    from convergence.cli.main import main

    _sweep(tmp_path, "plotted")
    args = ["plot-sweep", str(tmp_path / "plotted"), "--x", "china_data_localization_strictness",
            "--metric", "convergence_index"]
    assert main(args + ["--y", "us_reciprocity_strength"]) == 0
    assert main(args) == 0
    plots = sorted(p.name for p in (tmp_path / "plotted" / "plots").iterdir())
    assert plots == ["convergence_index_by_china_data_localization_strictness.png",
                     "convergence_index_by_china_data_localization_strictness.svg",
                     "convergence_index_by_china_data_localization_strictness_and_us_reciprocity_strength.png",
                     "convergence_index_by_china_data_localization_strictness_and_us_reciprocity_strength.svg"]
    assert main(args[:-1] + ["hhi"]) == 2
    assert "was not kept" in capsys.readouterr().err
