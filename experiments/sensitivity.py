"""Sensitivity analysis of a sweep with SALib: Sobol indices or Morris elementary effects.

Each analyser is paired with its sampler (``experiments.designs``): a Sobol (Saltelli) design
is analysed with ``SALib.analyze.sobol``, a Morris design with ``SALib.analyze.morris``. The
SALib problem and the sampler settings (Morris levels, Sobol second order) are read back from
the sweep manifest, so the analysis uses exactly what the design was drawn with. The outcome
per design point is the mean over replications of the kept value of one metric (the final
value, or the window mean; for kept time series, the final quarter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze

from convergence.experiments.designs import Sampler
from convergence.experiments.sweeps import (
    SweepError,
    kept_values,
    load_sweep,
    read_design,
    read_manifest,
    summarize,
)

METHODS = ("sobol", "morris")


def point_outcomes(directory: Path, metric: str) -> tuple[dict[str, Any], pd.DataFrame, np.ndarray]:
    """Manifest, design and the per-point outcome vector (mean over replications)."""
    manifest = read_manifest(directory)
    design_name = manifest["sampler"]["design"]
    if design_name not in METHODS:
        raise SweepError(f"sweep '{directory}' used a '{design_name}' design; sensitivity indices "
                         f"need a sobol or morris design (run a spec with design = \"sobol\" or \"morris\")",
                         key="design", allowed="sobol, morris")
    summary = summarize(directory)
    if summary.done < summary.total:
        raise SweepError(f"sweep '{directory}' is incomplete ({summary.done} of {summary.total} runs done"
                         f"{f', {summary.failed} failed' if summary.failed else ''}); resume it first",
                         key=str(directory), allowed="a complete sweep")
    rows = kept_values(load_sweep(directory, with_design=False), metric)
    outcome = rows.groupby("point").value.mean().sort_index()
    design = read_design(directory)
    return manifest, design, outcome.reindex(design.index).to_numpy()


def analyse(directory: str | Path, metric: str, seed: int = 0) -> pd.DataFrame:
    """Sensitivity indices per factor (and factor pair for Sobol second order).

    ``seed`` drives SALib's bootstrap of the confidence intervals. It is handed over as a numpy
    ``Generator``: SALib's Sobol analyser ignores a falsy integer seed (``if seed:``), so seed 0
    would otherwise bootstrap from the global random state and the intervals would change from
    run to run.
    """
    directory = Path(directory)
    manifest, design, outcome = point_outcomes(directory, metric)
    problem, sampler = manifest["problem"], Sampler(**manifest["sampler"])
    names = problem["names"]
    if sampler.design == "sobol":
        indices = sobol_analyze.analyze(problem, outcome, calc_second_order=sampler.calc_second_order,
                                        seed=np.random.default_rng(seed),
                                        print_to_console=False)
        rows = [{"metric": metric, "method": "sobol", "factor": name, "S1": indices["S1"][i],
                 "S1_conf": indices["S1_conf"][i], "ST": indices["ST"][i], "ST_conf": indices["ST_conf"][i]}
                for i, name in enumerate(names)]
        if sampler.calc_second_order:
            rows += [{"metric": metric, "method": "sobol", "factor": f"{names[i]} x {names[j]}",
                      "S2": indices["S2"][i, j], "S2_conf": indices["S2_conf"][i, j]}
                     for i in range(len(names)) for j in range(i + 1, len(names))]
        return pd.DataFrame(rows)
    indices = morris_analyze.analyze(problem, design.to_numpy(dtype=float), outcome, num_levels=sampler.num_levels,
                                     seed=np.random.default_rng(seed), print_to_console=False)
    return pd.DataFrame({"metric": metric, "method": "morris", "factor": names,
                         "mu_star": indices["mu_star"], "mu_star_conf": indices["mu_star_conf"],
                         "sigma": indices["sigma"], "mu": indices["mu"]})


SOBOL_FEW_SAMPLES = 256
"""Sobol base samples below which indices are a rough sketch: SALib's bootstrap intervals
shrink as 1/sqrt(N) and Saltelli's estimators typically need N in the hundreds to thousands."""
MORRIS_FEW_TRAJECTORIES = 10
"""Morris trajectories below which mu* is unreliable (Campolongo et al. 2007 use 10-50)."""
WIDE_INTERVAL = 0.1
"""Half-width of a Sobol index's confidence interval (indices are shares of variance, 0-1) above
which the index says little."""


def sample_warnings(indices: pd.DataFrame, sampler: Sampler) -> list[str]:
    """Warnings, in words, when the sample is too small for the indices' intervals to mean
    anything: few samples, intervals wider than :data:`WIDE_INTERVAL`, negative first-order
    indices (impossible in theory: estimation noise), mu* no larger than its interval."""
    warnings = []
    if sampler.design == "sobol":
        single = indices[indices.S1.notna()]
        widest = float(np.nanmax(np.concatenate([single.S1_conf, single.ST_conf])))
        negative = single[single.S1 < -single.S1_conf.clip(lower=0) - 1e-12]
        if sampler.samples < SOBOL_FEW_SAMPLES:
            warnings.append(f"only {sampler.samples} Sobol base samples (fewer than {SOBOL_FEW_SAMPLES}): "
                            f"treat these indices as a rough sketch; rerun the sweep with --samples 512 or more")
        if widest > WIDE_INTERVAL:
            warnings.append(f"confidence intervals are as wide as +-{widest:.2g} on indices between 0 and 1: "
                            f"the sample is too small to rank the factors")
        if len(negative):
            warnings.append(f"first-order indices below zero beyond their interval for {len(negative)} factors "
                            f"(impossible in theory): estimation noise from too small a sample")
    elif sampler.design == "morris":
        unclear = indices[indices.mu_star <= indices.mu_star_conf]
        if sampler.samples < MORRIS_FEW_TRAJECTORIES:
            warnings.append(f"only {sampler.samples} Morris trajectories (fewer than {MORRIS_FEW_TRAJECTORIES}): "
                            f"mu* is unreliable; rerun the sweep with --samples 20 or more")
        if len(unclear):
            warnings.append(f"mu* is no larger than its confidence interval for {len(unclear)} factors: "
                            f"their effect cannot be told from zero with this sample")
    return warnings
