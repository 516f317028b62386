"""Comparison plots, table and report on small real runs."""

import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from convergence.cli.main import main
from convergence.experiments.api import run_scenario
from convergence.experiments.catalog import VIEWS_BY_KEY
from convergence.experiments.compare import comparison_table, difference_series, final_values
from convergence.experiments.plots import (
    convergence_figure,
    difference_figure,
    final_distribution_figure,
    market_share_figure,
    metric_figure,
)
from convergence.experiments.welfare import WELFARE_TITLE
from tests.conftest import SMALL

UNTIL = "2019Q4"


@pytest.fixture(scope="module")
def table():
    runs = [run_scenario(name, replications=3, seed=1, until=UNTIL, overrides=SMALL)
            for name in ("baseline", "decoupling")]
    return pd.concat(runs, ignore_index=True)


def test_metric_figure_has_a_line_and_bracketing_band_per_scenario(table):
    view = VIEWS_BY_KEY["convergence_index"]
    figure = metric_figure(table, view)
    ax = figure.axes[0]
    lines = [line for line in ax.get_lines() if line.get_label() in ("baseline", "decoupling")]
    assert sorted(line.get_label() for line in lines) == ["baseline", "decoupling"]
    assert len({line.get_linestyle() for line in lines}) == 2          # readable in greyscale
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 2
    for line, band in zip(lines, bands):
        vertices = band.get_paths()[0].vertices
        for x, y in zip(*line.get_data()):
            at_x = vertices[np.isclose(vertices[:, 0], x), 1]
            assert at_x.min() - 1e-9 <= y <= at_x.max() + 1e-9
    assert ax.get_ylabel() == view.unit and "quarter" in ax.get_xlabel()
    assert "replications" in figure.texts[-1].get_text()


def test_difference_figure_and_series(table):
    view = VIEWS_BY_KEY["data_flow_index"]
    differences = difference_series(table, view, "baseline")
    assert set(differences.scenario) == {"decoupling"}
    assert (differences.low <= differences["mean"] + 1e-12).all()
    assert (differences["mean"] <= differences.high + 1e-12).all()
    late = differences[differences.quarter == UNTIL]
    assert late["mean"].iloc[0] < 0                          # decoupling restricts data flows
    figure = difference_figure(differences, table, view, "baseline")
    assert "difference" in figure.axes[0].get_ylabel() and view.unit in figure.axes[0].get_ylabel()


def test_comparison_table_matches_direct_pandas(table):
    views = [VIEWS_BY_KEY[k] for k in ("convergence_index", "chinese_share_us")]
    result = comparison_table(table, views, "baseline").set_index(["scenario", "metric"])
    rows = table[(table.metric == "convergence_index") & (table.quarter.str[:4] == UNTIL[:4])
                 & (table.region == "") & (table.sector == "") & (table.origin == "") & (table.firm == "")]
    per_replication = rows.groupby(["scenario", "replication"]).value.mean()
    for scenario in ("baseline", "decoupling"):
        values = per_replication.loc[scenario].to_numpy()
        assert result.loc[(scenario, "convergence_index"), "mean"] == pytest.approx(values.mean())
        assert result.loc[(scenario, "convergence_index"), "p05"] == pytest.approx(np.quantile(values, 0.05))
    paired = per_replication.loc["decoupling"].to_numpy() - per_replication.loc["baseline"].to_numpy()
    row = result.loc[("decoupling", "convergence_index")]
    assert row["difference"] == pytest.approx(paired.mean())
    assert row["excludes_zero"] == bool(row["difference_low"] > 0 or row["difference_high"] < 0)


@pytest.mark.slow
def test_final_distribution_market_share_and_convergence_figures(table):
    views = [VIEWS_BY_KEY[k] for k in ("convergence_index", "data_flow_index")]
    finals = {v.key: final_values(table, v) for v in views}
    figure = final_distribution_figure(finals, views, table, "2019 (mean of 2019Q1-2019Q4)")
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["baseline", "decoupling"]
    shares = market_share_figure(table, "decoupling", "CN")
    assert len(shares.axes) == 8 and shares.axes[0].get_ylim() == (0.0, 1.0)
    flows = convergence_figure(table)
    assert [ax.get_title().replace("\n", " ") for ax in flows.axes] == [
        "Convergence of Chinese and U.S. innovation portfolios", "Knowledge flow China to U.S.",
        "Knowledge flow U.S. to China"]


