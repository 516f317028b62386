"""Persistent taste heterogeneity (``taste_dispersion``): each user's taste for each provider is
a fixed standard normal number, so with a spread of tastes a market shares out instead of tipping.

Kernel tests check the taste itself (its distribution, that it persists and that it belongs to
the user and the firm); a paired model test checks the behaviour it exists for.
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import simulate
from convergence.model.mechanisms.choice_kernel import (
    Candidates,
    Choosers,
    UtilityWeights,
    choose_block,
    persistent_taste,
)


def test_persistent_taste_is_standard_normal_and_independent_across_firms():
    tastes = np.array([[persistent_taste(7, user, firm, 2) for firm in range(4)] for user in range(20_000)])
    # 80,000 draws: the mean's standard error is 0.0035, the sd's about 0.0025.
    assert abs(tastes.mean()) < 0.015
    assert tastes.std() == pytest.approx(1.0, abs=0.015)
    assert np.abs(tastes).max() <= 3.47                        # Irwin-Hall(4) is bounded
    correlation = np.corrcoef(tastes.T)[np.triu_indices(4, 1)]
    assert np.abs(correlation).max() < 0.03                    # 4 standard errors at n = 20,000
    assert persistent_taste(7, 5, 1, 2) == persistent_taste(7, 5, 1, 2)
    assert persistent_taste(7, 5, 1, 2) != persistent_taste(8, 5, 1, 2)   # the salt changes every taste
    assert persistent_taste(7, 5, 1, 2) != persistent_taste(7, 5, 1, 3)   # and so does the sector


def _rounds(dispersion: float, rounds: int = 4, n_users: int = 4000) -> np.ndarray:
    """Users choose between two identical providers ``rounds`` times, with fresh random draws
    and no switching cost; return their choices (users x rounds)."""
    rng = np.random.default_rng(0)
    candidates = Candidates(
        firm=np.array([10, 11], np.int64), base=np.zeros(2), fit=np.zeros(2), risk=np.zeros(2),
        install_cost=np.zeros(2), price=np.zeros(2), starts=np.array([0, 2], np.int64),
        market_column=np.array([0], np.int64),
        outside=np.array([-30.0]), secondary_draw=np.array([-1], np.int64))
    choices = np.empty((n_users, rounds), np.int64)
    choice = np.full((n_users, 1), -1, np.int64)
    for r in range(rounds):
        choosers = Choosers(local_fit=np.ones(n_users), privacy_sensitivity=np.zeros(n_users),
                            price_sensitivity=np.ones(n_users),
                            decide=np.ones((n_users, 1), bool), sampled=np.ones(n_users, bool),
                            uniforms=rng.random((n_users, 1)), secondary_uniforms=np.empty((n_users, 0)),
                            user_id=np.arange(n_users, dtype=np.int64))
        choose_block(candidates, choosers, UtilityWeights(0.0, 0.0, 0.0, 0.0, np.full(1, dispersion), 99), choice,
                     np.full((n_users, 1), -1, np.int64), np.zeros(1), np.zeros(1, np.int64))
        choices[:, r] = choice[:, 0]
    return choices


def test_a_users_taste_persists_from_one_choice_to_the_next():
    homogeneous, heterogeneous = _rounds(0.0), _rounds(3.0)
    # Both providers are identical, so each takes about half the users either way.
    assert (heterogeneous == 10).mean() == pytest.approx(0.5, abs=0.03)
    # Without tastes, a user picks the same provider in all 4 rounds with probability 2 x 0.5^4 =
    # 1/8; with a spread of 3 utils (taste differences of sd 4.2) nearly always.
    same = (homogeneous == homogeneous[:, :1]).all(axis=1).mean()
    assert same == pytest.approx(0.125, abs=0.025)
    assert (heterogeneous == heterogeneous[:, :1]).all(axis=1).mean() > 0.6


SMALL = {"users_per_region": 1500, "enterprise_buyers_per_region": 150}
SEEDS = range(8)


def _concentration(dispersion: float, seed: int):
    table = simulate("baseline", overrides={**SMALL, "taste_dispersion": dispersion}, seed=seed, end="2021Q4")
    late = table[table.quarter >= "2019Q1"]
    hhi = late[(late.metric == "hhi") & (late.sector == "ecommerce")].value.mean()
    internet = late[late.metric == "internet_users"].value.to_numpy()
    return hhi, internet


@pytest.fixture(scope="module")
def paired_concentration():
    return [(_concentration(0.0, seed), _concentration(1.5, seed)) for seed in SEEDS]


def test_a_spread_of_tastes_shares_a_market_out(paired_concentration):
    """Measured (8 seeds, 1,500 consumers per region, baseline calibration of session 11): tastes
    of spread 1.5 lower e-commerce's Herfindahl index over 2019-2021 (mean over regions) by 0.14,
    t = -5.3 (session 10's calibration: 0.13, t = -7.7).
    The case asks for 0.05 and |t| > 3."""
    differences = np.array([with_tastes[0] - without[0] for without, with_tastes in paired_concentration])
    t = differences.mean() / (differences.std(ddof=1) / np.sqrt(len(differences)))
    assert differences.mean() <= -0.05 and t < -3.0, (differences.mean(), t)


def test_tastes_leave_adoption_alone(paired_concentration):
    for without, with_tastes in paired_concentration:
        np.testing.assert_array_equal(without[1], with_tastes[1])


def _early_concentration(hardware_dispersion: float, seed: int) -> list[float]:
    """Herfindahl index of devices, e-commerce and social in 2013-2014 (mean over regions and
    quarters): the first quarters show the spread's direct effect before revenue and R&D feed back."""
    table = simulate("baseline", overrides={**SMALL, "hardware_taste_dispersion": hardware_dispersion},
                     seed=seed, end="2014Q4")
    hhi = table[table.metric == "hhi"]
    return [hhi[hhi.sector == sector].value.mean() for sector in ("devices", "ecommerce", "social")]


def test_the_hardware_spread_shares_out_devices_and_leaves_services_alone():
    """Measured (12 seeds, 1,500 consumers per region, baseline calibration of session 11): a
    hardware taste spread of 1.5 lowers the devices Herfindahl index over 2013-2014 by 0.067
    (t = -22.5, lower in 12 of 12 seeds; session 10: 0.067, t = -19.2; 0.084, t = -4.9, before
    session 10 set device prices and stopped hardware breakthroughs); e-commerce and social move by
    0.000 and 0.003 on average (at most 0.029 in a seed). The test asks for 0.04 lower on average
    and lower in every seed, and services within 0.01 on average."""
    differences = np.array([np.subtract(_early_concentration(1.5, seed), _early_concentration(0.0, seed))
                            for seed in range(12)])
    devices, services = differences[:, 0], differences[:, 1:]
    assert devices.mean() <= -0.04 and (devices < 0).all(), devices
    assert np.abs(services.mean(axis=0)).max() < 0.01 and np.abs(services).max() < 0.05, services
