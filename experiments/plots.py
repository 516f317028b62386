"""Plot functions: take tidy tables, return matplotlib Figures (the commands call these too).

Every line has a colour and a line style (readable in greyscale), every axis a unit, every
figure a footnote naming its scenarios and replications. A scenario keeps the same style in
every figure. Text is written from :mod:`convergence.model.labels` (display names, never the
table's identifiers); value axes of quantities that cannot be negative start at 0, and an axis
that does not is marked as such.
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
from convergence.model.dimensions import REGIONS, SECTORS  # noqa: E402
from convergence.model.labels import (  # noqa: E402
    metric_label,
    origin_name,
    parameter_label,
    region_name,
    scenario_name,
    sector_name,
)

matplotlib.rcParams["svg.fonttype"] = "none"      # SVG text stays text: selectable, searchable, measurable

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
    return "Scenarios: " + ", ".join(f"{scenario_name(name)} ({count} replications)" for name, count in counts.items())


def _quarter_axis(ax: plt.Axes, quarters: Sequence[str], most_ticks: int = 6) -> None:
    """Year ticks at Q1, spaced so at most ``most_ticks`` labels fit (every 1, 2, 5 or 10 years)."""
    years = sorted({int(q[:4]) for q in quarters if q.endswith("Q1")})
    spacing = next((step for step in (1, 2, 5, 10) if len(years) / step <= most_ticks), 20)
    ticks = [i for i, q in enumerate(quarters) if q.endswith("Q1") and (int(q[:4]) - years[0]) % spacing == 0]
    ax.set_xticks(ticks, [quarters[i][:4] for i in ticks], rotation=0)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("year (tick at the first quarter)", fontsize=8)


def value_axis(ax: plt.Axes, view: MetricView) -> None:
    """Start the value axis at 0 for quantities that cannot be negative; otherwise, where the
    axis leaves 0 out, say so on the axis."""
    low, high = ax.get_ylim()
    if view.starts_at_zero and ax.dataLim.y0 >= 0:
        ax.set_ylim(0, high if high > 0 else 1)
    elif low > 0 or high < 0:
        ax.text(0.005, 0.005, "axis does not start at 0", transform=ax.transAxes, fontsize=7,
                style="italic", color="dimgrey", va="bottom")


def mark_policy_changes(ax: plt.Axes, quarters: Sequence[str], events: Sequence[tuple[str, str]]) -> None:
    """Dotted verticals at the scripted policy changes, each labelled with what changed."""
    for quarter, label in events:
        if quarter in quarters:
            ax.axvline(quarters.index(quarter), color="grey", linewidth=0.8, linestyle=":")
            ax.annotate(textwrap.fill(label, 50), (quarters.index(quarter), 0.98), xycoords=("data", "axes fraction"),
                        fontsize=7, rotation=90, va="top", ha="right", color="dimgrey")


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
        ax.plot(mine.step, mine["mean"], label=scenario_name(name), **style)
    mark_policy_changes(ax, quarters, events)
    ax.set_title(textwrap.fill(view.title, 48), fontsize=9)
    ax.set_ylabel(view.unit, fontsize=8)
    _quarter_axis(ax, quarters)
    value_axis(ax, view)


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


def sensitivity_figure(indices: pd.DataFrame, title: str, warnings: Sequence[str] = ()) -> Figure:
    """Bar plot of sensitivity indices with confidence intervals as error bars.

    Sobol: first-order (S1) and total (ST) index per factor; Morris: mu* per factor.
    ``warnings`` (a sample too small for the intervals to mean much) are printed on the figure.
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
    ax.set_xticks(list(positions), [textwrap.fill(parameter_label(factor).name, 24) for factor in single.factor],
                  rotation=30, ha="right", fontsize=8)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title, fontsize=9)
    note = "Error bars: 95% confidence intervals (bootstrap, SALib)."
    if warnings:
        note += " Warning: " + "; ".join(warnings) + "."
    lines = textwrap.wrap(note, int(figure.get_figwidth() * 15))
    figure.text(0.01, 0.01, "\n".join(lines), fontsize=7, color="firebrick" if warnings else "dimgrey")
    figure.tight_layout(rect=(0, 0.03 + 0.035 * len(lines), 1, 1))
    return figure


def _footnoted(figure: Figure, table: pd.DataFrame, extra: str = "", top: float = 1.0) -> Figure:
    """Add the wrapped footnote (scenarios, replications, how to read) and lay out the figure."""
    text = footnote(table) + (". " + extra if extra else ".")
    lines = textwrap.wrap(text, width=int(figure.get_figwidth() * 15))
    figure.text(0.01, 0.005, "\n".join(lines), fontsize=8, color="dimgrey", va="bottom")
    figure.tight_layout(rect=(0, 0.014 + 0.037 * len(lines) * 4.2 / figure.get_figheight(), 1, top))
    return figure


def metric_figure(table: pd.DataFrame, view: MetricView, events: Sequence[tuple[str, str]] = ()) -> Figure:
    """One metric over time: mean and 90% band per scenario, policy changes marked."""
    figure, ax = plt.subplots(figsize=(7.5, 4.2))
    plot_time_series(ax, table, view, events)
    ax.legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Lines: mean; bands: 5th-95th percentile across replications; "
                                     "dotted verticals: scripted policy changes")


