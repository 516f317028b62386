"""``convergence compare`` and ``plot-sweep``: the plots and report an analyst hands on."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from tqdm import tqdm

from convergence.cli import exit_codes
from convergence.cli.arguments import add_command, add_workers, checked_seed, checked_workers
from convergence.experiments.api import check_size, run_resolved
from convergence.experiments.catalog import KEY_VIEWS, VIEWS_BY_KEY, MetricView, view
from convergence.experiments.compare import (
    PAIRING,
    CompareError,
    RunDesign,
    ScenarioRun,
    check_pairable,
    common_quarters,
    comparison_table,
    difference_series,
    final_values,
    pairing_differences,
    read_run_directory,
    timeline_events,
)
from convergence.experiments.plots import (
    convergence_figure,
    difference_figure,
    final_distribution_figure,
    market_share_figure,
    metric_figure,
    sweep_heatmap_figure,
    sweep_line_figure,
)
from convergence.experiments.report import build_report
from convergence.experiments.scenario_run import run_manifest
from convergence.experiments.sweeps import kept_values, load_sweep
from convergence.model.calendar import DEFAULT_END
from convergence.model.run import resolve_run
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import Executor, make_executor
from convergence.runner.output import OutputKind, atomic_directory
from convergence.runner.provenance import now

COMPARE_OUTPUT = OutputKind("convergence compare", ("*.png", "*.svg", "comparison.csv", "timeseries.parquet",
                                                   "manifest.json", "report.html"))
"""What ``convergence compare`` writes (``--overwrite`` replaces only such a directory)."""
DEFAULT_METRICS = ("convergence_index", "data_flow_index", "chinese_share_outside_china", "chinese_share_us",
                   "foreign_share_in_china", "consumer_welfare_cn", "consumer_welfare_us")


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


def command_compare(args: argparse.Namespace) -> int:
    views = [view(key) for key in (args.metrics or DEFAULT_METRICS)]
    seed, workers = checked_seed(args), checked_workers(args)
    sources, baseline = plan_sources(args.inputs, args.baseline, args.replications, seed, args.until,
                                     unpaired=args.unpaired, allow_large=args.allow_large)
    out = args.out or Path("comparisons") / "-vs-".join(source.name for source in sources)
    with atomic_directory(out, args.overwrite, kind=COMPARE_OUTPUT) as folder:
        runs = complete_runs(sources, args.replications, seed, args.until, workers)
        comparison, count = _write_comparison(folder, runs, views, baseline, args.final_year, args.unpaired)
    shown = comparison[["scenario", "metric", "mean", "p05", "p95"]
                       + [c for c in ("difference", "excludes_zero", "pairing") if c in comparison]]
    print(shown.round(4).to_string(index=False))
    print(f"\nwrote {out}/report.html, comparison.csv and {count} figures (PNG and SVG)")
    return exit_codes.OK


def _write_comparison(folder: Path, runs: list[ScenarioRun], views: list[MetricView], baseline: str,
                      year: int | None, unpaired: bool) -> tuple[pd.DataFrame, int]:
    """Figures, ``comparison.csv``, the combined table, manifest and report into ``folder``;
    returns the comparison table and the number of figures."""
    table = pd.concat([run.table for run in runs], ignore_index=True)
    if unpaired:
        table = _shared_quarters(runs, table)
    events = timeline_events(runs)
    comparison = comparison_table(table, views, baseline, year)
    year = year or int(table.quarter.str[:4].astype(int).max())
    figures = _figures(table, runs, views, baseline, events, year)
    try:
        _write_files(folder, table, runs, comparison, figures, baseline,
                     {"kind": COMPARE_OUTPUT.name, "baseline": baseline, "final_year": year,
                      "metrics": [v.key for v in views], "unpaired": unpaired})
    finally:
        for _, _, figure in figures:
            plt.close(figure)
    return comparison, len(figures)


def _write_files(folder: Path, table: pd.DataFrame, runs: list[ScenarioRun], comparison: pd.DataFrame,
                 figures: list[tuple[str, str, plt.Figure]], baseline: str, manifest: dict) -> None:
    """The comparison's files: figures (PNG and SVG), comparison.csv, timeseries.parquet, manifest.json
    (``manifest`` plus the runs' manifests) and report.html."""
    for name, _, figure in figures:
        figure.savefig(folder / f"{name}.png", dpi=130)
        figure.savefig(folder / f"{name}.svg")
    comparison.to_csv(folder / "comparison.csv", index=False)
    table.to_parquet(folder / "timeseries.parquet", index=False)
    provenance = {run.name: run.manifest for run in runs}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "runs": provenance}, indent=2, default=str))
    title = f"Convergence: {', '.join(run.name for run in runs)} against {baseline}"
    if "pairing" in comparison and (comparison.pairing == PAIRING[False]).any():
        title += " (some differences unpaired: Welch intervals)"
    (folder / "report.html").write_text(build_report(title, runs, baseline, comparison,
                                                     [(caption, figure) for _, caption, figure in figures],
                                                     provenance))


