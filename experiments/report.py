"""``report.html``: the comparison as a brief a policymaker can be handed, in one self-contained file.

A title, the key differences in words (generated from the comparison table, each with its 90%
confidence interval and the period it summarises), a table of contents, one section per
question (market share, convergence, data flows, welfare) with its table and figures, the
scenarios and their policy changes, how to read the numbers, and the provenance at the end.
Figures are inline SVG (text stays text: sharp at any zoom, searchable), sized to be read in a
browser window 1400 px wide; nothing is fetched from outside the file.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from convergence.experiments.catalog import QUESTIONS, VIEWS_BY_KEY
from convergence.experiments.compare import CONFIDENCE, PAIRING, ScenarioRun, policy_changes
from convergence.experiments.welfare import WELFARE_TITLE
from convergence.model.labels import origin_name, region_name, scenario_name

PIXELS_PER_INCH = 130
"""Figures are shown at this many CSS pixels per inch of figure (capped at the column width),
so an 8-point label is drawn about 14 px tall."""

STYLE = """
body { font-family: Georgia, serif; margin: 0; color: #222; line-height: 1.5; font-size: 17px; }
nav { position: fixed; top: 0; left: 0; width: 230px; height: 100vh; overflow-y: auto; padding: 1.5em 1em;
      box-sizing: border-box; background: #f4f4f2; font-family: Helvetica, Arial, sans-serif; font-size: 14px; }
nav ol { padding-left: 1.2em; } nav a { color: #1f4e79; text-decoration: none; }
main { margin-left: 250px; max-width: 1120px; padding: 1em 1.5em 4em; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; } h1 { font-size: 1.8em; margin-bottom: 0.2em; }
.subtitle { color: #555; margin-top: 0; }
.findings { background: #f7f7f2; border-left: 4px solid #1f4e79; padding: 0.6em 1.2em; }
.findings li { margin: 0.4em 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; }
caption { text-align: left; font-style: italic; color: #555; padding-bottom: 0.3em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.3em 0.7em; text-align: right; vertical-align: top; }
th { background: #f0f0f0; } .text { text-align: left; }
figure { margin: 1.8em 0; } figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
blockquote { color: #555; border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.75em; }
"""


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the comparison: file stem, caption, the report section (a key of
    :data:`QUESTIONS`, or ``summary``) and the figure as an inline ``<svg>`` element
    (:func:`inline_svg`)."""

    stem: str
    caption: str
    section: str
    svg: str


def inline_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element that fills the column, at most
    :data:`PIXELS_PER_INCH` px per inch of figure wide."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    width = round(figure.get_figwidth() * PIXELS_PER_INCH)
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', rf'<svg\1 style="max-width:{width}px"', svg, count=1)


def _number(value: float) -> str:
    """A value with three significant digits, in plain notation where it is readable."""
    return f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"


def _in_sentence(title: str) -> str:
    """A title inside a sentence: first letter lowered unless the first word is a proper adjective or name."""
    first = title.split(" ", 1)[0]
    return title if first in PROPER_WORDS else title[:1].lower() + title[1:]


PROPER_WORDS = ("Chinese", "China", "U.S.", "EU")


def finding(row: pd.Series, baseline: str, year: int) -> str:
    """One sentence on a scenario's difference from the baseline, with its interval: "Decoupling
    lowers cross-border data flows by 0.24 (90% CI 0.23 to 0.25) index (1 = unrestricted) by 2030"."""
    view = VIEWS_BY_KEY.get(row.metric)
    quantity = _in_sentence(view.title if view else row.metric)
    subject = scenario_name(row.scenario).capitalize()
    level = f"{_number(row['mean'] - row.difference)} under {scenario_name(baseline)}, {_number(row['mean'])} here"
    if not row.excludes_zero:
        return (f"{subject}: no clear change in {quantity} by {year}; the difference, {row.difference:+.3g} "
                f"({CONFIDENCE:.0%} CI {_number(row.difference_low)} to {_number(row.difference_high)}) "
                f"{row.unit}, includes zero.")
    verb = "raises" if row.difference > 0 else "lowers"
    low, high = sorted((abs(row.difference_low), abs(row.difference_high)))
    return (f"{subject} {verb} {quantity} by {_number(abs(row.difference))} ({CONFIDENCE:.0%} CI {_number(low)} "
            f"to {_number(high)}) {row.unit} by {year} ({level}).")


def findings(comparison: pd.DataFrame, baseline: str, year: int) -> list[str]:
    """Sentences for every scenario and metric, clear differences first, largest relative change first."""
    rows = comparison[comparison.difference.notna()] if "difference" in comparison else comparison.iloc[0:0]
    if rows.empty:
        return []
    relative = (rows.difference.abs() / (rows["mean"] - rows.difference).abs().clip(lower=1e-12))
    ordered = rows.assign(relative=relative).sort_values(["excludes_zero", "relative"], ascending=[False, False])
    return [finding(row, baseline, year) for _, row in ordered.iterrows()]


def values_table(comparison: pd.DataFrame, keys: Sequence[str], period: str) -> str:
    """The final values of ``keys`` per scenario, with units and the period, as an HTML table."""
    rows = comparison[comparison.metric.isin(keys)]
    if rows.empty:
        return ""
    body = []
    for _, row in rows.iterrows():
        title = VIEWS_BY_KEY[row.metric].title if row.metric in VIEWS_BY_KEY else row.metric
        cells = [f"<td class='text'>{html.escape(title)}</td>", f"<td class='text'>{html.escape(row.unit)}</td>",
                 f"<td class='text'>{html.escape(scenario_name(row.scenario))}</td>",
                 f"<td>{_number(row['mean'])}</td>", f"<td>{_number(row.p05)} to {_number(row.p95)}</td>"]
        if "difference" in rows and pd.notna(row.get("difference")):
            cells += [f"<td>{row.difference:+.3g}</td>",
                      f"<td>{_number(row.difference_low)} to {_number(row.difference_high)}</td>",
                      f"<td class='text'>{'yes' if row.excludes_zero else 'no'}</td>",
                      f"<td class='text'>{html.escape(str(row.pairing))}</td>"]
        else:
            cells += ["<td></td>"] * 4
        body.append("<tr>" + "".join(cells) + "</tr>")
    header = ("<tr><th class='text'>Outcome</th><th class='text'>Unit</th><th class='text'>Scenario</th>"
              "<th>Mean</th><th>5th-95th percentile</th><th>Difference from baseline</th>"
              f"<th>{CONFIDENCE:.0%} confidence interval</th><th class='text'>Excludes zero</th>"
              "<th class='text'>Pairing</th></tr>")
    return (f"<table><caption>Final values, {html.escape(period)}: each replication's mean over the year; mean and "
            f"5th-95th percentile across replications.</caption>{header}{''.join(body)}</table>")


def welfare_html(welfare: pd.DataFrame, period: str) -> str:
    """The welfare table (:func:`convergence.experiments.welfare.welfare_table`) as HTML: per
    scenario, regions then firm origins, each change in USD bn per year with its interval."""
    if welfare.empty:
        return ""

    def change(row: pd.Series, column: str) -> str:
        value = row.get(column)
        if pd.isna(value):
            return "<td></td>"
        return (f"<td>{value:+.3g} <small>({_number(row[f'{column}_low'])} to "
                f"{_number(row[f'{column}_high'])})</small></td>")

    def share(value: float) -> str:
        return "<td></td>" if pd.isna(value) else f"<td>{100 * value:+.2g}%</td>"

    body = []
    for _, row in welfare.iterrows():
        place = region_name(row.region) if row.level == "region" else f"{origin_name(row.origin)}, all markets"
        body.append("<tr>" + "".join([
            f"<td class='text'>{html.escape(scenario_name(row.scenario))}</td>",
            f"<td class='text'>{html.escape(place)}</td>",
            change(row, "consumer_surplus"), change(row, "operating_profit"), change(row, "compliance_cost"),
            change(row, "total"), share(row.get("total_share_of_digital_economy")),
            share(row.get("total_share_of_gdp"))]) + "</tr>")
    header = ("<tr><th class='text'>Scenario</th><th class='text'>Where</th><th>Consumer surplus "
              "(compensating variation)</th><th>Operating profit</th><th>Compliance cost</th>"
              "<th>Consumers + profits</th><th>Share of the digital economy</th><th>Share of GDP</th></tr>")
    return (f"<table><caption>{html.escape(WELFARE_TITLE)}, {html.escape(period)}: USD bn per year, paired mean "
            f"over replications ({CONFIDENCE:.0%} confidence interval). Consumer surplus converts the logit "
            "log-sum with the marginal utility of money (ODD, welfare in money); operating profit is margin x "
            "revenue less fixed and compliance costs, in the region's markets or, by firm origin, in all "
            "markets; the digital economy is the baseline's revenue in the region's modelled markets; GDP is "
            "2013 GDP per person grown at the region's income growth.</caption>"
            f"{header}{''.join(body)}</table>")


def policy_table(runs: Sequence[ScenarioRun]) -> str:
    """Every scripted policy change (quarter, scenarios, lever, value, unit) as an HTML table."""
    changes = policy_changes(runs)
    if changes.empty:
        return "<p>No scripted policy changes.</p>"
    rows = "".join("<tr>" + "".join(f"<td class='text'>{html.escape(str(value))}</td>" for value in row) + "</tr>"
                   for row in changes.itertuples(index=False))
    header = "".join(f"<th class='text'>{name}</th>" for name in ("Quarter", "Scenarios", "Lever", "New value",
                                                                   "Unit"))
    return f"<table><caption>Scripted policy changes (levers in force from the quarter named)</caption>" \
           f"<tr>{header}</tr>{rows}</table>"


def _figure(item: ReportFigure, number: int) -> str:
    return (f"<figure id='{item.stem}'>{item.svg}<figcaption><b>Figure {number}.</b> "
            f"{html.escape(item.caption)}</figcaption></figure>")


def _provenance(runs: Sequence[ScenarioRun], provenance: dict) -> str:
    items = []
    for run in runs:
        manifest = run.manifest
        git = manifest.get("git", {})
        commit = str(git.get("commit", "unknown")) + (" (with uncommitted changes)" if git.get("dirty") else "")
        items.append(f"<li><b>{html.escape(scenario_name(run.name))}</b>: {manifest.get('replications', '?')} "
                     f"replications, master seed {manifest.get('master_seed', '?')}, until {manifest.get('until', '?')}"
                     f"; git commit {html.escape(commit)}; finished "
                     f"{html.escape(str(manifest.get('finished', '?')))}"
                     + (f"; re-run with <code>{html.escape(manifest['rerun'])}</code>" if manifest.get("rerun")
                        else "") + "</li>")
    return ("<p>Model: the Convergence agent-based model (Mesa), calibrated to the figures of the January 2018 "
            "CSIS report on China's digital economy (its Appendix A) and CNNIC user statistics; its description "
            "is docs/ODD.md. The runs compared:</p><ul>" + "".join(items) + "</ul>"
            "<details><summary>Full manifests (scenario files, resolved parameters, seeds, package versions)"
            f"</summary><pre>{html.escape(json.dumps(provenance, indent=2, default=str))}</pre></details>")


def build_report(runs: Sequence[ScenarioRun], baseline: str, comparison: pd.DataFrame,
                 figures: Sequence[ReportFigure], provenance: dict, period: str,
                 welfare: pd.DataFrame | None = None) -> str:
    """The HTML text of the report (``period``: the final period in words, e.g. ``2030 (mean of
    2030Q1-2030Q4)``; ``welfare``: the welfare table, :mod:`convergence.experiments.welfare`)."""
    others = [scenario_name(run.name) for run in runs if run.name != baseline]
    quarters = sorted(set(pd.concat([run.table.quarter for run in runs])))
    year = int(period[:4])
    title = f"{', '.join(others).capitalize() or scenario_name(baseline)} compared with {scenario_name(baseline)}, " \
            f"{quarters[0]}-{quarters[-1]}"
    unpaired = "pairing" in comparison and (comparison.pairing == PAIRING[False]).any()
    replications = sorted({run.table.replication.nunique() for run in runs})
    sections = [("findings", "Key findings"), ("scenarios", "Scenarios and policy changes")]
    sections += [(key, words) for key, words in QUESTIONS.items() if any(f.section == key for f in figures)]
    if welfare is not None and not welfare.empty:
        sections.append(("welfare-money", WELFARE_TITLE))
    sections += [("all-values", "All final values"), ("reading", "How to read the numbers"),
                 ("provenance", "Provenance")]
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width'><title>{html.escape(title)}</title>"
             f"<style>{STYLE}</style></head><body>",
             "<nav><b>Contents</b><ol>" + "".join(f"<li><a href='#{key}'>{html.escape(words)}</a></li>"
                                                   for key, words in sections) + "</ol></nav><main>",
             f"<h1>{html.escape(title)}</h1><p class='subtitle'>Convergence model, "
             f"{' or '.join(map(str, replications))} replications per scenario. Final values are {html.escape(period)}"
             f"; differences carry {CONFIDENCE:.0%} confidence intervals"
             + (" (some differences unpaired: Welch intervals)" if unpaired else "") + ".</p>"]
    sentences = findings(comparison, baseline, year)
    parts.append("<h2 id='findings'>Key findings</h2>")
    parts.append("<ul class='findings'>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>"
                 if sentences else "<p>Only the baseline was run: there is no difference to report.</p>")
    summary = [f for f in figures if f.section == "summary"]
    number = 0
    for item in summary:
        number += 1
        parts.append(_figure(item, number))
    parts.append("<h2 id='scenarios'>Scenarios and policy changes</h2>")
    for run in runs:
        parts.append(f"<h3>{html.escape(scenario_name(run.name))} <small>({run.table.replication.nunique()} "
                     f"replications)</small></h3><p>{html.escape(' '.join(run.description.split()))}</p>")
        if run.report_passage:
            parts.append(f"<blockquote>{html.escape(' '.join(run.report_passage.split()))}</blockquote>")
    parts.append(policy_table(runs))
    for key, words in QUESTIONS.items():
        mine = [f for f in figures if f.section == key]
        if not mine:
            continue
        parts.append(f"<h2 id='{key}'>{html.escape(words)}</h2>")
        parts.append(values_table(comparison, [v.key for v in VIEWS_BY_KEY.values() if v.question == key], period))
        for item in mine:
            number += 1
            parts.append(_figure(item, number))
    if welfare is not None and not welfare.empty:
        parts.append(f"<h2 id='welfare-money'>{html.escape(WELFARE_TITLE)}</h2>" + welfare_html(welfare, period))
    parts.append("<h2 id='all-values'>All final values</h2>")
    parts.append(values_table(comparison, list(comparison.metric.unique()) if not comparison.empty else [], period))
    parts.append(
        "<h2 id='reading'>How to read the numbers</h2><p>Each scenario runs several replications, each with its own "
        "random seed; replication <i>r</i> of every scenario uses the same seed (common random numbers), so the "
        "difference between two scenarios is computed replication by replication (paired) and its "
        f"{CONFIDENCE:.0%} confidence interval comes from Student's t. A difference whose interval excludes zero is "
        "reported as a change; otherwise as no clear change. Bands in the time-series figures are the 5th to 95th "
        "percentile across replications (the spread of outcomes), bands in the difference figures the "
        f"{CONFIDENCE:.0%} confidence interval of the mean difference. Final values are the mean over the quarters "
        "of the final year, in each replication. Dotted verticals mark scripted policy changes.</p>")
    parts.append("<h2 id='provenance'>Provenance</h2>" + _provenance(runs, provenance))
    parts.append("</main></body></html>")
    return "".join(parts)
