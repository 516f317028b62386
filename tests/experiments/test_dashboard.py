"""The browser dashboard: its model (a scenario stepped beside the baseline), the SolaraViz page
rendered server-side, and the page served by ``convergence dashboard`` in headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import ipyvuetify
import ipywidgets
import numpy as np
import pytest
import solara
from PIL import Image
from playwright import sync_api

from convergence.experiments.dashboard import ScenarioBesideBaseline, lever_start_values, model_params, page
from convergence.model import ConvergenceModel
from convergence.model.errors import UnknownParameterError
from convergence.model.parameters import PARAMETERS
from tests.conftest import SMALL

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCRIPTS = Path(sys.executable).parent
COLOURED = 60
"""A pixel is coloured (a plotted line, not text, axes or background) when its RGB channels
differ by more than this (0-255): matplotlib's axes and text are black or gray."""


def test_unmoved_inputs_leave_the_scenario_as_scripted():
    model = ScenarioBesideBaseline("decoupling", seed=3, **lever_start_values(), **SMALL)
    assert set(model.moved) == set(SMALL)
    assert model.run.timeline == ConvergenceModel("decoupling", **SMALL).timeline
    assert model.baseline.scenario_name == "baseline" and model.run.scenario_name == "decoupling"


def test_a_moved_lever_holds_in_the_scenario_run_only():
    declared = PARAMETERS["us_reciprocity_strength"]
    start = lever_start_values()["us_reciprocity_strength"]
    moved = declared.high if start != declared.high else declared.low
    model = ScenarioBesideBaseline("baseline", seed=3, us_reciprocity_strength=moved, **SMALL)
    assert model.moved["us_reciprocity_strength"] == moved
    assert model.run.params.us_reciprocity_strength == moved
    assert model.baseline.params.us_reciprocity_strength == start
    assert all(change.name != "us_reciprocity_strength" for change in model.run.timeline)
    assert model.run.params.users_per_region == model.baseline.params.users_per_region == SMALL["users_per_region"]


def test_an_unknown_input_is_refused_by_name():
    with pytest.raises(UnknownParameterError, match="us_reciprocity_strenght"):
        ScenarioBesideBaseline(us_reciprocity_strenght=0.5, **SMALL)


def test_every_lever_has_an_input_within_its_declared_range_labelled_with_its_unit():
    inputs = model_params()
    levers = [name for name, declared in PARAMETERS.items() if declared.role == "lever"]
    assert set(levers) <= set(inputs)
    for name in levers:
        declared, spec = PARAMETERS[name], inputs[name]
        assert declared.unit in spec["label"]
        if declared.kind is not bool:
            assert declared.low <= spec["value"] <= declared.high
            assert (spec["min"], spec["max"]) == (declared.low, declared.high)
    assert "decoupling" in inputs["scenario_name"]["values"]


def _images(rendered) -> list[bytes]:
    return [widget.value for widget in rendered.find(ipywidgets.Image).widgets]


def _coloured_pixels(png: bytes) -> int:
    pixels = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    return int(((pixels.max(axis=2) - pixels.min(axis=2)) > COLOURED).sum())


def test_step_advances_both_runs_and_redraws_every_plot():
    model = solara.reactive(ScenarioBesideBaseline(seed=1, **SMALL))
    _, rendered = solara.render(solara.AppLayout(children=[page(model)]), handle_error=False)
    before = _images(rendered)
    assert len(before) == 4                                  # market shares, convergence, data flows, welfare
    step = rendered.find(ipyvuetify.Btn, children=["Step"])
    step.widget.click()
    step.widget.click()
    after = _images(rendered)
    assert model.value.run.step_index == model.value.baseline.step_index == 1
    assert all(new != old for new, old in zip(after, before))
    assert all(_coloured_pixels(new) > _coloured_pixels(old) for new, old in zip(after, before))


def test_reset_builds_the_picked_scenario_and_the_comparison_page_plots_it():
    model = solara.reactive(ScenarioBesideBaseline(seed=1, **SMALL))
    _, rendered = solara.render(solara.AppLayout(children=[page(model)]), handle_error=False)
    rendered.find(ipyvuetify.Select, label="Scenario").widget.v_model = "decoupling"
    rendered.find(ipyvuetify.Btn, children=["Reset"]).widget.click()
    assert model.value.run.scenario_name == "decoupling" and model.value.baseline.scenario_name == "baseline"
    assert model.value.moved == {}
    rendered.find(ipyvuetify.Tabs).widget.v_model = 1         # page 1: the comparison with the baseline
    step = rendered.find(ipyvuetify.Btn, children=["Step"])
    step.widget.click()
    step.widget.click()                                      # two quarters: a line needs two points
    images = _images(rendered)
    assert len(images) == 3
    assert all(_coloured_pixels(image) > 0 for image in images)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_served(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the dashboard did not answer at {url} within {timeout} s")


@pytest.fixture
def served_dashboard():
    """``convergence dashboard`` on a free port of 127.0.0.1; its URL."""
    port = _free_port()
    server = subprocess.Popen([str(SCRIPTS / "convergence"), "dashboard", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "MPLBACKEND": "Agg"})
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_served(url, server, timeout=120)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium)")
def test_the_served_page_draws_its_plots_in_chromium_offline(served_dashboard, tmp_path):
    hosts = set()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            browser_page = browser.new_page(viewport={"width": 1600, "height": 1000})
            browser_page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
            browser_page.goto(served_dashboard)
            step = browser_page.get_by_role("button", name="Step")
            step.wait_for(timeout=60_000)
            plots = browser_page.locator("img")
            plots.nth(3).wait_for(timeout=60_000)
            before = [_coloured_pixels(plots.nth(index).screenshot()) for index in range(plots.count())]
            for _ in range(3):
                sources = plots.evaluate_all("images => images.map(image => image.src)")
                step.click()
                browser_page.wait_for_function(
                    "old => Array.from(document.images).every((image, index) => image.src !== old[index])",
                    arg=sources, timeout=60_000)
            browser_page.screenshot(path=tmp_path / "dashboard.png")
            after = [_coloured_pixels(plots.nth(index).screenshot()) for index in range(plots.count())]
        finally:
            browser.close()
    assert len(after) == len(before) >= 4
    assert all(drawn > empty for drawn, empty in zip(after, before)), (before, after)
    assert hosts == {served_dashboard.split("/")[2]}, f"the page contacted {hosts}"


def test_the_command_refuses_a_port_out_of_range_in_one_line(capsys):
    from convergence.cli.main import main

    assert main(["dashboard", "--port", "70000"]) == 2
    assert "--port 70000 is not a port number" in capsys.readouterr().err
