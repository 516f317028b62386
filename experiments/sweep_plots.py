"""``convergence plot-sweep``: a sweep's kept metric against one or two of its factors, labelled
with display names and units and with what each run contributes (the averaging window)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from convergence.experiments.compare import CompareError
from convergence.experiments.plots import sweep_heatmap_figure, sweep_line_figure
from convergence.experiments.sweeps import kept_values, load_sweep, read_manifest
from convergence.model.calendar import DEFAULT_END


def kept_description(manifest: dict) -> str:
    """What each run of the sweep contributes, in words: ``mean over 2026Q1-2030Q4`` or
    ``value in 2030Q4`` (the spec's ``[outputs]``)."""
    spec = tomllib.loads(manifest.get("spec_text", ""))
    outputs, until = spec.get("outputs", {}), spec.get("until", DEFAULT_END)
    if outputs.get("keep") == "mean" and outputs.get("window"):
        first, last = outputs["window"]
        return f"mean over {first}-{last} in each run"
    return f"value in {until} in each run"


def plot_sweep(directory: Path, metric: str, x: str, y: str | None = None, by: str | None = None,
               out: Path | None = None) -> Path:
    """Draw the heatmap (``y``) or line plot (one line per level of ``by``, else pooled) and write
    it as PNG and SVG under ``out`` (default ``DIRECTORY/plots``); returns the path without suffix."""
    results = load_sweep(directory)
    rows = kept_values(results, metric)
    for axis in filter(None, (x, y, by)):
        if axis not in results.columns:
            factors = list(pd.read_parquet(Path(directory) / "design.parquet").columns)
            raise CompareError(f"'{axis}' is not a factor of this sweep", key="--x/--y/--by",
                               allowed=", ".join(factors))
    kept = kept_description(read_manifest(directory))
    figure = (sweep_heatmap_figure(rows, x, y, metric, kept) if y
              else sweep_line_figure(rows, x, metric, kept, by=by))
    out = out or Path(directory) / "plots"
    out.mkdir(parents=True, exist_ok=True)
    stem = out / (f"{metric}_by_{x}" + (f"_and_{y or by}" if y or by else ""))
    try:
        figure.savefig(stem.with_suffix(".png"), dpi=130)
        figure.savefig(stem.with_suffix(".svg"))
    finally:
        plt.close(figure)
    return stem
