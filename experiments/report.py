"""``report.html``: one self-contained file (images embedded, no external requests)."""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from convergence.experiments.compare import ScenarioRun

STYLE = """
body { font-family: Georgia, serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
figure { margin: 1.5em 0; } img { max-width: 100%; } figcaption { font-size: 0.85em; color: #555; }
blockquote { color: #555; border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.75em; }
"""


def embed(figure: Figure) -> str:
    """A figure as a base64 PNG data URI."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def build_report(title: str, runs: Sequence[ScenarioRun], baseline: str, table: pd.DataFrame,
                 figures: Sequence[tuple[str, Figure]], provenance: dict) -> str:
    """The HTML text of the report."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
             f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>",
             f"<p>Baseline: <b>{html.escape(baseline)}</b>. Bands are 5th-95th percentiles across replications; "
             f"differences carry 90% confidence intervals.</p><h2>Scenarios</h2>"]
    for run in runs:
        replications = run.table.replication.nunique()
        parts.append(f"<h3>{html.escape(run.name)} <small>({replications} replications)</small></h3>"
                     f"<p>{html.escape(' '.join(run.description.split()))}</p>")
        if run.report_passage:
            parts.append(f"<blockquote>{html.escape(' '.join(run.report_passage.split()))}</blockquote>")
    parts.append("<h2>Final-year comparison</h2>")
    parts.append(table.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep=""))
    parts.append("<h2>Figures</h2>")
    for caption, figure in figures:
        parts.append(f"<figure><img alt='{html.escape(caption)}' src='{embed(figure)}'>"
                     f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("<h2>Provenance</h2><p>Manifests of the runs compared (scenario files, parameters, seeds, "
                 "package versions, git commit):</p>")
    parts.append(f"<pre>{html.escape(json.dumps(provenance, indent=2, default=str))}</pre></body></html>")
    return "".join(parts)
