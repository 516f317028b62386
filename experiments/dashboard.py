"""The browser dashboard: a Mesa SolaraViz app that runs a scenario live beside the baseline.

``convergence dashboard`` serves this module's :data:`Page` with Solara. The sidebar holds
Mesa's play/step/reset controls, a scenario picker, the seed and one slider per policy lever
(from the parameter declarations: range, unit, description); the first page plots the run as it
goes (market share by firm origin per region, the convergence index with knowledge flows, the
data flow index, consumer welfare), the second compares it with the baseline stepped alongside
on the same seed (common random numbers), as overlays and differences.

Sliders start at the baseline's values. A slider moved away from its start holds that lever at
the slider's value for the whole run, replacing the scenario's timeline entries for it (as
``--set NAME=VALUE`` does); levers whose sliders were not moved follow the scenario. Changes
take effect on Reset, as in every SolaraViz app.

Plots are matplotlib figures sent as images, so the page needs no JavaScript plotting library
and no network: every asset comes from the installed ``solara-assets`` (see the ``dashboard``
extra in ``pyproject.toml``). Needs that extra: ``pip install "convergence[dashboard]"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import pandas as pd
import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz

from convergence.model.calendar import START_YEAR, step_to_year
from convergence.model.dimensions import Origin, Region
from convergence.model.labels import parameter_label
from convergence.model.model import ConvergenceModel
from convergence.model.parameters import PARAMETERS, Parameter, Value, lookup
from convergence.model.scenario import list_scenarios, load_scenario

BASELINE = "baseline"
SLIDER_STEPS = 100
"""A float lever's slider moves in steps of one hundredth of its declared range."""
FIGURE_SIZE = (6.4, 3.6)
"""Inches; rendered at matplotlib's default 100 dpi, so each plot is about 640 x 360 pixels."""
ORIGIN_COLORS = {Origin.CN: "tab:red", Origin.US: "tab:blue", Origin.OTHER: "tab:gray"}
REGION_COLORS = {Region.CN: "tab:red", Region.US: "tab:blue", Region.EU: "tab:green", Region.IN: "tab:orange",
                 Region.SEA: "tab:purple", Region.ROW: "tab:olive"}
ORIGIN_NAMES = {Origin.CN: "Chinese firms", Origin.US: "U.S. firms", Origin.OTHER: "other firms"}


def lever_start_values() -> dict[str, Value]:
    """Each lever's value in the baseline scenario (its calibration and overrides) at the start."""
    parameters = load_scenario(BASELINE).parameters()
    return {name: parameters[name] for name, declared in PARAMETERS.items() if declared.role == "lever"}


def _lever_input(declared: Parameter, start: Value) -> dict[str, Any]:
    """A Mesa user-input spec for one lever: a checkbox, an integer or a float slider, labelled
    with the lever's display name and unit (``model/labels.py``)."""
    label = parameter_label(declared.name).axis
    if declared.kind is bool:
        return {"type": "Checkbox", "value": bool(start), "label": label}
    if declared.kind is int:
        return {"type": "SliderInt", "value": int(start), "min": int(declared.low), "max": int(declared.high),
                "step": 1, "label": label}
    return {"type": "SliderFloat", "value": float(start), "min": declared.low, "max": declared.high,
            "step": (declared.high - declared.low) / SLIDER_STEPS, "label": label}


def model_params() -> dict[str, dict[str, Any]]:
    """SolaraViz's ``model_params``: scenario picker, seed, and one input per lever."""
    levers = {name: _lever_input(PARAMETERS[name], start) for name, start in lever_start_values().items()}
    return {
        "scenario_name": {"type": "Select", "value": BASELINE, "label": "Scenario",
                          "values": [scenario.name for scenario in list_scenarios()]},
        "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": 99, "step": 1,
                 "label": "Seed (the run and its baseline share it)"},
        **levers,
    }


