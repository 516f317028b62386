"""Unit tests of China's platform regulation, the data-rule path and the EU's high-risk-vendor
rules (``platform_regulation``, ``data_rules``, ``vendor_security``) on hand-made inputs."""

import numpy as np
import pytest

from convergence.model import Parameters
from convergence.model.dimensions import Jurisdiction, Origin, Region, Sector
from convergence.model.mechanisms import (
    data_localization,
    data_rules,
    platform_regulation,
    reciprocity,
    vendor_security,
)
from convergence.model.parameters import levers_of


def _levers(**changes):
    params = Parameters(changes)
    return {name: params[name] for jurisdiction in Jurisdiction for name in levers_of(jurisdiction)}


def test_new_levers_default_to_the_pre_2018_state():
    levers = _levers()
    params = Parameters({})
    opened = data_localization.openness(levers)
    assert np.array_equal(data_rules.restrict_openness(opened, levers, params), opened)
    assert np.array_equal(platform_regulation.network_scale(levers), np.ones((len(Region), len(Sector))))
    assert np.array_equal(platform_regulation.revenue_retained(levers), np.ones((len(Region), len(Sector))))
    origin = np.array([Origin.CN, Origin.US])
    assert not vendor_security.eu_vendor_friction(origin, levers, 3.0).any()
    operating = np.ones((2, len(Region)), bool)
    assert not data_rules.compliance_costs(origin, operating, np.ones((2, len(Region))), levers).any()
    users = np.zeros((2, len(Region), len(Sector)))
    users[0, Region.CN] = 10.0
    assert not platform_regulation.antitrust_fines(users, np.ones((2, len(Region))), levers, params).any()


def test_outbound_assessments_hold_back_data_leaving_china_only():
    params = Parameters({"china_outbound_assessment_hold_share": 0.5})
    levers = _levers(china_outbound_assessment_scope=1.0, china_enforcement=0.8)
    before = data_localization.openness(levers)
    after = data_rules.restrict_openness(before, levers, params)
    abroad = np.arange(len(Region)) != Region.CN
    assert np.allclose(after[Region.CN, abroad], before[Region.CN, abroad] * (1 - 0.8 * 0.5))
    assert np.allclose(after[abroad], before[abroad])            # data from elsewhere untouched
    assert after[Region.CN, Region.CN] == 1.0


def test_schrems_ii_closes_the_eu_to_us_cell_only():
    levers = _levers(eu_us_transfer_restriction=0.6, eu_transfer_restriction=0.2)
    before = data_localization.openness(levers)
    after = data_rules.restrict_openness(before, levers, Parameters({}))
    assert after[Region.EU, Region.US] == pytest.approx(0.8 * 0.4)
    changed = np.ones_like(after, bool)
    changed[Region.EU, Region.US] = False
    assert np.array_equal(after[changed], before[changed])


def test_data_rule_compliance_costs():
    """PIPL cost on every firm in China (domestic too); outbound assessment on firms moving data
    out of China; Schrems II cost on U.S. firms in the EU only."""
    origin = np.array([Origin.CN, Origin.US, Origin.OTHER, Origin.CN])
    operating = np.zeros((4, len(Region)), bool)
    operating[0, [Region.CN, Region.US, Region.EU]] = True     # a Chinese firm serving two regions abroad
    operating[1, [Region.CN, Region.EU]] = True                # a U.S. firm in China and the EU
    operating[2, [Region.EU]] = True                           # a European firm at home
    operating[3, [Region.CN]] = True                           # a Chinese firm at home only
    revenue = np.where(operating, 2.0, 0.0)
    levers = _levers(china_personal_information_compliance_share=0.01, china_enforcement=0.5,
                     china_outbound_assessment_scope=0.8, china_security_assessment_cost=0.02,
                     eu_us_transfer_restriction=0.5, eu_us_transfer_assessment_cost=0.01)
    costs = data_rules.compliance_costs(origin, operating, revenue, levers)
    pipl = 0.01 * 0.5 * 2.0
    assessment = 0.8 * 0.5 * 0.02
    assert costs[3, Region.CN] == pytest.approx(pipl)                       # domestic firms pay the PIPL
    assert costs[0, Region.CN] == pytest.approx(pipl)
    assert costs[0, Region.US] == pytest.approx(assessment / 2)             # spread over its foreign regions
    assert costs[0, Region.EU] == pytest.approx(assessment / 2)
    assert costs[1, Region.CN] == pytest.approx(pipl + assessment)
    assert costs[1, Region.EU] == pytest.approx(0.5 * 0.01)                 # Schrems II: U.S. firm in the EU
    assert costs[2].sum() == 0.0                                            # a European firm at home pays none
    assert costs[3, Region.CN] < costs[1, Region.CN]


