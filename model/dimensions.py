"""The model's named dimensions, declared once: regions, jurisdictions, sectors, origins, strategies.

Arrays are indexed by these enums (``users[:, Region.CN, Sector.SOCIAL]``); the tidy output
table labels rows with their ``code`` (``"CN"``, ``"social"``), and figures and reports use
their ``display_name``. The maps between a region, the jurisdiction that regulates it and the
parameters that hold its values are written out here, literally, so that ``grep`` finds every
use of a parameter name.

Adding a region means adding a member to :class:`Region`, its row to :data:`REGION_INFO` and
to ``model/inputs/regions.csv`` and ``sectors.csv`` (``docs/EXTENDING.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Jurisdiction(StrEnum):
    """A regulator's jurisdiction; the value is the prefix of its levers (``china_...``)."""

    CHINA = "china"
    US = "us"
    EU = "eu"
    INDIA = "india"
    SOUTHEAST_ASIA = "southeast_asia"


class Region(IntEnum):
    """A region of users; the value indexes region axes of every array."""

    CN = 0
    US = 1
    EU = 2
    IN = 3
    SEA = 4
    ROW = 5

    @property
    def code(self) -> str:
        """Label in the output table (``"CN"``, ``"US"``, ``"EU"``, ``"IN"``, ``"SEA"``, ``"RoW"``)."""
        return REGION_INFO[self].code

    @property
    def display_name(self) -> str:
        """Name for figures and reports (``"China"``, ``"the U.S."``)."""
        return REGION_INFO[self].display_name


class Sector(IntEnum):
    """A market sector; the value indexes sector axes of every array (``sectors.csv`` order)."""

    SOCIAL = 0
    ECOMMERCE = 1
    SEARCH = 2
    PAYMENTS = 3
    RIDEHAILING = 4
    DEVICES = 5
    CLOUD = 6
    ICT_EQUIPMENT = 7

    @property
    def code(self) -> str:
        """Label in the output table and the input files (``"social"``, ``"ict_equipment"``)."""
        return SECTOR_INFO[self].code

    @property
    def display_name(self) -> str:
        """Name for figures and reports."""
        return SECTOR_INFO[self].display_name


class Origin(IntEnum):
    """Where a firm comes from (its home economy): China, the U.S., or anywhere else."""

    CN = 0
    US = 1
    OTHER = 2

    @property
    def code(self) -> str:
        """Label in the output table and ``firms.csv`` (``"CN"``, ``"US"``, ``"other"``)."""
        return ORIGIN_CODES[self]


class Strategy(IntEnum):
    """A firm's innovation strategy (the report's account of Chinese and U.S. firms)."""

    DISRUPTOR = 0
    MICRO_INNOVATOR = 1
    COPYCAT = 2

    @property
    def code(self) -> str:
        """Label in ``firms.csv`` and entrants' names (``"micro-innovator"``)."""
        return STRATEGY_CODES[self]


@dataclass(frozen=True)
class RegionInfo:
    """What the model needs to know about a region, with the literal names of its parameters.

    ``ip_protection`` names the lever whose IP protection copycats homed in the region face
    (India, Southeast Asia and the rest of the world follow EU-level protection);
    ``bundling_limit`` the antitrust limit on bundling there (None: no limit).

    ``data_localization`` and ``local_storage_cost`` name the levers of a regulator that keeps
    data collected in the region at home (share of transfers out blocked; cost per foreign firm
    at full strictness), read by :mod:`convergence.model.mechanisms.data_localization`; None
    where the region's data rules are modelled by their own levers (China, the EU, the U.S.) or
    where nobody regulates (the rest of the world). ``sample_share`` names the setting that
    scales the region's representative users (None: ``users_per_region`` in full).
    """

    code: str
    display_name: str
    jurisdiction: Jurisdiction | None
    ip_protection: str
    bundling_limit: str | None
    internet_curve: tuple[str, str, str]
    internet_ceiling_growth: str
    mobile_internet_curve: tuple[str, str, str]
    mobile_payment_curve: tuple[str, str, str]
    revenue_per_user_growth: str
    income_growth: str
    data_localization: str | None = None
    local_storage_cost: str | None = None
    sample_share: str | None = None


