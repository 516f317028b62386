"""``convergence compare``: plan the sources, run what must run, write figures, table and report.

Inputs are run directories (read) or scenarios (run here with the same master seed, so their
replications are paired by common random numbers). What is written: the figures as PNG and SVG,
``comparison.csv`` (final values and differences, :mod:`convergence.experiments.final`),
``welfare.csv`` (welfare and profits in USD bn, scenario minus baseline, :mod:`convergence.experiments.welfare`),
``timeseries.parquet``, ``manifest.json`` and ``report.html`` (:mod:`convergence.experiments.report`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from tqdm import tqdm

from convergence.experiments.api import check_size, run_resolved
from convergence.experiments.catalog import VIEWS_BY_KEY, MetricView
from convergence.experiments.compare import (
    CompareError,
    RunDesign,
    ScenarioRun,
    check_pairable,
    common_quarters,
    comparison_table,
    difference_series,
    pairing_differences,
    read_run_directory,
    timeline_events,
)
from convergence.experiments.final import final_period, final_values, final_year
from convergence.experiments.plots import (
    convergence_figure,
    difference_figure,
    final_distribution_figure,
    market_share_figure,
    market_share_regions,
    metric_figure,
)
from convergence.experiments.report import ReportFigure, build_report, inline_svg
from convergence.experiments.scenario_run import run_manifest
from convergence.experiments.welfare import gdp_usd_bn, welfare_table
from convergence.model.input_data import world_data
from convergence.model.labels import region_name, scenario_name
from convergence.model.parameters import Parameters
from convergence.model.run import resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import Executor, make_executor
from convergence.runner.output import OutputKind, atomic_directory
from convergence.runner.provenance import now

COMPARE_OUTPUT = OutputKind("convergence compare", ("*.png", "*.svg", "comparison.csv", "welfare.csv",
                                                   "timeseries.parquet", "manifest.json", "report.html"))
"""What ``convergence compare`` writes (``--overwrite`` replaces only such a directory)."""


@dataclass(frozen=True)
class CompareRequest:
    """What ``convergence compare`` was asked: inputs, baseline, the runs to make and where to write."""

    inputs: list[str]
    baseline: str | None
    views: list[MetricView]
    replications: int
    seed: int
    until: str
    workers: int
    out: Path | None = None
    overwrite: bool = False
    year: int | None = None
    unpaired: bool = False
    allow_large: bool = False


def compare_to_directory(request: CompareRequest) -> pd.DataFrame:
    """Run the comparison and write its directory (atomically, under its lock); print the final
    values with the period they summarise. Returns the comparison table."""
    sources, baseline = plan_sources(request.inputs, request.baseline, request.replications, request.seed,
                                     request.until, unpaired=request.unpaired, allow_large=request.allow_large)
    out = request.out or Path("comparisons") / "-vs-".join(source.name for source in sources)
    with atomic_directory(out, request.overwrite, kind=COMPARE_OUTPUT) as folder:
        runs = complete_runs(sources, request.replications, request.seed, request.until, request.workers)
        comparison, count, period = write_comparison(folder, runs, request.views, baseline, request.year,
                                                     request.unpaired)
    shown = printed_comparison(comparison)
    print(f"Final values: {period}, mean and 5th-95th percentile across replications; difference from "
          f"{baseline} with its 90% confidence interval in comparison.csv")
    print(shown.round(4).to_string(index=False))
    print(f"\nwrote {out}/report.html, comparison.csv and {count} figures (PNG and SVG)")
    return comparison


def printed_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """The comparison table as the terminal shows it: display names, units, rounded values."""
    titles = {view.key: view.title for view in request_views(comparison)}
    shown = comparison.assign(metric=comparison.metric.map(titles).fillna(comparison.metric),
                              scenario=comparison.scenario.map(scenario_name))
    columns = ["scenario", "metric", "unit", "mean", "p05", "p95"]
    if "difference" in comparison:
        shown["90% CI"] = [f"{low:.4g} to {high:.4g}" if pd.notna(low) else ""
                           for low, high in zip(comparison.difference_low, comparison.difference_high)]
        columns += ["difference", "90% CI", "excludes_zero"]
    shown = shown[columns].rename(columns={"metric": "outcome"}).round(4)
    return shown.astype(object).where(shown.notna(), "")


def request_views(comparison: pd.DataFrame) -> list[MetricView]:
    """The views of the metrics in a comparison table."""
    return [VIEWS_BY_KEY[key] for key in dict.fromkeys(comparison.metric) if key in VIEWS_BY_KEY]


def plan_sources(inputs: list[str], baseline: str | None, replications: int, seed: int, until: str, *,
                 unpaired: bool = False, allow_large: bool = False) -> tuple[list[ScenarioRun | Scenario], str]:
    """Read the run directories and load the scenarios to run (same seed: common random numbers),
    and check, before anything runs, that they are distinct, can be paired (unless ``unpaired``)
    and that the runs to make fit this machine. Returns them (baseline first if it was added) and
    the baseline's name."""
    sources = {reference: _source(reference) for reference in inputs}
    names = [source.name for source in sources.values()]
    baseline = baseline or ("baseline" if "baseline" in names else names[0])
    if baseline not in names:
        sources = {baseline: _source(baseline), **sources}
    if len({source.name for source in sources.values()}) != len(sources):
        raise CompareError("two inputs are the same scenario", key="SCENARIO_OR_RUN_DIR",
                           allowed="distinct scenarios")
    to_run = [source for source in sources.values() if isinstance(source, Scenario)]
    if to_run:
        check_size(replications, until, f"comparison running {len(to_run)} scenarios", scenarios=len(to_run),
                   allow_large=allow_large)
    if not unpaired:
        check_pairable([RunDesign.of(source) if isinstance(source, ScenarioRun)
                        else RunDesign.planned(f"{source.name} (run here)", until, replications, seed)
                        for source in sources.values()])
    return list(sources.values()), baseline


