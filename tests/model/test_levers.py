"""Every policy lever is pinned: a paired comparison over 10 seeds (the same seeds with and
without the lever's change) moves the outcome the lever acts on, in the stated direction and
by a stated amount (paired t > 3), and leaves an outcome it does not touch (internet users,
set by adoption alone) exactly where it was.

Runs are tiny and short (500 consumers and 100 enterprise buyers per region, 2013-2015);
outcomes are means over 2014Q1-2015Q4. ``CASES`` names, per lever, the change, the outcome,
its direction and the smallest mean paired difference accepted; deleting a lever's effect or
flipping its sign fails its case. Levers whose effect this size and horizon cannot resolve
are pinned in ``test_lever_pins.py`` by designs that do (``PINNED_ELSEWHERE``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from convergence.model import simulate
from convergence.model.dimensions import Jurisdiction
from convergence.model.parameters import PolicyChange, levers_of

SEEDS = range(10)
TINY = {"users_per_region": 500, "enterprise_buyers_per_region": 100}
END = "2015Q4"
FIRST = 4                                             # 2014Q1: outcomes average the later quarters


@dataclass(frozen=True)
class Outcome:
    """A metric row (dimensions as in the tidy table; blank where not given), averaged over time."""

    metric: str
    region: str = ""
    sector: str = ""
    origin: str = ""

    def read(self, table) -> float:
        rows = table[(table.metric == self.metric) & (table.step >= FIRST) & (table.region == self.region)
                     & (table.sector == self.sector) & (table.origin == self.origin) & (table.firm == "")]
        return float(rows.value.mean()) if len(rows) else 0.0


@dataclass(frozen=True)
class Case:
    """A lever's change (over ``base``, itself over the defaults), the outcome it must move,
    the direction (+1 up, -1 down) and the smallest mean paired difference accepted."""

    lever: str
    value: float | bool
    outcome: Outcome
    direction: int
    min_effect: float
    base: dict = field(default_factory=dict)
    timeline: tuple = ()


def foreign_share(sector: str) -> Outcome:
    return Outcome("foreign_share_in_china", sector=sector)


RULE = {"us_reciprocity_rule": True}
TIGHTENING = (PolicyChange("2014Q1", "china_data_localization_strictness", 1.0),
              PolicyChange("2014Q1", "china_data_localization_scope", 1.0))
CASES = [
    # China
    Case("china_investment_screening", 1.0, Outcome("deals_blocked", region="CN"), +1, 0.01),
    Case("china_data_localization_strictness", 1.0, Outcome("data_flow_index"), -1, 0.02),
    Case("china_data_localization_scope", 1.0, Outcome("data_flow_index"), -1, 0.03),
    Case("china_enforcement", 0.0, Outcome("data_flow_index"), +1, 0.01),
    Case("china_security_assessment_cost", 0.5, Outcome("compliance_cost", origin="CN"), +1, 0.01),
    Case("china_local_datacentre_cost", 0.5, Outcome("compliance_cost", origin="US"), +1, 0.05),
    Case("china_compliance_revenue_share", 0.5, Outcome("compliance_cost", origin="US"), +1, 0.001),
    Case("china_ict_procurement_preference", 3.0, Outcome("market_share", "CN", "cloud", "CN"), +1, 0.05),
    Case("china_foreign_access_social", 1.0, foreign_share("social"), +1, 0.01),
    Case("china_foreign_access_ecommerce", 0.0, foreign_share("ecommerce"), -1, 0.02),
    Case("china_foreign_access_search", 1.0, foreign_share("search"), +1, 0.01),
    Case("china_foreign_access_devices", 0.0, foreign_share("devices"), -1, 0.05),
    Case("china_foreign_access_cloud", 0.0, foreign_share("cloud"), -1, 0.02),
    Case("china_foreign_access_ict_equipment", 0.0, foreign_share("ict_equipment"), -1, 0.02),
    Case("china_vpn_enforcement", 0.0, foreign_share("search"), +1, 0.01),
    # U.S.
    Case("us_investment_screening", 1.0, Outcome("deals_blocked", region="US"), +1, 0.05),
    Case("us_chinese_app_data_rules", 1.0, Outcome("compliance_cost", origin="CN"), +1, 0.01),
    Case("us_local_storage_cost", 0.5, Outcome("compliance_cost", origin="CN"), +1, 0.05,
         base={"us_chinese_app_data_rules": 1.0}),
    # Its friction channel (Chinese firms' U.S. share) is pinned in test_report_directions.py; at
    # this size and horizon that share is too heavy-tailed (t = 2.3), so the screening channel here.
    Case("us_reciprocity_strength", 1.0, Outcome("deals_blocked", region="US"), +1, 0.5),
    Case("us_reciprocity_rule", True, Outcome("policy:us_reciprocity_strength", region="US"), +1, 0.1),
    Case("us_reciprocity_lag_quarters", 8, Outcome("policy:us_reciprocity_strength", region="US"), -1, 0.05,
         base=RULE, timeline=TIGHTENING),
    Case("us_reciprocity_responsiveness", 3.0, Outcome("policy:us_reciprocity_strength", region="US"), +1, 0.1,
         base=RULE),
    # EU
    Case("eu_investment_screening", 1.0, Outcome("deals_blocked", region="EU"), +1, 0.01),
    Case("eu_transfer_restriction", 1.0, Outcome("cross_border_data_use", region="EU"), -1, 0.01),
    Case("eu_compliance_cost", 0.5, Outcome("compliance_cost", origin="US"), +1, 0.05),
]
PINNED_ELSEWHERE = {
    "us_export_controls": "test_trade_controls.py", "us_export_controls_huawei": "test_trade_controls.py",
    "us_export_controls_zte": "test_trade_controls.py", "us_chinese_app_ban": "test_trade_controls.py",
    "us_chinese_app_divestiture_order": "test_trade_controls.py",
    "us_chinese_app_data_remedy": "test_trade_controls.py",
    "india_chinese_app_ban": "test_trade_controls.py", "china_unreliable_entity_list": "test_trade_controls.py",
    "china_algorithm_export_review": "test_trade_controls.py",
    "china_overseas_listing_review": "test_trade_controls.py",
    "china_countermeasure_rule": "test_trade_controls.py",
    "china_countermeasure_lag_quarters": "test_trade_controls.py",
    "china_countermeasure_responsiveness": "test_trade_controls.py",
    "china_platform_fine_share": "test_data_rules_effects.py",
    "china_antitrust_bundling_limit": "test_data_rules_effects.py",
    "china_platform_interoperability": "test_data_rules_effects.py",
    "china_fintech_revenue_cap": "test_data_rules_effects.py",
    "china_personal_information_compliance_share": "test_data_rules_effects.py",
    "china_outbound_assessment_scope": "test_data_rules_effects.py",
    "eu_us_transfer_restriction": "test_data_rules_effects.py",
    "eu_us_transfer_assessment_cost": "test_data_rules_mechanisms.py",
    "eu_high_risk_vendor_restriction": "test_data_rules_effects.py",
    "india_data_localization": "test_regions.py", "southeast_asia_data_localization": "test_regions.py",
    # Not resolved by this table's size and horizon: a design that resolves each, or an exact test
    # with the measured behavioural size (issue 15).
    "china_ip_protection": "test_lever_pins.py", "us_ip_protection": "test_lever_pins.py",
    "eu_ip_protection": "test_lever_pins.py", "us_talent_openness": "test_lever_pins.py",
    "china_jv_revenue_share": "test_lever_pins.py", "china_foreign_access_ridehailing": "test_lever_pins.py",
    "china_foreign_access_payments": "test_lever_pins.py", "us_antitrust_bundling_limit": "test_lever_pins.py",
    "eu_antitrust_bundling_limit": "test_lever_pins.py", "us_procurement_restriction": "test_lever_pins.py",
    "india_local_storage_cost": "test_lever_pins.py", "southeast_asia_local_storage_cost": "test_lever_pins.py",
}
"""Levers pinned by paired or unit tests in other modules (files in ``tests/model/``; each
must name the lever): issue 15's new mechanisms, and the levers this table does not resolve."""
UNRELATED = Outcome("internet_users", region="CN")
"""An outcome no lever touches (adoption): it must not move in any case."""


