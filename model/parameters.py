"""Every model parameter, declared once: name, unit, default, allowed range, role.

Roles follow the XLRM vocabulary of exploratory modelling:

* ``lever`` - a policy instrument held by a regulator (``regulator`` says which). Levers may
  change during a run through a :class:`PolicyChange` timeline.
* ``uncertainty`` - a behavioural or structural quantity we do not know precisely; the
  targets of calibration and sensitivity analysis.
* ``setting`` - a numerical setting of the simulation (population sizes, rates of
  reconsideration) that should not change conclusions.

Values are checked where they are declared (:meth:`Parameter.validate`), so every entry point
(Python, scenario files, ``--set`` on the command line) reports the same error naming the
parameter and its allowed range.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterator, Literal, Mapping

from convergence.model.calendar import quarter_to_step
from convergence.model.errors import (
    ParameterRangeError,
    ParameterTypeError,
    TimelineError,
    UnknownParameterError,
)

Role = Literal["lever", "uncertainty", "setting"]
Value = float | int | bool

REGIONS = ("CN", "US", "EU", "RoW")
SECTORS = ("social", "ecommerce", "search", "payments", "ridehailing", "devices", "cloud",
           "ict_equipment")


@dataclass(frozen=True)
class Parameter:
    """Declaration of one parameter.

    ``kind`` is ``float``, ``int`` or ``bool``; ``low``/``high`` bound numeric values
    (inclusive). ``description`` says what the number means and, where it matters, its source.
    """

    name: str
    default: Value
    unit: str
    low: float
    high: float
    description: str
    role: Role = "uncertainty"
    kind: type = float
    regulator: str | None = None

    def __post_init__(self) -> None:
        self.validate(self.default)

    @property
    def allowed(self) -> str:
        """The allowed values in words, for error messages and listings."""
        if self.kind is bool:
            return "true or false"
        low = int(self.low) if self.kind is int else self.low
        high = int(self.high) if self.kind is int else self.high
        return f"{self.kind.__name__} in [{low}, {high}]"

    def validate(self, value: Any) -> Value:
        """Return ``value`` converted to this parameter's kind, or raise a typed error."""
        if self.kind is bool:
            if isinstance(value, bool):
                return value
            raise ParameterTypeError(
                f"parameter '{self.name}' must be true or false, got {value!r}",
                key=self.name, allowed=self.allowed)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterTypeError(
                f"parameter '{self.name}' must be a number, got {value!r}",
                key=self.name, allowed=self.allowed)
        if self.kind is int:
            if float(value) != int(value):
                raise ParameterTypeError(
                    f"parameter '{self.name}' must be a whole number, got {value!r}",
                    key=self.name, allowed=self.allowed)
            value = int(value)
        else:
            value = float(value)
        if not self.low <= value <= self.high:
            raise ParameterRangeError(
                f"parameter '{self.name}' = {value!r} is outside its allowed range "
                f"{self.allowed} ({self.unit})", key=self.name, allowed=self.allowed)
        return value

    def parse(self, text: str) -> Value:
        """Convert command-line text (``--set name=value``) and validate it."""
        text = text.strip()
        if self.kind is bool:
            lowered = text.lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ParameterTypeError(f"parameter '{self.name}' must be true or false, got {text!r}",
                                     key=self.name, allowed=self.allowed)
        try:
            number = float(text)
        except ValueError:
            raise ParameterTypeError(f"parameter '{self.name}' must be a number, got {text!r}",
                                     key=self.name, allowed=self.allowed) from None
        return self.validate(int(number) if self.kind is int and number.is_integer() else number)


