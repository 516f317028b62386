"""``convergence sweep``, ``results`` and ``sensitivity``: batch experiments from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from convergence.cli import exit_codes
from convergence.cli.arguments import add_command, add_workers, checked_workers
from convergence.runner.limits import available_cores
from convergence.runner.output import OutputKind


def command_sweep(args: argparse.Namespace) -> int:
    from convergence.experiments.specs import load_spec
    from convergence.experiments.sweeps import check_size, run_sweep
    from convergence.runner.execution import make_executor

    spec = load_spec(args.spec)
    out = args.out or Path("sweeps") / spec.name
    check_size(spec, spec.sampler.resized(args.samples), args.allow_large)      # before starting any worker
    try:
        with make_executor(checked_workers(args), args.scheduler) as executor:
            print(f"running {spec.name} on {executor.describe()}")
            summary = run_sweep(spec, out, executor, resume=args.resume, overwrite=args.overwrite,
                                samples=args.samples, allow_large=args.allow_large)
    except BaseException as stop:
        if not isinstance(stop, Exception):                                      # Ctrl-C, SIGTERM
            print(_where_it_stopped(out), file=sys.stderr)
        raise
    print("\n".join(summary.lines()))
    return exit_codes.OK if summary.failed == 0 else exit_codes.FAILED_RUNS


def _where_it_stopped(out: Path) -> str:
    """One line on what an interrupted sweep left in ``out``."""
    from convergence.experiments.sweeps import SweepError, summarize

    try:
        summary = summarize(out)
    except SweepError:
        return f"sweep stopped before any run was stored in '{out}'"
    if summary.status != "interrupted":
        return f"sweep stopped; '{out}' is unchanged ({summary.status})"
    return (f"sweep stopped: {summary.done} of {summary.total} runs are stored in '{out}'; "
            f"rerun the command with --resume to continue")


def command_results(args: argparse.Namespace) -> int:
    from convergence.experiments.sweeps import summarize

    summary = summarize(args.directory)
    print("\n".join(summary.lines()))
    return exit_codes.OK if summary.failed == 0 else exit_codes.FAILED_RUNS


SENSITIVITY_OUTPUT = OutputKind("convergence sensitivity", ("sensitivity.csv", "sensitivity.png", "sensitivity.svg"),
                                manifest=False)
"""What `convergence sensitivity` writes (a rerun into the same folder replaces it)."""


def command_sensitivity(args: argparse.Namespace) -> int:
    from convergence.experiments.designs import Sampler
    from convergence.experiments.plots import sensitivity_figure
    from convergence.experiments.sensitivity import analyse, sample_warnings
    from convergence.experiments.sweeps import read_manifest
    from convergence.model.labels import metric_label
    from convergence.runner.output import atomic_directory

    directory = Path(args.directory)
    indices = analyse(directory, args.metric)
    warnings = sample_warnings(indices, Sampler(**read_manifest(directory)["sampler"]))
    out = Path(args.out) if args.out else directory / f"sensitivity-{args.metric}"
    with atomic_directory(out, overwrite=True, kind=SENSITIVITY_OUTPUT) as folder:
        indices.to_csv(folder / "sensitivity.csv", index=False)
        figure = sensitivity_figure(indices, f"Sensitivity of {metric_label(args.metric).name} "
                                             f"({indices.method.iloc[0]})", warnings)
        figure.savefig(folder / "sensitivity.png", dpi=130)
        figure.savefig(folder / "sensitivity.svg")
    print(indices.round(4).to_string(index=False))
    print(f"\nwrote {out}/sensitivity.csv, sensitivity.png")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return exit_codes.OK


DISCOVERY_OUTPUT = OutputKind("convergence discover", (
    "boxes.csv", "peeling_trajectory.csv", "feature_scores.csv", "box.png", "box.svg", "peeling_trajectory.png",
    "peeling_trajectory.svg", "discovery.html"), manifest=False)
"""What `convergence discover` writes (a rerun into the same folder replaces it)."""


def command_discover(args: argparse.Namespace) -> int:
    from convergence.experiments.discovery import discover
    from convergence.experiments.report import STYLE, inline_svg
    from convergence.runner.output import atomic_directory

    found = discover(args.directory, args.metric, below=args.below, above=args.above, threshold=args.threshold)
    side = f"below-{args.below:g}" if args.below is not None else f"above-{args.above:g}"
    out = Path(args.out) if args.out else Path(args.directory) / f"discovery-{args.metric}-{side}"
    with atomic_directory(out, overwrite=True, kind=DISCOVERY_OUTPUT) as folder:
        found.box.to_csv(folder / "boxes.csv", index=False)
        found.trajectory.to_csv(folder / "peeling_trajectory.csv", index_label="box")
        found.feature_scores.to_csv(folder / "feature_scores.csv", index=False)
        for name, figure in (("box", found.box_figure), ("peeling_trajectory", found.trajectory_figure)):
            figure.savefig(folder / f"{name}.png", dpi=130, bbox_inches="tight")
            figure.savefig(folder / f"{name}.svg", bbox_inches="tight")
        title = f"Scenario discovery on {args.directory}"
        (folder / "discovery.html").write_text(
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{STYLE}</style></head><body>{found.report_section(inline_svg)}</body></html>", encoding="utf-8")
    print(f"{found.of_interest} of {found.cases} runs have {args.metric} {found.condition}")
    print(found.box.round(4).to_string(index=False))
    print(f"\nfeature scores:\n{found.feature_scores.round(3).to_string(index=False)}")
    print(f"\nwrote {out}/boxes.csv, box.png, peeling_trajectory.png, discovery.html")
    return exit_codes.OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the batch-experiment commands to the ``convergence`` parser."""
    sweep = add_command(subparsers, "sweep", command_sweep,
                        "Run an experiment spec (grid, LHS, Sobol or Morris design x replications) into a "
                        "Parquet dataset; resumable.",
                        "convergence sweep localization_x_reciprocity --workers 2 --out sweeps/lxr\n"
                        "  convergence sweep sobol_convergence --scheduler tcp://scheduler:8786 --resume")
    sweep.add_argument("spec", help="experiment spec name (experiments/*.toml) or path")
    add_workers(sweep, None, f"local worker processes (default: every available core, {available_cores()} here; "
                             f"1 = in-process)")
    sweep.add_argument("--scheduler", help="address of a Dask distributed scheduler, e.g. tcp://host:8786")
    sweep.add_argument("--out", type=Path, help="output directory (default sweeps/SPEC)")
    restart = sweep.add_mutually_exclusive_group()
    restart.add_argument("--resume", action="store_true",
                         help="continue an interrupted sweep in --out (damaged chunks are set aside and rerun)")
    restart.add_argument("--overwrite", action="store_true",
                         help="replace the sweep in --out; the old one stays until the new one has finished")
    sweep.add_argument("--samples", type=int, help="override the spec's sample size (fewer: faster, wider intervals; "
                                                        "`sensitivity` warns when too few)")

    results = add_command(subparsers, "results", command_results,
                          "Summarise a sweep directory: points, runs done, failures, status.",
                          "convergence results sweeps/lxr")
    results.add_argument("directory", type=Path)

    sensitivity = add_command(subparsers, "sensitivity", command_sensitivity,
                              "Sobol indices (first, total, second order) or Morris mu*/sigma of a sweep's "
                              "metric, with confidence intervals; writes sensitivity.csv and a bar plot.",
                              "convergence sensitivity sweeps/sobol_convergence --metric convergence_index")
    sensitivity.add_argument("directory", type=Path)
    sensitivity.add_argument("--metric", default="convergence_index", help="kept metric to analyse")
    sensitivity.add_argument("--out", type=Path, help="output folder (default DIR/sensitivity-METRIC)")

    discovery = add_command(subparsers, "discover", command_discover,
                            "Scenario discovery: PRIM (EMA Workbench) finds the factor ranges where a sweep's "
                            "metric lies below or above a threshold; writes boxes.csv, peeling trajectory and box "
                            "figures, feature scores and discovery.html. Needs the ema extra.",
                            "convergence discover sweeps/sobol --metric convergence_index --below 0.6")
    discovery.add_argument("directory", type=Path)
    discovery.add_argument("--metric", default="convergence_index", help="kept metric to explain")
    side = discovery.add_mutually_exclusive_group(required=True)
    side.add_argument("--below", type=float, help="runs of interest: metric below this value")
    side.add_argument("--above", type=float, help="runs of interest: metric above this value")
    discovery.add_argument("--threshold", type=float, default=0.8,
                           help="least density of the box reported (default 0.8)")
    discovery.add_argument("--out", type=Path, help="output folder (default DIR/discovery-METRIC-below-X)")