def _source(reference: str) -> ScenarioRun | Scenario:
    """A run directory, read; else a scenario name or file, loaded."""
    return read_run_directory(Path(reference)) if Path(reference).is_dir() else load_scenario(reference)


def complete_runs(sources: list[ScenarioRun | Scenario], replications: int, seed: int, until: str,
                  workers: int) -> list[ScenarioRun]:
    """The runs of every source: run directories as read, scenarios run here."""
    with make_executor(workers) as executor:
        return [source if isinstance(source, ScenarioRun) else _run_here(source, replications, seed, until, executor)
                for source in sources]


def _run_here(scenario: Scenario, replications: int, seed: int, until: str, executor: Executor) -> ScenarioRun:
    """Run a scenario's replications for the comparison, with their manifest."""
    run = resolve_run(scenario, end=until)
    started = now()
    with tqdm(total=replications, unit="run", desc=scenario.name) as bar:
        table = run_resolved(run, replications, seed, until, executor, on_outcome=lambda _: bar.update())
    return ScenarioRun(scenario.name, table, scenario.description, scenario.report_passage,
                       [{"quarter": c.quarter, "lever": c.name, "value": c.value} for c in run.timeline],
                       run_manifest(scenario, run, seed, replications, until, table, started),
                       origin=f"{scenario.name} (run here)")


def _shared_quarters(runs: list[ScenarioRun], table: pd.DataFrame) -> pd.DataFrame:
    """With --unpaired: the quarters all runs reached, and a note on what is unpaired."""
    differences = pairing_differences([RunDesign.of(run) for run in runs])
    if not differences:
        return table
    shared = common_quarters(table)
    print(f"note: --unpaired: the runs differ in {' and '.join(differences)}; compared over "
          f"{shared.quarter.min()}-{shared.quarter.max()}, the quarters all runs reached, with unpaired "
          f"differences (Welch) where replication seeds differ", file=sys.stderr)
    return shared


def write_comparison(folder: Path, runs: list[ScenarioRun], views: list[MetricView], baseline: str,
                     year: int | None, unpaired: bool) -> tuple[pd.DataFrame, int, str]:
    """Figures, ``comparison.csv``, the combined table, manifest and report into ``folder``;
    returns the comparison table, the number of figures and the final period in words."""
    table = pd.concat([run.table for run in runs], ignore_index=True)
    if unpaired:
        table = _shared_quarters(runs, table)
    year = final_year(table, year)
    period = final_period(table, year)
    comparison = comparison_table(table, views, baseline, year)
    welfare = welfare_table(table, baseline, year, shipped_gdp(year)) if not unpaired else pd.DataFrame()
    figures = _figures(folder, table, runs, views, baseline, timeline_events(runs), year, period)
    _write_files(folder, table, runs, comparison, welfare, figures, baseline, period,
                 {"kind": COMPARE_OUTPUT.name, "baseline": baseline, "final_year": year, "final_period": period,
                  "metrics": [v.key for v in views], "unpaired": unpaired})
    return comparison, len(figures), period


