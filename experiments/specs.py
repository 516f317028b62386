"""Experiment specs (``experiments/*.toml``): what to vary, how to sample, what to keep.

A spec in the vocabulary of exploratory modelling (XLRM): policy **levers** (L) and
**uncertainties** (X) are varied, the base **scenario** fixes everything else, and the kept
**outputs** are the measures (M). Example::

    description = "China's data localization against U.S. reciprocity."
    scenario = "baseline"            # base scenario (name or path)
    design = "grid"                  # grid | lhs | sobol | morris
    samples = 0                      # lhs: points; sobol: base N (N * (2D + 2) points); morris: trajectories
    morris_levels = 4                # morris only: grid levels (even)
    sobol_second_order = true        # sobol only: second-order indices (false: N * (D + 2) points)
    replications = 3
    seed = 2024
    until = "2030Q4"
    policy_start = "2018Q1"          # levers take their values from this quarter

    [levers]                         # grid: levels; other designs: {low, high}
    china_data_localization_strictness = [0.0, 0.5, 1.0]

    [uncertainties]                  # set for the whole run
    switching_cost = { low = 0.5, high = 3.0 }

    [outputs]
    metrics = ["convergence_index", "chinese_share_outside_china"]
    keep = "final"                   # timeseries | final | mean
    window = ["2026Q1", "2030Q4"]    # quarters averaged when keep = "mean"

Every key is checked where it is read; an error names the file, the key and what is allowed.
Factor names, their values and the metrics are checked against the model the spec is loaded
for (:class:`~convergence.experiments.sweep_model.SweepModel`; by default the Convergence
model), which the spec then carries to the sweep.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from convergence.experiments.designs import DESIGNS, Factor, Sampler
from convergence.experiments.sweep_model import CONVERGENCE, SweepModel
from convergence.model.calendar import DEFAULT_END, quarter_to_step
from convergence.model.errors import ConvergenceError

KEEP = ("timeseries", "final", "mean")
SPEC_KEYS = ("description", "scenario", "design", "samples", "morris_levels", "sobol_second_order",
             "replications", "seed", "until", "policy_start", "levers", "uncertainties", "outputs")
OUTPUT_KEYS = ("metrics", "keep", "window")


class SpecError(ConvergenceError):
    """An experiment spec is malformed or holds an invalid key or value."""


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated experiment spec."""

    name: str
    path: Path
    text: str
    description: str
    model: SweepModel
    scenario: str
    sampler: Sampler
    replications: int
    seed: int
    until: str
    policy_start: str
    factors: tuple[Factor, ...]
    metrics: tuple[str, ...]
    keep: str
    window: tuple[str, str] | None = None

    @property
    def levers(self) -> tuple[Factor, ...]:
        """The varied policy levers (set from ``policy_start``)."""
        return tuple(f for f in self.factors if f.role == "lever")

    @property
    def uncertainties(self) -> tuple[Factor, ...]:
        """The varied uncertainties (set for the whole run)."""
        return tuple(f for f in self.factors if f.role == "uncertainty")


def spec_dir() -> Path:
    """Folder of the shipped experiment specs."""
    return Path(str(resources.files("convergence.experiments")))


def load_spec(reference: str | Path, model: SweepModel = CONVERGENCE) -> ExperimentSpec:
    """Load and validate a spec by shipped name (``"smoke"``) or path, for ``model``."""
    path = Path(reference)
    if path.suffix != ".toml" and path.parent == Path("."):
        path = spec_dir() / f"{reference}.toml"
        if not path.is_file():
            names = sorted(p.stem for p in spec_dir().glob("*.toml"))
            close = difflib.get_close_matches(str(reference), names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise SpecError(f"unknown experiment spec '{reference}'{hint}", key=str(reference),
                            allowed=", ".join(names))
    if not path.is_file():
        raise SpecError(f"experiment spec '{path}' does not exist", key=str(reference),
                        allowed="an existing .toml file or a shipped spec name")
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"malformed TOML: {error}", allowed="valid TOML", source=str(path)) from None
    try:
        return _build(path, text, data, model)
    except ConvergenceError as error:
        if error.source is None:
            error.with_source(str(path))
        raise


