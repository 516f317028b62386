"""``convergence compare`` and ``plot-sweep``: the plots and report an analyst hands on."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from tqdm import tqdm

from convergence.cli import exit_codes
from convergence.cli.arguments import add_command
from convergence.experiments.api import run_scenario
from convergence.experiments.catalog import KEY_VIEWS, VIEWS_BY_KEY, view
from convergence.experiments.compare import (
    CompareError,
    ScenarioRun,
    comparison_table,
    difference_series,
    final_values,
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
from convergence.model.scenario import load_scenario
from convergence.runner.execution import make_executor
from convergence.runner.output import atomic_directory
from convergence.runner.provenance import now

DEFAULT_METRICS = ("convergence_index", "data_flow_index", "chinese_share_outside_china", "chinese_share_us",
                   "foreign_share_in_china", "consumer_welfare_cn", "consumer_welfare_us")


def gather_runs(inputs: list[str], baseline: str | None, replications: int, seed: int, until: str,
                workers: int) -> tuple[list[ScenarioRun], str]:
    """Read run directories and run named scenarios (same seed: common random numbers)."""
    references = list(inputs)
    names = [read_run_directory(Path(r)).name if Path(r).is_dir() else load_scenario(r).name for r in references]
    baseline = baseline or ("baseline" if "baseline" in names else names[0])
    if baseline not in names:
        references.insert(0, baseline)
    runs = []
    with make_executor(workers) as executor:
        for reference in references:
            if Path(reference).is_dir():
                runs.append(read_run_directory(Path(reference)))
                continue
            scenario = load_scenario(reference)
            started = now()
            with tqdm(total=replications, unit="run", desc=scenario.name) as bar:
                table = run_scenario(scenario, replications=replications, seed=seed, until=until,
                                     executor=executor, on_outcome=lambda _: bar.update())
            runs.append(ScenarioRun(scenario.name, table, scenario.description, scenario.report_passage,
                                    [{"quarter": c.quarter, "lever": c.name, "value": c.value}
                                     for c in scenario.timeline],
                                    run_manifest(scenario, {}, seed, replications, until, table, started)))
    if len({run.name for run in runs}) != len(runs):
        raise CompareError("two inputs are the same scenario", key="SCENARIO_OR_RUN_DIR",
                           allowed="distinct scenarios")
    return runs, baseline


def command_compare(args: argparse.Namespace) -> int:
    views = [view(key) for key in (args.metrics or DEFAULT_METRICS)]
    runs, baseline = gather_runs(args.inputs, args.baseline, args.replications, args.seed, args.until,
                                 args.workers)
    table = pd.concat([run.table for run in runs], ignore_index=True)
    events = timeline_events(runs)
    year = args.final_year
    comparison = comparison_table(table, views, baseline, year)
    year = year or int(table.quarter.str[:4].astype(int).max())
    out = args.out or Path("comparisons") / "-vs-".join(run.name for run in runs)
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
    with atomic_directory(out, overwrite=args.overwrite) as folder:
        for name, _, figure in figures:
            figure.savefig(folder / f"{name}.png", dpi=130)
            figure.savefig(folder / f"{name}.svg")
        comparison.to_csv(folder / "comparison.csv", index=False)
        table.to_parquet(folder / "timeseries.parquet", index=False)
        provenance = {run.name: run.manifest for run in runs}
        (folder / "manifest.json").write_text(json.dumps(
            {"kind": "convergence compare", "baseline": baseline, "final_year": year,
             "metrics": [v.key for v in views], "runs": provenance}, indent=2, default=str))
        title = f"Convergence: {', '.join(run.name for run in runs)} against {baseline}"
        (folder / "report.html").write_text(build_report(title, runs, baseline, comparison,
                                                         [(caption, figure) for _, caption, figure in figures],
                                                         provenance))
    for _, _, figure in figures:
        plt.close(figure)
    shown = comparison[["scenario", "metric", "mean", "p05", "p95"]
                       + [c for c in ("difference", "excludes_zero") if c in comparison]]
    print(shown.round(4).to_string(index=False))
    print(f"\nwrote {out}/report.html, comparison.csv and {len(figures)} figures (PNG and SVG)")
    return exit_codes.OK


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
    compare.add_argument("--overwrite", action="store_true", help="replace an existing output directory")
    compare.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")

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
