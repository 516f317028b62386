"""Cost of ``model.datacollector`` (Mesa's DataCollector of the headline metrics) in a full run.

Times the default baseline run (2013Q1-2030Q4, default population) with collection as shipped
and with ``collect`` replaced by a no-op, alternating, and prints the medians and their ratio.
Target: collection adds at most 10% to a run.

    python benchmarks/datacollector_overhead.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from convergence.model import ConvergenceModel


def _run_seconds(collect: bool, seed: int) -> float:
    model = ConvergenceModel("baseline", rng=seed)
    if not collect:
        model.datacollector.collect = lambda model: None
    start = time.process_time()
    model.run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    _run_seconds(True, 0)                                   # compile the kernels, warm the caches
    with_collection, without = [], []
    for seed in range(repeats):
        with_collection.append(_run_seconds(True, seed))
        without.append(_run_seconds(False, seed))
    on, off = statistics.median(with_collection), statistics.median(without)
    print(f"full baseline run, CPU seconds (median of {repeats}): with datacollector {on:.3f}, "
          f"without {off:.3f}")
    print(f"collection overhead: {on / off - 1:+.1%} of a run (target <= 10%)")


if __name__ == "__main__":
    main()
