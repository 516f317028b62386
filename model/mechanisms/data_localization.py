"""Data localization: rules that keep data where it was collected.

``openness[a, b]`` is the share of data collected in region ``a`` that may be used in region
``b`` (1 on the diagonal):

* out of China: ``1 - strictness * scope * enforcement`` (Cybersecurity Law Art. 37);
* out of the EU: ``1 - eu_transfer_restriction``;
* out of a region whose regulator keeps data at home (India, Southeast Asia):
  ``1 - <region>_data_localization`` (the lever :data:`~convergence.model.dimensions.REGION_INFO`
  names for the region);
* from the U.S. to China, for Chinese firms' apps only: ``1 - us_chinese_app_data_rules``
  (rules on Chinese apps' handling of U.S. users' data; a U.S. or European firm's data is
  not concerned).

``openness`` holds the rules that bind every firm; ``openness_by_origin`` adds those that bind
firms of one origin.

Effects:

* **split data pools** - the data a firm may use where it serves users is
  ``pooled[row, b] = sum_a openness_o[a, b] * data[row, a]`` (``o`` the firm's origin); quality grows with its log, so
  localization slows learning for Chinese firms abroad and foreign firms at home alike;
* **compliance cost** (USD bn per quarter) - a foreign firm operating in China pays
  ``scope * enforcement * strictness * (datacentre + assessment + revenue_share * revenue)``;
  a Chinese firm operating abroad pays the security assessment for moving data out of
  China, plus U.S. local-storage cost under ``us_chinese_app_data_rules``; a non-EU firm
  serving the EU pays ``eu_transfer_restriction * eu_compliance_cost``; a firm homed outside
  India (Southeast Asia) serving it pays ``<region>_data_localization x <region>_local_storage_cost``;
* **cross-border data use** (an outcome, beside the policy index) - the share of users' use
  whose data a firm processes outside the users' region: use of firms homed elsewhere, times
  the share of that data the firm may move home (``openness_o[user region, home region]``);
* the **data-flow index** (1 = unrestricted) is the mean of ``openness[a, b]`` over ordered
  pairs of different regions, weighted by the product of their internet users; the U.S.-to-China
  cell counts the Chinese-app rules in proportion to Chinese firms' share of U.S. users.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from convergence.model.dimensions import REGION_INFO, Origin, Region
from convergence.model.parameters import Value

LOCALIZING_REGIONS: tuple[tuple[Region, str], ...] = tuple(
    (region, info.data_localization) for region, info in REGION_INFO.items() if info.data_localization)
"""Regions whose regulator keeps data at home by one lever, with that lever's name (India, Southeast Asia)."""
STORAGE_COSTS: tuple[tuple[Region, str, str], ...] = tuple(
    (region, info.data_localization, info.local_storage_cost)
    for region, info in REGION_INFO.items() if info.data_localization and info.local_storage_cost)
"""Regions charging firms homed elsewhere for local storage: (region, localization lever, cost lever)."""


def china_effective_localization(levers: Mapping[str, Value]) -> float:
    """Share of data collected in China that may not leave it (strictness x scope x enforcement)."""
    return float(levers["china_data_localization_strictness"] * levers["china_data_localization_scope"]
                 * levers["china_enforcement"])


def openness(levers: Mapping[str, Value]) -> np.ndarray:
    """Regions x regions matrix of the share of data from row-region usable in column-region."""
    matrix = np.ones((len(Region), len(Region)))
    matrix[Region.CN, :] = 1.0 - china_effective_localization(levers)
    matrix[Region.EU, :] = 1.0 - levers["eu_transfer_restriction"]
    for region, lever in LOCALIZING_REGIONS:
        matrix[region, :] = 1.0 - levers[lever]
    np.fill_diagonal(matrix, 1.0)
    return matrix


def openness_by_origin(levers: Mapping[str, Value], general: np.ndarray) -> np.ndarray:
    """Origins x regions x regions: ``general`` (the rules binding everyone) plus the rules that
    bind firms of one origin (U.S. rules on Chinese apps' data)."""
    matrices = np.repeat(general[None], len(Origin), axis=0)
    matrices[Origin.CN, Region.US, Region.CN] *= 1.0 - levers["us_chinese_app_data_rules"]
    return matrices