def _figures(table: pd.DataFrame, runs: list[ScenarioRun], views: list[MetricView], baseline: str,
             events: list[tuple[str, str]], year: int) -> list[tuple[str, str, plt.Figure]]:
    """(file stem, caption, figure) of every figure of the comparison."""
    figures: list[tuple[str, str, plt.Figure]] = []
    for v in views:
        figures.append((f"timeseries_{v.key}", f"{v.title} ({v.unit}), by scenario", metric_figure(table, v, events)))
    for v in views:
        differences = difference_series(table, v, baseline)
        if not differences.empty:
            figures.append((f"difference_{v.key}", f"{v.title}: difference from {baseline}",
                            difference_figure(differences, table, v, baseline)))
    finals = {v.key: final_values(table, v, year) for v in views}
    figures.append(("final_distributions", f"Distributions across replications in {year}",
                    final_distribution_figure(finals, views, table, year)))
    figures.append(("convergence_and_knowledge_flows", "Convergence index and knowledge flows in both directions",
                    convergence_figure(table, events)))
    for run in runs:
        figures.append((f"market_share_{run.name}", f"Market share by firm origin, {run.name}",
                        market_share_figure(table, run.name)))
    return figures


def command_plot_sweep(args: argparse.Namespace) -> int:
    results = load_sweep(args.directory)
    rows = kept_values(results, args.metric)
    for axis in filter(None, (args.x, args.y)):
        if axis not in results.columns:
            factors = [c for c in pd.read_parquet(Path(args.directory) / "design.parquet").columns]
            raise CompareError(f"'{axis}' is not a factor of this sweep", key="--x/--y", allowed=", ".join(factors))
    unit = VIEWS_BY_KEY[args.metric].unit if args.metric in VIEWS_BY_KEY else ""
    figure = (sweep_heatmap_figure(rows, args.x, args.y, args.metric, unit) if args.y
              else sweep_line_figure(rows, args.x, args.metric, unit))
    out = args.out or Path(args.directory) / "plots"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{args.metric}_by_{args.x}" + (f"_and_{args.y}" if args.y else "")
    figure.savefig(out / f"{stem}.png", dpi=130)
    figure.savefig(out / f"{stem}.svg")
    print(f"wrote {out / stem}.png and .svg")
    return exit_codes.OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the comparison commands to the ``convergence`` parser."""
    compare = add_command(subparsers, "compare", command_compare,
                          "Compare scenarios (names or `convergence run` directories) against a baseline: "
                          "plots, comparison.csv and a self-contained report.html.",
                          "convergence compare baseline decoupling us_reciprocity --replications 10 "
                          "--out comparisons/decoupling")
    compare.add_argument("inputs", nargs="+", metavar="SCENARIO_OR_RUN_DIR")
    compare.add_argument("--baseline", help="scenario to compare against (default: baseline, else the first)")
    compare.add_argument("--replications", "-r", type=int, default=5, help="replications per scenario run here")
    compare.add_argument("--seed", type=int, default=0, help="master seed (shared: common random numbers)")
    compare.add_argument("--until", default=DEFAULT_END, help=f"last quarter (default {DEFAULT_END})")
    compare.add_argument("--metrics", nargs="+", choices=[v.key for v in KEY_VIEWS], metavar="METRIC",
                         help=f"metrics to compare (default: {' '.join(DEFAULT_METRICS)}); "
                              f"choices: {', '.join(v.key for v in KEY_VIEWS)}")
    compare.add_argument("--final-year", type=int, help="year of the final-value table (default: last)")
    compare.add_argument("--out", type=Path, help="output directory (default comparisons/A-vs-B)")
    compare.add_argument("--overwrite", action="store_true",
                         help="replace an existing output directory of `convergence compare` (only such a directory)")
    compare.add_argument("--unpaired", action="store_true",
                         help="compare runs that cannot be paired (different --until, --replications or --seed) "
                              "over the quarters they share, with unpaired (Welch) differences")
    add_workers(compare, 1, "local worker processes (default 1)")

    plot = add_command(subparsers, "plot-sweep", command_plot_sweep,
                       "Plot a sweep's metric: a heatmap over two factors, or a line with bands over one.",
                       "convergence plot-sweep sweeps/localization_x_reciprocity "
                       "--x china_data_localization_strictness --y us_reciprocity_strength "
                       "--metric convergence_index")
    plot.add_argument("directory", type=Path)
    plot.add_argument("--x", required=True, help="factor on the x axis")
    plot.add_argument("--y", help="second factor (heatmap)")
    plot.add_argument("--metric", required=True, help="kept metric")
    plot.add_argument("--out", type=Path, help="output folder (default DIR/plots)")