def test_antitrust_fines_hit_dominant_platforms_in_china_only():
    users = np.zeros((3, len(Region), len(Sector)))
    users[0, Region.CN, Sector.ECOMMERCE] = 60.0       # dominant in Chinese e-commerce
    users[1, Region.CN, Sector.ECOMMERCE] = 40.0
    users[2, Region.US, Sector.SEARCH] = 90.0          # dominant, but in the U.S.
    revenue = np.full((3, len(Region)), 1.0)
    levers = _levers(china_platform_fine_share=0.04)
    fines = platform_regulation.antitrust_fines(users, revenue, levers, Parameters({}))
    assert fines[0, Region.CN] == pytest.approx(0.04 * 4 * 1.0)    # 4% of annual China revenue
    assert fines.sum() == pytest.approx(fines[0, Region.CN])


def test_interoperability_and_fintech_curbs_act_in_china_only():
    levers = _levers(china_platform_interoperability=0.4, china_fintech_revenue_cap=0.25)
    scale = platform_regulation.network_scale(levers)
    assert np.allclose(scale[Region.CN, list(platform_regulation.INTEROPERABLE_SECTORS)], 0.6)
    assert scale.sum() == pytest.approx(scale.size - 0.4 * len(platform_regulation.INTEROPERABLE_SECTORS))
    retained = platform_regulation.revenue_retained(levers)
    assert retained[Region.CN, Sector.PAYMENTS] == pytest.approx(0.75)
    assert retained.sum() == pytest.approx(retained.size - 0.25)


def test_high_risk_vendor_friction_falls_on_chinese_equipment_in_the_eu():
    origin = np.array([Origin.CN, Origin.US, Origin.OTHER])
    friction = vendor_security.eu_vendor_friction(origin, _levers(eu_high_risk_vendor_restriction=0.5), 3.0)
    assert friction[0, Region.EU, Sector.ICT_EQUIPMENT] == pytest.approx(1.5)
    assert friction.sum() == pytest.approx(1.5)


def test_china_restrictiveness_does_not_count_rules_binding_domestic_firms_alike():
    """The index U.S. reciprocity answers measures restrictions on foreign firms; the PIPL, the
    outbound assessments and the platform rules bind Chinese firms too."""
    plain = reciprocity.china_restrictiveness(_levers())
    tightened = reciprocity.china_restrictiveness(_levers(
        china_personal_information_compliance_share=0.2, china_outbound_assessment_scope=1.0,
        china_platform_fine_share=0.1, china_platform_interoperability=1.0, china_fintech_revenue_cap=1.0))
    assert tightened == plain


def test_antitrust_fines_are_a_share_of_each_platforms_china_revenue_whatever_the_market_size():
    """The fine is ``fine_share x 4 x`` the platform's own China revenue (quarterly), from a
    market share of ``platform_dominance_share`` on; dominance is a share of the market, so a
    market of under a million users is judged alike."""
    users = np.zeros((3, len(Region), len(Sector)))
    users[:, Region.CN, Sector.RIDEHAILING] = [0.25, 0.125, 0.125]     # millions: shares 0.5, 0.25, 0.25
    revenue = np.zeros((3, len(Region)))
    revenue[:, Region.CN] = [2.5, 1.0, 1.0]
    revenue[:, Region.US] = 7.0
    fines = platform_regulation.antitrust_fines(users, revenue, _levers(china_platform_fine_share=0.04),
                                                Parameters({"platform_dominance_share": 0.5}))
    assert fines[0, Region.CN] == pytest.approx(0.04 * 4 * 2.5)
    assert fines[1:].sum() == 0.0 and fines[:, Region.US].sum() == 0.0


def test_a_chinese_firm_abroad_in_one_region_pays_the_whole_outbound_assessment_there():
    origin = np.array([Origin.CN])
    operating = np.zeros((1, len(Region)), bool)
    operating[0, [Region.CN, Region.SEA]] = True
    levers = _levers(china_outbound_assessment_scope=0.8, china_enforcement=0.5, china_security_assessment_cost=0.02,
                     china_personal_information_compliance_share=0.0)
    costs = data_rules.compliance_costs(origin, operating, np.zeros((1, len(Region))), levers)
    assert costs[0, Region.SEA] == pytest.approx(0.8 * 0.5 * 0.02)
    assert costs[0].sum() == pytest.approx(costs[0, Region.SEA])
