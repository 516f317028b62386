"""Plausibility envelope of the baseline to 2030: bounds an analyst would accept, with sources.

Each :class:`Bound` reads one number from a run's tidy table and says whether it lies inside
``[low, high]``. The bounds are deliberately wide - they reject explosions and collapses, not
forecasts an analyst might disagree with - and each states where it comes from (also in
``docs/ODD.md``, section 8). ``tests/model/test_envelope.py`` checks them on several seeds;
``python -m convergence.calibration.envelope --seeds 8`` prints them.

Figures marked "recalled" were not checked against a primary source in this project.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from convergence.model.dimensions import REGION_INFO, Region
from convergence.model.parameters import Parameters

GDP_PER_PERSON_2019 = {Region.CN: 10_144.0, Region.US: 65_100.0, Region.EU: 36_600.0, Region.IN: 2_100.0,
                       Region.SEA: 4_800.0, Region.ROW: 8_100.0}
"""Nominal GDP per person in 2019, USD (World Bank WDI NY.GDP.PCAP.CD, recalled; India USD 2.9 tn
over 1.37 bn people; ASEAN-10 about USD 3.2 tn over 0.66 bn; rest of the world = world less
China, the U.S., the EU-28, India and ASEAN, about USD 27.4 tn over 3.4 bn people)."""
LARGE_FIRM_2019_BN = 10.0
"""Firms with at least this revenue in 2019 (USD bn) are held to the growth bound."""
NAMED_FIRMS_ONLY = " #"
"""Entrants carry '#' in their names; the firm bounds apply to the named incumbents."""


@dataclass(frozen=True)
class Check:
    """The value a bound read from one run, and whether it lies inside."""

    bound: Bound
    value: float
    detail: str

    @property
    def inside(self) -> bool:
        return bool(np.isfinite(self.value) and self.bound.low <= self.value <= self.bound.high)

    def describe(self) -> str:
        return (f"{self.bound.description}: {self.value:.4g} ({self.detail}) outside "
                f"[{self.bound.low:g}, {self.bound.high:g}]")


@dataclass(frozen=True)
class Bound:
    """A plausibility bound: a number read from a run and the range it must stay in."""

    name: str
    description: str
    low: float
    high: float
    source: str
    read: Callable[[pd.DataFrame], tuple[float, str]]


def _annual_revenue(table: pd.DataFrame, year: int) -> pd.Series:
    rows = table[(table.metric == "revenue") & (table.region == "") & (table.firm != "")
                 & table.quarter.str.startswith(str(year))]
    rows = rows[~rows.firm.str.contains(NAMED_FIRMS_ONLY, regex=False)]
    counts = rows.groupby("firm").value.size()
    return rows.groupby("firm").value.sum()[counts == 4]


def _fastest_large_firm_growth(table: pd.DataFrame) -> tuple[float, str]:
    start, end = _annual_revenue(table, 2019), _annual_revenue(table, 2030)
    large = start[start >= LARGE_FIRM_2019_BN].index.intersection(end.index)
    if len(large) == 0:
        return 0.0, "no large firm survives to 2030"
    growth = (end[large] / start[large]) ** (1.0 / 11.0) - 1.0
    fastest = growth.idxmax()
    return float(growth.max()), f"{fastest}: USD {start[fastest]:.0f} bn -> {end[fastest]:.0f} bn"


def _largest_firm_2030(table: pd.DataFrame) -> tuple[float, str]:
    end = _annual_revenue(table, 2030)
    return (float(end.max()), str(end.idxmax())) if len(end) else (0.0, "no firm")


def _consumer_spending_share_of_income(table: pd.DataFrame) -> tuple[float, str]:
    """Largest, over regions, of consumer-sector revenue per online person in 2030 as a share
    of GDP per person."""
    params = Parameters()
    quarter = table[table.quarter.str.startswith("2030")]
    revenue = quarter[(quarter.metric == "revenue") & (quarter.region != "") & (quarter.firm != "")]
    shares = {}
    for region in Region:
        income = GDP_PER_PERSON_2019[region] * (1.0 + params[REGION_INFO[region].income_growth]) ** 11
        online = quarter[(quarter.metric == "internet_users") & (quarter.region == region.code)].value.mean()
        total = revenue[revenue.region == region.code].value.sum() * 1e9       # USD per year, all sectors
        shares[region.display_name] = total / (online * 1e6) / income if online > 0 else 0.0
    worst = max(shares, key=shares.get)
    return shares[worst], worst


def _china_penetration_2030(table: pd.DataFrame) -> tuple[float, str]:
    rows = table[(table.metric == "internet_penetration") & (table.region == "CN") & (table.quarter == "2030Q4")]
    return float(rows.value.iloc[0]), "China, 2030Q4"


def _chinese_share_abroad(sector: str) -> Callable[[pd.DataFrame], tuple[float, str]]:
    def read(table: pd.DataFrame) -> tuple[float, str]:
        rows = table[(table.metric == "chinese_share_outside_china") & (table.sector == sector)
                     & table.quarter.str.startswith("2030")]
        return float(rows.value.mean()), f"{sector}, mean of 2030"
    return read


ENVELOPE: tuple[Bound, ...] = (
    Bound("firm_revenue_growth", "fastest 2019-2030 revenue growth of a named firm with USD 10 bn+ in 2019 "
          "(share per year)", -1.0, 0.30,
          "Amazon grew 28% a year from USD 24.5 bn (2009) to 280.5 bn (2019), the fastest decade of any firm "
          "that size in the era (10-K); Tencent 2013-2019 about 30% (annual reports)", _fastest_large_firm_growth),
    Bound("largest_firm_revenue", "largest named firm's revenue in 2030 (USD bn per year)", 0.0, 1_000.0,
          "the largest firm by revenue in 2019 was Walmart, USD 524 bn (Fortune Global 500, recalled); "
          "Amazon's 2019 revenue was USD 280.5 bn", _largest_firm_2030),
    Bound("revenue_per_online_person", "firms' revenue per online person in 2030 as a share of GDP per "
          "person, worst region", 0.0, 0.12,
          "U.S. consumers' online spending in 2019 (e-commerce ~USD 600 bn, Census; digital ads ~130 bn, IAB; "
          "smartphones ~80 bn) plus cloud and equipment (~USD 200 bn) is about 6% of GDP per online person "
          "(recalled); twice that is the bound", _consumer_spending_share_of_income),
    Bound("china_internet_penetration", "internet penetration in China, 2030Q4", 0.645, 0.95,
          "CNNIC March 2020: 64.5% (the level already reached); high-income countries ~90-95% (ITU, recalled)",
          _china_penetration_2030),
    Bound("chinese_share_consumer_apps_abroad", "Chinese firms' share of consumer use outside China, 2030",
          0.005, 0.35,
          "2019: TikTok, AliExpress, WeChat abroad and Chinese phones' app stores give a few percent (recalled); "
          "a third of the world's use outside China would exceed any foreign group's share in any year",
          _chinese_share_abroad("consumer_sectors")),
    Bound("chinese_share_devices_abroad", "Chinese brands' share of device users outside China, 2030", 0.05, 0.70,
          "IDC 2019: Huawei, Xiaomi, Oppo and vivo about 40% of world smartphone shipments (recalled)",
          _chinese_share_abroad("devices")),
)
"""The bounds, in the order the ODD lists them."""


def envelope_checks(table: pd.DataFrame) -> dict[str, Check]:
    """Every bound's check on one run to 2030 (its tidy table)."""
    return {bound.name: Check(bound, *bound.read(table)) for bound in ENVELOPE}


def main() -> None:
    """Print the envelope of the calibrated baseline over a few seeds."""
    from convergence.model import simulate

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--scenario", default="baseline")
    args = parser.parse_args()
    rows = []
    for seed in range(1000, 1000 + args.seeds):
        for name, check in envelope_checks(simulate(args.scenario, seed=seed)).items():
            rows.append({"seed": seed, "bound": name, "value": check.value, "inside": check.inside,
                         "detail": check.detail})
    table = pd.DataFrame(rows)
    summary = table.groupby("bound").agg(low=("value", "min"), median=("value", "median"), high=("value", "max"),
                                         inside=("inside", "mean"))
    bounds = pd.DataFrame([{"bound": b.name, "allowed": f"[{b.low:g}, {b.high:g}]"}
                           for b in ENVELOPE]).set_index("bound")
    print(summary.join(bounds).to_string(float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