def _read_text(path: Path) -> str:
    """The spec file's text; a clear error if it cannot be read or is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SpecError(f"not UTF-8 text: byte 0x{error.object[error.start]:02x} at position {error.start}",
                        allowed="a UTF-8 encoded TOML file", source=str(path)) from None
    except OSError as error:
        raise SpecError(f"cannot read the file ({error.strerror})", allowed="a readable TOML file",
                        source=str(path)) from None


def _unknown(key: str, allowed: tuple[str, ...], where: str = "") -> SpecError:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return SpecError(f"unknown key '{where}{key}'{hint}", key=f"{where}{key}", allowed=", ".join(allowed))


def _integer(data: dict, key: str, default: int, low: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SpecError(f"'{key}' must be a whole number >= {low}, got {value!r}", key=key,
                        allowed=f"integer >= {low}")
    return value


def _build(path: Path, text: str, data: dict[str, Any], model: SweepModel) -> ExperimentSpec:
    for key in data:
        if key not in SPEC_KEYS:
            raise _unknown(key, SPEC_KEYS)
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise SpecError("missing 'description'", key="description", allowed="a non-empty text")
    design = data.get("design")
    if design not in DESIGNS:
        raise SpecError(f"'design' must be one of {', '.join(DESIGNS)}, got {design!r}", key="design",
                        allowed=", ".join(DESIGNS))
    samples = _integer(data, "samples", 0, 0)
    if design != "grid" and samples < 2:
        raise SpecError(f"design '{design}' needs 'samples' >= 2", key="samples", allowed="integer >= 2")
    replications = _integer(data, "replications", 1, 1)
    seed = _integer(data, "seed", 0, 0)
    sampler = _sampler(data, design, samples, seed)
    until = data.get("until", DEFAULT_END)
    policy_start = data.get("policy_start", "2018Q1")
    for key, quarter in (("until", until), ("policy_start", policy_start)):
        try:
            quarter_to_step(str(quarter))
        except ConvergenceError as error:
            error.key = key
            raise
    if quarter_to_step(policy_start) > quarter_to_step(until):
        raise SpecError("'policy_start' is after 'until'", key="policy_start", allowed=f"<= {until}")
    scenario = data.get("scenario", "baseline")
    if not isinstance(scenario, str):
        raise SpecError("'scenario' must be a scenario name or path", key="scenario", allowed="text")

    factors = []
    for role_key, role in (("levers", "lever"), ("uncertainties", "uncertainty")):
        table = data.get(role_key, {})
        if not isinstance(table, dict):
            raise SpecError(f"'{role_key}' must be a table", key=role_key, allowed=f"[{role_key}]")
        for name, value in table.items():
            _check_listed_once(name, role_key, factors)
            factors.append(_factor(f"{role_key}.{name}", name, role, value, design, model))
    if not factors:
        raise SpecError("nothing is varied: add [levers] or [uncertainties]", key="levers",
                        allowed="at least one lever or uncertainty")

    outputs = data.get("outputs", {})
    if not isinstance(outputs, dict):
        raise SpecError("'outputs' must be a table", key="outputs", allowed="[outputs]")
    for key in outputs:
        if key not in OUTPUT_KEYS:
            raise _unknown(key, OUTPUT_KEYS, "outputs.")
    metrics = outputs.get("metrics", [model.metrics[0]])
    if not isinstance(metrics, list) or not metrics:
        raise SpecError("'outputs.metrics' must be a non-empty list", key="outputs.metrics",
                        allowed=", ".join(model.metrics))
    for metric in metrics:
        if metric not in model.metrics:
            raise _unknown(str(metric), model.metrics, "outputs.metrics.")
    keep = outputs.get("keep", "final")
    if keep not in KEEP:
        raise SpecError(f"'outputs.keep' must be one of {', '.join(KEEP)}, got {keep!r}", key="outputs.keep",
                        allowed=", ".join(KEEP))
    window = outputs.get("window")
    if keep == "mean":
        if not (isinstance(window, list) and len(window) == 2):
            raise SpecError("'outputs.window' must be [first quarter, last quarter] when keep = 'mean'",
                            key="outputs.window", allowed='["2026Q1", "2030Q4"]')
        try:
            first, last = (quarter_to_step(str(q)) for q in window)
        except ConvergenceError as error:
            error.key = "outputs.window"
            raise
        if not first <= last <= quarter_to_step(until):
            raise SpecError("'outputs.window' must be ordered and end by 'until'", key="outputs.window",
                            allowed=f"quarters between 2013Q1 and {until}")
        window = (str(window[0]), str(window[1]))
    return ExperimentSpec(name=path.stem, path=path, text=text, description=description.strip(),
                          model=model, scenario=scenario, sampler=sampler, replications=replications,
                          seed=seed, until=str(until), policy_start=str(policy_start), factors=tuple(factors),
                          metrics=tuple(metrics), keep=keep, window=window if keep == "mean" else None)


def _sampler(data: dict[str, Any], design: str, samples: int, seed: int) -> Sampler:
    """The design's settings; ``morris_levels`` and ``sobol_second_order`` only with their design."""
    for key, owner in (("morris_levels", "morris"), ("sobol_second_order", "sobol")):
        if key in data and design != owner:
            raise SpecError(f"'{key}' applies to design '{owner}' only, not '{design}'", key=key,
                            allowed=f"design = \"{owner}\", or leave '{key}' out")
    if design == "morris":
        levels = _integer(data, "morris_levels", 4, 2)
        if levels % 2:
            raise SpecError(f"'morris_levels' must be even, got {levels}", key="morris_levels",
                            allowed="an even integer >= 2")
        return Sampler(design, samples, seed, num_levels=levels)
    if design == "sobol":
        second_order = data.get("sobol_second_order", True)
        if not isinstance(second_order, bool):
            raise SpecError(f"'sobol_second_order' must be true or false, got {second_order!r}",
                            key="sobol_second_order", allowed="true or false")
        return Sampler(design, samples, seed, calc_second_order=second_order)
    return Sampler(design, samples, seed)


