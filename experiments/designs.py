"""Experimental designs: full grids, Latin hypercubes (scipy.stats.qmc), Sobol/Saltelli and
Morris samples (SALib). Each sampler is paired with its analyser in ``experiments.sensitivity``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

from convergence.experiments.specs import ExperimentSpec

MORRIS_LEVELS = 4


def salib_problem(spec: ExperimentSpec) -> dict:
    """The SALib problem dictionary of a spec's factors (ranges only)."""
    return {"num_vars": len(spec.factors), "names": [f.name for f in spec.factors],
            "bounds": [[f.low, f.high] for f in spec.factors]}


def build_design(spec: ExperimentSpec, samples: int | None = None) -> pd.DataFrame:
    """Design points (one row per point, one column per factor), values cast and validated.

    ``samples`` overrides the spec's sample size (``--samples``).
    """
    size = samples if samples is not None else spec.samples
    names = [f.name for f in spec.factors]
    if spec.design == "grid":
        raw = np.array(list(itertools.product(*(f.levels for f in spec.factors))), dtype=object)
    else:
        problem = salib_problem(spec)
        if spec.design == "lhs":
            unit = qmc.LatinHypercube(d=len(names), seed=spec.seed).random(size)
            raw = qmc.scale(unit, [f.low for f in spec.factors], [f.high for f in spec.factors])
        elif spec.design == "sobol":
            raw = sobol_sample.sample(problem, size, calc_second_order=True, seed=spec.seed)
        else:
            raw = morris_sample.sample(problem, size, num_levels=MORRIS_LEVELS, seed=spec.seed)
    columns = {name: [factor.cast(v) for v in raw[:, i]] for i, (name, factor) in
               enumerate(zip(names, spec.factors))}
    design = pd.DataFrame(columns)
    design.index.name = "point"
    return design
