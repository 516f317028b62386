"""Human-readable labels: the one source of display names and units for metrics, parameters,
regions, sectors and firm origins.

Plots, tables, the report and the command line write what a policymaker reads from here,
never the code identifiers of the output table. Units come from where each quantity is
declared (:data:`convergence.model.metrics.METRICS`, :data:`convergence.model.parameters.PARAMETERS`);
display names of metrics and parameters are declared below, one per name, and
``tests/model/test_labels.py`` checks that every registered metric and parameter has one (a
new metric or parameter must add its display name here). A name that has none still gets a
readable fallback (:func:`humanize`), so nothing fails at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

from convergence.model.dimensions import REGION_INFO, SECTOR_INFO
from convergence.model.metrics import METRICS, POLICY_PREFIX
from convergence.model.parameters import PARAMETERS


@dataclass(frozen=True)
class Label:
    """A quantity's display name (sentence case, no trailing unit) and unit."""

    name: str
    unit: str

    @property
    def axis(self) -> str:
        """``name (unit)``, or the name alone when there is no unit."""
        return f"{self.name} ({self.unit})" if self.unit else self.name


def _in_sentence(name: str) -> str:
    """A display name inside a sentence: first letter lowered unless it starts an acronym."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


METRIC_NAMES: dict[str, str] = {
    "market_share": "Market share",
    "hhi": "Market concentration (Herfindahl index)",
    "sector_users": "Users of the sector",
    "chinese_share_outside_china": "Chinese firms' share of users outside China",
    "foreign_share_in_china": "Foreign firms' share of users in China",
    "firm_count": "Firms operating",
    "entries": "Firm entries",
    "exits": "Market exits",
    "acquisitions": "Acquisitions",
    "deals_blocked": "Deals blocked by investment screening",
    "investment_deals": "Cross-border investment deals",
    "knowledge_flow": "Knowledge flow (feature adoptions)",
    "revenue": "Revenue",
    "rd_spend": "R&D spending",
    "rd_intensity": "R&D intensity",
    "compliance_cost": "Compliance cost",
    "data_flow_index": "Cross-border data flows the rules allow (index)",
    "cross_border_data_use": "Data processed across borders",
    "convergence_index": "Convergence of Chinese and U.S. innovation portfolios",
    "internet_users": "Internet users",
    "internet_penetration": "Internet penetration",
    "mobile_internet_users": "Mobile internet users",
    "mobile_payment_users": "Mobile payment users",
    "consumer_welfare": "Consumer welfare",
    "consumer_surplus_usd": "Consumer surplus",
    "consumer_surplus_per_user_usd": "Consumer surplus per online user",
    "operating_profit": "Operating profit",
}
"""Display name of every metric in :data:`METRICS`."""

PARAMETER_NAMES: dict[str, str] = {
    # settings
    "users_per_region": "Representative consumers per region",
    "enterprise_buyers_per_region": "Representative enterprise buyers per region",
    "reconsider_rate": "Share of users reconsidering their provider",
    "users_share_outside_core_regions": "Representative users of India, Southeast Asia and the rest of the world "
                                        "(share of the per-region count)",
    # adoption
    **{f"{prefix}_{what}": f"{place}: {words}"
       for prefix, place in (("china", "China"), ("us", "U.S."), ("eu", "EU"),
                             ("india", "India"), ("southeast_asia", "Southeast Asia"),
                             ("rest_of_world", "Rest of the world"))
       for what, words in (("internet_share_2013", "share online in 2013"),
                           ("internet_ceiling", "long-run share online"),
                           ("internet_adoption_speed", "speed of internet adoption"),
                           ("mobile_internet_share_2013", "share of internet users on mobile in 2013"),
                           ("mobile_internet_ceiling", "long-run share of internet users on mobile"),
                           ("mobile_internet_adoption_speed", "speed of mobile internet adoption"),
                           ("mobile_payment_share_2013", "share of internet users paying by phone in 2013"),
                           ("mobile_payment_ceiling", "long-run share of internet users paying by phone"),
                           ("mobile_payment_adoption_speed", "speed of mobile payment adoption"),
                           ("revenue_per_user_growth", "growth of revenue per user"))},
    # monetization
    "revenue_per_user_growth_social": "Growth of revenue per user: social networks",
    "revenue_per_user_growth_ecommerce": "Growth of revenue per user: e-commerce",
    "revenue_per_user_growth_search": "Growth of revenue per user: search",
    "revenue_per_user_growth_payments": "Growth of revenue per user: mobile payments",
    "revenue_per_user_growth_ridehailing": "Growth of revenue per user: ride-hailing",
    "revenue_per_user_growth_devices": "Growth of revenue per user: devices",
    "revenue_per_user_growth_cloud": "Growth of revenue per user: cloud",
    "revenue_per_user_growth_ict_equipment": "Growth of revenue per user: ICT equipment",
    "revenue_per_user_growth_half_life": "Half-life of revenue-per-user growth",
    "firm_monetization_half_life": "Half-life of a firm's own monetization trend",
    "china_internet_ceiling_growth": "Yearly rise of China's internet-adoption ceiling",
    "us_internet_ceiling_growth": "Yearly rise of the U.S. internet-adoption ceiling",
    "eu_internet_ceiling_growth": "Yearly rise of the EU's internet-adoption ceiling",
    "rest_of_world_internet_ceiling_growth": "Yearly rise of the rest of the world's internet-adoption ceiling",
    "india_internet_ceiling_growth": "Yearly rise of India's internet-adoption ceiling",
    "southeast_asia_internet_ceiling_growth": "Yearly rise of Southeast Asia's internet-adoption ceiling",
    "china_income_growth": "Income growth in China (long-run revenue-per-user growth)",
    "us_income_growth": "Income growth in the U.S. (long-run revenue-per-user growth)",
    "eu_income_growth": "Income growth in the EU (long-run revenue-per-user growth)",
    "rest_of_world_income_growth": "Income growth in the rest of the world (long-run revenue-per-user growth)",
    "india_income_growth": "Income growth in India (long-run revenue-per-user growth)",
    "southeast_asia_income_growth": "Income growth in Southeast Asia (long-run revenue-per-user growth)",
    # user choice
    "quality_weight": "Weight of quality in user choice",
    "network_weight": "Weight of network size in user choice",
    "home_fit_weight": "Weight of home-market fit in user choice",
    "micro_innovator_fit_bonus": "Home-market fit bonus of micro-innovators",
    "bundling_weight": "Weight of super-app bundling in user choice",
    "privacy_weight": "Weight of privacy risk in user choice",
    "taste_dispersion": "Spread of users' persistent tastes for providers",
    "hardware_taste_dispersion": "Spread of buyers' persistent tastes for hardware brands",
    "device_price_weight": "Weight of a handset's price premium against the buyer's income",
    "income_adoption_correlation": "Correlation of a consumer's income with how early it goes online",
    "foreignness_discount": "Liability of foreignness (share of quality lost abroad before localising)",
    "hardware_foreignness_discount": "Liability of foreignness for devices and ICT equipment",
    "imitation_where_used": "Imitation wherever a feature is used (not only where it was made)",
    "hardware_breakthroughs": "Breakthroughs (new categories) possible in hardware",
    "global_launch_needs_local_operations": "No global launch where a market needs local operations",
    "breakthrough_network_reset": "Weight of a new category's own network in user choice",
    "localisation_half_life": "Half-life of a foreign firm's localisation gap",
    "entrant_awareness": "Share of users who know of a provider when it enters a region",
    "awareness_innovation": "Awareness spread by advertising (Bass p, per year)",
    "awareness_imitation": "Awareness spread by word of mouth (Bass q, per year per unit share)",
    "foreign_privacy_penalty": "Privacy risk of foreign providers",
    "switching_cost": "Switching cost",
    "consumer_price_elasticity": "Price elasticity of a provider's demand (converts utils to USD)",
    "secondary_use_share_social": "Secondary provider's share of use, social networks",
    "secondary_use_share_ecommerce": "Secondary provider's share of use, e-commerce",
    "secondary_use_share_search": "Secondary provider's share of use, search",
    "data_quality_weight": "Quality gained from user data",
    "access_friction_max": "Largest access friction",
    "china_payments_foreign_friction": "China: friction on foreign payment providers",
    "china_antitrust_bundling_limit": "China: antitrust limit on bundling",
    "us_antitrust_bundling_limit": "U.S.: antitrust limit on bundling",
    "eu_antitrust_bundling_limit": "EU: antitrust limit on bundling",
    # innovation and diffusion
    "rd_productivity": "R&D productivity",
    "quality_depreciation": "Quality depreciation",
    "data_decay": "Decay of accumulated user data",
    "innovation_rate": "Innovation rate",
    "feature_quality_gain": "Quality gain per feature",
    "imitation_rate_domestic": "Imitation rate, domestic",
    "imitation_rate_cross_border": "Imitation rate, cross-border",
    "copycat_speed": "Copycats' imitation speed",
    "copycat_quality_discount": "Copycats' quality discount",
    "diffusion_weight_data_flows": "Weight of data flows in knowledge diffusion",
    "diffusion_weight_presence": "Weight of market presence in knowledge diffusion",
    "diffusion_weight_investment": "Weight of investment links in knowledge diffusion",
    "diffusion_weight_talent": "Weight of talent flows in knowledge diffusion",
    "china_ip_protection": "China: IP protection",
    "us_ip_protection": "U.S.: IP protection",
    "eu_ip_protection": "EU: IP protection",
    "us_talent_openness": "U.S.: openness to foreign talent",
    # market dynamics
    "china_entry_rate": "China: firm entry rate",
    "us_entry_rate": "U.S.: firm entry rate",
    "other_entry_rate": "Other countries: firm entry rate",
    "capital_availability": "Capital availability",
    "china_copycat_share": "China: share of entrants that are copycats",
    "china_disruptor_share": "China: share of entrants that are disruptors",
    "us_copycat_share": "U.S.: share of entrants that are copycats",
    "us_disruptor_share": "U.S.: share of entrants that are disruptors",
    "other_copycat_share": "Other countries: share of entrants that are copycats",
    "other_disruptor_share": "Other countries: share of entrants that are disruptors",
    "entrant_quality_ratio": "Entrants' quality relative to incumbents",
    "break_even_share": "Break-even market share",
    "exit_patience_quarters": "Quarters of losses before exit",
    "expansion_rate": "Expansion rate into new markets",
    "china_global_launch_share": "Chinese entrants launching abroad from the start",
    "us_global_launch_share": "U.S. entrants launching abroad from the start",
    "breakthrough_share": "Share of disruptors' features that open a new category",
    "breakthrough_quality_gain": "Quality gain of a breakthrough feature",
    "strategy_upgrade_rate": "Rate of moving up a strategy at the frontier",
    "strategy_upgrade_frontier": "Quality (relative to the best) from which a firm moves up a strategy",
    "acquisition_rate": "Acquisition rate",
    "cross_border_deal_rate": "Cross-border investment deal rate",
    "investment_link_decay": "Decay of investment links",
    "china_investment_screening": "China: investment screening",
    "us_investment_screening": "U.S.: investment screening (CFIUS)",
    "eu_investment_screening": "EU: investment screening",
    # data localization
    "china_data_localization_strictness": "China: data-localization strictness",
    "china_data_localization_scope": "China: data-localization scope",
    "china_enforcement": "China: enforcement of data rules",
    "china_security_assessment_cost": "China: security-assessment cost",
    "china_local_datacentre_cost": "China: local data-centre cost",
    "china_compliance_revenue_share": "China: compliance cost as share of revenue",
    "eu_transfer_restriction": "EU: restriction on data transfers",
    "eu_compliance_cost": "EU: compliance cost",
    "us_chinese_app_data_rules": "U.S.: rules on Chinese apps' U.S. data",
    "us_local_storage_cost": "U.S.: local storage cost",
    # ICT localization
    "china_ict_procurement_preference": "China: procurement preference for local ICT",
    "china_jv_revenue_share": "China: revenue share of joint-venture partners",
    # market access
    **{info.china_foreign_access: f"China: market access of foreign firms, {_in_sentence(info.display_name)}"
       for info in SECTOR_INFO.values()},
    "china_vpn_enforcement": "China: enforcement against VPNs",
    "china_vpn_cost": "China: cost of reaching blocked services over a VPN",
    # reciprocity
    "us_reciprocity_strength": "U.S.: reciprocity strength",
    "us_reciprocity_rule": "U.S.: rule-based reciprocity",
    "us_reciprocity_lag_quarters": "U.S.: reciprocity lag",
    "us_reciprocity_responsiveness": "U.S.: reciprocity responsiveness",
    "us_procurement_restriction": "U.S.: procurement restriction on Chinese vendors",
    # platform regulation (China 2020-2022)
    "china_platform_fine_share": "China: antitrust fine on dominant platforms",
    "platform_dominance_share": "Market share from which a platform counts as dominant",
    "china_platform_interoperability": "China: platform interoperability orders",
    "china_fintech_revenue_cap": "China: curbs on platform fintech revenue",
    # data rules (2020-2024)
    "china_personal_information_compliance_share": "China: personal-information (PIPL) compliance cost",
    "china_outbound_assessment_scope": "China: scope of outbound data security assessments",
    "china_outbound_assessment_hold_share": "Share of assessed outbound data held back",
    "eu_us_transfer_restriction": "EU: restriction on personal-data transfers to the U.S.",
    "eu_us_transfer_assessment_cost": "EU: cost of transfer assessments for U.S. firms",
    # vendor security (EU)
    "eu_high_risk_vendor_restriction": "EU: restriction on high-risk network vendors",
    # export controls
    "us_export_controls": "U.S.: export controls on Chinese device and equipment makers",
    "us_export_controls_huawei": "U.S.: export controls on Huawei (Entity List)",
    "us_export_controls_zte": "U.S.: export controls on ZTE (denial order)",
    "us_component_share": "Chinese makers' share of inputs from U.S. suppliers",
    "export_control_cost_premium": "Cost premium of substitutes for denied inputs",
    "export_control_quality_loss": "Quality lost without U.S. hardware inputs",
    "us_software_services_quality_loss": "Quality lost abroad without Google Mobile Services",
    "export_control_stockpile_quarters": "Stockpiles of denied inputs",
    "domestic_substitution_rate": "Speed of domestic substitution per unit of R&D intensity",
    # app bans
    "us_chinese_app_ban": "U.S.: ban on Chinese apps",
    "us_chinese_app_divestiture_order": "U.S.: divestiture order on Chinese apps",
    "india_chinese_app_ban": "India: ban on Chinese apps",
    "us_chinese_app_data_remedy": "U.S.: data-handling remedy accepted for Chinese apps",
    "app_ban_install_cost": "Cost of installing a banned app",
    "app_ban_obsolescence_quarters": "Time for a banned app to lose its users' goodwill",
    "divestiture_deadline_quarters": "Deadline of a divestiture order",
    "divestiture_deal_rate": "Rate at which divestiture deals close",
    "app_data_remedy_cost": "Cost of a data-handling remedy",
    # countermeasures
    "china_unreliable_entity_list": "China: unreliable-entity list and procurement reviews",
    "china_algorithm_export_review": "China: export review of recommendation algorithms",
    "china_overseas_listing_review": "China: review of firms listing and expanding abroad",
    "china_countermeasure_rule": "China: rule-based countermeasures",
    "china_countermeasure_lag_quarters": "China: countermeasure lag",
    "china_countermeasure_responsiveness": "China: countermeasure responsiveness",
    "algorithm_share_of_quality": "Share of an app's quality carried by its algorithm",
    # data rules of India and Southeast Asia
    "india_data_localization": "India: data localization",
    "india_local_storage_cost": "India: local storage cost",
    "southeast_asia_data_localization": "Southeast Asia: data localization",
    "southeast_asia_local_storage_cost": "Southeast Asia: local storage cost",
    "us_procurement_cost": "U.S.: cost of choosing Chinese vendors under the full procurement restriction",
}
"""Display name of every parameter in :data:`PARAMETERS` (region-specific ones lead with the region)."""

ORIGIN_NAMES: dict[str, str] = {"CN": "Chinese firms", "US": "U.S. firms", "other": "Other firms",
                                "CN->US": "China to the U.S.", "US->CN": "the U.S. to China"}
"""Display names of the output table's ``origin`` column (firm origins, knowledge-flow directions)."""

