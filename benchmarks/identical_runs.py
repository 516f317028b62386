"""Regression check for refactors: do two sets of run directories hold the same numbers?

Compares, value by value, the ``timeseries.parquet`` of each scenario directory present in
both folders (as written by ``convergence run``), after sorting rows (their order is not part
of the contract). ``--renames FILE`` maps old to new parameter names (JSON), so the
``policy:<lever>`` rows of renamed levers line up; ``--ignore-metric`` drops metrics that only
the new set has (a lever added at a default that changes nothing). Prints one line per
scenario with a content hash of each side; exits 1 if any differs.

    for s in baseline decoupling; do convergence run $s -r 2 --seed 1 --out before/$s; done
    ... change the code, run again into after/ ...
    python benchmarks/identical_runs.py before after --ignore-metric policy:china_vpn_enforcement
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

ORDER = ["replication", "step", "metric", "region", "sector", "origin", "firm"]


def canonical(path: Path, renames: dict[str, str], ignore: set[str]) -> pd.DataFrame:
    """A run table with renamed lever metrics, ignored metrics dropped and rows in a fixed order."""
    table = pd.read_parquet(path)
    prefix = "policy:"
    table["metric"] = table.metric.map(
        lambda m: prefix + renames.get(m[len(prefix):], m[len(prefix):]) if m.startswith(prefix) else m)
    table = table[~table.metric.isin(ignore)]
    return table.sort_values(ORDER, kind="stable").reset_index(drop=True)


def content_hash(table: pd.DataFrame) -> str:
    """Short hash of a table's values (independent of the Parquet file's metadata)."""
    return hashlib.sha256(pd.util.hash_pandas_object(table, index=False).values.tobytes()).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--renames", type=Path, help="JSON file mapping old to new parameter names")
    parser.add_argument("--ignore-metric", action="append", default=[], help="metric only the new runs have")
    args = parser.parse_args()
    renames = json.loads(args.renames.read_text()) if args.renames else {}
    ignore = set(args.ignore_metric)
    scenarios = sorted(p.parent.name for p in args.before.glob("*/timeseries.parquet")
                       if (args.after / p.parent.name / "timeseries.parquet").is_file())
    if not scenarios:
        print("no scenario directory is in both folders", file=sys.stderr)
        return 2
    same = True
    for name in scenarios:
        old = canonical(args.before / name / "timeseries.parquet", renames, ignore)
        new = canonical(args.after / name / "timeseries.parquet", {}, ignore)
        equal = old.equals(new)
        same &= equal
        print(f"{name:24s} rows {len(old):8d} {len(new):8d}  before {content_hash(old)}  after {content_hash(new)}  "
              f"{'identical' if equal else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