REGION_INFO: dict[Region, RegionInfo] = {
    Region.CN: RegionInfo(
        code="CN", display_name="China", jurisdiction=Jurisdiction.CHINA,
        ip_protection="china_ip_protection", bundling_limit="china_antitrust_bundling_limit",
        internet_ceiling_growth="china_internet_ceiling_growth",
        internet_curve=("china_internet_share_2013", "china_internet_ceiling",
                        "china_internet_adoption_speed"),
        mobile_internet_curve=("china_mobile_internet_share_2013", "china_mobile_internet_ceiling",
                               "china_mobile_internet_adoption_speed"),
        mobile_payment_curve=("china_mobile_payment_share_2013", "china_mobile_payment_ceiling",
                              "china_mobile_payment_adoption_speed"),
        revenue_per_user_growth="china_revenue_per_user_growth", income_growth="china_income_growth"),
    Region.US: RegionInfo(
        code="US", display_name="the U.S.", jurisdiction=Jurisdiction.US,
        ip_protection="us_ip_protection", bundling_limit="us_antitrust_bundling_limit",
        internet_ceiling_growth="us_internet_ceiling_growth",
        internet_curve=("us_internet_share_2013", "us_internet_ceiling", "us_internet_adoption_speed"),
        mobile_internet_curve=("us_mobile_internet_share_2013", "us_mobile_internet_ceiling",
                               "us_mobile_internet_adoption_speed"),
        mobile_payment_curve=("us_mobile_payment_share_2013", "us_mobile_payment_ceiling",
                              "us_mobile_payment_adoption_speed"),
        revenue_per_user_growth="us_revenue_per_user_growth", income_growth="us_income_growth"),
    Region.EU: RegionInfo(
        code="EU", display_name="the EU", jurisdiction=Jurisdiction.EU,
        ip_protection="eu_ip_protection", bundling_limit="eu_antitrust_bundling_limit",
        internet_ceiling_growth="eu_internet_ceiling_growth",
        internet_curve=("eu_internet_share_2013", "eu_internet_ceiling", "eu_internet_adoption_speed"),
        mobile_internet_curve=("eu_mobile_internet_share_2013", "eu_mobile_internet_ceiling",
                               "eu_mobile_internet_adoption_speed"),
        mobile_payment_curve=("eu_mobile_payment_share_2013", "eu_mobile_payment_ceiling",
                              "eu_mobile_payment_adoption_speed"),
        revenue_per_user_growth="eu_revenue_per_user_growth", income_growth="eu_income_growth"),
    Region.IN: RegionInfo(
        code="IN", display_name="India", jurisdiction=Jurisdiction.INDIA,
        ip_protection="eu_ip_protection", bundling_limit=None,
        internet_ceiling_growth="india_internet_ceiling_growth",
        internet_curve=("india_internet_share_2013", "india_internet_ceiling", "india_internet_adoption_speed"),
        mobile_internet_curve=("india_mobile_internet_share_2013", "india_mobile_internet_ceiling",
                               "india_mobile_internet_adoption_speed"),
        mobile_payment_curve=("india_mobile_payment_share_2013", "india_mobile_payment_ceiling",
                              "india_mobile_payment_adoption_speed"),
        revenue_per_user_growth="india_revenue_per_user_growth", income_growth="india_income_growth",
        data_localization="india_data_localization", local_storage_cost="india_local_storage_cost",
        sample_share="users_share_outside_core_regions"),
    Region.SEA: RegionInfo(
        code="SEA", display_name="Southeast Asia", jurisdiction=Jurisdiction.SOUTHEAST_ASIA,
        ip_protection="eu_ip_protection", bundling_limit=None,
        internet_ceiling_growth="southeast_asia_internet_ceiling_growth",
        internet_curve=("southeast_asia_internet_share_2013", "southeast_asia_internet_ceiling",
                        "southeast_asia_internet_adoption_speed"),
        mobile_internet_curve=("southeast_asia_mobile_internet_share_2013",
                               "southeast_asia_mobile_internet_ceiling",
                               "southeast_asia_mobile_internet_adoption_speed"),
        mobile_payment_curve=("southeast_asia_mobile_payment_share_2013", "southeast_asia_mobile_payment_ceiling",
                              "southeast_asia_mobile_payment_adoption_speed"),
        revenue_per_user_growth="southeast_asia_revenue_per_user_growth",
        income_growth="southeast_asia_income_growth",
        data_localization="southeast_asia_data_localization",
        local_storage_cost="southeast_asia_local_storage_cost",
        sample_share="users_share_outside_core_regions"),
    Region.ROW: RegionInfo(
        code="RoW", display_name="the rest of the world", jurisdiction=None,
        ip_protection="eu_ip_protection", bundling_limit=None,
        internet_ceiling_growth="rest_of_world_internet_ceiling_growth",
        internet_curve=("rest_of_world_internet_share_2013", "rest_of_world_internet_ceiling",
                        "rest_of_world_internet_adoption_speed"),
        mobile_internet_curve=("rest_of_world_mobile_internet_share_2013",
                               "rest_of_world_mobile_internet_ceiling",
                               "rest_of_world_mobile_internet_adoption_speed"),
        mobile_payment_curve=("rest_of_world_mobile_payment_share_2013",
                              "rest_of_world_mobile_payment_ceiling",
                              "rest_of_world_mobile_payment_adoption_speed"),
        revenue_per_user_growth="rest_of_world_revenue_per_user_growth", income_growth="rest_of_world_income_growth",
        sample_share="users_share_outside_core_regions"),
}