def _check_listed_once(name: str, role_key: str, factors: list[Factor]) -> None:
    """A parameter varied twice (under [levers] and [uncertainties]) would be set twice with
    different values, one silently winning: refuse it."""
    if any(f.name == name for f in factors):
        raise SpecError(f"'{name}' is listed under both [levers] and [uncertainties]", key=f"{role_key}.{name}",
                        allowed="each parameter once: under [levers] to set it from policy_start, "
                                "or under [uncertainties] for the whole run")


def _factor(where: str, name: str, role: str, value: Any, design: str, model: SweepModel) -> Factor:
    declaration = model.lookup(name)                      # unknown names suggest the closest
    if role == "lever" and declaration.role != "lever":
        raise SpecError(f"'{name}' is a {declaration.role}, not a policy lever; list it under "
                        f"[uncertainties]", key=where, allowed="a lever")
    if isinstance(value, list):
        if design != "grid":
            raise SpecError(f"'{where}' gives levels, but design '{design}' samples ranges",
                            key=where, allowed="{ low = ..., high = ... }")
        if not value:
            raise SpecError(f"'{where}' has no levels", key=where, allowed="a non-empty list")
        factor = Factor(name, role, declaration)
        try:
            levels = tuple(factor.cast(v) for v in value)
        except ConvergenceError as error:
            error.key = where
            raise
        return Factor(name, role, declaration, levels=levels)
    if isinstance(value, dict):
        if set(value) != {"low", "high"}:
            raise SpecError(f"'{where}' must have exactly 'low' and 'high'", key=where,
                            allowed="{ low = ..., high = ... }")
        if design == "grid":
            raise SpecError(f"'{where}' gives a range, but a grid needs levels", key=where,
                            allowed="a list of levels, e.g. [0.0, 0.5, 1.0]")
        low, high = value["low"], value["high"]
        factor = Factor(name, role, declaration)
        try:
            factor.cast(low), factor.cast(high)
        except ConvergenceError as error:
            error.key = where
            raise
        if declaration.kind is bool:
            raise SpecError(f"'{where}' is true/false and cannot take a range", key=where, allowed="levels")
        if not low < high:
            raise SpecError(f"'{where}' needs low < high, got {low} and {high}", key=where, allowed="low < high")
        return Factor(name, role, declaration, low=float(low), high=float(high))
    raise SpecError(f"'{where}' must be a list of levels or {{ low, high }}", key=where,
                    allowed="[levels] or { low = ..., high = ... }")
