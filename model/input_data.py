"""Input data: regions, sectors and the incumbent firms of 2013, read from ``model/inputs``.

These tables are facts and judgements about the world in 2013 (populations, which firm serves
which sector where, starting quality), not tunable parameters; ``docs/ODD.md`` (Input data)
gives their sources. They are read once per process and shared read-only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from convergence.model.calendar import quarter_to_step
from convergence.model.dimensions import ORIGINS, REGIONS, SECTORS, STRATEGIES, Origin, Region, Sector, Strategy
from convergence.model.firm_state import FirmProfile


@dataclass(frozen=True)
class IncumbentMarket:
    """One incumbent's presence in one sector: where, from when, at what starting quality, its
    revenue per user there relative to its monetization elsewhere (``revenue_factor``), and
    whether it enters with a breakthrough feature (``breakthrough``: Musical.ly's short video),
    the year from which it had served those regions before 2013 (``abroad_since``, None where it
    had not) and whether its product was built for them (``built_for_market``: Musical.ly, made in
    Shanghai for U.S. teens), for its localisation there
    (:mod:`convergence.model.mechanisms.foreignness`)."""

    sector: Sector
    regions: tuple[Region, ...]
    quality: float
    entry_step: int
    revenue_factor: float = 1.0
    breakthrough: bool = False
    abroad_since: int | None = None
    built_for_market: bool = False


@dataclass(frozen=True)
class Incumbent(FirmProfile):
    """An incumbent firm as listed in ``firms.csv`` with its markets from ``firm_markets.csv``."""

    markets: tuple[IncumbentMarket, ...] = ()


@dataclass(frozen=True)
class WorldData:
    """Read-only tables describing regions, sectors and incumbents.

    Arrays are indexed by region (``REGIONS`` order) and sector (``SECTORS`` order).
    ``arpu`` is USD per user (or enterprise) per quarter in 2013; ``population`` and ``enterprise_units`` are millions.
    ``income_per_person`` is 2013 GDP per person (USD) and ``income_dispersion`` the standard
    deviation of log income within the region (a lognormal's sigma, from the region's Gini), for
    the price users pay attention to (:mod:`convergence.model.mechanisms.device_prices`).
    ``needs_local_operations`` marks the sectors served through operations in each market
    (merchants and logistics, payment licences, drivers: ``sectors.csv``, ``local_operations``),
    which an entrant cannot launch abroad from home (``global_launch_needs_local_operations``).
    """

    region_origin: np.ndarray
    population: np.ndarray
    enterprise_units: np.ndarray
    income_per_person: np.ndarray
    income_dispersion: np.ndarray
    sector_is_enterprise: np.ndarray
    sector_is_hardware: np.ndarray
    network_is_local: np.ndarray
    needs_local_operations: np.ndarray
    network_strength: np.ndarray
    outside_utility: np.ndarray
    operating_margin: np.ndarray
    arpu: np.ndarray
    incumbents: tuple[Incumbent, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("convergence.model").joinpath("inputs", name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def world_data() -> WorldData:
    """Load and index the input tables (cached: they never change within a process)."""
    regions = {row["region"]: row for row in _rows("regions.csv")}
    sectors = {row["sector"]: row for row in _rows("sectors.csv")}
    markets: dict[str, list[IncumbentMarket]] = {}
    for row in _rows("firm_markets.csv"):
        markets.setdefault(row["firm"], []).append(IncumbentMarket(
            sector=Sector(SECTORS.index(row["sector"])),
            regions=tuple(Region(REGIONS.index(r)) for r in row["regions"].split(";")),
            quality=float(row["quality_2013"]),
            entry_step=quarter_to_step(row["entry_quarter"]),
            revenue_factor=float(row["revenue_factor"] or 1.0),
            breakthrough=row["breakthrough"] == "yes",
            abroad_since=int(row["abroad_since"]) if row["abroad_since"] else None,
            built_for_market=row["built_for_market"] == "yes"))
    device_prices = {row["firm"]: float(row["relative_price"]) for row in _rows("device_prices.csv")}
    incumbents = tuple(
        Incumbent(name=row["firm"], origin=Origin(ORIGINS.index(row["origin"])),
                  home_region=Region(REGIONS.index(row["home_region"])),
                  strategy=Strategy(STRATEGIES.index(row["strategy"])),
                  rd_intensity=float(row["rd_intensity"]), monetization=float(row["monetization"]),
                  monetization_growth=float(row["monetization_growth"]),
                  privacy_risk=float(row["privacy_risk"]), device_price=device_prices.get(row["firm"], 1.0),
                  markets=tuple(markets[row["firm"]]))
        for row in _rows("firms.csv"))
    sector_rows = [sectors[s] for s in SECTORS]
    return WorldData(
        region_origin=np.array([ORIGINS.index(regions[r]["origin"]) for r in REGIONS]),
        population=np.array([float(regions[r]["population_m"]) for r in REGIONS]),
        enterprise_units=np.array([float(regions[r]["enterprise_units_m"]) for r in REGIONS]),
        income_per_person=np.array([float(regions[r]["income_per_person_usd"]) for r in REGIONS]),
        income_dispersion=np.array([float(regions[r]["income_dispersion"]) for r in REGIONS]),
        sector_is_enterprise=np.array([row["buyers"] == "enterprise" for row in sector_rows]),
        sector_is_hardware=np.array([row["product"] == "hardware" for row in sector_rows]),
        network_is_local=np.array([row["network_scope"] == "local" for row in sector_rows]),
        needs_local_operations=np.array([row["local_operations"] == "yes" for row in sector_rows]),
        network_strength=np.array([float(row["network_strength"]) for row in sector_rows]),
        outside_utility=np.array([float(row["outside_utility"]) for row in sector_rows]),
        operating_margin=np.array([float(row["operating_margin"]) for row in sector_rows]),
        arpu=np.array([[float(row[f"arpu_{r}"]) for row in sector_rows] for r in REGIONS]),
        incumbents=incumbents,
    )
