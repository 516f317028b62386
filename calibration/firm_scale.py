"""Fix each firm's monetization (revenue per user relative to its sector's ARPU) from data.

Monetization is a scale factor, not a behavioural parameter: revenue is linear in it while
market shares do not depend on it. So it is fixed from data rather than searched over:
``monetization = observed revenue / simulated revenue at monetization 1`` in the firm's
first fiscal year the model covers (mean over a few seeds), iterated twice. Huawei uses its
2016 revenue (USD 75.1 bn, annual report); firms without revenue data keep 1.

Run ``python -m calibration.firm_scale`` to print the factors, ``--write`` to store them in
``model/inputs/firms.csv``.
"""

from __future__ import annotations

import argparse
import csv
from importlib import resources
from pathlib import Path

import numpy as np

from calibration.financials import appendix_a, fiscal_year_steps
from model.model import ConvergenceModel

EXTRA_TARGETS = {("Huawei", 2016): 75.1}
"""Revenue (USD bn) of firms outside Appendix A: Huawei FY2016 results (external anchor A124)."""


def revenue_targets() -> dict[str, tuple[int, float]]:
    """Firm -> (fiscal year, observed revenue USD bn): each firm's first year inside 2013-."""
    table = appendix_a()
    revenue = table[(table.metric == "revenue")]
    targets: dict[str, tuple[int, float]] = {}
    for firm, rows in revenue.groupby("firm"):
        rows = rows[rows.fiscal_year >= (2014 if firm == "Alibaba" else 2013)].sort_values("fiscal_year")
        if len(rows):
            targets[str(firm)] = (int(rows.fiscal_year.iloc[0]), float(rows.value_usd_bn.iloc[0]))
    for (firm, year), value in EXTRA_TARGETS.items():
        targets[firm] = (year, value)
    return targets


def simulated_revenue(targets: dict[str, tuple[int, float]], seeds: tuple[int, ...]) -> dict[str, float]:
    """Mean simulated revenue (USD bn) of each target firm in its target fiscal year."""
    last = max(max(fiscal_year_steps(f, y)) for f, (y, _) in targets.items())
    sums = {firm: [] for firm in targets}
    for seed in seeds:
        model = ConvergenceModel(rng=seed, end="2030Q4")
        model.end_step = last
        revenue_by_step: dict[int, np.ndarray] = {}
        while model.running:
            model.step()
            revenue_by_step[model.step_index] = model.firm_state.revenue.copy()
        names = model.firm_state.names
        for firm, (year, _) in targets.items():
            row = names.index(firm)
            sums[firm].append(sum(revenue_by_step[s][row] for s in fiscal_year_steps(firm, year)))
    return {firm: float(np.mean(values)) for firm, values in sums.items()}


def fitted_monetization(seeds: tuple[int, ...] = (1, 2, 3)) -> dict[str, float]:
    """Monetization factors that match each target firm's observed revenue."""
    targets = revenue_targets()
    current = _read_monetization()
    simulated = simulated_revenue(targets, seeds)
    return {firm: current[firm] * observed / simulated[firm]
            for firm, (_, observed) in targets.items() if simulated[firm] > 0}


def _firms_csv() -> Path:
    return Path(str(resources.files("model").joinpath("inputs", "firms.csv")))


def _read_monetization() -> dict[str, float]:
    with _firms_csv().open(newline="") as handle:
        return {row["firm"]: float(row["monetization"]) for row in csv.DictReader(handle)}


def write_monetization(factors: dict[str, float]) -> None:
    """Store factors in ``model/inputs/firms.csv`` (other firms unchanged)."""
    path = _firms_csv()
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["firm"] in factors:
            row["monetization"] = f"{factors[row['firm']]:.4g}"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the factors in firms.csv")
    parser.add_argument("--iterations", type=int, default=2)
    args = parser.parse_args()
    for _ in range(args.iterations if args.write else 1):
        factors = fitted_monetization()
        if args.write:
            write_monetization(factors)
            from model.input_data import world_data
            world_data.cache_clear()
    for firm, factor in sorted(factors.items()):
        print(f"{firm:10s} {factor:8.4g}")


if __name__ == "__main__":
    main()