def _run(overrides: dict, timeline: tuple, seed: int):
    return simulate(None, overrides={**TINY, **overrides}, timeline=timeline, end=END, seed=seed)


@pytest.fixture(scope="module")
def paired():
    """Per case: (with, without) values of its outcome and of the unrelated one, over seeds."""
    bases: dict[tuple, list] = {}
    result = {}
    for case in CASES:
        key = (tuple(sorted(case.base.items())), case.timeline)
        if key not in bases:
            bases[key] = [_run(case.base, case.timeline, seed) for seed in SEEDS]
        changed = [_run({**case.base, case.lever: case.value}, case.timeline, seed) for seed in SEEDS]
        result[case.lever] = {
            "with": np.array([case.outcome.read(t) for t in changed]),
            "without": np.array([case.outcome.read(t) for t in bases[key]]),
            "unrelated": np.array([UNRELATED.read(a) - UNRELATED.read(b) for a, b in zip(changed, bases[key])]),
        }
    return result


def paired_t(differences: np.ndarray) -> float:
    """Paired t statistic of the mean difference (infinite when every difference is the same
    non-zero number)."""
    mean, sd = differences.mean(), differences.std(ddof=1)
    if sd == 0:
        return float("inf") * np.sign(mean) if mean != 0 else 0.0
    return float(mean / (sd / np.sqrt(len(differences))))


def test_every_lever_has_a_case():
    levers = {name for jurisdiction in Jurisdiction for name in levers_of(jurisdiction)}
    assert levers == {case.lever for case in CASES} | set(PINNED_ELSEWHERE)
    folder = Path(__file__).parent
    for lever, module in PINNED_ELSEWHERE.items():
        assert lever in (folder / module).read_text(), (lever, module)


@pytest.mark.parametrize("case", CASES, ids=[case.lever for case in CASES])
def test_lever_moves_its_outcome_by_the_stated_amount_and_leaves_adoption_alone(paired, case):
    values = paired[case.lever]
    differences = case.direction * (values["with"] - values["without"])
    assert differences.mean() >= case.min_effect, (case.lever, differences.mean())
    assert paired_t(differences) > 3.0, (case.lever, paired_t(differences))
    assert (values["unrelated"] == 0.0).all()
