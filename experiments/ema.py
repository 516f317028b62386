"""EMA Workbench adapter: an experiment spec as an EMA ``ReplicatorModel``.

``make_model(spec)`` declares the spec's levers and uncertainties (levels become categorical
parameters, ranges real or integer ones, as the parameter declarations say), its outcomes
(each an array of one value per replication: the final value, or the mean over the spec's
window) and its replications; each
replication runs :func:`convergence.experiments.evaluate`, exactly what ``convergence sweep``
keeps. Seeds follow the sweep's rule: replication ``r`` of the scenario named ``p`` (EMA names
samples by number) runs with ``run_seed(spec.seed, p, r)``, so every policy meets the same
random numbers in a scenario (common random numbers). :func:`sweep_samples` gives a sweep's
design as EMA scenarios and policies named by point number: run them with
``combine="cycle"`` and the outcomes are those of ``convergence sweep``.

Needs the ``ema`` extra: ``pip install "convergence[ema]"``.

>>> from ema_workbench import perform_experiments                   # doctest: +SKIP
>>> experiments, outcomes = perform_experiments(make_model("sobol_convergence"), scenarios=20)
"""

from __future__ import annotations

import warnings
import zlib
from pathlib import Path
from typing import Any

from convergence.experiments.designs import Factor, build_design
from convergence.experiments.evaluation import evaluate
from convergence.experiments.specs import ExperimentSpec, SpecError, load_spec
from convergence.runner.seeds import run_seed

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                        # "ipyparallel not installed" on import
        from ema_workbench import (
            ArrayOutcome,
            BooleanParameter,
            CategoricalParameter,
            IntegerParameter,
            RealParameter,
            ReplicatorModel,
            Sample,
        )
except ImportError as missing:                                 # the `ema` extra is not installed
    raise ImportError('convergence.experiments.ema needs EMA Workbench: pip install "convergence[ema]"') \
        from missing


def make_model(spec: str | Path | ExperimentSpec) -> SpecModel:
    """The EMA model of an experiment spec (shipped name, path, or loaded)."""
    return SpecModel(spec if isinstance(spec, ExperimentSpec) else load_spec(spec))


def sweep_samples(spec: str | Path | ExperimentSpec, samples: int | None = None) -> tuple[list[Sample], list[Sample]]:
    """The design ``convergence sweep`` draws for ``spec`` (``samples`` as ``--samples``), as EMA
    scenarios (uncertainties) and policies (levers), both named by point number; pass them to
    ``perform_experiments(..., combine="cycle")``."""
    spec = spec if isinstance(spec, ExperimentSpec) else load_spec(spec)
    design = build_design(spec.factors, spec.sampler.resized(samples))
    scenarios, policies = [], []
    for point, row in design.iterrows():
        values = {name: value.item() if hasattr(value, "item") else value for name, value in row.items()}
        scenarios.append(Sample(int(point), **{f.name: values[f.name] for f in spec.uncertainties}))
        policies.append(Sample(int(point), **{f.name: values[f.name] for f in spec.levers}))
    return scenarios, policies


class SpecModel(ReplicatorModel):
    """An experiment spec as an EMA ``ReplicatorModel`` (build it with :func:`make_model`)."""

    def __init__(self, spec: ExperimentSpec) -> None:
        if spec.keep not in ("final", "mean"):
            raise SpecError(f"EMA outcomes here are one value per replication: spec '{spec.name}' keeps '{spec.keep}'",
                            key="outputs.keep", allowed="final or mean", source=str(spec.path))
        super().__init__(spec.name.replace("-", "_"), function=self.evaluate)
        self.spec = spec
        self.uncertainties = [_parameter(f) for f in spec.uncertainties]
        self.levers = [_parameter(f) for f in spec.levers]
        self.outcomes = [ArrayOutcome(metric) for metric in spec.metrics]       # one value per replication
        self.replications = [{"replication": r} for r in range(spec.replications)]
        self.point = 0

    def run_model(self, scenario: Sample, policy: Sample, constants: Sample) -> None:
        """Note the scenario's point number (its seeds), then run every replication."""
        self.point = point_number(scenario.name)
        super().run_model(scenario, policy, constants)

    def evaluate(self, replication: int, **values: Any) -> dict[str, float]:
        """One replication of the current experiment (EMA calls it with the sampled values)."""
        spec = self.spec
        return evaluate(spec.scenario, levers={f.name: f.cast(values[f.name]) for f in spec.levers},
                        uncertainties={f.name: f.cast(values[f.name]) for f in spec.uncertainties},
                        policy_start=spec.policy_start, until=spec.until,
                        seed=run_seed(spec.seed, self.point, replication), outcomes=spec.metrics,
                        keep=spec.keep, window=spec.window)


def point_number(name: Any) -> int:
    """The design point a sample's name stands for: the number EMA (or :func:`sweep_samples`)
    gave it, or a stable number derived from a text name."""
    try:
        return int(name)
    except (TypeError, ValueError):
        return zlib.crc32(str(name).encode())


def _parameter(factor: Factor) -> RealParameter | IntegerParameter | CategoricalParameter | BooleanParameter:
    """The EMA parameter of a spec factor: levels categorical, ranges real or integer."""
    if factor.levels:
        if factor.declaration.kind is bool and set(factor.levels) == {False, True}:
            return BooleanParameter(factor.name)
        return CategoricalParameter(factor.name, list(factor.levels))
    if factor.declaration.kind is int:
        return IntegerParameter(factor.name, int(factor.low), int(factor.high))
    return RealParameter(factor.name, factor.low, factor.high)
