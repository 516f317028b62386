"""Stylised facts of 2013-2017 the calibrated baseline must reproduce, over several seeds."""

import pytest

from convergence.model import simulate
from tests.conftest import SMALL

SEEDS = range(5)


@pytest.fixture(scope="module")
def baselines():
    return [simulate("baseline", overrides=SMALL, end="2017Q4", seed=seed) for seed in SEEDS]


def test_foreign_social_and_search_near_zero_in_china(baselines):
    # Tolerance: foreign share below 2% in every quarter of every seed.
    for table in baselines:
        foreign = table[(table.metric == "foreign_share_in_china") & table.sector.isin(["social", "search"])]
        assert len(foreign) and (foreign.value < 0.02).all()


KNOWN_SHORTFALL = ("issue 13 is open: with the 2013-2019 calibration and the mechanisms that let Chinese firms win "
                   "abroad, `convergence fit` reproduces this fact in {} of independent replications (bar: 90%); "
                   "docs/ODD.md section 8 says why")


def test_uber_leaves_china(baselines):
    # Tolerance: Uber serves Chinese users in 2015 and none by 2017Q4 in at least 4 of 5 seeds.
    # Met here since session 11's liability of foreignness (foreignness_discount 0.6); issue 13's
    # bar (90% of independent replications) is not: `convergence fit` reproduces the fact in 68% of
    # 40 and 83% of 60 (session 10's calibration: 52% and 48%, when this test was a strict xfail).
    left = 0
    for table in baselines:
        uber = table[(table.metric == "market_share") & (table.firm == "Uber") & (table.region == "CN")]
        if (uber.quarter.str[:4] == "2015").any() and not (uber.quarter == "2017Q4").any():
            left += 1
    assert left >= 4


@pytest.mark.xfail(strict=True, reason=KNOWN_SHORTFALL.format("50% of 40 and 45% of 60"))
def test_chinese_firms_small_outside_china_except_equipment(baselines):
    # Tolerance: below 10% of users outside China in consumer internet sectors, every seed;
    # devices and ICT equipment (Huawei, ZTE, Xiaomi) are the exception the report names.
    for table in baselines:
        share = table[(table.metric == "chinese_share_outside_china") & (table.quarter == "2017Q4")]
        internet = share[share.sector.isin(["social", "ecommerce", "search", "payments", "ridehailing"])]
        assert (internet.value < 0.10).all()
        equipment = share[share.sector == "ict_equipment"].value
        assert (equipment > internet.value.max()).all()
