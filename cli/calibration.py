"""``convergence calibrate``, ``convergence fit`` and ``convergence out-of-sample``.

Only the options are declared at import; the calibration code (scipy, pandas, matplotlib, the
model) is imported when a command runs, so ``convergence --help`` starts at once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from convergence.cli import exit_codes
from convergence.cli.arguments import add_command, add_workers, checked_seed, checked_workers

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd
    from matplotlib.figure import Figure

    from convergence.calibration.calibrate import FreeParameter
    from convergence.model.parameters import Value


def fit_figure(fit: pd.DataFrame, title: str) -> Figure:
    """Observed against simulated (5-95% range) by target, as simulated / observed."""
    import matplotlib.pyplot as plt
    import numpy as np

    rows = fit[fit.role != "scale"].reset_index(drop=True)
    figure, ax = plt.subplots(figsize=(8, 0.16 * len(rows) + 1.5))
    ratio = rows.simulated_mean / rows.observed
    low, high = rows.simulated_p05 / rows.observed, rows.simulated_p95 / rows.observed
    markers = {"fit": "o", "holdout": "D", "validation": "s"}
    for role, marker in markers.items():
        mine = rows.role == role
        ax.errorbar(ratio[mine], np.flatnonzero(mine), xerr=[ratio[mine] - low[mine], high[mine] - ratio[mine]],
                    fmt=marker, color="black" if role == "fit" else "0.5", markersize=3, capsize=2,
                    label=f"{role} targets", linewidth=0.8)
    ax.axvline(1.0, color="black", linewidth=0.6)
    ax.axvspan(0.9, 1.1, color="0.9", zorder=0, label="within 10%")
    ax.set_yticks(range(len(rows)), rows.target_id, fontsize=6)
    ax.invert_yaxis()
    ax.set_xlabel("simulated / observed (mean, 5th-95th percentile across replications)")
    ax.set_title(title, fontsize=9)
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    figure.tight_layout()
    return figure


def evaluate_parameters(parameters: dict, replications: int, seed: int, workers: int,
                        users_per_region: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit table and raw statistics of a parameter set, no search."""
    import numpy as np
    from tqdm import tqdm

    from convergence.calibration.calibrate import Evaluator, fit_table
    from convergence.calibration.targets import load_targets
    from convergence.runner.execution import make_executor

    targets = load_targets()
    with make_executor(workers) as executor:
        evaluator = Evaluator(targets, (), executor, replications, seed,
                              base={**parameters, "users_per_region": users_per_region})
        with tqdm(total=1, unit="evaluation", desc="fit") as bar:
            evaluator.progress = bar
            statistics = evaluator.statistics([np.zeros(0)])[0]
    return fit_table(targets, statistics), statistics


def _start_values(values: dict[str, Value] | None, free: Sequence[FreeParameter]) -> list[float] | None:
    """The values of the ``free`` parameters in a calibration (defaults where it lacks one), or None."""
    from convergence.model.parameters import Parameters

    if values is None:
        return None
    start = Parameters(values)
    return [float(start[p.name]) for p in free]


def split_free_parameters(names: Sequence[str] | None) -> tuple[tuple[FreeParameter, ...], dict[str, Value]]:
    """The free parameters to search (all, or those ``names``) and the values of the others,
    fixed at the shipped calibration's (defaults where it lacks one)."""
    from convergence.calibration.calibrate import FREE_PARAMETERS, CalibrationError, shipped_calibration
    from convergence.model.parameters import Parameters

    if names is None:
        return FREE_PARAMETERS, {}
    known = {p.name for p in FREE_PARAMETERS}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise CalibrationError(f"unknown free parameter(s): {', '.join(unknown) or '(none given)'}", key="--free",
                               allowed=", ".join(p.name for p in FREE_PARAMETERS))
    shipped = Parameters(shipped_calibration())
    free = tuple(p for p in FREE_PARAMETERS if p.name in names)
    return free, {p.name: shipped[p.name] for p in FREE_PARAMETERS if p.name not in names}