@dataclass(frozen=True)
class SectorInfo:
    """A sector's labels and the literal names of its per-sector parameters.

    ``secondary_use_share`` names the share of a multi-homing user's use that goes to a
    secondary provider; None where users single-home (payments, ride-hailing, devices, and the
    enterprise sectors).
    """

    code: str
    display_name: str
    revenue_per_user_growth: str
    china_foreign_access: str
    secondary_use_share: str | None = None


SECTOR_INFO: dict[Sector, SectorInfo] = {
    Sector.SOCIAL: SectorInfo("social", "Social networks", "revenue_per_user_growth_social",
                              "china_foreign_access_social", "secondary_use_share_social"),
    Sector.ECOMMERCE: SectorInfo("ecommerce", "E-commerce", "revenue_per_user_growth_ecommerce",
                                 "china_foreign_access_ecommerce", "secondary_use_share_ecommerce"),
    Sector.SEARCH: SectorInfo("search", "Search", "revenue_per_user_growth_search",
                              "china_foreign_access_search", "secondary_use_share_search"),
    Sector.PAYMENTS: SectorInfo("payments", "Mobile payments", "revenue_per_user_growth_payments",
                                "china_foreign_access_payments"),
    Sector.RIDEHAILING: SectorInfo("ridehailing", "Ride-hailing", "revenue_per_user_growth_ridehailing",
                                   "china_foreign_access_ridehailing"),
    Sector.DEVICES: SectorInfo("devices", "Devices", "revenue_per_user_growth_devices",
                               "china_foreign_access_devices"),
    Sector.CLOUD: SectorInfo("cloud", "Cloud", "revenue_per_user_growth_cloud", "china_foreign_access_cloud"),
    Sector.ICT_EQUIPMENT: SectorInfo("ict_equipment", "ICT equipment", "revenue_per_user_growth_ict_equipment",
                                     "china_foreign_access_ict_equipment"),
}

ORIGIN_CODES: dict[Origin, str] = {Origin.CN: "CN", Origin.US: "US", Origin.OTHER: "other"}
STRATEGY_CODES: dict[Strategy, str] = {Strategy.DISRUPTOR: "disruptor",
                                       Strategy.MICRO_INNOVATOR: "micro-innovator",
                                       Strategy.COPYCAT: "copycat"}

REGIONS: tuple[str, ...] = tuple(region.code for region in Region)
"""Region codes in index order (labels of the output table)."""
SECTORS: tuple[str, ...] = tuple(sector.code for sector in Sector)
"""Sector codes in index order."""
CONSUMER_SECTORS_LABEL = "consumer_sectors"
"""Sector label of a row that aggregates the consumer sectors (people; users weighted alike)."""
ENTERPRISE_SECTORS_LABEL = "enterprise_sectors"
"""Sector label of a row that aggregates the enterprise sectors (enterprise buyers)."""
SECTOR_LABELS: tuple[str, ...] = SECTORS + (CONSUMER_SECTORS_LABEL, ENTERPRISE_SECTORS_LABEL)
"""Labels of the output table's sector column: the sectors, then the two aggregates (people and
enterprises are never added into one denominator)."""
ORIGINS: tuple[str, ...] = tuple(origin.code for origin in Origin)
"""Origin codes in index order."""
STRATEGIES: tuple[str, ...] = tuple(strategy.code for strategy in Strategy)
"""Strategy codes in index order."""

JURISDICTION_REGION: dict[Jurisdiction, Region] = {
    info.jurisdiction: region for region, info in REGION_INFO.items() if info.jurisdiction is not None}
"""The region each jurisdiction regulates."""

HOME_REGION_OF_ORIGIN: dict[Origin, Region] = {Origin.CN: Region.CN, Origin.US: Region.US,
                                               Origin.OTHER: Region.EU}
"""Where a firm of an origin is homed when only the origin is known (cross-border stakes in
'other' firms are booked to the EU)."""
