"""Directional effects of policy, each over several seeds with a stated tolerance.

Outcomes are averaged over 2023Q1-2025Q4 (steps 40-51) of runs at test size; each test
states how much of an effect it requires and in how many seeds. The report's four directions
(strict localization and convergence, reciprocity and Chinese firms' U.S. share, ICT
localization and domestic cloud share, decoupling last) are paired tests over 10 seeds in
``test_report_directions.py``.
"""

import numpy as np
import pytest

from convergence.model import simulate
from convergence.model.dimensions import SECTOR_INFO, Sector
from tests.conftest import SMALL

pytestmark = pytest.mark.slow

SEEDS = range(5)
END = "2025Q4"
LATE = 40
SECTORS_OPENED = (Sector.SOCIAL, Sector.SEARCH, Sector.PAYMENTS, Sector.CLOUD, Sector.ICT_EQUIPMENT)

STRICT = {"china_data_localization_strictness": 1.0, "china_data_localization_scope": 1.0,
          "china_enforcement": 1.0}
CASES = {
    "default": {},
    "strict_localization": STRICT,
    "all_restrictions": {**STRICT, "us_reciprocity_strength": 1.0, "us_procurement_restriction": 1.0,
                         "us_chinese_app_data_rules": 1.0, "us_investment_screening": 1.0,
                         "china_investment_screening": 1.0, "china_ict_procurement_preference": 3.0,
                         "us_talent_openness": 0.1},
    "mutual_opening": {"china_data_localization_strictness": 0.0, "us_reciprocity_strength": 0.0,
                       "us_procurement_restriction": 0.0, "eu_transfer_restriction": 0.0,
                       "us_investment_screening": 0.0, "china_investment_screening": 0.0,
                       "us_talent_openness": 1.0,
                       **{SECTOR_INFO[sector].china_foreign_access: 1.0 for sector in SECTORS_OPENED}},
}


def _late_mean(table, metric, **dims):
    rows = table[(table.metric == metric) & (table.step >= LATE)]
    for key, value in dims.items():
        rows = rows[rows[key] == value]
    return rows.value.mean()


@pytest.fixture(scope="module")
def outcomes():
    """Late-period outcomes per case and seed: {case: {metric: array over seeds}}."""
    result = {}
    for case, overrides in CASES.items():
        rows = []
        for seed in SEEDS:
            table = simulate(None, overrides={**SMALL, **overrides}, end=END, seed=seed)
            rows.append({
                "data_flow_index": _late_mean(table, "data_flow_index"),
                "convergence_index": _late_mean(table, "convergence_index"),
            })
        result[case] = {key: np.array([row[key] for row in rows]) for key in rows[0]}
    return result


def test_strict_localization_lowers_data_flows_in_every_seed(outcomes):
    # Tolerance: at least 0.1 lower (index 0-1) in every seed.
    assert (outcomes["strict_localization"]["data_flow_index"]
            <= outcomes["default"]["data_flow_index"] - 0.1).all()


def test_all_restrictions_end_with_less_convergence(outcomes):
    # Tolerance: mean at least 0.1 lower, and lower in every seed.
    restricted, default = outcomes["all_restrictions"]["convergence_index"], outcomes["default"]["convergence_index"]
    assert restricted.mean() <= default.mean() - 0.1
    assert (restricted < default).all()


def test_mutual_opening_ends_with_more_convergence(outcomes):
    # Tolerance: mean over the seeds higher than the defaults' (no margin required).
    opened, default = outcomes["mutual_opening"]["convergence_index"], outcomes["default"]["convergence_index"]
    assert opened.mean() > default.mean()


def test_vpns_let_chinese_users_reach_blocked_foreign_search_unless_enforcement_is_total():
    # Tolerance: with no enforcement against VPNs, foreign search firms hold at least 2% of
    # China's search users over 2013Q2-2014Q4 in every seed; under total enforcement, none.
    for seed in range(3):
        shares = {}
        for enforcement in (0.0, 1.0):
            table = simulate(None, overrides={**SMALL, "china_vpn_enforcement": enforcement}, end="2014Q4", seed=seed)
            rows = table[(table.metric == "foreign_share_in_china") & (table.sector == "search") & (table.step >= 1)]
            shares[enforcement] = rows.value.mean()
        assert shares[1.0] == 0.0 and shares[0.0] >= 0.02, (seed, shares)
