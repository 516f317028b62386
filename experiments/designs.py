"""Experimental designs: full grids, Latin hypercubes (scipy.stats.qmc), Sobol/Saltelli and
Morris samples (SALib). Each sampler is paired with its analyser in ``experiments.sensitivity``.

A :class:`Sampler` holds every setting of a design (and of its analysis): the design, sample
size, seed, Morris levels and whether Sobol second-order indices are sampled for. It is read
from the spec once, stored in the sweep manifest with the SALib problem
(:func:`salib_problem`), and read back from there by the analysis, like SALib's ``ProblemSpec``
carries a problem from sampling to analysis.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Parameter

DESIGNS = ("grid", "lhs", "sobol", "morris")


@dataclass(frozen=True)
class Factor:
    """A varied quantity: its name, role (lever or uncertainty), the model's declaration of it,
    and levels or a range."""

    name: str
    role: str
    declaration: Parameter
    levels: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None

    def cast(self, value: Any) -> Any:
        """A design value as the declared type (integers rounded), validated."""
        if self.declaration.kind is int:
            value = int(round(float(value)))
        elif self.declaration.kind is float:
            value = float(value)
        return self.declaration.validate(value)


@dataclass(frozen=True)
class Sampler:
    """How a design's points are drawn.

    ``samples``: lhs points, Sobol base N (N (2D + 2) points with second-order indices, else
    N (D + 2)), or Morris trajectories (unused by a grid). ``num_levels`` (Morris grid levels)
    and ``calc_second_order`` (Sobol) are ``None`` for the other designs.
    """

    design: str
    samples: int
    seed: int
    num_levels: int | None = None
    calc_second_order: bool | None = None

    def resized(self, samples: int | None) -> Sampler:
        """This sampler with another sample size (``--samples``; ``None`` keeps it). A grid has
        no sample size (its levels fix its points), so ``--samples`` is refused for one."""
        if samples is None:
            return self
        if self.design == "grid":
            raise ConvergenceError(f"--samples does not apply to a grid design (got --samples {samples}); its "
                                   f"points are the combinations of the levels in the spec", key="--samples",
                                   allowed="leave --samples out, or edit the spec's levels")
        if samples < 2:
            raise ConvergenceError(f"--samples must be at least 2, got {samples}", key="--samples",
                                   allowed="an integer >= 2")
        return replace(self, samples=samples)

    def to_manifest(self) -> dict[str, Any]:
        """The settings as JSON-ready values (``Sampler(**settings)`` reads them back)."""
        return asdict(self)


def salib_problem(factors: Sequence[Factor]) -> dict[str, Any] | None:
    """The SALib problem of ranged factors (names, bounds); ``None`` for a grid's levels."""
    if any(f.low is None for f in factors):
        return None
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def design_size(factors: Sequence[Factor], sampler: Sampler) -> int:
    """Number of design points, computed without drawing them (so a huge request is refused
    before anything is allocated): a grid's product of level counts; ``samples`` lhs points;
    Sobol N (2D + 2) points with second-order indices, else N (D + 2); Morris r (D + 1)."""
    dimensions = len(factors)
    if sampler.design == "grid":
        return math.prod(len(f.levels) for f in factors)
    if sampler.design == "lhs":
        return sampler.samples
    if sampler.design == "sobol":
        return sampler.samples * ((2 * dimensions + 2) if sampler.calc_second_order else (dimensions + 2))
    return sampler.samples * (dimensions + 1)


def build_design(factors: Sequence[Factor], sampler: Sampler) -> pd.DataFrame:
    """Design points (one row per point, one column per factor), values cast and validated."""
    names = [f.name for f in factors]
    if sampler.design == "grid":
        raw = np.array(list(itertools.product(*(f.levels for f in factors))), dtype=object)
    elif sampler.design == "lhs":
        unit = qmc.LatinHypercube(d=len(names), seed=sampler.seed).random(sampler.samples)
        raw = qmc.scale(unit, [f.low for f in factors], [f.high for f in factors])
    elif sampler.design == "sobol":
        raw = sobol_sample.sample(salib_problem(factors), sampler.samples,
                                  calc_second_order=sampler.calc_second_order, seed=sampler.seed)
    else:
        raw = morris_sample.sample(salib_problem(factors), sampler.samples, num_levels=sampler.num_levels,
                                   seed=sampler.seed)
    design = pd.DataFrame({f.name: [f.cast(v) for v in raw[:, i]] for i, f in enumerate(factors)})
    design.index.name = "point"
    return design
