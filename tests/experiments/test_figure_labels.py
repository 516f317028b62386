"""Figures and the report speak the reader's language: display names and units, no code identifiers,
market-share labels legible in a browser 1400 px wide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from convergence.experiments.api import run_scenario
from convergence.experiments.catalog import KEY_VIEWS, VIEWS_BY_KEY
from convergence.experiments.compare import timeline_events
from convergence.experiments.plots import (
    market_share_figure,
    metric_figure,
    summary_figure,
    sweep_heatmap_figure,
    sweep_line_figure,
)
from convergence.model.labels import PARAMETER_NAMES
from convergence.model.metrics import METRICS
from convergence.model.parameters import PARAMETERS
from tests.conftest import SMALL

IDENTIFIERS = set(METRICS) | set(PARAMETERS) | {view.key for view in KEY_VIEWS}
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def rendered_text(figure: Figure) -> list[str]:
    """Every visible piece of text of a drawn figure (titles, labels, ticks, legends, notes)."""
    figure.canvas.draw()
    return [" ".join(t.get_text().split()) for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def assert_no_identifiers(figure: Figure) -> None:
    for text in rendered_text(figure):
        assert not SNAKE_CASE.search(text), f"code identifier in figure text: {text!r}"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    runs = [run_scenario(name, replications=2, seed=1, until="2019Q4", overrides=SMALL)
            for name in ("baseline", "decoupling")]
    return pd.concat(runs, ignore_index=True)


def test_summary_figure_has_readable_year_ticks_and_axes_starting_at_zero(table):
    figure = summary_figure(table[table.scenario == "baseline"])
    assert_no_identifiers(figure)
    for ax, view in zip(figure.axes, KEY_VIEWS[:6]):
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert 2 <= len(labels) <= 6 and all(re.fullmatch(r"\d{4}", label) for label in labels)
        boxes = [t.get_window_extent() for t in ax.get_xticklabels()]
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:])), "tick labels overlap"
        if view.starts_at_zero:
            assert ax.get_ylim()[0] == 0
    plt.close(figure)


def test_policy_change_markers_name_the_lever_and_its_value(table):
    from convergence.experiments.compare import ScenarioRun

    runs = [ScenarioRun("baseline", table[table.scenario == "baseline"],
                        timeline=[{"quarter": "2017Q2", "lever": "china_data_localization_strictness", "value": 0.5}]),
            ScenarioRun("decoupling", table[table.scenario == "decoupling"],
                        timeline=[{"quarter": "2017Q2", "lever": "china_data_localization_strictness", "value": 0.5},
                                  {"quarter": "2018Q2", "lever": "us_reciprocity_strength", "value": 0.8}])]
    events = dict(timeline_events(runs))
    assert events["2017Q2"] == f"all scenarios: {PARAMETER_NAMES['china_data_localization_strictness']} \u2192 0.5"
    assert events["2018Q2"] == f"decoupling: {PARAMETER_NAMES['us_reciprocity_strength']} \u2192 0.8"
    figure = metric_figure(table, VIEWS_BY_KEY["convergence_index"], list(events.items()))
    assert any("reciprocity strength \u2192 0.8" in text.replace("\n", " ") for text in rendered_text(figure))
    assert_no_identifiers(figure)
    plt.close(figure)


def test_market_share_figure_names_regions_sectors_and_origins(table):
    figure = market_share_figure(table, "decoupling", "US")
    texts = rendered_text(figure)
    assert_no_identifiers(figure)
    assert any("the U.S." in text for text in texts) and "ICT equipment" in texts and "Chinese firms" in texts
    plt.close(figure)


@pytest.fixture
def sweep_values() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = [{"china_data_localization_strictness": x, "us_reciprocity_strength": y, "replication": r,
             "value": 0.8 - 0.3 * x - 0.1 * y + rng.normal(0, 0.01)}
            for x in (0.0, 0.5, 1.0) for y in (0.0, 1.0) for r in range(4)]
    return pd.DataFrame(rows)


def test_sweep_plots_carry_units_the_window_and_the_spread(sweep_values):
    x, y = "china_data_localization_strictness", "us_reciprocity_strength"
    heatmap = sweep_heatmap_figure(sweep_values, x, y, "convergence_index", "mean over 2026Q1-2030Q4 in each run")
    texts = rendered_text(heatmap)
    assert_no_identifiers(heatmap)
    assert any(PARAMETERS[x].unit in t for t in texts) and any("2026Q1-2030Q4" in t for t in texts)
    cells = [t.get_text() for t in heatmap.axes[0].texts]
    assert len(cells) == 6 and all(re.fullmatch(r"\S+\n\u00b1\S+", cell) for cell in cells)   # interval per cell
    assert not any("(index (0-1))" in t for t in texts)
    lines = sweep_line_figure(sweep_values, x, "convergence_index", "value in 2030Q4 in each run", by=y)
    assert len([line for line in lines.axes[0].get_lines()]) == 2      # one line per level of the other factor
    assert_no_identifiers(lines)
    plt.close("all")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_report_market_share_labels_are_at_least_10_px_tall_at_1400_px(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    from convergence.cli.main import main

    small = ["--set", "users_per_region=300", "--set", "enterprise_buyers_per_region=40"]
    for name in ("baseline", "decoupling"):
        assert main(["run", name, "-r", "2", "--seed", "1", "--until", "2019Q4", "--out", str(tmp_path / name),
                     *small]) == 0
    out = tmp_path / "compare"
    assert main(["compare", str(tmp_path / "baseline"), str(tmp_path / "decoupling"), "--out", str(out)]) == 0
    report = (out / "report.html").read_text()
    assert "<nav><b>Contents</b>" in report and "id='market_share'" in report and "id='provenance'" in report
    assert re.search(r"Decoupling (lowers|raises) cross-border data flows the rules allow \(index of the levers\) "
                     r"by [\d.]+ \(90% CI", report)
    assert re.search(r"Decoupling(:| (lowers|raises)) (no clear change in )?consumer use with data crossing borders "
                     r"\(measured\)", report)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(out.joinpath("report.html").as_uri())
        page.screenshot(path=tmp_path / "report.png", full_page=False)
        heights = page.evaluate("""() => Array.from(document.querySelectorAll('figure[id^=market_share] svg text'))
            .map(t => { const m = t.getScreenCTM();
                        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })""")
        browser.close()
    assert len(heights) > 100                                   # tick labels, sector titles, legend, notes
    assert min(heights) >= 10, f"smallest market-share label is {min(heights):.1f} px"
