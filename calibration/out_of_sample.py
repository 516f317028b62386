"""The out-of-sample check: a scenario's 2020-2023 output against real figures it never saw.

The calibration window is 2013-2019 (``calibration.targets``); nothing after 2019 is fitted,
from any source. ``out_of_sample_2020_2023.csv`` holds what happened next, with sources: firm
revenue (fiscal 2020-2023; Alibaba FY2021-FY2024), CNNIC's December counts of internet,
mobile-internet and mobile-payment users, and the fates of firms hit by the 2019-2021 measures
(revenue changes in the reporting currency, since the model has no exchange rates). Every row
is ``recalled`` (public filings and CNNIC reports as remembered, not re-verified here): the
check is a plausibility test of the trajectories, not a target.

The history scenario (``scenarios/history.toml``: the calibrated 2017 state and the policy
events of 2018-2024) is what this check is for; any scenario can be checked, e.g. the
baseline, to see what the policy history adds. :func:`check_out_of_sample` runs it and
returns one row per figure with the simulated mean and 5-95% range across replications.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from convergence.calibration.statistics import TargetStatistics, summarize_statistics
from convergence.model.errors import ConvergenceError
from convergence.model.resolution import resolve_run
from convergence.runner.execution import Executor, RunSpec
from convergence.runner.seeds import run_seed

OUT_OF_SAMPLE_FILE = "out_of_sample_2020_2023.csv"
OUT_OF_SAMPLE_END = "2024Q1"
"""Last quarter the check simulates (Alibaba's fiscal 2024 ends in March 2024)."""
FIRST_OUT_OF_SAMPLE_YEAR = 2020


class OutOfSampleError(ConvergenceError):
    """An out-of-sample check could not run."""


def out_of_sample_targets() -> pd.DataFrame:
    """The 2020-2023 figures (columns as the calibration targets', ``role`` ``out_of_sample``)."""
    with resources.files("convergence.calibration").joinpath(OUT_OF_SAMPLE_FILE).open() as handle:
        return pd.read_csv(handle)


def check_out_of_sample(scenario: str, replications: int, master_seed: int, executor: Executor,
                        overrides: dict | None = None) -> pd.DataFrame:
    """Run ``scenario`` to :data:`OUT_OF_SAMPLE_END` and compare it with the 2020-2023 figures.

    Returns one row per figure: observed, simulated mean and 5th/95th percentile across
    replications, and the relative error (for the ``fate`` rows, which are changes, the error
    is the simulated minus the observed change, in points of revenue).
    """
    if replications < 1:
        raise OutOfSampleError(f"replications must be at least 1, got {replications}", key="--replications",
                               allowed="an integer >= 1")
    run = resolve_run(scenario, overrides or {}, (), end=OUT_OF_SAMPLE_END)
    targets = out_of_sample_targets()
    reducer = TargetStatistics(tuple(dict.fromkeys(targets.model_output)))
    specs = [RunSpec(point=0, replication=r, seed=run_seed(master_seed, 0, r), parameters=dict(run.parameters),
                     timeline=run.timeline, end=OUT_OF_SAMPLE_END, scenario=run.scenario)
             for r in range(replications)]
    frames = []
    for outcome in executor.run(specs, reducer):
        if not outcome.ok:
            raise OutOfSampleError(f"a run of '{run.scenario}' failed (seed {outcome.seed}): {outcome.error}")
        frames.append(outcome.table)
    summary = summarize_statistics(frames).reindex(targets.model_output)
    table = targets[["target_id", "group", "description", "period", "unit", "observed", "confidence",
                     "source"]].copy()
    table["simulated_mean"] = summary["mean"].to_numpy()
    table["simulated_p05"] = summary["p05"].to_numpy()
    table["simulated_p95"] = summary["p95"].to_numpy()
    change = table.group == "fate"
    table["error"] = (table.simulated_mean - table.observed) / table.observed
    table.loc[change, "error"] = table.simulated_mean[change] - table.observed[change]
    table["inside_range"] = (table.observed >= table.simulated_p05) & (table.observed <= table.simulated_p95)
    return table


def error_summary(table: pd.DataFrame) -> dict[str, float]:
    """Median absolute relative error per level group (revenue, adoption), and for the fates
    the share whose simulated change has the observed sign."""
    summary = {f"{group} median |error|": float(rows.error.abs().median())
               for group, rows in table[table.group != "fate"].groupby("group")}
    fates = table[table.group == "fate"]
    if len(fates):
        summary["fates with the observed sign"] = float(
            ((fates.simulated_mean > 0) == (fates.observed > 0)).mean())
    return summary
