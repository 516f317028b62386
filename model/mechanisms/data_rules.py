"""The data-rule path of 2020-2024: China's personal-information rules and outbound security
assessments, and the EU's rules on personal-data transfers to the U.S.

These rules come on top of the Cybersecurity Law's localization
(:mod:`convergence.model.mechanisms.data_localization`) and act through the same channels: the
openness of data flows (hence the data each firm may pool where it serves users, hence its
quality) and compliance costs (hence profit, cash, exit and entry). Every lever is 0 before
2018 (none of these rules existed then).

* **Personal-information compliance in China** (PIPL, in force 1 Nov 2021; Data Security Law,
  1 Sept 2021): every firm serving China, domestic or foreign, pays
  ``china_personal_information_compliance_share * china_enforcement`` of its China revenue
  (consent, impact assessments, a data-protection officer); USD bn per quarter, booked in China.
* **Outbound security assessments** (CAC Measures for Security Assessment of Outbound Data
  Transfers, in force 1 Sept 2022; eased by the Provisions on Promoting and Regulating
  Cross-border Data Flows, 22 March 2024): a share ``s = china_outbound_assessment_scope *
  china_enforcement`` of personal data leaving China needs an assessment; a share
  ``china_outbound_assessment_hold_share`` of it is held back (refused, or delayed past the
  quarter), so ``openness[CN, b] *= 1 - s * hold`` for every other region ``b``; and each firm
  moving data out of China (a foreign firm serving China, a Chinese firm serving abroad) pays
  ``s * china_security_assessment_cost`` per quarter (a foreign firm's cost booked in China, a
  Chinese firm's spread over its foreign regions).
* **EU-to-U.S. transfers** (Schrems II, CJEU C-311/18, 16 July 2020, invalidated the Privacy
  Shield; the EU-U.S. Data Privacy Framework, adequacy decision of 10 July 2023, restored a
  basis): a share ``eu_us_transfer_restriction`` of EU personal data loses its basis for use in
  the U.S., ``openness[EU, US] *= 1 - eu_us_transfer_restriction``; and each U.S. firm serving
  the EU pays ``eu_us_transfer_restriction * eu_us_transfer_assessment_cost`` per quarter
  (standard contractual clauses with transfer impact assessments), booked in the EU.

None of these counts in :func:`convergence.model.mechanisms.reciprocity.china_restrictiveness`:
the PIPL and the outbound assessments bind Chinese and foreign firms alike, and that index
measures China's restrictions on foreign firms.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import Origin, Region
from convergence.model.parameters import Parameters, Value


def outbound_assessment_share(levers: Mapping[str, Value]) -> float:
    """Share of personal data leaving China that needs a security assessment, as enforced."""
    return float(levers["china_outbound_assessment_scope"] * levers["china_enforcement"])


def restrict_openness(openness: np.ndarray, levers: Mapping[str, Value], params: Parameters) -> np.ndarray:
    """``openness`` (regions x regions, share of row-region data usable in column-region) after
    China's outbound assessments and the EU's rules on transfers to the U.S. (a new array)."""
    result = openness.copy()
    held_back = outbound_assessment_share(levers) * params.china_outbound_assessment_hold_share
    result[Region.CN, :] *= 1.0 - held_back
    result[Region.EU, Region.US] *= 1.0 - levers["eu_us_transfer_restriction"]
    np.fill_diagonal(result, 1.0)
    return result


def compliance_costs(origin: np.ndarray, operating_region: np.ndarray, revenue_region: np.ndarray,
                     levers: Mapping[str, Value]) -> np.ndarray:
    """Compliance cost of the data rules (firms x regions, USD bn per quarter), booked in the
    region where it arises; added to :func:`data_localization.compliance_costs`.

    ``operating_region[row, region]`` says whether the firm serves any market there;
    ``revenue_region`` is its revenue there this quarter (USD bn).
    """
    costs = np.zeros(operating_region.shape)
    in_china = operating_region[:, Region.CN]
    costs[in_china, Region.CN] = (levers["china_personal_information_compliance_share"] * levers["china_enforcement"]
                                  * revenue_region[in_china, Region.CN])
    assessment = outbound_assessment_share(levers) * levers["china_security_assessment_cost"]
    chinese = origin == Origin.CN
    costs[~chinese & in_china, Region.CN] += assessment
    abroad = operating_region.copy()
    abroad[:, Region.CN] = False
    n_abroad = abroad.sum(axis=1)
    going_global = chinese & (n_abroad > 0)
    costs[going_global] += abroad[going_global] * (assessment / n_abroad[going_global])[:, None]
    us_in_eu = (origin == Origin.US) & operating_region[:, Region.EU]
    costs[us_in_eu, Region.EU] += levers["eu_us_transfer_restriction"] * levers["eu_us_transfer_assessment_cost"]
    return costs
