"""Every model parameter, declared once: name, unit, default, allowed range, role.

Roles follow the XLRM vocabulary of exploratory modelling:

* ``lever`` - a policy instrument held by a regulator (``regulator`` says which). Levers may
  change during a run through a :class:`PolicyChange` timeline.
* ``uncertainty`` - a behavioural or structural quantity we do not know precisely; the
  targets of calibration and sensitivity analysis.
* ``setting`` - a numerical setting of the simulation (population sizes, rates of
  reconsideration) that should not change conclusions.

Declarations are grouped by the mechanism that reads them, every name written out in full
(``grep china_entry_rate`` finds its declaration and every use); names of region-specific
parameters start with the region (``china_``, ``us_``, ``eu_``, ``india_``, ``southeast_asia_``,
``rest_of_world_``, or
``other_`` for firms from neither China nor the U.S.). Cross-parameter constraints are
declared next to the parameters they bind (:class:`SharesOfEntrants`).

Values are checked where they are declared (:meth:`Parameter.validate`), so every entry point
(Python, scenario files, ``--set`` on the command line) reports the same error naming the
parameter and its allowed range.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from convergence.model.calendar import quarter_to_step
from convergence.model.dimensions import Jurisdiction
from convergence.model.errors import (
    ParameterError,
    ParameterRangeError,
    ParameterTypeError,
    TimelineError,
    UnknownParameterError,
)

Role = Literal["lever", "uncertainty", "setting"]
Value = float | int | bool


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """Declaration of one parameter.

    ``kind`` is ``float``, ``int`` or ``bool``; ``low``/``high`` bound numeric values
    (inclusive). ``description`` says what the number means and, where it matters, its source.
    ``regulator`` is the jurisdiction holding a lever.
    """

    name: str
    default: Value
    unit: str
    description: str
    low: float = 0.0
    high: float = 1.0
    role: Role = "uncertainty"
    kind: type = float
    regulator: Jurisdiction | None = None

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
        """Return ``value`` converted to this parameter's kind, or raise a typed error.

        Numbers must be finite (``inf`` and ``nan`` are refused, also for float parameters);
        the range is checked before conversion, so a huge integer is reported, not overflowed.
        """
        if self.kind is bool:
            if isinstance(value, bool):
                return value
            raise ParameterTypeError(f"parameter '{self.name}' must be true or false, got {shown(value)}",
                                     key=self.name, allowed=self.allowed)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterTypeError(f"parameter '{self.name}' must be a number, got {shown(value)}",
                                     key=self.name, allowed=self.allowed)
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterTypeError(f"parameter '{self.name}' must be a finite number, got {value!r}",
                                     key=self.name, allowed=self.allowed)
        if self.kind is int and isinstance(value, float) and not value.is_integer():
            raise ParameterTypeError(f"parameter '{self.name}' must be a whole number, got {value!r}",
                                     key=self.name, allowed=self.allowed)
        if not self.low <= value <= self.high:
            raise ParameterRangeError(
                f"parameter '{self.name}' = {shown(value)} is outside its allowed range "
                f"{self.allowed} ({self.unit})", key=self.name, allowed=self.allowed)
        return int(value) if self.kind is int else float(value)

    def parse(self, text: str) -> Value:
        """Convert command-line text (``--set name=value``) and validate it.

        Whole numbers are read exactly (``int``) before falling back to ``float``, so a long
        integer is not rounded on its way to the range check.
        """
        text = text.strip()
        if self.kind is bool:
            lowered = text.lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ParameterTypeError(f"parameter '{self.name}' must be true or false, got {shown(text)}",
                                     key=self.name, allowed=self.allowed)
        return self.validate(_number(text, self))


def _number(text: str, parameter: Parameter) -> int | float:
    """``text`` as an ``int`` if it is one, else a ``float``; a type error naming ``parameter``."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise ParameterTypeError(f"parameter '{parameter.name}' must be a number, got {shown(text)}",
                                 key=parameter.name, allowed=parameter.allowed) from None
    if not math.isfinite(number):                          # "inf", "nan", and "1e400", which overflows
        raise ParameterTypeError(f"parameter '{parameter.name}' must be a finite number, got {shown(text)}",
                                 key=parameter.name, allowed=parameter.allowed)
    return number


