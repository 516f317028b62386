"""Sweeps: executor-independent seeds, resumable, failures recorded, Sobol known answers."""

import json
import textwrap

import numpy as np
import pandas as pd
import pytest

from convergence.runner.execution import ProcessExecutor, SerialExecutor
from convergence.experiments.sensitivity import analyse
from convergence.experiments.specs import load_spec
from convergence.experiments.sweeps import SweepError, load_failures, load_sweep, run_sweep, summarize
from convergence.experiments.test_functions import ishigami


def _sweep(tmp_path, name, executor=None, **kwargs):
    return run_sweep(load_spec("smoke"), tmp_path / name, executor or SerialExecutor(), progress=False,
                     **kwargs)


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
    from convergence.model.run import simulate

    def flaky(spec):
        if spec.point == 2 and spec.replication == 1:
            raise RuntimeError("model blew up at point 2")
        return simulate(spec.parameters, spec.timeline, end=spec.end, seed=spec.seed,
                        scenario=spec.scenario, replication=spec.replication)

    summary = _sweep(tmp_path, "flaky", model_function=flaky)
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


def test_sobol_pipeline_recovers_ishigami_indices(tmp_path):
    run_sweep(load_spec("ishigami"), tmp_path / "ishigami", SerialExecutor(), progress=False)
    indices = analyse(tmp_path / "ishigami", "ishigami").set_index("factor")
    # Analytic values (Ishigami, a = 7, b = 0.1); tolerance 0.05 at N = 1024 (8,192 evaluations).
    expected_first = {"x1": 0.314, "x2": 0.442, "x3": 0.0}
    expected_total = {"x1": 0.558, "x2": 0.442, "x3": 0.244}
    for factor in ("x1", "x2", "x3"):
        assert indices.loc[factor, "S1"] == pytest.approx(expected_first[factor], abs=0.05)
        assert indices.loc[factor, "ST"] == pytest.approx(expected_total[factor], abs=0.05)
    assert indices.loc["x1 x x3", "S2"] == pytest.approx(0.244, abs=0.08)


def test_sensitivity_refuses_a_grid_sweep(tmp_path):
    _sweep(tmp_path, "grid")
    with pytest.raises(SweepError, match="sobol or morris"):
        analyse(tmp_path / "grid", "convergence_index")


def test_morris_design_is_analysed(tmp_path):
    spec_path = tmp_path / "morris.toml"
    spec_path.write_text(textwrap.dedent('''
        description = "Ishigami with a Morris design"
        model = "ishigami"
        design = "morris"
        samples = 40
        [uncertainties]
        x1 = { low = -3.14159, high = 3.14159 }
        x2 = { low = -3.14159, high = 3.14159 }
        x3 = { low = -3.14159, high = 3.14159 }
        [outputs]
        metrics = ["ishigami"]
        '''))
    run_sweep(load_spec(spec_path), tmp_path / "morris", SerialExecutor(), progress=False)
    indices = analyse(tmp_path / "morris", "ishigami").set_index("factor")
    assert indices.loc["x1", "mu_star"] > indices.loc["x3", "mu_star"] > 0
    assert np.isfinite(indices.mu_star_conf).all()


def test_ishigami_function_value():
    from types import SimpleNamespace
    spec = SimpleNamespace(parameters={"x1": np.pi / 2, "x2": np.pi / 2, "x3": 1.0}, replication=0, seed=0)
    assert ishigami(spec).value.iloc[0] == pytest.approx(1 + 7 + 0.1)


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