class ScenarioBesideBaseline(mesa.Model):
    """A scenario run and the baseline run on the same seed, stepped together (the dashboard's model).

    ``values`` are parameter values, as the dashboard's lever inputs give them: those that
    differ from the baseline's (where the sliders start, :func:`lever_start_values`) hold for
    the whole run of the scenario, and for the baseline run too unless they are levers (a
    population size, say, applies to both; a policy only to the scenario). ``scenario`` is
    ignored: SolaraViz passes a ``mesa.experimental.scenarios.Scenario`` there when it resets a
    model, while this model is configured by its keyword arguments (and
    :class:`ConvergenceModel` names its own scenario ``scenario``, a different concept).
    """

    def __init__(self, scenario_name: str = BASELINE, seed: int = 0, *, scenario: object = None,
                 **values: Value) -> None:
        super().__init__(rng=seed)
        starts = load_scenario(BASELINE).parameters()
        self.moved = {name: value for name, value in values.items() if value != starts[lookup(name).name]}
        """Parameters set away from the baseline's values (an unknown name raises, naming the closest
        declared one): overrides of the scenario run."""
        settings = {name: value for name, value in self.moved.items() if PARAMETERS[name].role != "lever"}
        self.run = ConvergenceModel(scenario_name, rng=seed, **self.moved)
        self.baseline = ConvergenceModel(BASELINE, rng=seed, **settings)
        self.running = self.run.running

    def step(self) -> None:
        """One quarter of both runs."""
        self.run.step()
        self.baseline.step()
        self.running = self.run.running

    def series(self, which: str = "run") -> pd.DataFrame:
        """The headline metrics so far of ``which`` run ("run" or "baseline"), one row per quarter,
        indexed by the calendar year at the quarter's end."""
        table = getattr(self, which).datacollector.get_model_vars_dataframe()
        table.index = [START_YEAR + step_to_year(step) for step in range(len(table))]
        return table


def _figure(model: ScenarioBesideBaseline, rows: int = 1, columns: int = 1) -> tuple[Figure, Any]:
    """A figure whose panels span the whole run in calendar years, so lines grow from left to right."""
    figure = Figure(figsize=FIGURE_SIZE, layout="constrained")
    axes = figure.subplots(rows, columns, sharex=True, squeeze=False)
    axes[0, 0].set_xlim(START_YEAR, START_YEAR + step_to_year(model.run.end_step))
    return figure, axes


def _shown(figure: Figure) -> solara.FigureMatplotlib:
    return solara.FigureMatplotlib(figure, format="png", dpi=100)


def _market_share_name(region: Region, origin: Origin) -> str:
    return f"market_share_{region.code.lower()}_{origin.name.lower()}"


def _welfare_name(region: Region) -> str:
    return f"consumer_welfare_{region.code.lower()}"


