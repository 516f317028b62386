"""Seeds of individual runs, derived from a master seed with numpy's SeedSequence.

A run's seed depends only on (master seed, design point, replication), never on the order in
which runs are executed or on the executor, so results are identical however they are run.
"""

from __future__ import annotations

import numpy as np


def run_seed(master_seed: int, point: int, replication: int) -> int:
    """Seed of replication ``replication`` at design point ``point`` (a 63-bit integer)."""
    sequence = np.random.SeedSequence(master_seed, spawn_key=(point, replication))
    return int(sequence.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
