"""``convergence compare`` and ``plot-sweep``: the plots and report an analyst hands on.

Only the options are declared at import; the work (pandas, matplotlib, the model) is imported
when a command runs, so ``convergence --help`` starts at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from convergence.cli import exit_codes
from convergence.cli.arguments import add_command, add_workers, checked_seed, checked_workers
from convergence.experiments.catalog import DEFAULT_METRICS, KEY_VIEWS, view
from convergence.model.calendar import DEFAULT_END


def command_compare(args: argparse.Namespace) -> int:
    from convergence.experiments.comparison_run import CompareRequest, compare_to_directory

    compare_to_directory(CompareRequest(
        inputs=args.inputs, baseline=args.baseline, views=[view(key) for key in (args.metrics or DEFAULT_METRICS)],
        replications=args.replications, seed=checked_seed(args), until=args.until, workers=checked_workers(args),
        out=args.out, overwrite=args.overwrite, year=args.final_year, unpaired=args.unpaired,
        allow_large=args.allow_large))
    return exit_codes.OK


def command_plot_sweep(args: argparse.Namespace) -> int:
    from convergence.experiments.sweep_plots import plot_sweep

    stem = plot_sweep(args.directory, args.metric, args.x, args.y, args.by, args.out)
    print(f"wrote {stem}.png and .svg")
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
    factors = plot.add_mutually_exclusive_group()
    factors.add_argument("--y", help="second factor (heatmap of means, each cell with its 90%% confidence interval)")
    factors.add_argument("--by", help="second factor drawn as one line per level (default: pool over the others)")
    plot.add_argument("--metric", required=True, help="kept metric")
    plot.add_argument("--out", type=Path, help="output folder (default DIR/plots)")
