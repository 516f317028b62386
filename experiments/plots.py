"""Plot functions: take tidy tables, return matplotlib Figures (the commands call these too).

Every line has a colour and a line style (readable in greyscale), every axis a unit, every
figure a footnote naming its scenarios and replications. A scenario keeps the same style in
every figure.
"""

from __future__ import annotations

from typing import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from experiments.catalog import KEY_VIEWS, MetricView, band  # noqa: E402

SHIPPED_ORDER = ("baseline", "strict_localization", "open_flows", "ict_localization_push",
                 "us_reciprocity", "decoupling", "convergence_deal")
COLOURS = ("#000000", "#d62728", "#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#2ca02c", "#e377c2",
           "#17becf", "#7f7f7f")
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)))


def scenario_style(name: str, others: Sequence[str] = ()) -> dict[str, object]:
    """Colour and line style of a scenario: fixed for shipped scenarios, then by order."""
    if name in SHIPPED_ORDER:
        index = SHIPPED_ORDER.index(name)
    else:
        extra = sorted(n for n in others if n not in SHIPPED_ORDER)
        index = len(SHIPPED_ORDER) + (extra.index(name) if name in extra else 0)
    return {"color": COLOURS[index % len(COLOURS)], "linestyle": LINE_STYLES[index % len(LINE_STYLES)]}


def footnote(table: pd.DataFrame) -> str:
    """'Scenarios: a (R replications), b (...)' for a figure's footnote."""
    counts = table.groupby("scenario", sort=False).replication.nunique()
    return "Scenarios: " + ", ".join(f"{name} ({count} replications)" for name, count in counts.items())


def _quarter_axis(ax: plt.Axes, quarters: Sequence[str]) -> None:
    ticks = [i for i, q in enumerate(quarters) if q.endswith("Q1") and int(q[:4]) % 2 == 1]
    ax.set_xticks(ticks, [quarters[i][:4] for i in ticks], rotation=0)
    ax.set_xlabel("quarter (tick = Q1 of the year)")


def plot_time_series(ax: plt.Axes, table: pd.DataFrame, view: MetricView,
                     events: Sequence[tuple[str, str]] = ()) -> None:
    """Mean and 90% band (5th-95th percentile across replications) per scenario on ``ax``."""
    rows = view.select(table)
    stats = band(rows, ["scenario", "step", "quarter"])
    scenarios = list(dict.fromkeys(table.scenario))
    quarters = list(dict.fromkeys(table.sort_values("step").quarter))
    for name in scenarios:
        mine = stats[stats.scenario == name].sort_values("step")
        if mine.empty:
            continue
        style = scenario_style(name, scenarios)
        ax.fill_between(mine.step, mine.low, mine.high, color=style["color"], alpha=0.15, linewidth=0)
        ax.plot(mine.step, mine["mean"], label=name, **style)
    for quarter, label in events:
        if quarter in quarters:
            ax.axvline(quarters.index(quarter), color="grey", linewidth=0.8, linestyle=":")
            ax.annotate(label, (quarters.index(quarter), 1.0), xycoords=("data", "axes fraction"),
                        fontsize=6, rotation=90, va="top", ha="right", color="dimgrey")
    ax.set_title(view.title, fontsize=9)
    ax.set_ylabel(view.unit)
    _quarter_axis(ax, quarters)


def summary_figure(table: pd.DataFrame, views: Sequence[MetricView] = KEY_VIEWS[:6]) -> Figure:
    """Key metrics over time (mean and 90% band) for the scenarios in ``table``."""
    columns = 3
    rows = -(-len(views) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), squeeze=False)
    for ax, view in zip(axes.flat, views):
        plot_time_series(ax, table, view)
    for ax in axes.flat[len(views):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=min(len(labels), 4), frameon=False)
    figure.text(0.01, 0.005, footnote(table) + ". Lines: mean; bands: 5th-95th percentile.",
                fontsize=7, color="dimgrey")
    figure.tight_layout(rect=(0, 0.03, 1, 0.93))
    return figure


def sensitivity_figure(indices: pd.DataFrame, title: str) -> Figure:
    """Bar plot of sensitivity indices with confidence intervals as error bars.

    Sobol: first-order (S1) and total (ST) index per factor; Morris: mu* per factor.
    """
    single = indices[~indices.factor.str.contains(" x ")]
    figure, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(single) + 2), 3.6))
    positions = range(len(single))
    if (single.method == "sobol").all():
        width = 0.38
        ax.bar([p - width / 2 for p in positions], single.S1, width, yerr=single.S1_conf, capsize=3,
               color="0.35", label="first order (S1)")
        ax.bar([p + width / 2 for p in positions], single.ST, width, yerr=single.ST_conf, capsize=3,
               color="0.75", hatch="//", edgecolor="0.3", label="total (ST)")
        ax.set_ylabel("Sobol index (share of output variance)")
    else:
        ax.bar(list(positions), single.mu_star, yerr=single.mu_star_conf, capsize=3, color="0.45",
               label="mu* (mean absolute elementary effect)")
        ax.set_ylabel("mu* (units of the metric)")
    ax.set_xticks(list(positions), single.factor, rotation=30, ha="right", fontsize=8)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title, fontsize=9)
    figure.text(0.01, 0.01, "Error bars: 95% confidence intervals (bootstrap, SALib).", fontsize=7,
                color="dimgrey")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    return figure
