"""Same seed, same numbers; different seeds, different numbers."""

import pandas as pd

from convergence.model import simulate
from tests.conftest import SMALL


def test_same_seed_gives_identical_tables():
    first = simulate(None, overrides=SMALL, end="2015Q4", seed=11)
    second = simulate(None, overrides=SMALL, end="2015Q4", seed=11)
    pd.testing.assert_frame_equal(first, second)


def test_different_seeds_differ():
    first = simulate(None, overrides=SMALL, end="2015Q4", seed=11)
    second = simulate(None, overrides=SMALL, end="2015Q4", seed=12)
    shares = [df[df.metric == "market_share"].value.to_numpy() for df in (first, second)]
    assert len(shares[0]) != len(shares[1]) or (shares[0] != shares[1]).any()