def shown(value: Any, limit: int = 60) -> str:
    """``value`` as a message shows it: huge integers by their size (``repr`` refuses more than
    4300 digits), anything else by ``repr`` cut to ``limit`` characters."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 3]}..."

@dataclass(frozen=True)
class SharesOfEntrants:
    """Constraint: the copycat and disruptor shares of one origin's entrants sum to at most 1
    (the rest are micro-innovators)."""

    copycat: str
    disruptor: str

    def check(self, values: Mapping[str, Value]) -> None:
        """Raise :class:`ParameterRangeError` if ``values`` violate the constraint."""
        total = values[self.copycat] + values[self.disruptor]
        if total > 1.0 + 1e-12:
            raise ParameterRangeError(
                f"parameters '{self.copycat}' + '{self.disruptor}' = {total:.3g} exceed 1 (they "
                f"are shares of entrants)", key=self.copycat,
                allowed=f"{self.copycat} + {self.disruptor} <= 1")


SETTINGS = (
    Parameter(name="users_per_region", default=10_000, unit="representative consumers",
              low=50, high=5_000_000, kind=int, role="setting",
              description='Representative consumers simulated per region; each stands for population/N people.'),
    Parameter(name="enterprise_buyers_per_region", default=1000, unit="representative enterprises",
              low=10, high=1_000_000, kind=int, role="setting",
              description='Representative enterprise buyers (cloud, ICT equipment) simulated per region.'),
    Parameter(name="users_share_outside_core_regions", default=0.34, unit="share of users_per_region",
              low=0.01, high=1.0, role="setting",
              description="Representative consumers and enterprise buyers of India, Southeast Asia and the rest "
                          "of the world, as a share of users_per_region and enterprise_buyers_per_region (China, "
                          "the U.S. and the EU get them in full). At 0.34 the three together hold about as many "
                          "as the single rest-of-world region did before the split (so aggregates outside China, "
                          "the U.S. and the EU keep their sampling error, and the default run its cost); each one's "
                          "own market shares carry about 1.7 times the sampling error of a core region (standard "
                          "error of a 30% share: 0.8 points at 3,400 users against 0.46 at 10,000)."),
    Parameter(name="reconsider_rate", default=0.25, unit="share of users per quarter",
              low=0.0, high=1.0, role="setting",
              description='Share of users who reconsider their provider in each sector each quarter.'),
)
"""Numerical settings of the simulation (they should not change conclusions)."""

ADOPTION = (
    Parameter(name="china_internet_share_2013", default=0.43, unit="share",
              low=0.0, high=1.0,
              description='Share of population online in China at the start of 2013 (logistic curve start).'),
    Parameter(name="china_internet_ceiling", default=0.8, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of population online in China (logistic ceiling).'),
    Parameter(name="china_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in China (cheaper phones, rural "
                          "networks widen who can come online; capped at 95%). CNNIC: penetration rose 2.6 "
                          "points a year 2013-2017 and 4.4 a year 2017-2019 as mobile-only and rural users came "
                          "online, a re-acceleration no fixed logistic ceiling produces."),
    Parameter(name="china_internet_adoption_speed", default=0.13, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of population online in China.'),
    Parameter(name="china_mobile_internet_share_2013", default=0.75, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in China at the start of 2013 (logistic curve "
                          "start)."),
    Parameter(name="china_mobile_internet_ceiling", default=0.99, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users online by phone in China (logistic ceiling).'),
    Parameter(name="china_mobile_internet_adoption_speed", default=0.54, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users online by phone in China.'),
    Parameter(name="china_mobile_payment_share_2013", default=0.15, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in China at the start of 2013 (logistic curve "
                          "start)."),
    Parameter(name="china_mobile_payment_ceiling", default=0.85, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users paying by phone in China (logistic ceiling).'),
    Parameter(name="china_mobile_payment_adoption_speed", default=0.66, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users paying by phone in China.'),
    Parameter(name="us_internet_share_2013", default=0.8, unit="share",
              low=0.0, high=1.0,
              description='Share of population online in the U.S. at the start of 2013 (logistic curve start).'),
    Parameter(name="us_internet_ceiling", default=0.88, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of population online in the U.S. (logistic ceiling).'),
    Parameter(name="us_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in the U.S. (cheaper phones, rural "
                          "networks widen who can come online; capped at 95%). 0: the fixed ceiling fits."),
    Parameter(name="us_internet_adoption_speed", default=0.25, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of population online in the U.S..'),
    Parameter(name="us_mobile_internet_share_2013", default=0.6, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in the U.S. at the start of 2013 (logistic "
                          "curve start)."),
    Parameter(name="us_mobile_internet_ceiling", default=0.92, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users online by phone in the U.S. (logistic ceiling).'),
    Parameter(name="us_mobile_internet_adoption_speed", default=0.4, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users online by phone in the U.S..'),
    Parameter(name="us_mobile_payment_share_2013", default=0.1, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in the U.S. at the start of 2013 (logistic "
                          "curve start)."),
    Parameter(name="us_mobile_payment_ceiling", default=0.5, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users paying by phone in the U.S. (logistic ceiling).'),
    Parameter(name="us_mobile_payment_adoption_speed", default=0.35, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users paying by phone in the U.S..'),
    Parameter(name="eu_internet_share_2013", default=0.75, unit="share",
              low=0.0, high=1.0,
              description='Share of population online in the EU at the start of 2013 (logistic curve start).'),
    Parameter(name="eu_internet_ceiling", default=0.9, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of population online in the EU (logistic ceiling).'),
    Parameter(name="eu_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in the EU (cheaper phones, rural "
                          "networks widen who can come online; capped at 95%). 0: the fixed ceiling fits."),
    Parameter(name="eu_internet_adoption_speed", default=0.25, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of population online in the EU.'),
    Parameter(name="eu_mobile_internet_share_2013", default=0.55, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in the EU at the start of 2013 (logistic curve "
                          "start)."),
    Parameter(name="eu_mobile_internet_ceiling", default=0.92, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users online by phone in the EU (logistic ceiling).'),
    Parameter(name="eu_mobile_internet_adoption_speed", default=0.4, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users online by phone in the EU.'),
    Parameter(name="eu_mobile_payment_share_2013", default=0.08, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in the EU at the start of 2013 (logistic curve "
                          "start)."),
    Parameter(name="eu_mobile_payment_ceiling", default=0.5, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users paying by phone in the EU (logistic ceiling).'),
    Parameter(name="eu_mobile_payment_adoption_speed", default=0.35, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users paying by phone in the EU.'),
    Parameter(name="rest_of_world_internet_share_2013", default=0.277, unit="share",
              low=0.0, high=1.0,
              description="Share of population online in the rest of the world (outside China, the U.S., the EU, "
                          "India and Southeast Asia) at the start of 2013 (logistic curve start). What the "
                          "pre-split rest of the world (25% of 4,990 M online) implies once India's and Southeast "
                          "Asia's internet users are taken out: (1,248 - 192 - 198) / 3,092 M."),
    Parameter(name="rest_of_world_internet_ceiling", default=0.7, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of population online in the rest of the world (logistic ceiling).'),
    Parameter(name="rest_of_world_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in the rest of the world (cheaper "
                          "phones, rural networks widen who can come online; capped at 95%). 0: the fixed ceiling "
                          "fits."),
    Parameter(name="rest_of_world_internet_adoption_speed", default=0.17, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of population online in the rest of the world: set "
                          "so that India, Southeast Asia and the rest together have the pre-split region's "
                          "internet users in 2019 (45% of 4,990 M at speed 0.2)."),
    Parameter(name="rest_of_world_mobile_internet_share_2013", default=0.68, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in the rest of the world at the start of 2013 "
                          "(logistic curve start): the pre-split region's 0.7, less India's and Southeast Asia's "
                          "mobile internet users."),
    Parameter(name="rest_of_world_mobile_internet_ceiling", default=0.95, unit="share",
              low=0.0, high=1.0,
              description="Long-run share of internet users online by phone in the rest of the world (logistic "
                          "ceiling)."),
    Parameter(name="rest_of_world_mobile_internet_adoption_speed", default=0.4, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of internet users online by phone in the rest of the "
                          "world."),
    Parameter(name="rest_of_world_mobile_payment_share_2013", default=0.055, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in the rest of the world at the start of 2013 "
                          "(logistic curve start): the pre-split region's 0.05, less India's and Southeast Asia's "
                          "mobile-payment users."),
    Parameter(name="rest_of_world_mobile_payment_ceiling", default=0.5, unit="share",
              low=0.0, high=1.0,
              description="Long-run share of internet users paying by phone in the rest of the world (logistic "
                          "ceiling)."),
    Parameter(name="rest_of_world_mobile_payment_adoption_speed", default=0.35, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of internet users paying by phone in the rest of the "
                          "world."),
    Parameter(name="india_internet_share_2013", default=0.15, unit="share",
              low=0.0, high=1.0,
              description="Share of population online in India at the start of 2013 (logistic curve start): ITU "
                          "individuals using the internet, India 2013, 15.1% (recalled)."),
    Parameter(name="india_internet_ceiling", default=0.7, unit="share",
              low=0.0, high=1.0,
              description="Long-run share of population online in India (logistic ceiling); the pre-split rest of "
                          "the world's (assumption)."),
    Parameter(name="india_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in India (capped at 95%). 0: no fit yet."),
    Parameter(name="india_internet_adoption_speed", default=0.28, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of population online in India: reaches about 42% in "
                          "2019 (IAMAI/Kantar 2019: 451 M monthly active users, 33%; TRAI: 718 M internet "
                          "subscriptions, about 50%; ITU about 40%, all recalled; Jio's 2016 launch sped it up)."),
    Parameter(name="india_mobile_internet_share_2013", default=0.75, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in India at the start of 2013: India came "
                          "online by phone (TRAI: about 90% of internet subscriptions were wireless in 2013, "
                          "recalled; some used both)."),
    Parameter(name="india_mobile_internet_ceiling", default=0.97, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users online by phone in India (logistic ceiling).'),
    Parameter(name="india_mobile_internet_adoption_speed", default=0.5, unit="per year",
              low=0.0, high=3.0,
              description='Logistic growth rate of the share of internet users online by phone in India.'),
    Parameter(name="india_mobile_payment_share_2013", default=0.03, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in India at the start of 2013 (wallets were "
                          "marginal before Paytm's 2014 wallet; assumption)."),
    Parameter(name="india_mobile_payment_ceiling", default=0.6, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users paying by phone in India (logistic ceiling).'),
    Parameter(name="india_mobile_payment_adoption_speed", default=0.6, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of internet users paying by phone in India: about "
                          "40% by 2019 after UPI (2016) and demonetisation (November 2016) (assumption)."),
    Parameter(name="southeast_asia_internet_share_2013", default=0.32, unit="share",
              low=0.0, high=1.0,
              description="Share of population online in Southeast Asia (ASEAN-10) at the start of 2013: ITU, "
                          "population-weighted, about 30-35% (Indonesia 15%, the Philippines 37%, Vietnam 44%, "
                          "Thailand 29%, Malaysia 57%; recalled)."),
    Parameter(name="southeast_asia_internet_ceiling", default=0.8, unit="share",
              low=0.0, high=1.0,
              description="Long-run share of population online in Southeast Asia (logistic ceiling; Malaysia and "
                          "Singapore passed 80% by 2019)."),
    Parameter(name="southeast_asia_internet_ceiling_growth", default=0.0, unit="share of population per year",
              low=0.0, high=0.05,
              description="Yearly rise of the internet-adoption ceiling in Southeast Asia (capped at 95%). 0: no "
                          "fit yet."),
    Parameter(name="southeast_asia_internet_adoption_speed", default=0.2, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of population online in Southeast Asia: about 55% "
                          "in 2019 (Google-Temasek e-Conomy SEA 2019: 360 M internet users of about 655 M, "
                          "recalled)."),
    Parameter(name="southeast_asia_mobile_internet_share_2013", default=0.75, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users online by phone in Southeast Asia at the start of 2013 "
                          "(mobile-first markets; assumption, as India)."),
    Parameter(name="southeast_asia_mobile_internet_ceiling", default=0.97, unit="share",
              low=0.0, high=1.0,
              description='Long-run share of internet users online by phone in Southeast Asia (logistic ceiling).'),
    Parameter(name="southeast_asia_mobile_internet_adoption_speed", default=0.5, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of internet users online by phone in Southeast "
                          "Asia."),
    Parameter(name="southeast_asia_mobile_payment_share_2013", default=0.05, unit="share",
              low=0.0, high=1.0,
              description="Share of internet users paying by phone in Southeast Asia at the start of 2013 (the "
                          "pre-split rest of the world's value; assumption)."),
    Parameter(name="southeast_asia_mobile_payment_ceiling", default=0.5, unit="share",
              low=0.0, high=1.0,
              description="Long-run share of internet users paying by phone in Southeast Asia (logistic "
                          "ceiling)."),
    Parameter(name="southeast_asia_mobile_payment_adoption_speed", default=0.35, unit="per year",
              low=0.0, high=3.0,
              description="Logistic growth rate of the share of internet users paying by phone in Southeast "
                          "Asia."),
)
"""Adoption curves (:mod:`convergence.model.mechanisms.adoption`): internet, mobile internet and
mobile payments by region."""

MONETIZATION = (
    Parameter(name="china_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in China in 2013, on top of the sector's "
                          "(deeper monetisation, more spending online per user)."),
    Parameter(name="us_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in the U.S. in 2013, on top of the sector's "
                          "(deeper monetisation, more spending online per user)."),
    Parameter(name="eu_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in the EU in 2013, on top of the sector's "
                          "(deeper monetisation, more spending online per user)."),
    Parameter(name="rest_of_world_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in the rest of the world in 2013, on top of "
                          "the sector's (deeper monetisation, more spending online per user)."),
    Parameter(name="india_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in India in 2013, on top of the sector's; 0 "
                          "as every region's (the 2013-2017 calibration found no regional difference)."),
    Parameter(name="southeast_asia_revenue_per_user_growth", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user (ARPU) in Southeast Asia in 2013, on top of the "
                          "sector's; 0 as every region's."),
    Parameter(name="revenue_per_user_growth_social", default=0.39, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the social sector in 2013, compounded with the "
                          "region's (mobile advertising, e-commerce spending and cloud adoption grew at different "
                          "paces)."),
    Parameter(name="revenue_per_user_growth_ecommerce", default=0.25, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the ecommerce sector in 2013, compounded with the "
                          "region's (mobile advertising, e-commerce spending and cloud adoption grew at different "
                          "paces)."),
    Parameter(name="revenue_per_user_growth_search", default=0.15, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the search sector in 2013, compounded with the "
                          "region's (mobile advertising, e-commerce spending and cloud adoption grew at different "
                          "paces)."),
    Parameter(name="revenue_per_user_growth_payments", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the payments sector in 2013, compounded with the "
                          "region's (mobile advertising, e-commerce spending and cloud adoption grew at different "
                          "paces)."),
    Parameter(name="revenue_per_user_growth_ridehailing", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the ridehailing sector in 2013, compounded with "
                          "the region's (mobile advertising, e-commerce spending and cloud adoption grew at "
                          "different paces)."),
    Parameter(name="revenue_per_user_growth_devices", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the devices sector in 2013, compounded with the "
                          "region's. Zero: smartphone average selling prices were about flat over 2013-2019 (IDC, "
                          "about USD 300; recalled), so device spending per user grows with income only. (Wave 1 "
                          "used 0.22, which took device spending per person to several times income-plausible "
                          "levels by 2030.)"),
    Parameter(name="revenue_per_user_growth_cloud", default=0.31, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the cloud sector in 2013, compounded with the "
                          "region's (mobile advertising, e-commerce spending and cloud adoption grew at different "
                          "paces)."),
    Parameter(name="revenue_per_user_growth_ict_equipment", default=0.0, unit="share per year",
              low=-0.2, high=1.0,
              description="Annual growth of revenue per user in the ict_equipment sector in 2013, compounded with "
                          "the region's (mobile advertising, e-commerce spending and cloud adoption grew at "
                          "different paces)."),
    Parameter(name="revenue_per_user_growth_half_life", default=6.0, unit="years",
              low=0.5, high=100.0,
              description="Half-life of the gap between a market's ARPU growth and its region's income growth, "
                          "from 2013: ARPU growth starts at the region's and sector's 2013 rates and converges to "
                          "nominal income growth, so ARPU relative to income levels off at ((1 + g) / (1 + "
                          "income growth))^(half-life / ln 2) times its 2013 ratio instead of compounding to 2030. "
                          "Six years keeps 2013-2017 growth within 20% of the undecayed rate and brings Facebook's "
                          "ARPU to about seven times its 2013 level by 2023 (it was about six)."),
    Parameter(name="firm_monetization_half_life", default=3.0, unit="years",
              low=0.5, high=100.0,
              description="Half-life of a firm's own monetization trend (its revenue per user growing faster or "
                          "slower than its market's): a firm-specific edge in monetization (JD.com's first-party "
                          "sales, Tencent's games) is copied or exhausted, so the firm's factor levels off at "
                          "(1 + trend)^(half-life / ln 2) times its 2013 value; half the market's half-life, a "
                          "judgement (no firm's revenue may outgrow its market for long without a reason in the "
                          "model)."),
    Parameter(name="china_income_growth", default=0.063, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in China: nominal GDP per person in USD, "
                          "2013-2019 average (World Bank WDI NY.GDP.PCAP.CD: USD 7,020 in 2013 to 10,144 in "
                          "2019, recalled). Spending online per user cannot outgrow income for ever."),
    Parameter(name="us_income_growth", default=0.035, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in the U.S.: nominal GDP per person in USD, "
                          "2013-2019 average (World Bank WDI: USD 53,100 to 65,100, recalled)."),
    Parameter(name="eu_income_growth", default=0.01, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in the EU: nominal GDP per person in USD, "
                          "2013-2019 average (World Bank WDI, EU-28: about USD 35,700 to 36,600 through the "
                          "euro's 2014-15 fall, recalled)."),
    Parameter(name="rest_of_world_income_growth", default=0.005, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in the rest of the world: nominal GDP per person "
                          "in USD, 2013-2019 average of the world excluding China, the U.S., the EU, India and "
                          "Southeast Asia. The pre-split region (with India and ASEAN) grew about 1% a year "
                          "(World Bank WDI world USD 10,800 to 11,400, recalled); taking out India (6.3%, on USD "
                          "1.9 tn of GDP) and ASEAN (3.5%, on USD 2.4 tn) of its USD 33 tn leaves about 0.5% "
                          "(the yen, rouble and real fell against the dollar)."),
    Parameter(name="india_income_growth", default=0.063, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in India: nominal GDP per person in USD, 2013-2019 "
                          "average (World Bank WDI NY.GDP.PCAP.CD: about USD 1,450 in 2013 to 2,100 in 2019, "
                          "recalled)."),
    Parameter(name="southeast_asia_income_growth", default=0.035, unit="share per year",
              low=-0.1, high=0.2,
              description="Long-run growth of revenue per user in Southeast Asia: nominal GDP per person in USD, "
                          "2013-2019 average of ASEAN-10 (ASEAN Secretariat / World Bank WDI: about USD 3,900 in "
                          "2013 to 4,800 in 2019, recalled)."),
)
"""Revenue per user (:mod:`convergence.model.mechanisms.monetization`). The market-wide growth
rates are fixed: the calibration of 2013-2017 fitted them to the Appendix A firms' revenue
(China 0.00, U.S. -0.08: no regional difference beyond the firms' own trends, which
`calibration.firm_scale` fixes per firm). They drive the revenue of firms without financial data
and of entrants."""

USER_CHOICE = (
    Parameter(name="quality_weight", default=1.0, unit="utils per quality unit",
              low=0.0, high=5.0,
              description="Weight of provider quality in users' utility."),
    Parameter(name="network_weight", default=0.6, unit="utils per log share",
              low=0.0, high=5.0,
              description="Weight of network size (log of the provider's user share) in utility, scaled by the "
                          "sector's network strength."),
    Parameter(name="home_fit_weight", default=1.5, unit="utils",
              low=0.0, high=5.0,
              description="Utility of a provider from the user's home economy, per unit of the user's local-fit "
                          "taste (mean 1)."),
    Parameter(name="micro_innovator_fit_bonus", default=0.5, unit="utils",
              low=0.0, high=3.0,
              description='Extra home-market fit of micro-innovators, which localise ideas to their home market.'),
    Parameter(name="bundling_weight", default=0.3, unit="utils per bundled sector",
              low=0.0, high=2.0,
              description="Utility per other sector in which the user already uses the same provider (super-app "
                          "bundling)."),
    Parameter(name="privacy_weight", default=0.5, unit="utils per risk unit",
              low=0.0, high=5.0,
              description="Disutility of perceived privacy risk, per unit of the user's privacy sensitivity."),
    Parameter(name="foreign_privacy_penalty", default=0.5, unit="risk units",
              low=0.0, high=3.0,
              description='Extra perceived privacy risk of a provider from another jurisdiction.'),
    Parameter(name="foreignness_discount", default=0.0, unit="share of quality",
              low=0.0, high=0.9,
              description="Liability of foreignness (Zaheer 1995): share of its quality a provider does not "
                          "deliver in a region other than its home while its product, language, brand and "
                          "distribution are made for elsewhere, times one minus its localisation there (0-1). "
                          "Localisation grows while the firm serves the region (localisation_half_life) - the "
                          "learning-by-operating of the Uppsala model (Johanson and Vahlne 1977) - and starts from "
                          "the years a firm had served the region before 2013 (model/inputs/firm_markets.csv, "
                          "abroad_since) or at 1 for products built for those markets (Musical.ly, TikTok, entrants "
                          "launching abroad from the start). 0 (the raw default) is the model without it; the "
                          "calibration fits it (docs/ODD.md, 7.2)."),
    Parameter(name="hardware_foreignness_discount", default=0.0, unit="share of quality",
              low=0.0, high=0.9,
              description="foreignness_discount for devices and ICT equipment (sectors.csv, product = hardware): "
                          "standard products sold through local distributors and carriers carry a smaller handicap "
                          "abroad than services made of local content, language, merchants and payments (Huawei's "
                          "network equipment and handsets abroad against WeChat's and Alibaba's stores). 0 (the raw "
                          "default) is the model without it; the calibration fits it."),
    Parameter(name="imitation_where_used", default=False, unit="switch", kind=bool,
              description="If true, a firm can imitate a feature wherever a firm that has it serves users (through "
                          "its most open channel to any of those regions: Facebook saw Stories and short video in "
                          "the U.S. market), not only in the feature's region of origin (false, the raw default and "
                          "the shipped calibration's rule; docs/ODD.md 7.7)."),
    Parameter(name="hardware_breakthroughs", default=True, unit="switch", kind=bool,
              description="If true (the raw default and the shipped calibration's rule), a disruptor's breakthrough "
                          "(a new product category worth breakthrough_quality_gain) can fall in devices or ICT "
                          "equipment as in any sector it serves; if false, breakthroughs open service categories "
                          "only (short video, super apps) and hardware innovation is incremental. With hardware "
                          "breakthroughs a handset brand gains 1.7 quality units at a stroke, a few times a decade, "
                          "and device markets tip to whoever draws one (docs/ODD.md 7.7)."),
    Parameter(name="global_launch_needs_local_operations", default=False, unit="switch", kind=bool,
              description="If true (the shipped calibration's rule, session 11), an entrant launches everywhere from "
                          "the start (a global launch, or a product founded on a breakthrough) only in sectors it "
                          "can serve from home (social, search, devices, cloud, equipment); in sectors served "
                          "through operations in each market (e-commerce's merchants and logistics, payments' "
                          "licences, ride-hailing's drivers: sectors.csv, local_operations) it starts at home and "
                          "goes abroad by expansion like any firm. If false (the raw default) every such entrant "
                          "launches everywhere, and a breakthrough ride-hailing entrant can hold most of the "
                          "world's ride-hailing within a few years (docs/ODD.md 7.7)."),
    Parameter(name="breakthrough_network_reset", default=0.0, unit="share",
              low=0.0, high=1.0,
              description="Weight of a firm's share of its newest breakthrough category (the users of the firms "
                          "holding that feature) in its network term, where larger than its share of the sector: "
                          "a new product category resets the incumbents' network advantage (short video's network "
                          "is not Facebook's friend graph; issue 13). 0 (the raw default) is the model without "
                          "categories; the calibration fits it (docs/ODD.md, 7.1)."),
    Parameter(name="localisation_half_life", default=3.0, unit="years",
              low=0.25, high=20.0,
              description="Years of serving a whole market of a region in which a foreign firm closes half of "
                          "its remaining localisation gap there (foreignness_discount); a firm with a smaller share "
                          "learns in proportion to its largest market share there."),
    Parameter(name="entrant_awareness", default=1.0, unit="share of users",
              low=0.001, high=1.0,
              description="Share of a region's users who know of a provider when it enters the region (a new firm, "
                          "an expansion abroad, a scheduled launch such as TikTok abroad in 2017). Users consider a "
                          "provider with the probability that they know of it - the log of the share aware enters "
                          "utility, the implicit availability logit (Cascetta and Papola 2001) of choice under limited "
                          "consideration sets (Goeree 2008) - and awareness spreads by Bass (1969) diffusion "
                          "(awareness_innovation, awareness_imitation). 1 (the raw default) is the model without it: "
                          "every provider known to everyone (docs/ODD.md, 7.2)."),
    Parameter(name="awareness_innovation", default=0.03, unit="share of the unaware per year",
              low=0.0, high=4.0,
              description="Bass innovation coefficient p: share of the users still unaware of a provider who learn of "
                          "it in a year from advertising and the press. Sultan, Farley and Lehmann (1990), a "
                          "meta-analysis of 213 Bass-model fits: mean p = 0.03 (durables; apps spread faster, so "
                          "the calibration fits it). Acts only with entrant_awareness below 1."),
    Parameter(name="awareness_imitation", default=0.38, unit="share of the unaware per year, per unit share",
              low=0.0, high=40.0,
              description="Bass imitation coefficient q: share of the users still unaware of a provider who learn of "
                          "it in a year from its users, per unit of its market share in the region (its largest "
                          "there). Sultan, Farley and Lehmann (1990): mean q = 0.38 per year. Acts only with "
                          "entrant_awareness below 1."),
    Parameter(name="taste_dispersion", default=0.0, unit="utils (standard deviation)",
              low=0.0, high=5.0,
              description="Spread of users' persistent tastes for individual providers (brand, design, assortment): "
                          "each user has a fixed taste for each provider in each sector, standard normal times this "
                          "spread, kept from quarter to quarter - the random-coefficients idea of demand models "
                          "(Berry, Levinsohn and Pakes 1995). With heterogeneous tastes a better or bigger rival wins "
                          "users at the margin instead of tipping the whole market. 0 (the raw default) is the "
                          "homogeneous logit of waves 1-2; the calibration fits it (docs/ODD.md, 7.1)."),
    Parameter(name="hardware_taste_dispersion", default=0.0, unit="utils (standard deviation)",
              low=0.0, high=5.0,
              description="taste_dispersion for devices and ICT equipment (sectors.csv, product = hardware): the "
                          "spread of buyers' persistent tastes for hardware brands. Handsets are differentiated goods "
                          "where many brands keep a share (the five largest smartphone brands shipped about 70% of "
                          "the world's phones in 2019, IDC - recalled), while social networks and marketplaces tip "
                          "toward a leader through network effects; one spread for both made Chinese phones abroad "
                          "and Chinese apps' small share abroad pull the fit in opposite directions, so the "
                          "calibration fits the two apart. 0 (the raw default) is the homogeneous logit "
                          "(docs/ODD.md, 7.1)."),
    Parameter(name="device_price_weight", default=0.0, unit="utils per unit of relative price at world income",
              low=0.0, high=5.0,
              description="Weight of a handset's price premium in a consumer's choice: the term is -weight x "
                          "(relative price - 1) x world income per person / the consumer's income (relative prices "
                          "in model/inputs/device_prices.csv: Apple 2.3, Xiaomi 0.55). Handset markets split by "
                          "price and income: Apple held about half of U.S. users and a few percent of Indian ones "
                          "in 2019, Xiaomi, vivo and Oppo most of India's (IDC / Counterpoint, recalled), which "
                          "one quality ladder cannot give. 0 (the raw default and the shipped calibration) is the "
                          "model without prices (docs/ODD.md, 7.1)."),
    Parameter(name="income_adoption_correlation", default=0.5, unit="correlation (0-1)",
              low=0.0, high=0.95,
              description="Rank correlation (Gaussian copula) between a consumer's income and how early it comes "
                          "online: the first internet users of a region are richer than its average person "
                          "(assumption; only device prices use incomes, docs/ODD.md 7.1)."),
    Parameter(name="switching_cost", default=1.5, unit="utils",
              low=0.0, high=10.0,
              description='Utility lost by leaving the current provider.'),
    Parameter(name="consumer_price_elasticity", default=1.0, unit="elasticity (absolute value)",
              low=0.2, high=5.0,
              description="Own-price elasticity of a small provider's demand at its revenue per user; sets the "
                          "marginal utility of money alpha_r = elasticity / (region's mean consumer ARPU, USD "
                          "per user per quarter), which converts the logit log-sum to USD (consumer surplus). "
                          "Read only by the welfare metrics, never by choices. Default 1: the Lerner condition "
                          "of a revenue-maximising firm with near-zero marginal cost prices where demand is "
                          "unit-elastic (logit inversion as in Berry 1994, RAND J. Econ. 25). Check: U.S. consumer "
                          "surplus per online user comes out at about USD 4,000 a year in 2013 and 12,000 in "
                          "2019, the order of the median willingness-to-accept that Brynjolfsson, Collis and "
                          "Eggers (2019, PNAS 116) measured for search, e-commerce and social media together "
                          "(~USD 18,700 a year): docs/ODD.md, section 7.9."),
    Parameter(name="secondary_use_share_social", default=0.3, unit="share of use",
              low=0.0, high=0.5,
              description="Share of a multi-homing user's social-network use (and so of the network size, revenue "
                          "and data it brings) that goes to the secondary provider; 0 = single-homing. People use "
                          "several networks (GlobalWebIndex: ~8 social accounts per internet user in 2017; Pew 2018: "
                          "the median U.S. adult uses 3 of 8 major platforms; Weibo's users mostly also use WeChat) "
                          "but most of the time goes to the main one: a reasoned 0.3, not calibrated."),
    Parameter(name="secondary_use_share_ecommerce", default=0.25, unit="share of use",
              low=0.0, high=0.5,
              description="Share of a multi-homing shopper's online purchases made with the secondary marketplace "
                          "(Taobao/Tmall with JD or Pinduoduo; Amazon, about half of U.S. online retail in 2018 by "
                          "eMarketer's estimate, with eBay or Walmart); 0 = single-homing. A reasoned 0.25, not "
                          "calibrated."),
    Parameter(name="secondary_use_share_search", default=0.15, unit="share of use",
              low=0.0, high=0.5,
              description="Share of a multi-homing user's search, portal and content use that goes to the secondary "
                          "provider (Baidu with Sogou or 360, NetEase or Sina portals; Google with Bing); 0 = "
                          "single-homing. Search is concentrated (StatCounter 2017: Google ~88% of U.S. searches, "
                          "Baidu ~70% in China), so a reasoned 0.15, not calibrated."),
    Parameter(name="data_quality_weight", default=0.15, unit="quality units per log(M user-quarters)",
              low=0.0, high=2.0,
              description="Quality a provider gains from the data it may pool where it serves the user (learning "
                          "from data)."),
    Parameter(name="access_friction_max", default=3.0, unit="utils",
              low=0.0, high=10.0,
              description="Utility lost using a provider whose market access is restricted, at access share "
                          "approaching zero (scaled by 1 - access)."),
    Parameter(name="china_payments_foreign_friction", default=2.0, unit="utils",
              low=0.0, high=10.0,
              description='Friction for users outside China of Chinese payment apps (bank account tied to China).'),
    Parameter(name="china_antitrust_bundling_limit", default=0.0, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description='Share of super-app bundling utility removed by antitrust rules in China.'),
    Parameter(name="us_antitrust_bundling_limit", default=0.0, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description='Share of super-app bundling utility removed by antitrust rules in the U.S.'),
    Parameter(name="eu_antitrust_bundling_limit", default=0.3, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description='Share of super-app bundling utility removed by EU competition rules.'),
)
"""User choice by random utility (:mod:`convergence.model.mechanisms.user_choice`)."""

INNOVATION = (
    Parameter(name="rd_productivity", default=0.01, unit="quality units per quarter per log R&D",
              low=0.0, high=1.0,
              description='Quality added per quarter per unit of log(1 + R&D spend per sector / USD 50 M).'),
    Parameter(name="quality_depreciation", default=0.02, unit="share per quarter",
              low=0.0, high=0.5,
              description="Share of quality lost each quarter as rivals' offers and user expectations move on."),
    Parameter(name="data_decay", default=0.05, unit="share per quarter",
              low=0.0, high=1.0,
              description="Share of a firm's data stock that becomes stale each quarter."),
    Parameter(name="innovation_rate", default=0.15, unit="features per quarter per log R&D",
              low=0.0, high=5.0,
              description="Expected new features a disruptor creates per quarter, per unit of log(1 + R&D / USD 50 "
                          "M); micro-innovators create at a third of this rate, copycats none."),
    Parameter(name="feature_quality_gain", default=0.04, unit="quality units",
              low=0.0, high=2.0,
              description='Mean quality a firm gains when it adopts a new feature (innovation or imitation).'),
    Parameter(name="imitation_rate_domestic", default=0.1, unit="probability per quarter",
              low=0.0, high=1.0,
              description='Chance per quarter that a firm adopts a feature observed among same-country rivals.'),
    Parameter(name="imitation_rate_cross_border", default=0.08, unit="probability per quarter",
              low=0.0, high=1.0,
              description="Chance per quarter that a firm adopts a feature from the other country when every "
                          "cross-border channel is fully open."),
    Parameter(name="copycat_speed", default=2.5, unit="multiplier",
              low=1.0, high=10.0,
              description='How much faster copycats imitate than micro-innovators (disruptors imitate at half).'),
    Parameter(name="copycat_quality_discount", default=0.6, unit="share",
              low=0.0, high=1.0,
              description="Share of a feature's quality a copycat realises when cloning, before IP protection."),
    Parameter(name="diffusion_weight_data_flows", default=0.35, unit="weight",
              low=0.0, high=1.0,
              description='Weight of cross-border data flows in the cross-border diffusion channel mix.'),
    Parameter(name="diffusion_weight_presence", default=0.3, unit="weight",
              low=0.0, high=1.0,
              description='Weight of market presence in both countries in the cross-border diffusion channel mix.'),
    Parameter(name="diffusion_weight_investment", default=0.2, unit="weight",
              low=0.0, high=1.0,
              description='Weight of cross-border investment links in the cross-border diffusion channel mix.'),
    Parameter(name="diffusion_weight_talent", default=0.15, unit="weight",
              low=0.0, high=1.0,
              description='Weight of talent flows and R&D collaboration in the cross-border diffusion channel mix.'),
    Parameter(name="china_ip_protection", default=0.3, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of a cloned feature's value that IP protection denies copycats homed in China."),
    Parameter(name="us_ip_protection", default=0.8, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Share of a cloned feature's value that IP protection denies copycats homed in the U.S."),
    Parameter(name="eu_ip_protection", default=0.8, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description="Share of a cloned feature's value that IP protection denies copycats homed in the EU "
                          "and the rest of the world."),
    Parameter(name="breakthrough_share", default=0.1, unit="share of new features",
              low=0.0, high=1.0,
              description="Share of a disruptor's new features (and of disruptor entrants' founding features) "
                          "that open a new product category (short video, super apps): the feature's quality gain "
                          "is breakthrough_quality_gain instead of the usual one; an entrant founded on one "
                          "launches everywhere it may (a new category's users are not held by incumbents' "
                          "networks), an established firm uses it where it operates."),
    Parameter(name="breakthrough_quality_gain", default=2.0, unit="quality units",
              low=0.0, high=10.0,
              description="Quality gain of a breakthrough feature (and of the short-video feature Musical.ly "
                          "launches with in 2014, firm_markets.csv): of the order of the network advantage a "
                          "leading social network holds over a newcomer (network_weight x log(1 / 0.05) is about "
                          "1-3 utils)."),
    Parameter(name="strategy_upgrade_rate", default=0.02, unit="probability per quarter",
              low=0.0, high=1.0,
              description="Chance per quarter that a firm at the frontier of its sector moves up one strategy "
                          "(copycat to micro-innovator, micro-innovator to disruptor), the report's account of "
                          "Chinese firms' path."),
    Parameter(name="strategy_upgrade_frontier", default=0.9, unit="ratio",
              low=0.0, high=2.0,
              description="Quality, relative to the best quality among the sector's active firms, from which a "
                          "firm can move up a strategy."),
    Parameter(name="us_talent_openness", default=0.6, unit="index (1 = unrestricted)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Openness of talent exchange and R&D collaboration between China and the U.S. (visas, "
                          "research-security rules); feeds the cross-border diffusion channel."),
)
"""R&D, innovation and imitation (:mod:`convergence.model.mechanisms.innovation_diffusion`)."""

MARKET_DYNAMICS = (
    Parameter(name="china_entry_rate", default=1.2, unit="entrants per quarter",
              low=0.0, high=20.0,
              description="Expected entrants per quarter homed in China at normal profitability "
                          "(hyper-competition: 5,000 Groupon clones)."),
    Parameter(name="us_entry_rate", default=0.6, unit="entrants per quarter",
              low=0.0, high=20.0,
              description='Expected entrants per quarter homed in the U.S. at normal profitability.'),
    Parameter(name="other_entry_rate", default=0.4, unit="entrants per quarter",
              low=0.0, high=20.0,
              description='Expected entrants per quarter homed in the EU and rest of world together.'),
    Parameter(name="capital_availability", default=1.0, unit="index",
              low=0.0, high=5.0,
              description='Venture capital availability multiplying every entry rate.'),
    Parameter(name="china_copycat_share", default=0.5, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of Chinese entrants that are copycats.'),
    Parameter(name="china_disruptor_share", default=0.15, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of Chinese entrants that are disruptors (the rest are micro-innovators).'),
    Parameter(name="us_copycat_share", default=0.15, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of U.S. entrants that are copycats.'),
    Parameter(name="us_disruptor_share", default=0.5, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of U.S. entrants that are disruptors (the rest are micro-innovators).'),
    Parameter(name="other_copycat_share", default=0.3, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of EU and rest-of-world entrants that are copycats.'),
    Parameter(name="other_disruptor_share", default=0.3, unit="share of entrants",
              low=0.0, high=1.0,
              description='Share of EU and rest-of-world entrants that are disruptors.'),
    Parameter(name="entrant_quality_ratio", default=0.7, unit="ratio",
              low=0.0, high=2.0,
              description="Entrant's starting quality relative to the mean quality of the sector's incumbents."),
    Parameter(name="break_even_share", default=0.03, unit="share of the market's users",
              low=0.0, high=0.5,
              description="Market share at which a firm covers the fixed cost of serving a market, before "
                          "compliance costs (local operations scale with the market's size)."),
    Parameter(name="exit_patience_quarters", default=10, unit="quarters",
              low=1, high=40, kind=int,
              description="Mean run of losing quarters after which a firm leaves a market (region x sector); the "
                          "exit is a random draw each losing quarter (Weibull hazard of shape 4), so exit timing "
                          "varies across seeds."),
    Parameter(name="china_global_launch_share", default=0.1, unit="share of entrants",
              low=0.0, high=1.0,
              description="Share of Chinese entrants that launch abroad from the start, in every region they may "
                          "serve (Musical.ly, TikTok, AliExpress-style cross-border apps)."),
    Parameter(name="us_global_launch_share", default=0.3, unit="share of entrants",
              low=0.0, high=1.0,
              description="Share of U.S. entrants that launch abroad from the start, in every region they may "
                          "serve."),
    Parameter(name="expansion_rate", default=0.03, unit="probability per quarter",
              low=0.0, high=1.0,
              description='Chance per quarter that a firm profitable at home enters one more region.'),
    Parameter(name="acquisition_rate", default=0.04, unit="probability per quarter",
              low=0.0, high=1.0,
              description='Chance per quarter that a large firm tries to buy a small rival in its sectors.'),
    Parameter(name="cross_border_deal_rate", default=0.6, unit="deals per quarter",
              low=0.0, high=10.0,
              description="Expected cross-border minority investments per quarter by each large Chinese or U.S. "
                          "firm (Tencent: 15 outbound stakes, Alibaba: 8 deals by 2017)."),
    Parameter(name="investment_link_decay", default=0.05, unit="share per quarter",
              low=0.0, high=1.0,
              description='Share of the cross-border investment-link stock that lapses each quarter.'),
    Parameter(name="china_investment_screening", default=0.3, unit="probability",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description='Probability that a foreign acquisition of a Chinese firm is blocked.'),
    Parameter(name="us_investment_screening", default=0.3, unit="probability",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description='Probability that CFIUS blocks a Chinese acquisition of, or investment in, a U.S. firm.'),
    Parameter(name="eu_investment_screening", default=0.05, unit="probability",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description='Probability that a foreign acquisition of an EU firm is blocked.'),
)
"""Entry, exit, expansion, acquisitions and cross-border investment
(:mod:`convergence.model.mechanisms.market_dynamics`)."""

ENTRANT_SHARE_CONSTRAINTS = (
    SharesOfEntrants("china_copycat_share", "china_disruptor_share"),
    SharesOfEntrants("us_copycat_share", "us_disruptor_share"),
    SharesOfEntrants("other_copycat_share", "other_disruptor_share"),
)
"""Entrants' strategy shares of each origin sum to at most one."""

