"""Comparison plots, table and report on small real runs."""

import re

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
    figure = final_distribution_figure(finals, views, table, 2019)
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["baseline", "decoupling"]
    shares = market_share_figure(table, "decoupling")
    assert len(shares.axes) == 32 and shares.axes[0].get_ylim() == (0.0, 1.0)
    flows = convergence_figure(table)
    assert [ax.get_title() for ax in flows.axes] == [
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
    assert report.count("<img ") == len(pngs)
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", report), "the report must not load anything"
    assert "data:image/png;base64," in report
    assert "semi-balkanized" in report                     # the scenarios' descriptions are shown
    comparison = pd.read_csv(out / "comparison.csv")
    assert set(comparison.scenario) == {"baseline", "decoupling"}


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

