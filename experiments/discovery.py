"""Scenario discovery on a sweep: which factor ranges lead to an outcome of interest?

Each run of the sweep is a case: its design values (levers and uncertainties) and whether its
kept value of a metric lies below (or above) a threshold. EMA Workbench's PRIM
(:class:`ema_workbench.analysis.prim.Prim`) peels the factor space to a box that holds many of
those cases (coverage) and few others (density); extra-trees feature scores
(:func:`ema_workbench.analysis.feature_scoring.get_ex_feature_scores`) rank every factor at one
look. Needs the ``ema`` extra (``pip install "convergence[ema]"``).
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")                      # PRIM's plots must not need a display

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from convergence.experiments.sweeps import SweepError, kept_values, load_sweep, read_manifest  # noqa: E402
from convergence.model.errors import ConvergenceError  # noqa: E402

INSTALL_HINT = 'pip install "convergence[ema]" (or pip install ema_workbench)'


class MissingExtraError(ConvergenceError):
    """An optional dependency (an extra) that a command needs is not installed."""


@dataclass(frozen=True)
class Discovery:
    """What PRIM found: the chosen box's limits and statistics, the whole peeling trajectory,
    the feature scores, and the figures (peeling trajectory, box)."""

    metric: str
    condition: str
    cases: int
    of_interest: int
    box: pd.DataFrame
    trajectory: pd.DataFrame
    feature_scores: pd.DataFrame
    trajectory_figure: Figure
    box_figure: Figure

    def report_section(self, figure_html) -> str:
        """An HTML section for ``report.html`` (``figure_html`` turns a figure into inline markup,
        e.g. :func:`convergence.experiments.report.inline_svg`)."""
        stats = self.box.iloc[0]
        return "".join([
            f"<h2>Scenario discovery: {html.escape(self.metric)} {html.escape(self.condition)}</h2>",
            f"<p>{self.of_interest} of {self.cases} runs have {html.escape(self.metric)} "
            f"{html.escape(self.condition)}. PRIM (EMA Workbench) chose box {int(stats.box)}: coverage "
            f"{stats.coverage:.2f} (share of those runs inside it), density {stats.density:.2f} (share of the "
            f"runs inside it that are of interest), mass {stats['mass']:.2f} (share of all runs inside it).</p>",
            self.box.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep=""),
            f"<figure>{figure_html(self.box_figure)}<figcaption>Box limits (restricted "
            f"factors) against each factor's range.</figcaption></figure>",
            f"<figure>{figure_html(self.trajectory_figure)}<figcaption>Peeling "
            f"trajectory: coverage against density of each box; colour = restricted factors.</figcaption>"
            f"</figure><h3>Feature scores (extra trees)</h3>",
            self.feature_scores.to_html(index=False, float_format=lambda v: f"{v:.3f}"),
        ])


def _ema_analysis():
    """EMA Workbench's PRIM and feature scoring, or a one-line error saying how to install them."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")              # "ipyparallel not installed" on import
            from ema_workbench.analysis import feature_scoring, prim
    except ImportError:
        raise MissingExtraError("scenario discovery needs EMA Workbench, which is not installed",
                                key="ema_workbench", allowed=INSTALL_HINT) from None
    return prim, feature_scoring


def cases(directory: str | Path, metric: str) -> tuple[pd.DataFrame, pd.Series]:
    """Each run's design values (factor columns) and its kept value of ``metric``."""
    manifest = read_manifest(directory)
    factors = [factor["name"] for factor in manifest.get("factors", [])]
    if not factors:
        raise SweepError(f"the manifest of '{directory}' lists no factors", key=str(directory),
                         allowed="a sweep written by this version of `convergence sweep`")
    rows = kept_values(load_sweep(directory), metric).reset_index(drop=True)
    return rows[factors], rows.value


def discover(directory: str | Path, metric: str, below: float | None = None, above: float | None = None,
             threshold: float = 0.8) -> Discovery:
    """Run PRIM on a sweep for runs with ``metric`` below ``below`` (or above ``above``).

    The box reported is the one of widest coverage whose density is at least ``threshold``
    (the densest box if none reaches it).
    """
    if (below is None) == (above is None):
        raise ConvergenceError("give one of --below or --above", key="--below/--above",
                               allowed="a threshold on the metric, e.g. --below 0.6")
    if not 0.0 < threshold <= 1.0:
        raise ConvergenceError(f"--threshold must be in (0, 1], got {threshold}", key="--threshold",
                               allowed="a density between 0 and 1")
    prim, feature_scoring = _ema_analysis()
    x, values = cases(directory, metric)
    condition = f"below {below:g}" if below is not None else f"above {above:g}"
    y = (values < below if below is not None else values > above).to_numpy()
    if not 0 < y.sum() < len(y):
        raise ConvergenceError(f"{int(y.sum())} of {len(y)} runs have {metric} {condition}; PRIM needs some "
                               f"runs on each side", key="--below" if below is not None else "--above",
                               allowed=f"a threshold between {values.min():.4g} and {values.max():.4g}")
    x = x.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, y, peel_alpha=0.05, mass_min=0.05)
        box = finder.find_box()
        trajectory = box.peeling_trajectory.copy()
        dense = trajectory[trajectory.density >= threshold]
        chosen = int(dense.coverage.idxmax() if len(dense) else trajectory.density.idxmax())
        stats, limits = box.inspect(chosen, style="data")[0]
        box_figure = box.inspect(chosen, style="graph")[0]
        box_figure = box_figure if isinstance(box_figure, Figure) else box_figure.figure
        trajectory_figure = box.show_tradeoff()
        scores = feature_scoring.get_ex_feature_scores(x, y, random_state=0)[0]
    limits.columns = ["min", "max", "qp_lower", "qp_upper"]
    table = limits.reset_index(names="factor").assign(
        box=chosen, coverage=stats.coverage, density=stats.density, mass=stats["mass"],
        restricted_dimensions=int(stats.res_dim))
    table = table[["box", "coverage", "density", "mass", "restricted_dimensions", "factor", "min", "max",
                   "qp_lower", "qp_upper"]]
    feature_scores = scores.reset_index().set_axis(["factor", "score"], axis=1)
    return Discovery(metric=metric, condition=condition, cases=len(y), of_interest=int(np.sum(y)), box=table,
                     trajectory=trajectory, feature_scores=feature_scores, trajectory_figure=trajectory_figure,
                     box_figure=box_figure)