def command_calibrate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from convergence.calibration.calibrate import (
        CalibrationError,
        Evaluator,
        calibrate,
        fact_shares,
        fit_table,
        shipped_calibration,
        weighted_mape,
        write_calibrated,
    )
    from convergence.calibration.targets import data_hash, load_targets
    from convergence.model.scenario import calibration_parameters
    from convergence.runner.execution import make_executor
    from convergence.runner.provenance import environment, now

    workers, seed = checked_workers(args), checked_seed(args)
    free, fixed = split_free_parameters(args.free)
    if args.start and args.start_file:
        raise CalibrationError("--from-shipped and --start both name a starting point", key="--start",
                               allowed="one of --from-shipped or --start TOML")
    start = _start_values(shipped_calibration() if args.start else
                          calibration_parameters(args.start_file) if args.start_file else None, free)
    targets = load_targets()
    out = args.out
    log = out / "evaluations.jsonl" if out else None
    if out and out.exists() and not args.resume and any(out.iterdir()):
        raise CalibrationError(f"output directory '{out}' already exists", key="--out",
                               allowed="a new directory, or --resume to continue it")
    if args.resume and not (log and log.is_file()):
        raise CalibrationError(f"nothing to resume in '{out}'", key="--resume",
                               allowed="a directory of an interrupted `convergence calibrate`")
    out.mkdir(parents=True, exist_ok=True)
    with make_executor(workers) as executor, tqdm(total=args.budget, unit="evaluation", desc="calibrate") as bar:
        evaluator = Evaluator(targets, free, executor, args.replications, seed,
                              base={**fixed, "users_per_region": args.users_per_region}, log=log, progress=bar)
        bar.update(len(evaluator.cache))
        result = calibrate(evaluator, args.budget, args.seed, start=start)
    fit = fit_table(targets, result.statistics)
    facts = fact_shares(result.statistics)
    write_calibrated(out / "calibrated.toml", result, replications=args.replications, master_seed=args.seed,
                     budget=args.budget, data_sha256=data_hash(), users_per_region=args.users_per_region,
                     free=free, fixed=fixed)
    fit.to_csv(out / "fit.csv", index=False)
    fit_figure(fit, f"Calibration fit (weighted MAPE in sample {weighted_mape(fit):.1%})").savefig(
        out / "fit.png", dpi=130)
    (out / "manifest.json").write_text(json.dumps({
        "kind": "convergence calibrate", "budget": args.budget, "replications": args.replications,
        "master_seed": args.seed, "users_per_region": args.users_per_region, "objective": result.objective,
        "searched": [p.name for p in free], "fixed_at_shipped": fixed,
        "weighted_mape_fit": weighted_mape(fit), "weighted_mape_holdout": weighted_mape(fit, "holdout"),
        "weighted_mape_validation": weighted_mape(fit, "validation"),
        "stylised_facts": facts, "finished": now(), **environment()}, indent=2, default=str))
    _print_fit(fit, facts)
    print(f"\nwrote {out}/calibrated.toml, fit.csv, fit.png")
    return exit_codes.OK


def _print_fit(fit: pd.DataFrame, facts: dict[str, float]) -> None:
    from convergence.calibration.calibrate import weighted_mape

    shown = fit[["target_id", "role", "observed", "simulated_mean", "simulated_p05", "simulated_p95", "error",
                 "weight"]]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"\nweighted MAPE, fit targets (2013-2019 less the holdout): {weighted_mape(fit):.2%}; "
          f"held-out 2017 targets: {weighted_mape(fit, 'holdout'):.2%}; validation targets: "
          f"{weighted_mape(fit, 'validation'):.2%}")
    for name, share in facts.items():
        print(f"stylised fact {name}: reproduced in {share:.0%} of replications")


LARGEST_CONTRIBUTIONS = 8
"""Targets `convergence fit` lists by their share of the in-sample error."""