def difference_figure(differences: pd.DataFrame, table: pd.DataFrame, view: MetricView, baseline: str,
                      events: Sequence[tuple[str, str]] = ()) -> Figure:
    """Difference of each scenario from the baseline over time, with its 90% confidence band."""
    figure, ax = plt.subplots(figsize=(7.5, 4.2))
    scenarios = list(dict.fromkeys(table.scenario))
    quarters = list(dict.fromkeys(table.sort_values("step").quarter))
    for name, rows in differences.groupby("scenario", sort=False):
        rows = rows.sort_values("step")
        style = scenario_style(name, scenarios)
        ax.fill_between(rows.step, rows.low, rows.high, color=style["color"], alpha=0.15, linewidth=0)
        ax.plot(rows.step, rows["mean"], label=f"{scenario_name(name)} minus {scenario_name(baseline)}", **style)
    ax.axhline(0, color="black", linewidth=0.8)
    mark_policy_changes(ax, quarters, events)
    ax.set_title(f"{view.title}: difference from {scenario_name(baseline)}", fontsize=9)
    ax.set_ylabel(f"difference, {view.unit}", fontsize=8)
    _quarter_axis(ax, quarters)
    ax.legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Bands: 90% confidence interval of the mean difference "
                                     "(paired by replication seed where seeds are shared)")


def final_distribution_figure(finals: dict[str, pd.DataFrame], views: Sequence[MetricView], table: pd.DataFrame,
                              period: str) -> Figure:
    """Distribution across replications of each metric's final value (``period`` in words, e.g.
    ``2030 (mean of 2030Q1-2030Q4)``), per scenario."""
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
        ax.set_xticks(range(1, len(scenarios) + 1), [scenario_name(n) for n in scenarios], rotation=30, ha="right",
                      fontsize=8)
        ax.set_title(textwrap.fill(view.title, 45), fontsize=9)
        ax.set_ylabel(view.unit, fontsize=8)
        value_axis(ax, view)
    for ax in axes.flat[len(views):]:
        ax.set_visible(False)
    return _footnoted(figure, table, f"Final values: {period}. Boxes: quartiles across replications; "
                                     f"dots: replications")


ORIGIN_STYLE = {"CN": ("#8c1c13", "xx"), "US": ("#1f4e79", ".."), "other": ("#c9c9c9", "")}