def shipped_gdp(year: int) -> dict[str, float]:
    """GDP by region (USD bn) in ``year`` at the shipped baseline's income growth, to read the
    welfare table's totals as shares of GDP."""
    return gdp_usd_bn(world_data(), Parameters(resolve_run("baseline").parameters), year)


def _write_files(folder: Path, table: pd.DataFrame, runs: list[ScenarioRun], comparison: pd.DataFrame,
                 welfare: pd.DataFrame, figures: list[ReportFigure], baseline: str, period: str,
                 manifest: dict) -> None:
    """The comparison's tables, manifest.json (``manifest`` plus the runs' manifests) and report.html
    (``welfare``: the welfare table; empty when the runs are unpaired or lack the welfare metrics)."""
    comparison.to_csv(folder / "comparison.csv", index=False)
    welfare.to_csv(folder / "welfare.csv", index=False)
    table.to_parquet(folder / "timeseries.parquet", index=False)
    provenance = {run.name: run.manifest for run in runs}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "runs": provenance}, indent=2, default=str))
    (folder / "report.html").write_text(build_report(runs, baseline, comparison, figures, provenance, period,
                                                     welfare), encoding="utf-8")


def _figures(folder: Path, table: pd.DataFrame, runs: list[ScenarioRun], views: list[MetricView], baseline: str,
             events: list[tuple[str, str]], year: int, period: str) -> list[ReportFigure]:
    """Draw every figure of the comparison, write it to ``folder`` (PNG and SVG) and return it for
    the report, with the section (question) it belongs to; a progress bar counts them."""
    figures = _SavedFigures(folder)
    with tqdm(total=2 * len(views) + 2 + len(runs) * len(market_share_regions(table)), unit="figure",
              desc="figures") as bar:
        for v in views:
            figures.append(_Drawn(f"timeseries_{v.key}", f"{v.title} ({v.unit}), by scenario", v.question,
                                        metric_figure(table, v, events)))
            bar.update()
            differences = difference_series(table, v, baseline)
            if not differences.empty:
                figures.append(_Drawn(
                    f"difference_{v.key}", f"{v.title}: difference from {scenario_name(baseline)} "
                                           f"({v.unit}), with its 90% confidence interval",
                    v.question, difference_figure(differences, table, v, baseline, events)))
            bar.update()
        finals = {v.key: final_values(table, v, year) for v in views}
        figures.append(_Drawn("final_distributions", f"Final values across replications, {period}",
                                    "summary", final_distribution_figure(finals, views, table, period)))
        bar.update()
        figures.append(_Drawn("convergence_and_knowledge_flows",
                                    "Convergence index and knowledge flows in both directions", "convergence",
                                    convergence_figure(table, events)))
        bar.update()
        for region in market_share_regions(table):
            for run in runs:
                figures.append(_Drawn(
                    f"market_share_{region}_{run.name}",
                    f"Market share by firm origin in {region_name(region, in_sentence=True)}, "
                    f"{scenario_name(run.name)}", "market_share", market_share_figure(table, run.name, region)))
                bar.update()
    return figures.saved


class _SavedFigures:
    """Figures written to a folder as they are drawn (PNG and SVG), then closed; ``saved`` keeps
    what the report needs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[ReportFigure] = []

    def append(self, item: _Drawn) -> None:
        try:
            item.figure.savefig(self.folder / f"{item.stem}.png", dpi=130)
            item.figure.savefig(self.folder / f"{item.stem}.svg")
            self.saved.append(ReportFigure(item.stem, item.caption, item.section, inline_svg(item.figure)))
        finally:
            plt.close(item.figure)


@dataclass(frozen=True)
class _Drawn:
    stem: str
    caption: str
    section: str
    figure: Figure
