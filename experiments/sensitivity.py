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

    ``seed`` drives SALib's bootstrap of the confidence intervals.
    """
    directory = Path(directory)
    manifest, design, outcome = point_outcomes(directory, metric)
    problem, sampler = manifest["problem"], Sampler(**manifest["sampler"])
    names = problem["names"]
    if sampler.design == "sobol":
        indices = sobol_analyze.analyze(problem, outcome, calc_second_order=sampler.calc_second_order, seed=seed,
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
                                     seed=seed, print_to_console=False)
    return pd.DataFrame({"metric": metric, "method": "morris", "factor": names,
                         "mu_star": indices["mu_star"], "mu_star_conf": indices["mu_star_conf"],
                         "sigma": indices["sigma"], "mu": indices["mu"]})