def _declarations() -> Iterator[Parameter]:
    """Yield every parameter declaration (the single place parameters are defined)."""
    P = Parameter
    # --- settings -------------------------------------------------------------------------
    yield P("users_per_region", 10_000, "representative consumers", 50, 5_000_000,
            "Representative consumers simulated per region; each stands for population/N people.",
            "setting", int)
    yield P("enterprise_buyers_per_region", 1_000, "representative enterprises", 10, 1_000_000,
            "Representative enterprise buyers (cloud, ICT equipment) simulated per region.",
            "setting", int)
    yield P("reconsider_rate", 0.25, "share of users per quarter", 0.0, 1.0,
            "Share of users who reconsider their provider in each sector each quarter.", "setting")

    # --- adoption: internet, mobile internet and mobile payments ----------------------------
    adoption = {
        # region: (internet 2013, ceiling, speed), (mobile share 2013, ceiling, speed),
        #         (mobile-payment share 2013, ceiling, speed)
        "cn": ((0.43, 0.80, 0.13), (0.75, 0.99, 0.54), (0.15, 0.85, 0.66)),
        "us": ((0.80, 0.88, 0.25), (0.60, 0.92, 0.40), (0.10, 0.50, 0.35)),
        "eu": ((0.75, 0.90, 0.25), (0.55, 0.92, 0.40), (0.08, 0.50, 0.35)),
        "row": ((0.25, 0.70, 0.20), (0.70, 0.95, 0.40), (0.05, 0.50, 0.35)),
    }
    for region, curves in adoption.items():
        label = {"cn": "China", "us": "the U.S.", "eu": "the EU", "row": "the rest of the world"}[region]
        for (stem, what), (start, ceiling, speed) in zip(
                (("internet", "share of population online"),
                 ("mobile_internet", "share of internet users online by phone"),
                 ("mobile_payment", "share of internet users paying by phone")), curves):
            yield P(f"{stem}_share_2013_{region}", start, "share", 0.0, 1.0,
                    f"{what.capitalize()} in {label} at the start of 2013 (logistic curve start).")
            yield P(f"{stem}_ceiling_{region}", ceiling, "share", 0.0, 1.0,
                    f"Long-run {what} in {label} (logistic ceiling).")
            yield P(f"{stem}_adoption_speed_{region}", speed, "per year", 0.0, 3.0,
                    f"Logistic growth rate of the {what} in {label}.")

    # --- revenue per user (model.mechanisms.monetization) --------------------------------------
    # Market-wide growth rates, fixed: the calibration of 2013-2017 fitted them to the Appendix A
    # firms' revenue (China 0.00, U.S. -0.08: no regional difference beyond the firms' own trends,
    # which calibration.firm_scale now fixes per firm). They drive the revenue of firms without
    # financial data and of entrants.
    for region, label in (("cn", "China"), ("us", "the U.S."), ("eu", "the EU"), ("row", "the rest of the world")):
        yield P(f"revenue_per_user_growth_{region}", 0.0, "share per year", -0.2, 1.0,
                f"Annual growth of revenue per user (ARPU) in {label} in 2013, on top of the sector's "
                f"(deeper monetisation, more spending online per user).")
    sector_growth = {"social": 0.39, "ecommerce": 0.25, "search": 0.15, "payments": 0.0, "ridehailing": 0.0,
                     "devices": 0.22, "cloud": 0.31, "ict_equipment": 0.0}
    for sector in SECTORS:
        yield P(f"revenue_per_user_growth_{sector}", sector_growth[sector], "share per year", -0.2, 1.0,
                f"Annual growth of revenue per user in the {sector} sector in 2013, compounded with the "
                f"region's (mobile advertising, e-commerce spending and cloud adoption grew at "
                f"different paces).")
    yield P("revenue_per_user_growth_half_life", 6.0, "years", 0.5, 100.0,
            "Half-life of every revenue-per-user growth rate (market and firm) from 2013: ARPU levels "
            "off at (1 + g)^(half-life / ln 2) times its 2013 value instead of compounding to 2030. "
            "Six years keeps 2013-2017 growth within 20% of the undecayed rate and brings Facebook's "
            "ARPU to about seven times its 2013 level by 2023 (it was about six).")

    # --- user choice (random utility) -------------------------------------------------------
    yield P("quality_weight", 1.0, "utils per quality unit", 0.0, 5.0,
            "Weight of provider quality in users' utility.")
    yield P("network_weight", 0.6, "utils per log share", 0.0, 5.0,
            "Weight of network size (log of the provider's user share) in utility, scaled by the "
            "sector's network strength.")
    yield P("home_fit_weight", 1.5, "utils", 0.0, 5.0,
            "Utility of a provider from the user's home economy, per unit of the user's "
            "local-fit taste (mean 1).")
    yield P("micro_innovator_fit_bonus", 0.5, "utils", 0.0, 3.0,
            "Extra home-market fit of micro-innovators, which localise ideas to their home market.")
    yield P("bundling_weight", 0.3, "utils per bundled sector", 0.0, 2.0,
            "Utility per other sector in which the user already uses the same provider "
            "(super-app bundling).")
    yield P("privacy_weight", 0.5, "utils per risk unit", 0.0, 5.0,
            "Disutility of perceived privacy risk, per unit of the user's privacy sensitivity.")
    yield P("foreign_privacy_penalty", 0.5, "risk units", 0.0, 3.0,
            "Extra perceived privacy risk of a provider from another jurisdiction.")
    yield P("switching_cost", 1.5, "utils", 0.0, 10.0,
            "Utility lost by leaving the current provider.")
    yield P("data_quality_weight", 0.15, "quality units per log(M user-quarters)", 0.0, 2.0,
            "Quality a provider gains from the data it may pool where it serves the user "
            "(learning from data).")
    yield P("access_friction_max", 3.0, "utils", 0.0, 10.0,
            "Utility lost using a provider whose market access is restricted, at access share "
            "approaching zero (scaled by 1 - access).")
    yield P("china_payments_foreign_friction", 2.0, "utils", 0.0, 10.0,
            "Friction for users outside China of Chinese payment apps (bank account tied to China).")

    # --- firms: R&D, learning and innovation ------------------------------------------------
    yield P("rd_productivity", 0.01, "quality units per quarter per log R&D", 0.0, 1.0,
            "Quality added per quarter per unit of log(1 + R&D spend per sector / USD 50 M).")
    yield P("quality_depreciation", 0.02, "share per quarter", 0.0, 0.5,
            "Share of quality lost each quarter as rivals' offers and user expectations move on.")
    yield P("data_decay", 0.05, "share per quarter", 0.0, 1.0,
            "Share of a firm's data stock that becomes stale each quarter.")
    yield P("innovation_rate", 0.15, "features per quarter per log R&D", 0.0, 5.0,
            "Expected new features a disruptor creates per quarter, per unit of log(1 + R&D / "
            "USD 50 M); micro-innovators create at a third of this rate, copycats none.")
    yield P("feature_quality_gain", 0.04, "quality units", 0.0, 2.0,
            "Mean quality a firm gains when it adopts a new feature (innovation or imitation).")
    yield P("imitation_rate_domestic", 0.10, "probability per quarter", 0.0, 1.0,
            "Chance per quarter that a firm adopts a feature observed among same-country rivals.")
    yield P("imitation_rate_cross_border", 0.08, "probability per quarter", 0.0, 1.0,
            "Chance per quarter that a firm adopts a feature from the other country when every "
            "cross-border channel is fully open.")
    yield P("copycat_speed", 2.5, "multiplier", 1.0, 10.0,
            "How much faster copycats imitate than micro-innovators (disruptors imitate at half).")
    yield P("copycat_quality_discount", 0.6, "share", 0.0, 1.0,
            "Share of a feature's quality a copycat realises when cloning, before IP protection.")
    yield P("diffusion_weight_data_flows", 0.35, "weight", 0.0, 1.0,
            "Weight of cross-border data flows in the cross-border diffusion channel mix.")
    yield P("diffusion_weight_presence", 0.30, "weight", 0.0, 1.0,
            "Weight of market presence in both countries in the cross-border diffusion channel mix.")
    yield P("diffusion_weight_investment", 0.20, "weight", 0.0, 1.0,
            "Weight of cross-border investment links in the cross-border diffusion channel mix.")
    yield P("diffusion_weight_talent", 0.15, "weight", 0.0, 1.0,
            "Weight of talent flows and R&D collaboration in the cross-border diffusion channel mix.")

    # --- market dynamics: entry, exit, acquisitions, investment ----------------------------
    yield P("entry_rate_cn", 1.2, "entrants per quarter", 0.0, 20.0,
            "Expected entrants per quarter homed in China at normal profitability "
            "(hyper-competition: 5,000 Groupon clones).")
    yield P("entry_rate_us", 0.6, "entrants per quarter", 0.0, 20.0,
            "Expected entrants per quarter homed in the U.S. at normal profitability.")
    yield P("entry_rate_other", 0.4, "entrants per quarter", 0.0, 20.0,
            "Expected entrants per quarter homed in the EU and rest of world together.")
    yield P("capital_availability", 1.0, "index", 0.0, 5.0,
            "Venture capital availability multiplying every entry rate.")
    yield P("copycat_share_cn", 0.5, "share of entrants", 0.0, 1.0,
            "Share of Chinese entrants that are copycats.")
    yield P("disruptor_share_cn", 0.15, "share of entrants", 0.0, 1.0,
            "Share of Chinese entrants that are disruptors (the rest are micro-innovators).")
    yield P("copycat_share_us", 0.15, "share of entrants", 0.0, 1.0,
            "Share of U.S. entrants that are copycats.")
    yield P("disruptor_share_us", 0.5, "share of entrants", 0.0, 1.0,
            "Share of U.S. entrants that are disruptors (the rest are micro-innovators).")
    yield P("copycat_share_other", 0.3, "share of entrants", 0.0, 1.0,
            "Share of EU and rest-of-world entrants that are copycats.")
    yield P("disruptor_share_other", 0.3, "share of entrants", 0.0, 1.0,
            "Share of EU and rest-of-world entrants that are disruptors.")
    yield P("entrant_quality_ratio", 0.7, "ratio", 0.0, 2.0,
            "Entrant's starting quality relative to the mean quality of the sector's incumbents.")
    yield P("break_even_share", 0.03, "share of the market's users", 0.0, 0.5,
            "Market share at which a firm covers the fixed cost of serving a market, before "
            "compliance costs (local operations scale with the market's size).")
    yield P("exit_patience_quarters", 10, "quarters", 1, 40,
            "A firm leaves a market (region x sector) after this many quarters of losses there.",
            "uncertainty", int)
    yield P("expansion_rate", 0.03, "probability per quarter", 0.0, 1.0,
            "Chance per quarter that a firm profitable at home enters one more region.")
    yield P("acquisition_rate", 0.04, "probability per quarter", 0.0, 1.0,
            "Chance per quarter that a large firm tries to buy a small rival in its sectors.")
    yield P("cross_border_deal_rate", 0.6, "deals per quarter", 0.0, 10.0,
            "Expected cross-border minority investments per quarter by each large Chinese or U.S. "
            "firm (Tencent: 15 outbound stakes, Alibaba: 8 deals by 2017).")
    yield P("investment_link_decay", 0.05, "share per quarter", 0.0, 1.0,
            "Share of the cross-border investment-link stock that lapses each quarter.")

    # --- China (Cyberspace Administration and others) --------------------------------------
    china = "china"
    yield P("china_data_localization_strictness", 0.3, "share of in-scope transfers", 0.0, 1.0,
            "Share of in-scope cross-border data transfers out of China that are blocked "
            "(Cybersecurity Law Art. 37).", "lever", regulator=china)
    yield P("china_data_localization_scope", 0.25, "share of operators", 0.0, 1.0,
            "Share of network operators covered: 0.25 = critical information infrastructure only, "
            "1 = all network operators.", "lever", regulator=china)
    yield P("china_enforcement", 0.7, "share", 0.0, 1.0,
            "Share of the rules that is enforced in practice.", "lever", regulator=china)
    yield P("china_security_assessment_cost", 0.02, "USD bn per quarter per firm", 0.0, 1.0,
            "Cost of cross-border security assessments for a firm moving data across China's "
            "border, at full strictness, scope and enforcement.", "lever", regulator=china)
    yield P("china_local_datacentre_cost", 0.01, "USD bn per quarter per firm", 0.0, 1.0,
            "Fixed cost of storing data in China for a foreign firm in scope, at full strictness "
            "and enforcement.", "lever", regulator=china)
    yield P("china_compliance_revenue_share", 0.05, "share of China revenue", 0.0, 0.5,
            "Variable compliance cost of foreign firms in China, at full strictness, scope and "
            "enforcement.", "lever", regulator=china)
    yield P("china_ict_procurement_preference", 0.6, "utils", 0.0, 5.0,
            "Utility bonus of domestic vendors for Chinese enterprise buyers of cloud and ICT "
            "equipment (ICT localization).", "lever", regulator=china)
    yield P("china_jv_revenue_share", 0.3, "share of revenue", 0.0, 1.0,
            "Share of a foreign cloud provider's China revenue paid to its mandatory local partner.",
            "lever", regulator=china)
    access_defaults = {"social": 0.0, "ecommerce": 1.0, "search": 0.0, "payments": 0.3,
                       "ridehailing": 1.0, "devices": 1.0, "cloud": 0.6, "ict_equipment": 0.8}
    for sector, default in access_defaults.items():
        yield P(f"china_foreign_access_{sector}", default, "share (1 = open, 0 = blocked)", 0.0, 1.0,
                f"Market access of foreign firms in China's {sector} sector: 0 blocks them, values "
                f"between add access friction.", "lever", regulator=china)
    yield P("china_investment_screening", 0.3, "probability", 0.0, 1.0,
            "Probability that a foreign acquisition of a Chinese firm is blocked.", "lever",
            regulator=china)
    yield P("china_ip_protection", 0.3, "share", 0.0, 1.0,
            "Share of a cloned feature's value that IP protection denies copycats homed in China.",
            "lever", regulator=china)
    yield P("china_antitrust_bundling_limit", 0.0, "share", 0.0, 1.0,
            "Share of super-app bundling utility removed by antitrust rules in China.", "lever",
            regulator=china)

    # --- United States ---------------------------------------------------------------------
    us = "us"
    yield P("us_investment_screening", 0.3, "probability", 0.0, 1.0,
            "Probability that CFIUS blocks a Chinese acquisition of, or investment in, a U.S. firm.",
            "lever", regulator=us)
    yield P("us_reciprocity_strength", 0.0, "share", 0.0, 1.0,
            "Strength of reciprocity measures against Chinese firms: access friction in the U.S. "
            "(times access_friction_max) and extra deal blocking.", "lever", regulator=us)
    yield P("us_reciprocity_rule", False, "switch", 0, 1,
            "If true, reciprocity answers China's restrictiveness (with a lag) instead of "
            "following the scripted value alone.", "lever", bool, regulator=us)
    yield P("us_reciprocity_lag_quarters", 4, "quarters", 0, 40,
            "Delay with which rule-based reciprocity answers China's restrictiveness.", "lever", int,
            regulator=us)
    yield P("us_reciprocity_responsiveness", 1.0, "ratio", 0.0, 3.0,
            "Rule-based reciprocity strength per unit of China's restrictiveness index.", "lever",
            regulator=us)
    yield P("us_procurement_restriction", 0.5, "share of buyers", 0.0, 1.0,
            "Share of U.S. equipment and device buyers (carriers, government) barred from Chinese "
            "vendors.", "lever", regulator=us)
    yield P("us_chinese_app_data_rules", 0.0, "share", 0.0, 1.0,
            "Strictness of rules on U.S. users' data held by Chinese apps (local storage, limits "
            "on transfer to China).", "lever", regulator=us)
    yield P("us_talent_openness", 0.6, "index (1 = unrestricted)", 0.0, 1.0,
            "Openness of talent exchange and R&D collaboration between China and the U.S. (visas, "
            "research-security rules); feeds the cross-border diffusion channel.", "lever", regulator=us)
    yield P("us_ip_protection", 0.8, "share", 0.0, 1.0,
            "Share of a cloned feature's value that IP protection denies copycats homed in the U.S.",
            "lever", regulator=us)
    yield P("us_antitrust_bundling_limit", 0.0, "share", 0.0, 1.0,
            "Share of super-app bundling utility removed by antitrust rules in the U.S.", "lever",
            regulator=us)

    # --- European Union --------------------------------------------------------------------
    eu = "eu"
    yield P("eu_transfer_restriction", 0.2, "share of transfers", 0.0, 1.0,
            "Share of personal-data transfers out of the EU that are blocked (adequacy, GDPR).",
            "lever", regulator=eu)
    yield P("eu_antitrust_bundling_limit", 0.3, "share", 0.0, 1.0,
            "Share of super-app bundling utility removed by EU competition rules.", "lever",
            regulator=eu)
    yield P("eu_investment_screening", 0.05, "probability", 0.0, 1.0,
            "Probability that a foreign acquisition of an EU firm is blocked.", "lever", regulator=eu)
    yield P("eu_ip_protection", 0.8, "share", 0.0, 1.0,
            "Share of a cloned feature's value that IP protection denies copycats homed in the EU "
            "and the rest of the world.", "lever", regulator=eu)
    yield P("eu_compliance_cost", 0.005, "USD bn per quarter per firm", 0.0, 1.0,
            "Cost of transfer compliance for a non-EU firm serving the EU, at full restriction.",
            "lever", regulator=eu)
    yield P("us_local_storage_cost", 0.01, "USD bn per quarter per firm", 0.0, 1.0,
            "Cost for a Chinese app of storing U.S. users' data in the U.S., at full strictness.",
            "lever", regulator=us)