def market_share_figure(table: pd.DataFrame, scenario: str, region: str) -> Figure:
    """Market share by firm origin (Chinese, U.S., other firms) in each sector of one region,
    stacked areas (one region per figure, so labels stay legible in a browser)."""
    rows = table[(table.scenario == scenario) & (table.metric == "market_share") & (table.firm == "")
                 & (table.origin != "") & (table.region == region) & (table.sector != "")]
    means = rows.groupby(["sector", "origin", "step"]).value.mean()
    quarters = list(dict.fromkeys(table.sort_values("step").quarter))
    columns = 4
    figure, axes = plt.subplots(-(-len(SECTORS) // columns), columns, figsize=(11, 5.8), sharex=True, sharey=True)
    for ax, sector in zip(axes.flat, SECTORS):
        series = [means.loc[(sector, origin)] if (sector, origin) in means.index else pd.Series(dtype=float)
                  for origin in ORIGIN_STYLE]
        steps = sorted(set().union(*(s.index for s in series)))
        if steps:
            stacks = ax.stackplot(steps, *[s.reindex(steps, fill_value=0).to_numpy() for s in series],
                                  colors=[c for c, _ in ORIGIN_STYLE.values()],
                                  labels=[origin_name(origin) for origin in ORIGIN_STYLE])
            for stack, (_, hatch) in zip(stacks, ORIGIN_STYLE.values()):
                stack.set_hatch(hatch)
                stack.set_edgecolor("white")
        else:
            ax.text(0.5, 0.5, "no users", ha="center", va="center", transform=ax.transAxes, fontsize=9)
        ax.set_title(sector_name(sector), fontsize=10)
        ax.set_ylim(0, 1)
        _quarter_axis(ax, quarters, most_ticks=4)
        ax.set_xlabel("")
        ax.tick_params(labelsize=9)
    for ax in axes[:, 0]:
        ax.set_ylabel("share of users", fontsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    figure.suptitle(f"Market share by firm origin in {region_name(region, in_sentence=True)}, "
                    f"{scenario_name(scenario)} (mean across replications)", fontsize=11)
    figure.legend(handles, labels, loc="upper center", ncol=3, frameon=False, fontsize=9,
                  bbox_to_anchor=(0.5, 0.955))
    _footnoted(figure, table[table.scenario == scenario], "Year ticks at the first quarter", top=0.9)
    return figure


def market_share_regions(table: pd.DataFrame) -> list[str]:
    """The region codes that have market-share rows, in the model's order."""
    present = set(table.region[table.metric == "market_share"])
    return [region for region in REGIONS if region in present]


def convergence_figure(table: pd.DataFrame, events: Sequence[tuple[str, str]] = ()) -> Figure:
    """Convergence index and knowledge flows in both directions, per scenario."""
    from convergence.experiments.catalog import VIEWS_BY_KEY

    figure, axes = plt.subplots(1, 3, figsize=(12, 4.4))
    for ax, key in zip(axes, ("convergence_index", "knowledge_flow_cn_us", "knowledge_flow_us_cn")):
        plot_time_series(ax, table, VIEWS_BY_KEY[key], events)
    axes[0].legend(frameon=False, fontsize=8)
    return _footnoted(figure, table, "Lines: mean; bands: 5th-95th percentile across replications")


def _factor_ticks(values: Sequence[float]) -> list[str]:
    return [f"{v:g}" for v in values]


def sweep_heatmap_figure(values: pd.DataFrame, x: str, y: str, metric: str, kept: str) -> Figure:
    """Mean of a sweep's metric over two factors, each cell with the 90% confidence interval of
    its mean across runs (replications, and other factors' values if any). ``kept`` says what
    each run contributes (e.g. ``mean over 2026Q1-2030Q4``)."""
    grouped = values.groupby([y, x]).value
    mean = grouped.mean().unstack(x).sort_index(ascending=False)
    half = (_half_interval(grouped)).unstack(x).reindex(index=mean.index, columns=mean.columns)
    runs = grouped.size()
    quantity, factor_x, factor_y = metric_label(metric), parameter_label(x), parameter_label(y)
    figure, ax = plt.subplots(figsize=(7.5, 5.8))
    image = ax.imshow(mean.to_numpy(), cmap="viridis", aspect="auto")
    ax.set_xticks(range(mean.shape[1]), _factor_ticks(mean.columns), fontsize=8)
    ax.set_yticks(range(mean.shape[0]), _factor_ticks(mean.index), fontsize=8)
    middle = np.nanmean(mean.to_numpy())
    for (i, j), value in np.ndenumerate(mean.to_numpy()):
        ax.text(j, i, f"{value:.3g}\n\u00b1{half.to_numpy()[i, j]:.2g}", ha="center", va="center", fontsize=7,
                color="white" if value < middle else "black")
    ax.set_xlabel(textwrap.fill(factor_x.axis, 60), fontsize=9)
    ax.set_ylabel(textwrap.fill(factor_y.axis, 45), fontsize=9)
    figure.colorbar(image, ax=ax).set_label(textwrap.fill(f"{quantity.name} [{quantity.unit}]", 50), fontsize=8)
    ax.set_title(textwrap.fill(f"{quantity.name}, {kept}", 70), fontsize=9)
    figure.text(0.01, 0.01, textwrap.fill(
        f"Cells: mean over {runs.min()}-{runs.max()} runs (replications and the other factors' values); "
        f"\u00b1: half-width of its 90% confidence interval.", 110), fontsize=7, color="dimgrey", va="bottom")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return figure


def _half_interval(grouped: pd.core.groupby.SeriesGroupBy) -> pd.Series:
    """Half-width of the 90% t confidence interval of each group's mean (0 for a single run)."""
    from scipy import stats

    count, sem = grouped.size(), grouped.sem().fillna(0.0)
    return sem * stats.t.ppf(0.95, np.maximum(count - 1, 1))


def sweep_line_figure(values: pd.DataFrame, x: str, metric: str, kept: str, by: str | None = None) -> Figure:
    """A sweep's metric against one factor: mean and 90% confidence band of the mean at each
    level, one line per level of the factor ``by`` (when given), else pooled over the other
    factors (the footnote says which)."""
    quantity, factor_x = metric_label(metric), parameter_label(x)
    figure, ax = plt.subplots(figsize=(7.5, 4.6))
    groups = [(None, values)] if by is None else list(values.groupby(by))
    for index, (level, rows) in enumerate(groups):
        grouped = rows.groupby(x).value
        mean, half = grouped.mean(), _half_interval(grouped)
        style = {"color": COLOURS[index % len(COLOURS)], "linestyle": LINE_STYLES[index % len(LINE_STYLES)]}
        label = "mean" if by is None else f"{parameter_label(by).name} = {level:g}"
        ax.fill_between(mean.index, mean - half, mean + half, color=style["color"], alpha=0.15, linewidth=0)
        ax.plot(mean.index, mean, marker="o", markersize=3, label=label, **style)
    ax.set_xlabel(textwrap.fill(factor_x.axis, 70), fontsize=9)
    ax.set_ylabel(textwrap.fill(f"{quantity.name} [{quantity.unit}]", 45), fontsize=9)
    ax.set_title(textwrap.fill(f"{quantity.name} against {factor_x.name}, {kept}", 80), fontsize=9)
    ax.legend(frameon=False, fontsize=8)
    pooled = ("one line per level of the second factor" if by is not None
              else "pooled over every other factor of the sweep")
    figure.text(0.01, 0.01, f"Bands: 90% confidence interval of the mean across runs; {pooled}.", fontsize=7,
                color="dimgrey", va="bottom")
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return figure