def market_shares(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """Share of each region's consumer use held by Chinese, U.S. and other firms (0-1)."""
    figure, axes = _figure(model, 2, (len(Region) + 1) // 2)
    table = model.series()
    for panel, region in zip(axes.flat, Region, strict=False):      # a spare panel stays empty
        for origin in Origin:
            if len(table):
                panel.plot(table.index, table[_market_share_name(region, origin)], color=ORIGIN_COLORS[origin],
                           label=ORIGIN_NAMES[origin])
        panel.set_title(f"Consumers in {region.display_name}", fontsize="small")
        panel.tick_params(labelsize="small")
        panel.set_ylim(0, 1)
    if len(table):
        axes[0, 0].legend(fontsize="x-small")
    figure.suptitle("Market share by firm origin (consumer sectors, 0-1)")
    return _shown(figure)


def convergence_and_knowledge(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """The convergence index (0-1) with cross-border knowledge flows (feature adoptions per quarter)."""
    figure, axes = _figure(model)
    left = axes[0, 0]
    right = left.twinx()
    table = model.series()
    if len(table):
        left.plot(table.index, table["convergence_index"], color="black", label="convergence index")
        right.plot(table.index, table["knowledge_flow_cn_us"], color="tab:red", alpha=0.6,
                   label="knowledge flow CN -> US")
        right.plot(table.index, table["knowledge_flow_us_cn"], color="tab:blue", alpha=0.6,
                   label="knowledge flow US -> CN")
    left.set_ylim(0, 1)
    left.set_ylabel("convergence index (0-1)")
    right.set_ylabel("feature adoptions per quarter")
    left.set_title("Convergence and knowledge flows", fontsize="medium")
    handles = [*left.get_legend_handles_labels()[0], *right.get_legend_handles_labels()[0]]
    if handles:
        left.legend(handles=handles, fontsize="small", loc="lower left")
    return _shown(figure)


def data_flows(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """The data flow index (0-1: share of cross-border data flows left open)."""
    figure, axes = _figure(model)
    table = model.series()
    if len(table):
        axes[0, 0].plot(table.index, table["data_flow_index"], color="tab:purple")
    axes[0, 0].set_ylim(0, 1.05)
    axes[0, 0].set_ylabel("data flow index (0-1)")
    axes[0, 0].set_title("Cross-border data flows", fontsize="medium")
    return _shown(figure)


def welfare(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """Consumer welfare per online user in each region (utils)."""
    figure, axes = _figure(model)
    table = model.series()
    for region in Region:
        if len(table):
            axes[0, 0].plot(table.index, table[_welfare_name(region)], color=REGION_COLORS[region],
                            label=region.display_name)
    axes[0, 0].set_ylabel("utils per online user")
    axes[0, 0].set_title("Consumer welfare", fontsize="medium")
    if len(table):
        axes[0, 0].legend(fontsize="small", ncols=2)
    return _shown(figure)


def headline_against_baseline(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """Convergence and data flow indices of the run (solid) over the baseline's (dashed)."""
    figure, axes = _figure(model, 1, 2)
    run, baseline = model.series(), model.series("baseline")
    for panel, metric, title in zip(axes.flat, ("convergence_index", "data_flow_index"),
                                    ("Convergence index (0-1)", "Data flow index (0-1)")):
        if len(run):
            panel.plot(run.index, run[metric], color="tab:orange", label=model.run.scenario_name)
            panel.plot(baseline.index, baseline[metric], color="gray", linestyle="--", label=BASELINE)
        panel.set_ylim(0, 1.05)
        panel.set_title(title, fontsize="medium")
    if len(run):
        axes[0, 0].legend(fontsize="small")
    figure.suptitle("Scenario over the baseline (same seed)")
    return _shown(figure)


def _difference_plot(model: ScenarioBesideBaseline, title: str, unit: str,
                     lines: dict[str, tuple[Callable[[pd.DataFrame], pd.Series], str]], scale: float = 1.0
                     ) -> solara.FigureMatplotlib:
    figure, axes = _figure(model)
    run, baseline = model.series(), model.series("baseline")
    panel = axes[0, 0]
    panel.axhline(0.0, color="black", linewidth=0.8)
    for label, (select, color) in lines.items():
        if len(run):
            panel.plot(run.index, scale * (select(run) - select(baseline)), color=color, label=label)
    panel.set_ylabel(unit)
    panel.set_title(title, fontsize="medium")
    if len(run):
        panel.legend(fontsize="small", ncols=2)
    return _shown(figure)


def chinese_share_difference(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """Chinese firms' share of each region's consumer use, run minus baseline (percentage points)."""
    return _difference_plot(
        model, "Chinese firms' market share: scenario minus baseline", "percentage points",
        {region.display_name: (lambda table, region=region: table[_market_share_name(region, Origin.CN)],
                               REGION_COLORS[region]) for region in Region}, scale=100.0)


def welfare_difference(model: ScenarioBesideBaseline) -> solara.FigureMatplotlib:
    """Consumer welfare per online user, run minus baseline (utils)."""
    return _difference_plot(
        model, "Consumer welfare: scenario minus baseline", "utils per online user",
        {region.display_name: (lambda table, region=region: table[_welfare_name(region)], REGION_COLORS[region])
         for region in Region})


RUN_PAGE, COMPARISON_PAGE = 0, 1
COMPONENTS = [(market_shares, RUN_PAGE), (convergence_and_knowledge, RUN_PAGE), (data_flows, RUN_PAGE),
              (welfare, RUN_PAGE), (headline_against_baseline, COMPARISON_PAGE),
              (chinese_share_difference, COMPARISON_PAGE), (welfare_difference, COMPARISON_PAGE)]
"""SolaraViz components and their pages: 0 the run, 1 the comparison with the baseline."""


def page(model: ScenarioBesideBaseline | solara.Reactive[ScenarioBesideBaseline] | None = None) -> solara.Element:
    """The SolaraViz page for ``model`` (default: the baseline on seed 0); pass a
    ``solara.reactive`` model to see the one that Reset builds."""
    return SolaraViz(model if model is not None else ScenarioBesideBaseline(), components=list(COMPONENTS),
                     model_params=model_params(), name="Convergence: scenario beside the baseline", play_interval=150)


Page = page()
"""What ``solara run convergence.experiments.dashboard`` serves."""
