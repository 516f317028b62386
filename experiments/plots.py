"""Plot functions: take tidy tables, return matplotlib Figures (the commands call these too).

Every line has a colour and a line style (readable in greyscale), every axis a unit, every
figure a footnote naming its scenarios and replications. A scenario keeps the same style in
every figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from convergence.experiments.catalog import KEY_VIEWS, MetricView, band  # noqa: E402

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
    return _footnoted(figure, table, "Lines: mean; bands: 5th-95th percentile across replications", top=0.93)


def sensitivity_figure(indices: pd.DataFrame, title: str) -> Figure:
    """Bar plot of sensitivity indices with confidence intervals as error bars.

    Sobol: first-order (S1) and total (ST) index per factor; Morris: mu* per factor.
    """
    single = indices[~indices.factor.str.contains(" x ")]
    figure, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(single) + 2), 4.8))
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
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return figure


def _footnoted(figure: Figure, table: pd.DataFrame, extra: str = "", top: float = 1.0) -> Figure:
    """Add the wrapped footnote (scenarios, replications, how to read) and lay out the figure."""
    text = footnote(table) + (". " + extra if extra else ".")
    lines = textwrap.wrap(text, width=int(figure.get_figwidth() * 17))
    figure.text(0.01, 0.005, "\n".join(lines), fontsize=7, color="dimgrey", va="bottom")
    figure.tight_layout(rect=(0, 0.012 + 0.032 * len(lines) * 4.2 / figure.get_figheight(), 1, top))
    return figure


def metric_figure(table: pd.DataFrame, view: MetricView, events: Sequence[tuple[str, str]] = ()) -> Figure:
    """One metric over time: mean and 90% band per scenario, policy changes marked."""
    figure, ax = plt.subplots(figsize=(7.5, 4.2))
    plot_time_series(ax, table, view, events)
    ax.legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Lines: mean; bands: 5th-95th percentile across replications; "
                                     "dotted verticals: scripted policy changes")


def difference_figure(differences: pd.DataFrame, table: pd.DataFrame, view: MetricView, baseline: str) -> Figure:
    """Difference of each scenario from the baseline over time, with its 90% confidence band."""
    figure, ax = plt.subplots(figsize=(7.5, 4.2))
    scenarios = list(dict.fromkeys(table.scenario))
    quarters = list(dict.fromkeys(table.sort_values("step").quarter))
    for name, rows in differences.groupby("scenario", sort=False):
        rows = rows.sort_values("step")
        style = scenario_style(name, scenarios)
        ax.fill_between(rows.step, rows.low, rows.high, color=style["color"], alpha=0.15, linewidth=0)
        ax.plot(rows.step, rows["mean"], label=f"{name} - {baseline}", **style)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title(f"{view.title}: difference from {baseline}", fontsize=9)
    ax.set_ylabel(f"difference, {view.unit}")
    _quarter_axis(ax, quarters)
    ax.legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Bands: 90% confidence interval of the mean difference "
                                     "(paired by replication seed where seeds are shared)")


def final_distribution_figure(finals: dict[str, pd.DataFrame], views: Sequence[MetricView], table: pd.DataFrame,
                              year: int) -> Figure:
    """Distribution across replications of each metric's value in ``year``, per scenario."""
    columns = min(3, len(views))
    rows = -(-len(views) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4.4 * columns, 3.4 * rows), squeeze=False)
    scenarios = list(dict.fromkeys(table.scenario))
    for ax, view in zip(axes.flat, views):
        values = finals[view.key]
        data = [values[values.scenario == name].value.to_numpy() for name in scenarios]
        boxes = ax.boxplot(data, patch_artist=True, widths=0.6)
        for patch, name in zip(boxes["boxes"], scenarios):
            style = scenario_style(name, scenarios)
            patch.set(facecolor=style["color"], alpha=0.35, linestyle=style["linestyle"])
        for i, points in enumerate(data, start=1):
            ax.plot(np.full(len(points), i), points, "k.", markersize=3)
        ax.set_xticks(range(1, len(scenarios) + 1), scenarios, rotation=30, ha="right", fontsize=7)
        ax.set_title(f"{view.title}, {year}", fontsize=9)
        ax.set_ylabel(view.unit)
    for ax in axes.flat[len(views):]:
        ax.set_visible(False)
    return _footnoted(figure, table, f"Boxes: quartiles across replications; dots: replications; {year} means")


ORIGIN_STYLE = {"CN": ("#8c1c13", "xx"), "US": ("#1f4e79", ".."), "other": ("#c9c9c9", "")}