def command_fit(args: argparse.Namespace) -> int:

    from convergence.calibration.calibrate import fact_shares, mape_contributions, weighted_mape
    from convergence.model.scenario import load_scenario

    parameters = load_scenario("baseline").overrides
    fit, statistics = evaluate_parameters(parameters, args.replications, checked_seed(args), checked_workers(args),
                                          args.users_per_region)
    _print_fit(fit, fact_shares(statistics))
    print("\nweighted MAPE by group (fit / held-out 2017):")
    for group, rows in fit.groupby("group"):
        print(f"  {group:10s} {weighted_mape(rows):7.2%} / {weighted_mape(rows, 'holdout'):7.2%}")
    print("\nlargest contributions to the in-sample weighted MAPE (points):")
    for target, points in mape_contributions(fit).head(LARGEST_CONTRIBUTIONS).items():
        print(f"  {target:40s} {points:6.2%}")
    if args.out:
        fit.to_csv(args.out, index=False)
        print(f"\nwrote {args.out}")
    return exit_codes.OK


def out_of_sample_figure(table: pd.DataFrame, title: str) -> Figure:
    """Simulated (mean, 5-95% range) against observed 2020-2023 figures: levels as simulated /
    observed, fates (revenue changes) as the change itself."""
    import matplotlib.pyplot as plt
    import numpy as np

    levels, fates = table[table.group != "fate"].reset_index(drop=True), table[table.group == "fate"]
    figure, (ax, fate_ax) = plt.subplots(2, 1, figsize=(8, 0.15 * len(table) + 2.5),
                                         height_ratios=[len(levels), max(len(fates), 1) + 1.5])
    floor = 5e-3                                     # log axis: a firm the model lost is drawn at the edge
    ratio = (levels.simulated_mean / levels.observed).clip(lower=floor)
    low = (levels.simulated_p05 / levels.observed).clip(lower=floor)
    high = (levels.simulated_p95 / levels.observed).clip(lower=floor)
    ax.errorbar(ratio, np.arange(len(levels)), xerr=[ratio - low, high - ratio], fmt="o", color="black",
                markersize=3, capsize=2, linewidth=0.8, label="simulated / observed (5-95% range)")
    ax.axvline(1.0, color="black", linewidth=0.6)
    ax.axvspan(0.85, 1.15, color="0.9", zorder=0, label="within 15%")
    ax.set_yticks(range(len(levels)), levels.target_id, fontsize=6)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("simulated / observed, 2020-2023 (log scale, ratios below 0.005 at the left edge; "
                  "nothing after 2019 was fitted)")
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    ax.set_title(title, fontsize=9)
    rows = np.arange(len(fates))
    fate_ax.errorbar(fates.simulated_mean, rows, xerr=[fates.simulated_mean - fates.simulated_p05,
                                                       fates.simulated_p95 - fates.simulated_mean],
                     fmt="o", color="black", markersize=3, capsize=2, linewidth=0.8, label="simulated")
    fate_ax.scatter(fates.observed, rows, marker="x", color="tab:red", label="observed", zorder=3)
    fate_ax.axvline(0.0, color="black", linewidth=0.6)
    fate_ax.set_yticks(rows, fates.description.str.split(" \\(").str[0], fontsize=7)
    fate_ax.invert_yaxis()
    fate_ax.set_xlabel("change in revenue (share)")
    fate_ax.legend(frameon=False, fontsize=7, loc="lower right")
    figure.tight_layout()
    return figure