def flow_openness(levers: Mapping[str, Value], general: np.ndarray, chinese_share_us: float) -> np.ndarray:
    """Regions x regions openness for the data-flow index: ``general``, with the U.S.-to-China
    cell lowered by the Chinese-app rules in proportion to Chinese firms' share of U.S. users."""
    matrix = general.copy()
    matrix[Region.US, Region.CN] *= 1.0 - levers["us_chinese_app_data_rules"] * chinese_share_us
    return matrix


def data_flow_index(open_matrix: np.ndarray, internet_users: np.ndarray) -> float:
    """Cross-border data-flow index in [0, 1] (1 = unrestricted), weighted by internet users."""
    weights = np.outer(internet_users, internet_users)
    np.fill_diagonal(weights, 0.0)
    total = weights.sum()
    return float((weights * open_matrix).sum() / total) if total > 0 else 1.0


def cross_border_use(use: np.ndarray, origin: np.ndarray, home_region: np.ndarray,
                     by_origin: np.ndarray) -> np.ndarray:
    """Use (per region of the users, millions) whose data firms process outside that region.

    ``use`` is firms x regions (millions, the users' use of each firm); a firm homed in region
    ``h`` processes at home the share ``by_origin[origin, r, h]`` of the data of its users in
    region ``r != h`` (:func:`openness_by_origin`); the rest stays where it was collected.
    """
    regions = np.arange(use.shape[1])
    moved = by_origin[origin[:, None], regions[None, :], home_region[:, None]]     # firms x regions
    abroad = home_region[:, None] != regions[None, :]
    return (use * moved * abroad).sum(axis=0)


def pooled_data(data: np.ndarray, origin: np.ndarray, by_origin: np.ndarray) -> np.ndarray:
    """Data (firms x regions, M user-quarters) each firm may use where it serves users;
    ``by_origin`` is :func:`openness_by_origin`."""
    return np.einsum("fa,fab->fb", data, by_origin[origin])


def compliance_costs(origin: np.ndarray, home_region: np.ndarray, operating_region: np.ndarray,
                     revenue_region: np.ndarray, levers: Mapping[str, Value]) -> np.ndarray:
    """Compliance cost (firms x regions, USD bn per quarter), booked in the region it arises.

    ``operating_region[row, region]`` says whether the firm serves any market there;
    ``revenue_region`` is its revenue there this quarter.
    """
    costs = np.zeros(operating_region.shape)
    chinese = origin == Origin.CN
    foreign = ~chinese
    strictness = levers["china_data_localization_strictness"]
    coverage = levers["china_data_localization_scope"] * levers["china_enforcement"]
    in_china = foreign & operating_region[:, Region.CN]
    costs[in_china, Region.CN] = coverage * strictness * (
        levers["china_local_datacentre_cost"] + levers["china_security_assessment_cost"]
        + levers["china_compliance_revenue_share"] * revenue_region[in_china, Region.CN])
    abroad = operating_region.copy()
    abroad[:, Region.CN] = False
    n_abroad = abroad.sum(axis=1)
    going_global = chinese & (n_abroad > 0)
    assessment = coverage * strictness * levers["china_security_assessment_cost"]
    costs[going_global] += abroad[going_global] * (assessment / n_abroad[going_global])[:, None]
    costs[chinese & operating_region[:, Region.US], Region.US] += (levers["us_chinese_app_data_rules"]
                                                     * levers["us_local_storage_cost"])
    non_eu = operating_region[:, Region.EU] & (home_region != Region.EU)
    costs[non_eu, Region.EU] += levers["eu_transfer_restriction"] * levers["eu_compliance_cost"]
    for region, localization, storage_cost in STORAGE_COSTS:
        from_elsewhere = operating_region[:, region] & (home_region != region)
        costs[from_elsewhere, region] += levers[localization] * levers[storage_cost]
    return costs