DATA_LOCALIZATION = (
    Parameter(name="china_data_localization_strictness", default=0.3, unit="share of in-scope transfers",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of in-scope cross-border data transfers out of China that are blocked "
                          "(Cybersecurity Law Art. 37)."),
    Parameter(name="china_data_localization_scope", default=0.25, unit="share of operators",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of network operators covered: 0.25 = critical information infrastructure only, 1 "
                          "= all network operators."),
    Parameter(name="china_enforcement", default=0.7, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description='Share of the rules that is enforced in practice.'),
    Parameter(name="china_security_assessment_cost", default=0.02, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Cost of cross-border security assessments for a firm moving data across China's border, "
                          "at full strictness, scope and enforcement."),
    Parameter(name="china_local_datacentre_cost", default=0.01, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Fixed cost of storing data in China for a foreign firm in scope, at full strictness and "
                          "enforcement."),
    Parameter(name="china_compliance_revenue_share", default=0.05, unit="share of China revenue",
              low=0.0, high=0.5, role="lever", regulator=Jurisdiction.CHINA,
              description="Variable compliance cost of foreign firms in China, at full strictness, scope and "
                          "enforcement."),
    Parameter(name="eu_transfer_restriction", default=0.2, unit="share of transfers",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description='Share of personal-data transfers out of the EU that are blocked (adequacy, GDPR).'),
    Parameter(name="eu_compliance_cost", default=0.005, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description='Cost of transfer compliance for a non-EU firm serving the EU, at full restriction.'),
    Parameter(name="us_chinese_app_data_rules", default=0.0, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Strictness of rules on U.S. users' data held by Chinese apps (local storage, limits on "
                          "transfer to China)."),
    Parameter(name="us_local_storage_cost", default=0.01, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Cost for a Chinese app of storing U.S. users' data in the U.S., at full strictness."),
)
"""Data localization and transfer rules (:mod:`convergence.model.mechanisms.data_localization`)."""

ICT_LOCALIZATION = (
    Parameter(name="china_ict_procurement_preference", default=0.6, unit="utils",
              low=0.0, high=5.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Utility bonus of domestic vendors for Chinese enterprise buyers of cloud and ICT "
                          "equipment (ICT localization)."),
    Parameter(name="china_jv_revenue_share", default=0.3, unit="share of revenue",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of a foreign cloud provider's China revenue paid to its mandatory local partner."),
)
"""ICT localization (:mod:`convergence.model.mechanisms.ict_localization`)."""

MARKET_ACCESS = (
    Parameter(name="china_foreign_access_social", default=0.0, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's social sector: 0 blocks them, values between "
                          "add access friction."),
    Parameter(name="china_foreign_access_ecommerce", default=1.0, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's ecommerce sector: 0 blocks them, values "
                          "between add access friction."),
    Parameter(name="china_foreign_access_search", default=0.0, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's search sector: 0 blocks them, values between "
                          "add access friction."),
    Parameter(name="china_foreign_access_payments", default=0.3, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's payments sector: 0 blocks them, values "
                          "between add access friction."),
    Parameter(name="china_foreign_access_ridehailing", default=1.0, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's ridehailing sector: 0 blocks them, values "
                          "between add access friction."),
    Parameter(name="china_foreign_access_devices", default=1.0, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's devices sector: 0 blocks them, values between "
                          "add access friction."),
    Parameter(name="china_foreign_access_cloud", default=0.6, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's cloud sector: 0 blocks them, values between "
                          "add access friction."),
    Parameter(name="china_foreign_access_ict_equipment", default=0.8, unit="share (1 = open, 0 = blocked)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Market access of foreign firms in China's ict_equipment sector: 0 blocks them, values "
                          "between add access friction."),
    Parameter(name="china_vpn_enforcement", default=0.75, unit="share (1 = VPNs shut down)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Enforcement against VPNs: reaching a blocked foreign online service (social, search, "
                          "e-commerce) costs china_vpn_cost / (1 - enforcement) utils, so a crackdown raises the "
                          "cost and 1 makes blocked services unreachable. Default 0.75 (strong, not total: MIIT's "
                          "January 2017 notice; VPN apps removed from Apple's China store, July 2017) keeps the "
                          "calibration's fact that foreign firms hold under 2% of China's social and search use "
                          "in every quarter 2013-2017 (measured, baseline, 8 seeds: mean 0.1% and 0.2%, peaks "
                          "0.3-1.9%); GlobalWebIndex 2015-2016 (urban online panel, an upper bound): ~1 in 3 "
                          "online adults had used a VPN, ~75 M used blocked social networks, mostly beside "
                          "domestic ones."),
    Parameter(name="china_vpn_cost", default=1.5, unit="utils",
              low=0.0, high=20.0,
              description="Utility cost of reaching a blocked service over a VPN at zero enforcement: the VPN's "
                          "price and set-up, slower and less reliable connections (degraded quality)."),
)
"""Market access of foreign firms in China (:mod:`convergence.model.mechanisms.market_access`)."""

RECIPROCITY = (
    Parameter(name="us_reciprocity_strength", default=0.0, unit="share",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Strength of reciprocity measures against Chinese firms: access friction in the U.S. "
                          "(times access_friction_max) and extra deal blocking."),
    Parameter(name="us_reciprocity_rule", default=False, unit="switch",
              kind=bool, role="lever", regulator=Jurisdiction.US,
              description="If true, reciprocity answers China's restrictiveness (with a lag) instead of following "
                          "the scripted value alone."),
    Parameter(name="us_reciprocity_lag_quarters", default=4, unit="quarters",
              low=0, high=40, kind=int, role="lever", regulator=Jurisdiction.US,
              description="Delay with which rule-based reciprocity answers China's restrictiveness."),
    Parameter(name="us_reciprocity_responsiveness", default=1.0, unit="ratio",
              low=0.0, high=3.0, role="lever", regulator=Jurisdiction.US,
              description="Rule-based reciprocity strength per unit of China's restrictiveness index."),
    Parameter(name="us_procurement_restriction", default=0.5, unit="share of the full procurement cost",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Strictness of U.S. rules on buying Chinese devices and ICT equipment (carriers, "
                          "government: FCC 2019-2020 rules, NDAA section 889): a U.S. buyer choosing a Chinese "
                          "vendor bears this share of us_procurement_cost, so buyers can still pay to choose one."),
    Parameter(name="us_procurement_cost", default=2.5, unit="utils",
              low=0.0, high=20.0,
              description="Utility cost to a U.S. buyer of choosing a Chinese device or equipment vendor under the "
                          "full procurement restriction (compliance reviews, lost federal funding, rip-and-replace "
                          "risk). Default set so the default restriction (0.5) keeps Chinese vendors' U.S. share "
                          "close to what barring half the buyers did (2017-2019, baseline, 3 seeds: devices 15% vs "
                          "14%, ICT equipment 30% vs 33%)."),
)
"""U.S. reciprocity (:mod:`convergence.model.mechanisms.reciprocity`,
:class:`convergence.model.regulators.USRegulator`)."""

REGIONAL_DATA_RULES = (
    Parameter(name="india_data_localization", default=0.0, unit="share of transfers",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.INDIA,
              description="Share of data collected in India that may not leave it. 0 (the default) is the state "
                          "before 2018. The Reserve Bank of India's directive 'Storage of Payment System Data' "
                          "(RBI/2017-18/153, 6 April 2018, in force 15 October 2018) requires all payment-system "
                          "data to be stored only in India, about the payments sector's share of the data (0.1-0.2 "
                          "for a history scenario); the draft Personal Data Protection Bill (2018-2019) would "
                          "have reached further."),
    Parameter(name="india_local_storage_cost", default=0.01, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.INDIA,
              description="Cost for a firm homed outside India that serves Indian users of storing and processing "
                          "their data in India, at full localization: about USD 40 M a year for local data centres "
                          "and duplicated systems (assumption, the U.S. local-storage cost; payment networks such "
                          "as Visa and Mastercard built Indian data centres after the 2018 directive)."),
    Parameter(name="southeast_asia_data_localization", default=0.0, unit="share of transfers",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.SOUTHEAST_ASIA,
              description="Share of data collected in Southeast Asia that may not leave it. 0 (the default) is "
                          "the state before 2018: Indonesia's GR 82/2012 (data centres in Indonesia for "
                          "public-service electronic systems) was hardly enforced and GR 71/2019 narrowed it to "
                          "public bodies; Vietnam's Cybersecurity Law (June 2018, in force 1 January 2019; Decree "
                          "53/2022) requires domestic storage of Vietnamese users' data. Indonesia and Vietnam hold "
                          "about 55% of ASEAN's people."),
    Parameter(name="southeast_asia_local_storage_cost", default=0.01, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.SOUTHEAST_ASIA,
              description="Cost for a firm homed outside Southeast Asia that serves its users of storing their "
                          "data there, at full localization (assumption, as India's)."),
)
"""Data localization by the regulators of India and Southeast Asia
(:mod:`convergence.model.mechanisms.data_localization`; the levers each region uses are named in
:data:`convergence.model.dimensions.REGION_INFO`)."""


PLATFORM_REGULATION = (
    Parameter(name="china_platform_fine_share", default=0.0, unit="share of annual China revenue per quarter",
              low=0.0, high=0.1, role="lever", regulator=Jurisdiction.CHINA,
              description="Antitrust fine charged to each dominant platform in China in each quarter the lever is "
                          "in force, as a share of its annual China revenue (Anti-Monopoly Law 2008 Art. 47: 1-10% "
                          "of the previous year's sales; SAMR fined Alibaba 4% on 10 Apr 2021 and Meituan 3% on 8 "
                          "Oct 2021). 0 = no fine (before 2021)."),
    Parameter(name="platform_dominance_share", default=0.5, unit="share of a market's use",
              low=0.0, high=1.0,
              description="Share of a Chinese market's use from which a platform counts as dominant and can be "
                          "fined (Anti-Monopoly Law 2008 Art. 19: one operator with half of a market is presumed "
                          "dominant)."),
    Parameter(name="china_platform_interoperability", default=0.0, unit="share of the network advantage removed",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Interoperability orders on China's social, e-commerce and payment platforms: the share "
                          "by which the network-size term of utility is lowered because users reach rivals' content "
                          "and services (MIIT order of Sept 2021 to end link blocking between Tencent and Alibaba). "
                          "0 = walled gardens (before Sept 2021), 1 = network size no longer matters."),
    Parameter(name="china_fintech_revenue_cap", default=0.0, unit="share of revenue per user",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of payment platforms' revenue per user in China removed by the curbs on platform "
                          "fintech (Ant Group IPO halted 3 Nov 2020; PBoC rectification order of 12 Apr 2021 moving "
                          "consumer lending into a capitalised finance company). 0 = no curbs (before Nov 2020)."),
)
"""China's platform regulation of 2020-2022 (:mod:`convergence.model.mechanisms.platform_regulation`);
its bundling limit is ``china_antitrust_bundling_limit`` in ``USER_CHOICE``."""

DATA_RULES = (
    Parameter(name="china_personal_information_compliance_share", default=0.0, unit="share of China revenue",
              low=0.0, high=0.2, role="lever", regulator=Jurisdiction.CHINA,
              description="Compliance cost of China's Personal Information Protection Law (in force 1 Nov 2021) and "
                          "Data Security Law (1 Sept 2021) for every firm serving China, domestic or foreign "
                          "(consent, impact assessments, data-protection officer), at full enforcement. 0 = before "
                          "the PIPL."),
    Parameter(name="china_outbound_assessment_scope", default=0.0, unit="share of outbound personal data",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Share of personal data leaving China whose transfer needs a CAC security assessment "
                          "(Measures for Security Assessment of Outbound Data Transfers, in force 1 Sept 2022; eased "
                          "by the Provisions on Promoting and Regulating Cross-border Data Flows, 22 Mar 2024). 0 = "
                          "no assessment beyond the Cybersecurity Law's (before Sept 2022)."),
    Parameter(name="china_outbound_assessment_hold_share", default=0.2, unit="share of assessed data",
              low=0.0, high=1.0,
              description="Share of outbound data needing an assessment that is held back in a quarter (refused, or "
                          "delayed past the quarter: the CAC has 45 working days to decide, Measures Art. 12). A "
                          "reasoned value, not calibrated."),
    Parameter(name="eu_us_transfer_restriction", default=0.0, unit="share of EU-to-U.S. transfers",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description="Share of EU personal data that loses its legal basis for use in the U.S. when no adequacy "
                          "decision covers the U.S. (Schrems II, CJEU C-311/18, 16 July 2020, invalidated the "
                          "Privacy Shield; the EU-U.S. Data Privacy Framework, adequacy decision of 10 July 2023, "
                          "restored one). 0 = an adequacy decision in force (Privacy Shield 2016-2020, DPF from "
                          "2023)."),
    Parameter(name="eu_us_transfer_assessment_cost", default=0.01, unit="USD bn per quarter per firm",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description="Cost for a U.S. firm serving the EU of standard contractual clauses with transfer impact "
                          "assessments, at full restriction (scaled by eu_us_transfer_restriction). A reasoned "
                          "value, not calibrated."),
)
"""The data-rule path of 2020-2024 (:mod:`convergence.model.mechanisms.data_rules`)."""

VENDOR_SECURITY = (
    Parameter(name="eu_high_risk_vendor_restriction", default=0.0, unit="share (times access_friction_max)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.EU,
              description="EU rules on 'high-risk vendors' of network equipment (EU 5G Toolbox, 29 Jan 2020, and "
                          "member states' restrictions on Huawei and ZTE): the friction, times access_friction_max "
                          "utils, for an EU buyer of ICT equipment choosing a Chinese vendor (security audits, "
                          "vetting, the risk of a rip-and-replace order). 0 = no restriction (before 2020), 1 = "
                          "the friction of a nearly closed market; not an outright bar."),
)
"""EU responses to Chinese network-equipment vendors (:mod:`convergence.model.mechanisms.vendor_security`)."""

EXPORT_CONTROLS = (
    Parameter(name="us_export_controls", default=0.0, unit="share (1 = full denial)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Strength of U.S. export controls on every Chinese maker of devices and ICT equipment: the "
                          "share of U.S.-controlled components, foundry capacity and software services (chips, "
                          "Android/Google Mobile Services) they are denied. 0 = the pre-2018 state; the October 2022 "
                          "advanced-computing and semiconductor rules (BIS, 87 FR 62186) are a partial country-wide "
                          "denial."),
    Parameter(name="us_export_controls_huawei", default=0.0, unit="share (1 = full denial)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Denial of U.S.-controlled inputs to Huawei: Entity List listing of 16 May 2019 (84 FR "
                          "22961; licences for some items, Google's GMS licence withdrawn) about 0.6; with the "
                          "foreign direct product rule of 17 August 2020 (85 FR 51596; foundry cut-off 15 September "
                          "2020) 1."),
    Parameter(name="us_export_controls_zte", default=0.0, unit="share (1 = full denial)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="Denial of U.S.-controlled inputs to ZTE: the BIS denial order of 15 April 2018 (1), lifted "
                          "13 July 2018 after a USD 1.4 bn settlement (0)."),
    Parameter(name="us_component_share", default=0.16, unit="share of input spending",
              low=0.0, high=1.0,
              description="Share of a Chinese device or ICT-equipment maker's input spending that goes to "
                          "U.S.-controlled components and services: Huawei bought about USD 11 bn from U.S. suppliers "
                          "in 2018 of about USD 70 bn procurement (Huawei statements, Reuters, 2019)."),
    Parameter(name="export_control_cost_premium", default=1.0, unit="ratio",
              low=0.0, high=5.0,
              description="Extra cost of a denied input bought through substitutes or third countries, relative to "
                          "its price before the denial (1 = it costs twice as much); assumption."),
    Parameter(name="export_control_quality_loss", default=1.0, unit="quality units",
              low=0.0, high=5.0,
              description="Quality a device or ICT-equipment maker loses when all its U.S.-controlled hardware "
                          "inputs are cut and none is replaced (no 5G or leading-edge chips); assumption, about the "
                          "gap between Huawei's and Xiaomi's 2013 device quality in this model."),
    Parameter(name="us_software_services_quality_loss", default=1.5, unit="quality units",
              low=0.0, high=5.0,
              description="Quality a Chinese phone loses outside China without Google Mobile Services (Play Store, "
                          "Maps, YouTube); domestic substitutes do not restore it abroad, and in China phones never "
                          "shipped with GMS; assumption."),
    Parameter(name="export_control_stockpile_quarters", default=4, unit="quarters",
              low=1, high=12, kind=int,
              description="Quarters a denied firm's stockpiles last: the cut-off of U.S. inputs grows linearly to "
                          "the denial over this many quarters (Huawei stockpiled about a year of key components "
                          "before May 2019, Nikkei Asia 2019); a lifted denial restores supply at once."),
    Parameter(name="domestic_substitution_rate", default=0.5, unit="per quarter per unit of R&D intensity",
              low=0.0, high=5.0,
              description="Speed at which a denied firm replaces U.S. inputs with domestic ones: each quarter of "
                          "denial it replaces rate x R&D intensity of the inputs still missing (Huawei, R&D 14.6% of "
                          "revenue: about 7% a quarter, half in two years); assumption."),
)
"""U.S. export controls and Chinese makers' dependence on U.S. inputs
(:mod:`convergence.model.mechanisms.export_controls`)."""

APP_BANS = (
    Parameter(name="us_chinese_app_ban", default=0.0, unit="share (1 = fully enforced)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.US,
              description="U.S. ban on Chinese consumer apps (Executive Orders 13942 and 13943 of 6 August 2020, "
                          "enjoined in court): app stores remove the apps, so a new user installs one only at "
                          "strength x app_ban_install_cost utils, and existing users' friction rises to strength x "
                          "access_friction_max as the apps go without updates."),
    Parameter(name="us_chinese_app_divestiture_order", default=False, unit="switch",
              kind=bool, role="lever", regulator=Jurisdiction.US,
              description="Order that Chinese apps divest their U.S. operations to a U.S. owner or be banned after "
                          "divestiture_deadline_quarters (CFIUS order of 14 August 2020 on ByteDance/Musical.ly; the "
                          "Protecting Americans from Foreign Adversary Controlled Applications Act of 24 April 2024, "
                          "270 days)."),
    Parameter(name="us_chinese_app_data_remedy", default=False, unit="switch",
              kind=bool, role="lever", regulator=Jurisdiction.US,
              description="If true, a Chinese app under a divestiture order may stay by a data-handling remedy "
                          "instead (U.S. storage and oversight, 'Project Texas', proposed to CFIUS in 2022): it pays "
                          "app_data_remedy_cost and its U.S. users' data stays in the U.S."),
    Parameter(name="india_chinese_app_ban", default=0.0, unit="share (1 = fully enforced)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.INDIA,
              description="India's ban on Chinese consumer apps under section 69A of the IT Act (59 apps incl. "
                          "TikTok, WeChat and UC Browser on 29 June 2020; 118 more on 2 September 2020, 267 in all by "
                          "2022): app stores remove them and telecom operators block them, so a new user installs one "
                          "only at strength x app_ban_install_cost utils, and existing users' friction rises to "
                          "strength x access_friction_max as the apps go without updates."),
    Parameter(name="app_ban_install_cost", default=6.0, unit="utils",
              low=0.0, high=20.0,
              description="Cost of installing a banned app outside the app stores (side-loading, VPN), at full "
                          "enforcement; assumption (twice the largest access friction)."),
    Parameter(name="app_ban_obsolescence_quarters", default=4, unit="quarters",
              low=1, high=20, kind=int,
              description="Quarters over which a banned app, no longer updated, loses its existing users' "
                          "goodwill: their friction grows linearly to strength x access_friction_max; assumption."),
    Parameter(name="divestiture_deadline_quarters", default=3, unit="quarters",
              low=0, high=20, kind=int,
              description="Quarters a divestiture order leaves before the ban applies (270 days in the 2024 Act; 90 "
                          "days in the August 2020 CFIUS order)."),
    Parameter(name="divestiture_deal_rate", default=0.3, unit="probability per quarter",
              low=0.0, high=1.0,
              description="Chance per quarter that a local buyer closes the purchase of an app's operations under a "
                          "divestiture order (Oracle/Walmart and Microsoft bid for TikTok U.S. within weeks in 2020); "
                          "assumption."),
    Parameter(name="app_data_remedy_cost", default=0.25, unit="USD bn per quarter per firm",
              low=0.0, high=5.0,
              description="Running cost of a data-handling remedy (local storage, source-code review, oversight "
                          "board): TikTok reported about USD 1.5 bn to set up Project Texas and about USD 1 bn a year "
                          "to run it (2022-2023 press reports)."),
)
"""App bans, divestiture orders and data-handling remedies (:mod:`convergence.model.mechanisms.app_bans`)."""

COUNTERMEASURES = (
    Parameter(name="china_unreliable_entity_list", default=0.0, unit="share (1 = fully applied)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="China's unreliable-entity list and procurement reviews against U.S. vendors (MOFCOM Order "
                          "4 of 19 September 2020; first listings 16 February 2023; CAC's Micron ruling of 21 May "
                          "2023): friction of strength x access_friction_max for U.S. vendors of devices, cloud and "
                          "ICT equipment in China."),
    Parameter(name="china_algorithm_export_review", default=0.0, unit="share (1 = fully applied)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Export licensing of recommendation algorithms (MOFCOM/MOST revision of the Catalogue of "
                          "Technologies Prohibited or Restricted from Export, 28 August 2020): a Chinese app divested "
                          "abroad goes without this share of its algorithm, so the local buyer gets "
                          "1 - strength x algorithm_share_of_quality of its quality."),
    Parameter(name="china_overseas_listing_review", default=0.0, unit="share (1 = fully applied)",
              low=0.0, high=1.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Reviews of Chinese firms listing or expanding abroad (CAC cybersecurity review of Didi, 2 "
                          "July 2021; review of platforms with over 1 M users listing abroad, in force 15 February "
                          "2022; CSRC filing rules, 31 March 2023): Chinese firms expand into a new region abroad, and "
                          "Chinese entrants launch abroad, at 1 - strength times their usual rate."),
    Parameter(name="china_countermeasure_rule", default=False, unit="switch",
              kind=bool, role="lever", regulator=Jurisdiction.CHINA,
              description="If true, China's three countermeasures answer U.S. escalation (reciprocity, export "
                          "controls, app bans and divestiture orders on Chinese firms) with a lag, each taking "
                          "max(scripted, responsiveness x lagged escalation), capped at 1."),
    Parameter(name="china_countermeasure_lag_quarters", default=2, unit="quarters",
              low=1, high=40, kind=int, role="lever", regulator=Jurisdiction.CHINA,
              description="Delay with which rule-based countermeasures answer U.S. escalation (MOFCOM announced the "
                          "unreliable-entity list 11 days after the May 2019 Huawei listing; rules followed in 2020). "
                          "China moves before the U.S. in a quarter, so it answers at least one quarter late."),
    Parameter(name="china_countermeasure_responsiveness", default=1.0, unit="ratio",
              low=0.0, high=3.0, role="lever", regulator=Jurisdiction.CHINA,
              description="Rule-based countermeasure strength per unit of the U.S. escalation index."),
    Parameter(name="algorithm_share_of_quality", default=0.5, unit="share of quality",
              low=0.0, high=1.0,
              description="Share of a Chinese app's quality that its recommendation algorithm carries (what a buyer "
                          "loses without it); assumption."),
)
"""China's countermeasures (:mod:`convergence.model.mechanisms.countermeasures`,
:class:`convergence.model.regulators.ChinaRegulator`)."""


GROUPS: dict[str, tuple[Parameter, ...]] = {
    "settings": SETTINGS, "adoption": ADOPTION, "monetization": MONETIZATION, "user_choice": USER_CHOICE,
    "innovation_diffusion": INNOVATION, "market_dynamics": MARKET_DYNAMICS,
    "data_localization": DATA_LOCALIZATION, "ict_localization": ICT_LOCALIZATION,
    "market_access": MARKET_ACCESS, "reciprocity": RECIPROCITY,
    "platform_regulation": PLATFORM_REGULATION, "data_rules": DATA_RULES, "vendor_security": VENDOR_SECURITY,
    "export_controls": EXPORT_CONTROLS, "app_bans": APP_BANS, "countermeasures": COUNTERMEASURES,
    "regional_data_rules": REGIONAL_DATA_RULES,
}
"""Declarations by the mechanism that reads them (``convergence params`` lists them so)."""
CONSTRAINTS = ENTRANT_SHARE_CONSTRAINTS
"""Every cross-parameter constraint, checked by :class:`Parameters`."""


def _index(groups: Mapping[str, tuple[Parameter, ...]]) -> Mapping[str, Parameter]:
    by_name: dict[str, Parameter] = {}
    for declarations in groups.values():
        for parameter in declarations:
            if parameter.name in by_name:
                raise ParameterError(f"parameter '{parameter.name}' is declared twice", key=parameter.name)
            by_name[parameter.name] = parameter
    return MappingProxyType(by_name)


PARAMETERS: Mapping[str, Parameter] = _index(GROUPS)
"""All declared parameters by name (read-only)."""


RENAMED: Mapping[str, str] = MappingProxyType({
    "internet_share_2013_cn": "china_internet_share_2013",
    "internet_ceiling_cn": "china_internet_ceiling",
    "internet_adoption_speed_cn": "china_internet_adoption_speed",
    "mobile_internet_share_2013_cn": "china_mobile_internet_share_2013",
    "mobile_internet_ceiling_cn": "china_mobile_internet_ceiling",
    "mobile_internet_adoption_speed_cn": "china_mobile_internet_adoption_speed",
    "mobile_payment_share_2013_cn": "china_mobile_payment_share_2013",
    "mobile_payment_ceiling_cn": "china_mobile_payment_ceiling",
    "mobile_payment_adoption_speed_cn": "china_mobile_payment_adoption_speed",
    "internet_share_2013_us": "us_internet_share_2013",
    "internet_ceiling_us": "us_internet_ceiling",
    "internet_adoption_speed_us": "us_internet_adoption_speed",
    "mobile_internet_share_2013_us": "us_mobile_internet_share_2013",
    "mobile_internet_ceiling_us": "us_mobile_internet_ceiling",
    "mobile_internet_adoption_speed_us": "us_mobile_internet_adoption_speed",
    "mobile_payment_share_2013_us": "us_mobile_payment_share_2013",
    "mobile_payment_ceiling_us": "us_mobile_payment_ceiling",
    "mobile_payment_adoption_speed_us": "us_mobile_payment_adoption_speed",
    "internet_share_2013_eu": "eu_internet_share_2013",
    "internet_ceiling_eu": "eu_internet_ceiling",
    "internet_adoption_speed_eu": "eu_internet_adoption_speed",
    "mobile_internet_share_2013_eu": "eu_mobile_internet_share_2013",
    "mobile_internet_ceiling_eu": "eu_mobile_internet_ceiling",
    "mobile_internet_adoption_speed_eu": "eu_mobile_internet_adoption_speed",
    "mobile_payment_share_2013_eu": "eu_mobile_payment_share_2013",
    "mobile_payment_ceiling_eu": "eu_mobile_payment_ceiling",
    "mobile_payment_adoption_speed_eu": "eu_mobile_payment_adoption_speed",
    "internet_share_2013_row": "rest_of_world_internet_share_2013",
    "internet_ceiling_row": "rest_of_world_internet_ceiling",
    "internet_adoption_speed_row": "rest_of_world_internet_adoption_speed",
    "mobile_internet_share_2013_row": "rest_of_world_mobile_internet_share_2013",
    "mobile_internet_ceiling_row": "rest_of_world_mobile_internet_ceiling",
    "mobile_internet_adoption_speed_row": "rest_of_world_mobile_internet_adoption_speed",
    "mobile_payment_share_2013_row": "rest_of_world_mobile_payment_share_2013",
    "mobile_payment_ceiling_row": "rest_of_world_mobile_payment_ceiling",
    "mobile_payment_adoption_speed_row": "rest_of_world_mobile_payment_adoption_speed",
    "revenue_per_user_growth_cn": "china_revenue_per_user_growth",
    "revenue_per_user_growth_us": "us_revenue_per_user_growth",
    "revenue_per_user_growth_eu": "eu_revenue_per_user_growth",
    "revenue_per_user_growth_row": "rest_of_world_revenue_per_user_growth",
    "entry_rate_cn": "china_entry_rate",
    "entry_rate_us": "us_entry_rate",
    "entry_rate_other": "other_entry_rate",
    "copycat_share_cn": "china_copycat_share",
    "disruptor_share_cn": "china_disruptor_share",
    "copycat_share_us": "us_copycat_share",
    "disruptor_share_us": "us_disruptor_share",
    "copycat_share_other": "other_copycat_share",
    "disruptor_share_other": "other_disruptor_share",
})
"""Names of parameters renamed in version 0.2 (region first): old name -> new name, so that
an old scenario or spec file gets a message naming the new one."""


def lookup(name: str) -> Parameter:
    """Return the declaration of ``name`` or raise, naming its new name if it was renamed, or
    else suggesting the closest declared name."""
    try:
        return PARAMETERS[name]
    except KeyError:
        if name in RENAMED:
            raise UnknownParameterError(f"parameter '{name}' was renamed '{RENAMED[name]}'", key=name,
                                        allowed=RENAMED[name]) from None
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
        for constraint in CONSTRAINTS:
            constraint.check(values)
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

    def replace(self, **changes: Any) -> Parameters:
        """Return a copy with some values changed (validated)."""
        return Parameters({**self._values, **changes})

    def to_dict(self) -> dict[str, Value]:
        """Plain dictionary of every value (for manifests)."""
        return dict(self._values)


@dataclass(frozen=True)
class PolicyChange:
    """A scripted lever change: from ``quarter`` on, lever ``name`` takes ``value``.

    ``source`` and ``key`` say where the change was written (a scenario file and its
    ``timeline[i].name``, or ``--set`` and the item), for error messages; they take no part in
    comparisons.
    """

    quarter: str
    name: str
    value: Value
    source: str | None = field(default=None, compare=False)
    key: str | None = field(default=None, compare=False)

    @property
    def step(self) -> int:
        """Step at whose start the change takes effect."""
        return quarter_to_step(self.quarter)

    @classmethod
    def checked(cls, quarter: str, name: str, value: Any, *, source: str | None = None,
                key: str | None = None) -> PolicyChange:
        """Build a change, validating the quarter, that ``name`` is a lever, and the value."""
        quarter_to_step(quarter)
        parameter = lookup(name)
        if parameter.role != "lever":
            raise TimelineError(
                f"'{name}' is {'an' if parameter.role[0] in 'aeiou' else 'a'} {parameter.role}, not a policy lever; "
                f"only levers may change during a run", key=name, allowed="a parameter whose role is 'lever'")
        return cls(quarter=quarter, name=name, value=parameter.validate(value), source=source, key=key)


def levers_of(regulator: Jurisdiction) -> tuple[str, ...]:
    """Names of the levers a regulator holds, in declaration order."""
    return tuple(p.name for p in PARAMETERS.values() if p.regulator == regulator)
