"""Method of simulated moments: fit the free parameters to the targets.

Objective: ``J(theta) = sum_i w_i ((m_i(theta) - o_i) / o_i)^2`` over the ``fit`` targets, where
``m_i`` is the mean over R replications, plus a penalty for each stylised fact a share of the
replications misses. Every candidate uses the same replication seeds
(common random numbers), so differences between candidates are not sampling noise. Search:
scipy's ``differential_evolution`` (Latin-hypercube start, deferred updating so each
generation is evaluated in parallel) with most of the budget, then a Nelder-Mead polish from
the best point. Runs go through the execution layer of the sweeps (local processes by
default). Every evaluation is appended to ``evaluations.jsonl`` as it finishes; a resumed
calibration replays them from there instead of recomputing (the search is deterministic given
its seed), so an interrupted calibration continues where it stopped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution, minimize
from tqdm import tqdm

from convergence.calibration.revenue_scale import apply_revenue_scale
from convergence.calibration.statistics import TargetStatistics, summarize_statistics
from convergence.calibration.targets import CONFIDENCE_WEIGHT, STYLISED_FACTS
from convergence.model.errors import ConvergenceError
from convergence.model.parameters import Parameters, Value, lookup
from convergence.model.scenario import calibration_parameters, load_scenario
from convergence.runner.execution import Executor, RunSpec
from convergence.runner.seeds import run_seed

FACT_PENALTY = 0.2
"""Objective added per stylised fact missed in every replication (the fit part is about 0.06-0.1):
the facts are the harder half of the bar, so missing one in every seed costs more than the whole fit."""
CALIBRATION_END = "2019Q4"
"""Last quarter simulated: the calibration window is 2013-2019 (Alibaba's FY2019 ends in 2019Q1)."""


@dataclass(frozen=True)
class FreeParameter:
    """A parameter the calibration searches over, with bounds and the reason it is free."""

    name: str
    low: float
    high: float
    reason: str


FREE_PARAMETERS: tuple[FreeParameter, ...] = (
    FreeParameter("china_internet_share_2013", 0.38, 0.50, "CNNIC internet users 2013-2019 (start of the curve)"),
    FreeParameter("china_internet_adoption_speed", 0.02, 0.60, "CNNIC internet users 2013-2019 (pace)"),
    FreeParameter("china_internet_ceiling", 0.55, 0.95, "CNNIC internet users 2013-2019 (curvature)"),
    FreeParameter("china_internet_ceiling_growth", 0.0, 0.03, "CNNIC internet users 2017-2019 (re-acceleration)"),
    FreeParameter("china_mobile_internet_share_2013", 0.60, 0.90, "CNNIC mobile users (start of the curve)"),
    FreeParameter("china_mobile_internet_adoption_speed", 0.10, 2.00, "CNNIC mobile users, mobile share and growth"),
    FreeParameter("china_mobile_payment_share_2013", 0.05, 0.40, "CNNIC mobile-payment users (start)"),
    FreeParameter("china_mobile_payment_ceiling", 0.50, 0.95, "CNNIC mobile-payment users (level reached)"),
    FreeParameter("china_mobile_payment_adoption_speed", 0.10, 2.00, "CNNIC mobile-payment users (pace)"),
    FreeParameter("us_internet_share_2013", 0.70, 0.90, "U.S. internet use (Pew)"),
    FreeParameter("home_fit_weight", 0.50, 3.00, "local cloud share in China; Huawei's overseas share"),
    FreeParameter("network_weight", 0.20, 1.50, "concentration of social networks (Twitter, Weibo keep users)"),
    FreeParameter("switching_cost", 0.50, 4.00, "incumbents' share dynamics behind revenue growth"),
    FreeParameter("expansion_rate", 0.0, 0.05,
                  "Chinese firms' small share abroad (stylised fact); firms' revenue growth"),
    FreeParameter("breakthrough_quality_gain", 0.0, 6.0,
                  "Musical.ly's U.S. social share 2018-2019 (stylised fact); Chinese devices abroad"),
    FreeParameter("breakthrough_share", 0.0, 0.1,
                  "Chinese firms small abroad in 2017 yet winning categories after (stylised facts); at most 0.1, "
                  "about 3 new categories per sector in 2013-2019 (0.147 gave 38 in all, 12 in devices)"),
    FreeParameter("china_global_launch_share", 0.0, 0.5,
                  "Chinese firms small abroad in 2017 yet winning categories after (stylised facts)"),
    FreeParameter("taste_dispersion", 0.0, 3.0,
                  "spread of market shares: firms that keep share beside a leader (eBay, Weibo, Twitter)"),
    FreeParameter("hardware_taste_dispersion", 0.0, 3.0,
                  "devices shared among brands: Chinese brands' devices abroad by 2019 (stylised fact); Huawei's "
                  "overseas equipment share"),
    FreeParameter("foreignness_discount", 0.0, 0.9,
                  "Chinese firms small abroad in 2017 (stylised fact); Uber leaving China; local e-commerce leaders"),
    FreeParameter("hardware_foreignness_discount", 0.0, 0.9,
                  "Chinese brands' devices abroad by 2019 (stylised fact); Huawei's overseas equipment share"),
    FreeParameter("breakthrough_network_reset", 0.0, 1.0,
                  "Chinese-origin app in U.S. social 2018-2019 (stylised fact): a new category's own network"),
    FreeParameter("localisation_half_life", 0.5, 5.0,
                  "Chinese brands' devices abroad by 2019 (stylised fact); how long late entrants stay behind"),
    FreeParameter("entrant_awareness", 0.01, 1.0,
                  "Chinese firms small abroad in 2017 yet a Chinese app in U.S. social by 2018-2019 (stylised "
                  "facts): how little known a new provider starts"),
    FreeParameter("awareness_innovation", 0.0, 2.0,
                  "how fast a new provider becomes known without users (TikTok's first year abroad; Uber in China)"),
    FreeParameter("awareness_imitation", 0.0, 20.0,
                  "how fast a new provider's users make it known (TikTok's second year abroad; Xiaomi in India)"),
    FreeParameter("device_price_weight", 0.0, 2.0,
                  "Chinese brands' devices abroad by 2019 (stylised fact); handset markets split by income "
                  "(Huawei's overseas share; the device-market validation shares)"),
)


class CalibrationError(ConvergenceError):
    """A calibration cannot start or resume."""


@dataclass
class Evaluator:
    """Evaluates candidate parameter sets (batched, cached, in parallel through an executor)."""

    targets: pd.DataFrame
    free: Sequence[FreeParameter]
    executor: Executor
    replications: int
    master_seed: int
    base: dict = field(default_factory=dict)
    log: Path | None = None
    progress: tqdm | None = None
    extra_outputs: tuple[str, ...] = ()
    fact_penalty: float = FACT_PENALTY
    cache: dict[tuple, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = (list(self.targets.model_output) + [f"fact|{name}" for name in STYLISED_FACTS]
                + list(self.extra_outputs))
        self.reducer = TargetStatistics(tuple(dict.fromkeys(keys)))
        self.fit = self.targets[self.targets.role == "fit"]
        if self.log and self.log.is_file():
            for line in self.log.read_text().splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue                                   # a line cut short by an interruption
                self.cache[self._key(record["theta"])] = record

    @staticmethod
    def _key(theta: Sequence[float]) -> tuple:
        return tuple(round(float(x), 12) for x in theta)

    def parameters(self, theta: Sequence[float]) -> dict:
        """Validated parameter values of a candidate (integers rounded)."""
        values = dict(self.base)
        for parameter, x in zip(self.free, theta):
            declared = lookup(parameter.name)
            values[parameter.name] = declared.validate(int(round(x)) if declared.kind is int else float(x))
        return values

    def statistics(self, thetas: Sequence[Sequence[float]]) -> list[pd.DataFrame]:
        """Per candidate: mean and 5-95% of every model output (revenue scaled), cached."""
        missing = [t for t in dict.fromkeys(self._key(t) for t in thetas) if t not in self.cache]
        specs = [RunSpec(point=i, replication=r, seed=run_seed(self.master_seed, 0, r),
                         parameters=self.parameters(theta), end=CALIBRATION_END, scenario="calibration")
                 for i, theta in enumerate(missing) for r in range(self.replications)]
        tables: dict[int, list[pd.DataFrame]] = {}
        for outcome in self.executor.run(specs, self.reducer):
            if not outcome.ok:
                raise CalibrationError(f"a calibration run failed (seed {outcome.seed}): {outcome.error}")
            tables.setdefault(outcome.point, []).append(outcome.table.drop(columns="point"))
            if len(tables[outcome.point]) == self.replications:
                theta = missing[outcome.point]
                half_life = Parameters(self.parameters(theta)).firm_monetization_half_life
                summary = apply_revenue_scale(summarize_statistics(tables.pop(outcome.point)), self.targets,
                                              half_life)
                record = {"theta": list(theta), "objective": self.objective(summary),
                          "statistics": summary.reset_index().to_dict(orient="list")}
                self.cache[theta] = record
                if self.log:
                    with self.log.open("a") as handle:
                        handle.write(json.dumps(record) + "\n")
                if self.progress:
                    self.progress.update()
        return [pd.DataFrame(self.cache[self._key(t)]["statistics"]).set_index("model_output") for t in thetas]

    def objective(self, summary: pd.DataFrame) -> float:
        """Weighted sum of squared relative errors over the fit targets, plus a penalty of
        ``fact_penalty`` times the share of replications missing each stylised fact."""
        simulated = summary.loc[self.fit.model_output, "mean"].to_numpy()
        if not np.isfinite(simulated).all():
            return 1e6
        errors = (simulated - self.fit.observed.to_numpy()) / self.fit.observed.to_numpy()
        missed = sum(1.0 - summary.loc[f"fact|{name}", "mean"] for name in STYLISED_FACTS)
        return float(np.sum(self.fit.weight.to_numpy() * errors ** 2) + self.fact_penalty * missed)

    def objectives(self, thetas: Sequence[Sequence[float]]) -> list[float]:
        self.statistics(thetas)
        return [self.cache[self._key(t)]["objective"] for t in thetas]


@dataclass
class CalibrationResult:
    """Best parameters, their objective and fit statistics."""

    parameters: dict
    objective: float
    evaluations: int
    statistics: pd.DataFrame


class BudgetExhausted(Exception):
    """The calibration has evaluated as many parameter sets as its budget allows."""


class BudgetedObjective:
    """The evaluator's objective, refusing to evaluate more than ``budget`` distinct parameter
    sets in all (those already in the evaluator's cache, e.g. from ``--resume``, count; asking
    again for one evaluated is free). A batch that would exceed the budget is evaluated up to
    it, then :class:`BudgetExhausted` stops the search, so exactly ``budget`` sets are evaluated."""

    def __init__(self, evaluator: Evaluator, budget: int) -> None:
        self.evaluator = evaluator
        self.budget = budget

    def __call__(self, thetas: Sequence[Sequence[float]]) -> list[float]:
        new = [t for t in dict.fromkeys(self.evaluator._key(t) for t in thetas) if t not in self.evaluator.cache]
        allowed = max(0, self.budget - len(self.evaluator.cache))
        if len(new) > allowed:
            if allowed:
                self.evaluator.objectives(new[:allowed])
            raise BudgetExhausted
        return self.evaluator.objectives(thetas)

    def best(self) -> np.ndarray:
        """The evaluated parameter set with the lowest objective."""
        key = min(self.evaluator.cache, key=lambda k: self.evaluator.cache[k]["objective"])
        return np.asarray(key, dtype=float)


def calibrate(evaluator: Evaluator, budget: int, seed: int, start: Sequence[float] | None = None) -> CalibrationResult:
    """Differential evolution (about 80% of ``budget`` evaluations), then Nelder-Mead, evaluating
    exactly ``budget`` parameter sets in all (:class:`BudgetedObjective`): Nelder-Mead restarts
    around the best set until the budget is spent (fewer only if a restart finds no new set).
    Returns the best set evaluated.

    ``start`` (e.g. the shipped calibration) joins the initial population, so the search
    never ends worse than where it started.
    """
    free = evaluator.free
    bounds = [(p.low, p.high) for p in free]
    lows, highs = np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])
    dimension = len(free)
    popsize = 3
    generation = popsize * dimension
    maxiter = max(1, int(0.8 * budget) // generation - 1)
    objective = BudgetedObjective(evaluator, budget)
    try:
        differential_evolution(lambda x: objective([x])[0], bounds, maxiter=maxiter,
                               popsize=popsize, init="latinhypercube", seed=seed, polish=False,
                               updating="deferred", workers=lambda _, population: objective(list(population)),
                               tol=0, atol=0, x0=None if start is None else np.clip(start, lows, highs))
        while len(evaluator.cache) < budget:              # Nelder-Mead, restarted around the best until spent
            before = len(evaluator.cache)
            minimize(lambda x: objective([np.clip(x, lows, highs)])[0], objective.best(),
                     method="Nelder-Mead", bounds=bounds,
                     options={"maxfev": 10 * budget, "xatol": 1e-4, "fatol": 1e-6,
                              "initial_simplex": _simplex(objective.best(), lows, highs)})
            if len(evaluator.cache) == before:              # converged onto sets already evaluated
                break
    except BudgetExhausted:
        pass
    best = objective.best()
    statistics = evaluator.statistics([best])[0]
    return CalibrationResult(parameters=evaluator.parameters(best),
                             objective=evaluator.objectives([best])[0],
                             evaluations=len(evaluator.cache), statistics=statistics)


def _simplex(center: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> np.ndarray:
    """Initial Nelder-Mead simplex: 5% of each range around the centre, inside the bounds."""
    points = [center]
    for i in range(len(center)):
        point = center.copy()
        step = 0.05 * (highs[i] - lows[i])
        point[i] = center[i] + step if center[i] + step <= highs[i] else center[i] - step
        points.append(point)
    return np.array(points)


def fit_table(targets: pd.DataFrame, statistics: pd.DataFrame) -> pd.DataFrame:
    """One row per target: observed, simulated mean and 5-95% range, relative error, weight."""
    simulated = statistics.reindex(targets.model_output)
    table = targets[["target_id", "group", "role", "description", "period", "unit", "observed", "weight",
                     "confidence", "source"]].copy()
    table["simulated_mean"] = simulated["mean"].to_numpy()
    table["simulated_p05"] = simulated["p05"].to_numpy()
    table["simulated_p95"] = simulated["p95"].to_numpy()
    table["error"] = (table.simulated_mean - table.observed) / table.observed
    return table


def shipped_calibration() -> dict[str, Value]:
    """Parameters of the calibration the shipped baseline starts from (the file its
    ``calibration`` key names)."""
    baseline = load_scenario("baseline")
    if baseline.calibration is None:
        raise CalibrationError("the baseline scenario names no calibration file", key="calibration",
                               allowed='calibration = "calibrations/shipped.toml" in baseline.toml')
    return calibration_parameters(baseline.calibration)


def weighted_mape(fit: pd.DataFrame, role: str = "fit") -> float:
    """Weighted mean absolute percentage error over the targets of ``role`` (weights by
    confidence when the role carries no fit weight)."""
    rows = fit[fit.role == role]
    weights = rows.weight if role == "fit" else rows.confidence.map(CONFIDENCE_WEIGHT)
    if rows.empty:
        return float("nan")
    return float((weights * rows.error.abs()).sum() / weights.sum())


def mape_contributions(fit: pd.DataFrame) -> pd.Series:
    """Each in-sample target's share of the weighted MAPE (percentage points as fractions: they
    sum to :func:`weighted_mape`), largest first - where a calibration loses its fit (session 9:
    Huawei's 2016 overseas share alone carried 2.2 of the candidate's 11.2 points at 40 replications)."""
    rows = fit[fit.role == "fit"]
    points = rows.weight * rows.error.abs() / rows.weight.sum()
    return pd.Series(points.to_numpy(), index=rows.target_id.to_numpy()).sort_values(ascending=False)


def fact_shares(statistics: pd.DataFrame) -> dict[str, float]:
    """Share of replications that reproduce each stylised fact."""
    return {name: float(statistics.loc[f"fact|{name}", "mean"]) for name in STYLISED_FACTS}


def write_calibrated(path: Path, result: CalibrationResult, *, replications: int, master_seed: int,
                     budget: int, data_sha256: str, users_per_region: int, free: Sequence[FreeParameter],
                     fixed: Mapping[str, Value] | None = None) -> None:
    """Write ``calibrated.toml`` (parameters, objective, seeds, data hash); ``fixed`` are free
    parameters held at the shipped calibration's values in this search (written too, marked so)."""
    lines = ["# Written by `convergence calibrate`: method of simulated moments (calibration/calibrate.py).",
             f"objective = {result.objective!r}", f"evaluations = {result.evaluations}", f"budget = {budget}",
             f"replications = {replications}", f"master_seed = {master_seed}",
             f"seeds = {[run_seed(master_seed, 0, r) for r in range(replications)]}",
             f"users_per_region = {users_per_region}", f'data_sha256 = "{data_sha256}"', "", "[parameters]"]
    for parameter in free:
        value = result.parameters[parameter.name]
        lines.append(f"{parameter.name} = {value!r}  # [{parameter.low}, {parameter.high}]: {parameter.reason}")
    for name, value in (fixed or {}).items():
        lines.append(f"{name} = {value!r}  # fixed at the shipped calibration in this search")
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text("\n".join(lines) + "\n")
    os.replace(temporary, path)


def identifiability_check(free: Sequence[FreeParameter], truth: Sequence[float], executor: Executor, *,
                          budget: int, replications: int, master_seed: int, base: dict,
                          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Generate targets from the model at ``truth``, calibrate, return (truth, recovered).

    With common random numbers the objective (without the stylised-fact penalty, which is about
    the real world) is exactly zero at the truth, so a search that recovers it shows the free
    parameters are identified by the targets.
    """
    from convergence.calibration.targets import load_targets

    targets = load_targets()
    generator = Evaluator(targets, free, executor, replications, master_seed, base=base)
    truth = np.asarray(truth, float)
    specs = [RunSpec(point=0, replication=r, seed=run_seed(master_seed, 0, r), parameters=generator.parameters(truth),
                     end=CALIBRATION_END, scenario="identifiability") for r in range(replications)]
    tables = [outcome.table.drop(columns="point") for outcome in executor.run(specs, generator.reducer)]
    synthetic = summarize_statistics(tables)          # unscaled: the truth's own revenue is the scale
    targets = targets.copy()
    targets["observed"] = synthetic.loc[targets.model_output, "mean"].to_numpy()
    targets = targets[targets.observed.abs() > 1e-9]
    evaluator = Evaluator(targets, free, executor, replications, master_seed, base=base, fact_penalty=0.0)
    result = calibrate(evaluator, budget, seed)
    recovered = np.array([result.parameters[p.name] for p in free])
    return truth, recovered
