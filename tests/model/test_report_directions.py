"""The report's four directions, each a paired comparison over 10 seeds (16 for the closest
pair of scenarios) through behaviour
(the same seeds with and without the policy; paired t > 3 and a stated effect size):

* strict data localization lowers convergence;
* U.S. reciprocity lowers Chinese firms' share of U.S. consumers' use;
* ICT localization raises Chinese vendors' share of China's cloud buyers;
* decoupling ends with the lowest convergence of the shipped scenarios.

Runs: 1,000 consumers and 100 enterprise buyers per region, to 2022Q4. Levers are set for the
whole run from the raw defaults; the scenarios run as shipped (from 2017's calibrated state).
"""

from __future__ import annotations

import numpy as np
import pytest

from convergence.model import simulate

pytestmark = pytest.mark.slow

SEEDS = range(10)
SIZE = {"users_per_region": 1000, "enterprise_buyers_per_region": 100}
END = "2022Q4"
STRICT = {"china_data_localization_strictness": 1.0, "china_data_localization_scope": 1.0,
          "china_enforcement": 1.0}
CASES = {
    "default": {},
    "strict_localization": STRICT,
    "reciprocity": {"us_reciprocity_strength": 1.0},
    "ict_localization": {"china_ict_procurement_preference": 3.0, "china_jv_revenue_share": 0.6},
    "no_ict_localization": {"china_ict_procurement_preference": 0.0, "china_jv_revenue_share": 0.0},
}
CLOSE_PAIR = ("decoupling", "strict_localization")
CLOSE_SEEDS = range(16)
"""The closest pair of scenarios (both carry the data rules that drive convergence) runs 16
seeds: measured on seeds 0-9 the gap is 0.051 with paired t = 3.7 (lower in 8 of 10), on 0-15
0.054 with t = 5.3 (14 of 16), on 0-23 0.049 with t = 6.1 (22 of 24); on session 11's calibration
0.053 with t = 6.4 on 0-15 (16 of 16)."""
SCENARIOS = ("baseline", "open_flows", "strict_localization", "us_reciprocity", "ict_localization_push",
             "convergence_deal", "decoupling")
ONE_USER = 1e-3
"""Floor added before taking logs of a U.S. share: one representative consumer's share at this size."""


def _mean(table, metric: str, first: int, **dims) -> float:
    rows = table[(table.metric == metric) & (table.step >= first)]
    for key, value in dims.items():
        rows = rows[rows[key] == value]
    return float(rows.value.mean())


def paired_t(differences: np.ndarray) -> float:
    return float(differences.mean() / (differences.std(ddof=1) / np.sqrt(len(differences))))


@pytest.fixture(scope="module")
def outcomes():
    """Per case, over seeds: convergence 2020-2022, Chinese share of U.S. consumers' use and
    Chinese vendors' share of China's cloud buyers, 2014-2022."""
    result = {}
    for case, overrides in CASES.items():
        tables = [simulate(None, overrides={**SIZE, **overrides}, end=END, seed=seed) for seed in SEEDS]
        result[case] = {
            "convergence": np.array([_mean(t, "convergence_index", 28) for t in tables]),
            "chinese_share_us": np.array([_mean(t, "market_share", 4, region="US", origin="CN",
                                                sector="consumer_sectors", firm="") for t in tables]),
            "domestic_cloud_cn": np.array([_mean(t, "market_share", 4, region="CN", origin="CN", sector="cloud",
                                                 firm="") for t in tables]),
        }
    return result


@pytest.fixture(scope="module")
def scenario_convergence():
    """Convergence 2020-2022 per shipped scenario, over seeds (``CLOSE_SEEDS`` for the close pair)."""
    return {name: np.array([_mean(simulate(name, overrides=SIZE, end=END, seed=seed), "convergence_index", 28)
                            for seed in (CLOSE_SEEDS if name in CLOSE_PAIR else SEEDS)]) for name in SCENARIOS}


def test_strict_localization_lowers_convergence(outcomes):
    # Measured: -0.14 (t = 8). Required: at least 0.05 lower, paired t > 3.
    differences = outcomes["default"]["convergence"] - outcomes["strict_localization"]["convergence"]
    assert differences.mean() >= 0.05 and paired_t(differences) > 3.0, (differences.mean(), paired_t(differences))


def test_reciprocity_lowers_chinese_firms_share_of_us_users(outcomes):
    # On logs (a Chinese breakthrough app makes the share heavy-tailed across seeds): measured
    # a factor of about 9 (log 2.2, t = 7). Required: at least halved (log 0.69), paired t > 3.
    default, reciprocity = outcomes["default"]["chinese_share_us"], outcomes["reciprocity"]["chinese_share_us"]
    differences = np.log(default + ONE_USER) - np.log(reciprocity + ONE_USER)
    assert differences.mean() >= np.log(2.0) and paired_t(differences) > 3.0, (differences, paired_t(differences))


def test_ict_localization_raises_domestic_cloud_share_in_china(outcomes):
    # Measured: +0.17 (t = 4). Required: at least 0.05 higher, paired t > 3.
    pushed, open_ = outcomes["ict_localization"], outcomes["no_ict_localization"]
    differences = pushed["domestic_cloud_cn"] - open_["domestic_cloud_cn"]
    assert differences.mean() >= 0.05 and paired_t(differences) > 3.0, (differences.mean(), paired_t(differences))


@pytest.mark.parametrize("other", [name for name in SCENARIOS if name != "decoupling"])
def test_decoupling_ends_with_the_lowest_convergence(scenario_convergence, other):
    # Measured (session 11's calibration): 0.053 (strict localization, t = 6.4 on 16 seeds: see
    # CLOSE_SEEDS) to 0.12 (convergence deal) lower, t = 5.3 to 10.2 for the other five (session 10's:
    # 0.043, t = 5.7, for strict localization). Required: at least 0.02 lower than each, paired t > 3
    # (on the seeds both ran).
    seeds = min(len(scenario_convergence[other]), len(scenario_convergence["decoupling"]))
    differences = scenario_convergence[other][:seeds] - scenario_convergence["decoupling"][:seeds]
    assert differences.mean() >= 0.02 and paired_t(differences) > 3.0, (differences.mean(), paired_t(differences))
