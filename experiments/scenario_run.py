"""``convergence run``: a scenario's replications to a directory with manifest and plot."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from convergence.experiments.api import run_scenario
from convergence.experiments.catalog import KEY_VIEWS
from convergence.experiments.plots import summary_figure
from convergence.model.parameters import Value
from convergence.model.scenario import Scenario, load_scenario
from convergence.runner.execution import make_executor
from convergence.runner.output import atomic_directory
from convergence.runner.provenance import environment, now


def run_to_directory(reference: str, *, replications: int, seed: int, until: str,
                     overrides: Mapping[str, Value], out: Path | None, overwrite: bool,
                     workers: int = 1) -> int:
    """Run, then write ``timeseries.parquet``, ``manifest.json`` and ``summary.png`` to ``out``
    (atomically) and print a summary table. Returns the exit code."""
    scenario = load_scenario(reference)
    out = out or Path("runs") / scenario.name
    started = now()
    with atomic_directory(out, overwrite=overwrite) as folder:
        with make_executor(workers) as executor, tqdm(total=replications, unit="run",
                                                       desc=f"{scenario.name}") as bar:
            table = run_scenario(scenario, replications=replications, seed=seed, until=until,
                                 overrides=overrides, executor=executor,
                                 on_outcome=lambda outcome: bar.update())
        table.to_parquet(folder / "timeseries.parquet", index=False)
        figure = summary_figure(table)
        figure.savefig(folder / "summary.png", dpi=120)
        figure.savefig(folder / "summary.svg")
        manifest = run_manifest(scenario, dict(overrides), seed, replications, until, table, started)
        manifest["rerun"] = _rerun_command(reference, replications, seed, until, overrides)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
    print(summary_table(table).to_string())
    print(f"\nwrote {out}/timeseries.parquet, manifest.json, summary.png")
    return 0


def run_manifest(scenario: Scenario, overrides: dict, seed: int, replications: int, until: str,
                 table: pd.DataFrame, started: str) -> dict:
    """Everything needed to re-run a scenario's replications exactly."""
    return {
        "kind": "convergence run",
        "scenario": scenario.name,
        "description": scenario.description,
        "scenario_chain": list(scenario.chain),
        "scenario_files": scenario.files,
        "overrides": overrides,
        "parameters": scenario.parameters(overrides).to_dict(),
        "timeline": [{"quarter": c.quarter, "lever": c.name, "value": c.value} for c in scenario.timeline],
        "master_seed": seed,
        "replications": replications,
        "seeds": sorted(table.groupby("replication").seed.first().astype(int).tolist()),
        "until": until,
        "started": started,
        "finished": now(),
        **environment(),
    }


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """Final-quarter mean and 5-95% range across replications of the key metrics."""
    last = table.step.max()
    rows = []
    for view in KEY_VIEWS:
        values = view.select(table[table.step == last]).value
        if len(values):
            rows.append({"metric": view.key, "unit": view.unit, "mean": values.mean(),
                         "p05": values.quantile(0.05), "p95": values.quantile(0.95)})
    frame = pd.DataFrame(rows).set_index("metric")
    frame.columns.name = f"{table.quarter[table.step == last].iloc[0]}"
    return frame.round(4)


def _rerun_command(reference: str, replications: int, seed: int, until: str,
                   overrides: Mapping[str, Value]) -> str:
    settings = "".join(f" --set {k}={str(v).lower() if isinstance(v, bool) else v}"
                       for k, v in overrides.items())
    return (f"convergence run {reference} --replications {replications} --seed {seed} "
            f"--until {until}{settings}")