def command_out_of_sample(args: argparse.Namespace) -> int:
    from convergence.calibration.out_of_sample import check_out_of_sample, error_summary
    from convergence.runner.execution import make_executor

    with make_executor(checked_workers(args)) as executor:
        table = check_out_of_sample(args.scenario, args.replications, checked_seed(args), executor,
                                    {"users_per_region": args.users_per_region})
    shown = table[["target_id", "period", "observed", "simulated_mean", "simulated_p05", "simulated_p95", "error"]]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"\n{args.scenario}, {args.replications} replications, 2020-2023 out of sample (nothing after 2019 "
          "was fitted):")
    for name, value in error_summary(table).items():
        print(f"  {name}: {value:.0%}")
    print(f"  observed inside the simulated 5-95% range: {table.inside_range.mean():.0%} of figures")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out / "out_of_sample.csv", index=False)
        figure = out_of_sample_figure(table, f"'{args.scenario}' against 2020-2023, {args.replications} "
                                             "replications")
        for suffix in ("png", "svg"):
            figure.savefig(args.out / f"out_of_sample.{suffix}", dpi=150)
        print(f"\nwrote {args.out}/out_of_sample.csv, out_of_sample.png, out_of_sample.svg")
    return exit_codes.OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the calibration commands to the ``convergence`` parser."""
    calibrate_parser = add_command(
        subparsers, "calibrate", command_calibrate,
        "Calibrate the free parameters to the report's figures (method of simulated moments: differential "
        "evolution, then Nelder-Mead); resumable.",
        "convergence calibrate --budget 400 --replications 3 --workers 2 --out calibration/run-1")
    calibrate_parser.add_argument("--budget", type=int, default=300, help="parameter sets evaluated (default 300)")
    calibrate_parser.add_argument("--replications", type=int, default=3, help="replications per parameter set")
    add_workers(calibrate_parser, None, "local worker processes (default: all cores)")
    calibrate_parser.add_argument("--seed", type=int, default=2017, help="master seed (common random numbers)")
    calibrate_parser.add_argument("--users-per-region", type=int, default=10_000, dest="users_per_region")
    calibrate_parser.add_argument("--out", type=Path, default=Path("calibration-output"), help="output directory")
    calibrate_parser.add_argument("--resume", action="store_true", help="continue an interrupted calibration")
    calibrate_parser.add_argument("--from-shipped", action="store_true", dest="start",
                                  help="put the shipped calibration (calibration/calibrated.toml) in the "
                                       "initial population")
    calibrate_parser.add_argument("--start", type=Path, default=None, dest="start_file", metavar="TOML",
                                  help="put this calibration file's values (e.g. an earlier run's calibrated.toml; "
                                       "defaults where it lacks a free parameter) in the initial population")
    calibrate_parser.add_argument("--free", type=lambda text: tuple(n.strip() for n in text.split(",") if n.strip()),
                                  default=None, metavar="NAME,NAME",
                                  help="search only these free parameters; the others stay at the shipped "
                                       "calibration's values (default: search all)")

    fit_parser = add_command(subparsers, "fit", command_fit,
                             "Re-evaluate the shipped calibration: the fit table (in sample 2013-2019, the "
                             "held-out year 2017), stylised facts, errors by group.",
                             "convergence fit --replications 40 --seed 1 --workers 2")
    fit_parser.add_argument("--replications", type=int, default=5)
    fit_parser.add_argument("--seed", type=int, default=2017)
    add_workers(fit_parser, 1, "local worker processes (default 1)")
    fit_parser.add_argument("--users-per-region", type=int, default=10_000, dest="users_per_region")
    fit_parser.add_argument("--out", type=Path, help="also write the fit table to this CSV")

    out_parser = add_command(subparsers, "out-of-sample", command_out_of_sample,
                             "Check a scenario's 2020-2023 output against real figures it never saw (firm "
                             "revenue, CNNIC users, fates of firms hit by the 2019-2021 measures).",
                             "convergence out-of-sample history --replications 20 --seed 1 --workers 2 --out oos")
    out_parser.add_argument("scenario", nargs="?", default="history",
                            help="scenario name or .toml path (default: history)")
    out_parser.add_argument("--replications", type=int, default=10)
    out_parser.add_argument("--seed", type=int, default=2020)
    add_workers(out_parser, 1, "local worker processes (default 1)")
    out_parser.add_argument("--users-per-region", type=int, default=10_000, dest="users_per_region")
    out_parser.add_argument("--out", type=Path, help="write out_of_sample.csv and the figure to this folder")