ACRONYMS = {"us": "U.S.", "eu": "EU", "cn": "China", "ict": "ICT", "rd": "R&D", "ip": "IP", "vpn": "VPN",
            "hhi": "HHI", "jv": "JV", "row": "rest of the world"}
"""Words :func:`humanize` writes out (identifier word -> display)."""


def humanize(identifier: str) -> str:
    """A readable fallback for an identifier without a declared display name:
    ``china_new_lever`` -> ``China new lever``."""
    words = [ACRONYMS.get(word, word) for word in identifier.replace(":", " ").split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def metric_label(metric: str) -> Label:
    """Display name and unit of a metric of the output table (``policy:<lever>`` included)."""
    if metric.startswith(POLICY_PREFIX):
        lever = parameter_label(metric[len(POLICY_PREFIX):])
        return Label(f"{lever.name} (in force)", lever.unit)
    declared = METRICS.get(metric)
    return Label(METRIC_NAMES.get(metric) or humanize(metric), declared.unit if declared else "")


def parameter_label(name: str) -> Label:
    """Display name and unit of a parameter (a sweep factor, a lever in a policy change)."""
    declared = PARAMETERS.get(name)
    return Label(PARAMETER_NAMES.get(name) or humanize(name), declared.unit if declared else "")


def region_name(code: str, *, in_sentence: bool = False) -> str:
    """Display name of a region code (``US`` -> ``U.S.``; ``the U.S.`` inside a sentence)."""
    for info in REGION_INFO.values():
        if info.code == code:
            name = info.display_name
            if in_sentence:
                return name
            bare = name.removeprefix("the ")
            return bare[:1].upper() + bare[1:]
    return code


def sector_name(code: str) -> str:
    """Display name of a sector code (``ict_equipment`` -> ``ICT equipment``)."""
    for info in SECTOR_INFO.values():
        if info.code == code:
            return info.display_name
    return humanize(code)


def origin_name(code: str) -> str:
    """Display name of an origin code (``CN`` -> ``Chinese firms``)."""
    return ORIGIN_NAMES.get(code, code)


def scenario_name(name: str) -> str:
    """A scenario's name as prose shows it (``strict_localization`` -> ``strict localization``)."""
    return name.replace("_", " ")


def format_value(value: float, unit: str = "") -> str:
    """A parameter or lever value as a reader sees it: ``0.8``, ``true``, ``4 quarters``."""
    if isinstance(value, bool):
        return "on" if value else "off"
    text = f"{value:g}"
    return f"{text} {unit}" if unit in ("quarters", "years") else text