def market_share_figure(table: pd.DataFrame, scenario: str) -> Figure:
    """Market share by firm origin (China, U.S., other) per region and sector, stacked areas."""
    from convergence.model.dimensions import REGIONS, SECTORS

    rows = table[(table.scenario == scenario) & (table.metric == "market_share") & (table.firm == "")
                 & (table.origin != "")]
    means = rows.groupby(["region", "sector", "origin", "step"]).value.mean()
    quarters = list(dict.fromkeys(table.sort_values("step").quarter))
    figure, axes = plt.subplots(len(REGIONS), len(SECTORS), figsize=(2.3 * len(SECTORS), 2.0 * len(REGIONS)),
                                sharex=True, sharey=True)
    for i, region in enumerate(REGIONS):
        for j, sector in enumerate(SECTORS):
            ax = axes[i, j]
            series = []
            for origin in ORIGIN_STYLE:
                key = (region, sector, origin)
                series.append(means.loc[key] if key in means.index else pd.Series(dtype=float))
            steps = sorted(set().union(*(s.index for s in series)))
            if steps:
                stacks = ax.stackplot(steps, *[s.reindex(steps, fill_value=0).to_numpy() for s in series],
                                      colors=[c for c, _ in ORIGIN_STYLE.values()], labels=list(ORIGIN_STYLE))
                for stack, (_, hatch) in zip(stacks, ORIGIN_STYLE.values()):
                    stack.set_hatch(hatch)
                    stack.set_edgecolor("white")
            if i == 0:
                ax.set_title(sector.replace("_", " "), fontsize=8)
            if j == 0:
                ax.set_ylabel(f"{region}\nshare of users", fontsize=8)
            ax.set_ylim(0, 1)
            first_year = int(quarters[0][:4])
            ticks = [k for k, q in enumerate(quarters) if q.endswith("Q1") and (int(q[:4]) - first_year) % 5 == 0]
            ax.set_xticks(ticks, [quarters[k][:4] for k in ticks], fontsize=7)
            ax.tick_params(labelsize=7)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    figure.suptitle(f"Market share by firm origin, {scenario} (mean across replications)", fontsize=10)
    figure.legend(handles, [f"firms from {label}" for label in labels], loc="upper center", ncol=3,
                  frameon=False, bbox_to_anchor=(0.5, 0.965))
    _footnoted(figure, table[table.scenario == scenario], top=0.93)
    return figure


def convergence_figure(table: pd.DataFrame, events: Sequence[tuple[str, str]] = ()) -> Figure:
    """Convergence index and knowledge flows in both directions, per scenario."""
    from convergence.experiments.catalog import VIEWS_BY_KEY

    figure, axes = plt.subplots(1, 3, figsize=(14, 4.0))
    for ax, key in zip(axes, ("convergence_index", "knowledge_flow_cn_us", "knowledge_flow_us_cn")):
        plot_time_series(ax, table, VIEWS_BY_KEY[key], events)
    axes[0].legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Lines: mean; bands: 5th-95th percentile across replications")


def sweep_heatmap_figure(values: pd.DataFrame, x: str, y: str, metric: str, unit: str) -> Figure:
    """Mean of a sweep's metric over two factors (averaged over replications and other factors)."""
    grid = values.groupby([y, x]).value.mean().unstack(x).sort_index(ascending=False)
    figure, ax = plt.subplots(figsize=(6.5, 5.0))
    image = ax.imshow(grid.to_numpy(), cmap="viridis", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns], fontsize=8)
    ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index], fontsize=8)
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=7,
                color="white" if value < np.nanmean(grid.to_numpy()) else "black")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    figure.colorbar(image, ax=ax, label=f"{metric} ({unit})")
    ax.set_title(f"{metric}: mean over replications", fontsize=9)
    figure.tight_layout()
    return figure


def sweep_line_figure(values: pd.DataFrame, x: str, metric: str, unit: str) -> Figure:
    """A sweep's metric against one factor: mean and 5-95% band across runs at each level."""
    stats = values.groupby(x).value.agg(mean="mean", low=lambda v: v.quantile(0.05),
                                        high=lambda v: v.quantile(0.95)).reset_index()
    figure, ax = plt.subplots(figsize=(6.5, 4.0))
    ax.fill_between(stats[x], stats.low, stats.high, color="0.6", alpha=0.3, linewidth=0,
                    label="5th-95th percentile")
    ax.plot(stats[x], stats["mean"], "k-o", markersize=3, label="mean")
    ax.set_xlabel(x)
    ax.set_ylabel(f"{metric} ({unit})")
    ax.set_title(f"{metric} against {x}", fontsize=9)
    ax.legend(frameon=False, fontsize=8)
    figure.tight_layout()
    return figure