PARAMETERS: Mapping[str, Parameter] = MappingProxyType({p.name: p for p in _declarations()})
"""All declared parameters by name (read-only)."""

_SHARE_PAIRS = (("copycat_share_cn", "disruptor_share_cn"),
                ("copycat_share_us", "disruptor_share_us"),
                ("copycat_share_other", "disruptor_share_other"))


def lookup(name: str) -> Parameter:
    """Return the declaration of ``name`` or raise, suggesting the closest declared name."""
    try:
        return PARAMETERS[name]
    except KeyError:
        close = difflib.get_close_matches(name, PARAMETERS.keys(), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UnknownParameterError(f"unknown parameter '{name}'{hint}", key=name,
                                    allowed="a name listed by `convergence params`") from None


class Parameters(Mapping[str, Value]):
    """A complete, validated, immutable set of parameter values.

    Read values as attributes (``params.switching_cost``) or items. Build one with
    ``Parameters()`` (all defaults) or ``Parameters({"name": value, ...})``.
    """

    __slots__ = ("_values",)

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        values = {name: p.default for name, p in PARAMETERS.items()}
        for name, value in (overrides or {}).items():
            values[name] = lookup(name).validate(value)
        for copycat, disruptor in _SHARE_PAIRS:
            if values[copycat] + values[disruptor] > 1.0 + 1e-12:
                raise ParameterRangeError(
                    f"parameters '{copycat}' + '{disruptor}' = "
                    f"{values[copycat] + values[disruptor]:.3g} exceed 1 (they are shares of "
                    f"entrants)", key=copycat, allowed=f"{copycat} + {disruptor} <= 1")
        object.__setattr__(self, "_values", values)

    def __getitem__(self, name: str) -> Value:
        return self._values[name]

    def __getattr__(self, name: str) -> Value:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if v != PARAMETERS[k].default}
        return f"Parameters({changed})"

    def replace(self, **changes: Any) -> "Parameters":
        """Return a copy with some values changed (validated)."""
        return Parameters({**self._values, **changes})

    def to_dict(self) -> dict[str, Value]:
        """Plain dictionary of every value (for manifests)."""
        return dict(self._values)


@dataclass(frozen=True)
class PolicyChange:
    """A scripted lever change: from ``quarter`` on, lever ``name`` takes ``value``."""

    quarter: str
    name: str
    value: Value

    @property
    def step(self) -> int:
        """Step at whose start the change takes effect."""
        return quarter_to_step(self.quarter)

    @classmethod
    def checked(cls, quarter: str, name: str, value: Any) -> "PolicyChange":
        """Build a change, validating the quarter, that ``name`` is a lever, and the value."""
        quarter_to_step(quarter)
        parameter = lookup(name)
        if parameter.role != "lever":
            raise TimelineError(
                f"'{name}' is a {parameter.role}, not a policy lever; only levers may change "
                f"during a run", key=name, allowed="a parameter whose role is 'lever'")
        return cls(quarter=quarter, name=name, value=parameter.validate(value))


def levers_of(regulator: str) -> tuple[str, ...]:
    """Names of the levers a regulator holds (``"china"``, ``"us"`` or ``"eu"``)."""
    return tuple(p.name for p in PARAMETERS.values() if p.regulator == regulator)
