"""`convergence discover`: PRIM boxes on a sweep, checked against the runs they hold."""

import sys

import pandas as pd
import pytest

from convergence.cli.main import main
from convergence.experiments.discovery import cases
from convergence.experiments.specs import load_spec
from convergence.experiments.sweeps import run_sweep
from convergence.runner.execution import SerialExecutor

pytest.importorskip("ema_workbench")     # the `ema` extra; `.[test]` installs it

SPEC = """
description = "PRIM test: a lever and two uncertainties on a small population."
scenario = "baseline"
design = "lhs"
samples = 24
replications = 1
seed = 3
until = "2014Q4"
policy_start = "2013Q3"

[levers]
us_reciprocity_strength = { low = 0.0, high = 1.0 }

[uncertainties]
imitation_rate_cross_border = { low = 0.0, high = 0.3 }
switching_cost = { low = 0.5, high = 4.0 }
users_per_region = { low = 300, high = 400 }

[outputs]
metrics = ["convergence_index"]
keep = "final"
"""


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discover")
    (folder / "prim_small.toml").write_text(SPEC)
    run_sweep(load_spec(folder / "prim_small.toml"), folder / "sweep", SerialExecutor(), progress=False)
    return folder / "sweep"


def test_discover_writes_a_box_whose_statistics_match_the_runs_inside_it(sweep, tmp_path, capsys):
    x, values = cases(sweep, "convergence_index")
    below = float(values.median())
    out = tmp_path / "found"
    assert main(["discover", str(sweep), "--metric", "convergence_index", "--below", str(below),
                 "--threshold", "0.7", "--out", str(out)]) == 0
    for name in ("boxes.csv", "peeling_trajectory.csv", "feature_scores.csv", "box.png", "box.svg",
                 "peeling_trajectory.png", "peeling_trajectory.svg", "discovery.html"):
        assert (out / name).stat().st_size > 0, name
    box = pd.read_csv(out / "boxes.csv")
    inside = pd.Series(True, index=x.index)
    for row in box.itertuples():
        inside &= x[row.factor].between(row.min, row.max)
    of_interest = values < below
    stats = box.iloc[0]
    assert stats.coverage == pytest.approx((of_interest & inside).sum() / of_interest.sum())
    assert stats.density == pytest.approx((of_interest & inside).sum() / inside.sum())
    assert stats["mass"] == pytest.approx(inside.mean())
    trajectory = pd.read_csv(out / "peeling_trajectory.csv")
    assert stats.density >= 0.7 or stats.density == trajectory.density.max()
    scores = pd.read_csv(out / "feature_scores.csv")
    assert set(scores.factor) == set(x.columns) and scores.score.sum() == pytest.approx(1.0)
    assert "Scenario discovery" in (out / "discovery.html").read_text()
    assert "runs have convergence_index below" in capsys.readouterr().out


@pytest.mark.parametrize(("arguments", "message"), [
    (["--below", "-1"], "0 of 24 runs have convergence_index below -1"),
    (["--below", "0.5", "--threshold", "2"], "--threshold must be in (0, 1]"),
    (["--above", "0.5", "--metric", "hhi"], "metric 'hhi' was not kept"),
])
def test_bad_requests_get_one_line_and_exit_code_2(sweep, capsys, arguments, message):
    assert main(["discover", str(sweep), *arguments]) == 2
    assert message in capsys.readouterr().err


def test_without_ema_workbench_the_command_says_how_to_install_it(sweep, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    monkeypatch.setitem(sys.modules, "ema_workbench.analysis", None)
    assert main(["discover", str(sweep), "--below", "0.5"]) == 2
    error = capsys.readouterr().err
    assert "needs EMA Workbench" in error and 'pip install "convergence[ema]"' in error