@pytest.mark.slow
def test_compare_command_writes_self_contained_report(tmp_path, capsys):
    run_dir = tmp_path / "decoupling"
    assert main(["run", "decoupling", "-r", "2", "--seed", "3", "--until", "2016Q4", "--out", str(run_dir),
                 "--set", "users_per_region=400", "--set", "enterprise_buyers_per_region=60"]) == 0
    out = tmp_path / "compare"
    code = main(["compare", str(run_dir), "baseline", "-r", "2", "--seed", "3", "--until", "2016Q4",
                 "--metrics", "convergence_index", "data_flow_index", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == len(list(out.glob("*.svg"))) >= 6
    report = (out / "report.html").read_text()
    assert report.count("<figure") == len(pngs)
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", report), "the report must not load anything"
    assert report.count("<svg") == len(pngs)                # figures inline, text kept as text
    assert "semi-balkanized" in report                     # the scenarios' descriptions are shown
    commit = json.loads((run_dir / "manifest.json").read_text())["git"]["commit"]
    assert f"git commit {commit}" in report                # provenance names the commit the run was made at
    comparison = pd.read_csv(out / "comparison.csv")
    assert set(comparison.scenario) == {"baseline", "decoupling"}
    welfare = pd.read_csv(out / "welfare.csv")            # USD bn, scenario minus baseline, final year
    assert set(welfare.scenario) == {"decoupling"} and set(welfare.year) == {2016}
    assert {"consumer_surplus", "operating_profit", "compliance_cost", "total_share_of_gdp"} <= set(welfare)
    assert WELFARE_TITLE in report and "USD bn per year" in report


def test_compare_unknown_metric_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", "baseline", "--metrics", "convergence"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'convergence'" in capsys.readouterr().err


def test_compare_unknown_scenario_exits_2(capsys):
    assert main(["compare", "baselin", "decoupling"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'baseline'" in err and "Traceback" not in err


def test_compare_empty_directory_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["compare", str(empty), "--out", str(tmp_path / "o")]) == 2
    assert "no timeseries.parquet" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()



# --- compare refuses what it cannot pair, or pairs what it can with --unpaired ---
TINY = ["--set", "users_per_region=200", "--set", "enterprise_buyers_per_region=20"]


@pytest.fixture(scope="module")
def run_dirs(tmp_path_factory):
    """Tiny run directories: baseline and decoupling alike, and baselines that differ in one way."""
    root = tmp_path_factory.mktemp("runs")
    designs = {"baseline": ("baseline", "2", "3", "2014Q4"), "decoupling": ("decoupling", "2", "3", "2014Q4"),
               "longer": ("baseline", "2", "3", "2015Q2"), "reseeded": ("baseline", "2", "4", "2014Q4"),
               "more": ("baseline", "3", "3", "2014Q4")}
    for name, (scenario, replications, seed, until) in designs.items():
        assert main(["run", scenario, "-r", replications, "--seed", seed, "--until", until, *TINY,
                     "--out", str(root / name)]) == 0
    return root


def _compare(capsys, *argv):
    code = main(["compare", *map(str, argv), "--metrics", "convergence_index"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("other, differs, described", [
    ("longer", "horizon (--until)", "until 2015Q2, 2 replications, master seed 3"),
    ("reseeded", "seeds (--seed)", "until 2014Q4, 2 replications, master seed 4"),
    ("more", "replications (--replications)", "until 2014Q4, 3 replications, master seed 3"),
])
def test_compare_refuses_runs_it_cannot_pair_saying_what_differs(run_dirs, tmp_path, capsys, other, differs,
                                                                 described):
    out = tmp_path / "cmp"
    code, err = _compare(capsys, run_dirs / "decoupling", run_dirs / other, "--out", out)
    assert code == 2 and "Traceback" not in err                  # a KeyError, or a dropped scenario, before
    assert f"cannot pair the runs, they differ in {differs} (" in err
    assert f"{run_dirs / 'decoupling'}: until 2014Q4, 2 replications, master seed 3" in err
    assert f"{run_dirs / other}: {described}" in err and "--unpaired" in err
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("other, pairing", [("longer", "paired"), ("reseeded", "unpaired (Welch)")])
def test_compare_unpaired_compares_the_shared_quarters_pairing_what_it_can(run_dirs, tmp_path, capsys, other,
                                                                            pairing):
    out = tmp_path / "cmp"
    code, err = _compare(capsys, run_dirs / "decoupling", run_dirs / other, "--unpaired", "--out", out)
    assert code == 0, err
    assert "note: --unpaired: the runs differ in" in err and "compared over 2013Q1-2014Q4" in err
    comparison = pd.read_csv(out / "comparison.csv")
    assert set(comparison.scenario) == {"baseline", "decoupling"}             # none dropped
    decoupling = comparison[comparison.scenario == "decoupling"].iloc[0]
    assert decoupling.pairing == pairing and np.isfinite(decoupling.difference)
    unpaired_title = "some differences unpaired: Welch intervals" in (out / "report.html").read_text()
    assert unpaired_title == (pairing != "paired")
    assert pd.read_parquet(out / "timeseries.parquet").quarter.max() == "2014Q4"


@pytest.mark.slow
def test_compare_of_pairable_runs_says_paired(run_dirs, tmp_path, capsys):
    out = tmp_path / "cmp"
    code, err = _compare(capsys, run_dirs / "decoupling", run_dirs / "baseline", "--out", out)
    assert code == 0, err
    comparison = pd.read_csv(out / "comparison.csv")
    assert comparison[comparison.scenario == "decoupling"].pairing.tolist() == ["paired"]


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "timeseries.parquet").write_bytes(b"PAR1 not really PAR1"), "cannot read '{d}/timeseries.parquet'"),
    (lambda d: (d / "timeseries.parquet").write_bytes(b""), "cannot read '{d}/timeseries.parquet'"),
    (lambda d: (d / "manifest.json").write_text('{"kind": "convergence run", '), "cannot read '{d}/manifest.json'"),
    (lambda d: (d / "manifest.json").write_bytes(b"\xff\xfe"), "cannot read '{d}/manifest.json'"),
    (lambda d: (d / "manifest.json").write_text("[1, 2]"), "is not the manifest of a `convergence run`"),
    (lambda d: (d / "manifest.json").unlink(), "'{d}' holds no manifest.json"),
    (lambda d: pd.DataFrame({"scenario": ["x"]}).to_parquet(d / "timeseries.parquet"), "lacks the columns"),
])
def test_compare_of_a_damaged_run_directory_names_the_file(run_dirs, tmp_path, capsys, damage, message):
    damaged = tmp_path / "damaged"
    shutil.copytree(run_dirs / "decoupling", damaged)
    damage(damaged)
    out = tmp_path / "cmp"
    code, err = _compare(capsys, damaged, run_dirs / "baseline", "--out", out)
    assert code == 2 and message.format(d=damaged) in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
def test_compare_overwrite_replaces_only_a_comparison(run_dirs, tmp_path, capsys):
    out = tmp_path / "cmp"
    assert _compare(capsys, run_dirs / "decoupling", run_dirs / "baseline", "--out", out)[0] == 0
    code, err = _compare(capsys, run_dirs / "decoupling", run_dirs / "baseline", "--out", out, "--overwrite")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmp"]
    code, err = _compare(capsys, run_dirs / "decoupling", run_dirs / "baseline", "--out", run_dirs / "baseline",
                         "--overwrite")
    assert code == 2 and "its manifest.json is of kind 'convergence run'" in err
    assert (run_dirs / "baseline" / "timeseries.parquet").is_file()


def test_compare_refuses_sizes_and_workers_before_running(capsys):
    code, err = _compare(capsys, "baseline", "decoupling", "-r", "1000000000")
    assert code == 2 and "comparison running 2 scenarios to 2030Q4 asks for 2,000,000,000 runs" in err
    assert _compare(capsys, "baseline", "decoupling", "--workers", "0")[0] == 2
    code, err = _compare(capsys, "baseline", "decoupling", "--seed", "-5")
    assert code == 2 and "--seed must be a whole number >= 0, got -5" in err
