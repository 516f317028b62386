"""Export controls: Chinese device and equipment makers denied U.S.-controlled inputs.

Chinese makers of devices and ICT equipment buy a share ``us_component_share`` of their inputs
(chips, foundry capacity, software services such as Android's Google Mobile Services) from
U.S.-controlled suppliers. A firm's **denial** (0-1) is the larger of the country-wide lever
``us_export_controls`` and its own listing (:data:`LISTED_FIRMS`: ``us_export_controls_huawei``,
``us_export_controls_zte``). Two per-firm stocks follow it:

* **supply cut** (``FirmState.us_supply_cut``, 0-1): the share of U.S. inputs no longer
  arriving. Stockpiles bridge the gap, so it rises towards the denial by
  ``denial / export_control_stockpile_quarters`` a quarter; a lifted denial restores supply at
  once (ZTE in July 2018).
* **domestic substitution** (``FirmState.domestic_substitution``, 0-1): the share of U.S.
  hardware inputs replaced by domestic ones. While denied, a firm replaces
  ``domestic_substitution_rate x rd_intensity`` of what is still missing each quarter, so a
  firm that spends more on R&D recovers sooner.

Effects (through costs and capabilities, never through outcomes):

* **cost** (USD bn per quarter): a firm buys the missing, unreplaced inputs elsewhere at a
  premium: ``cut x (1 - substitution) x us_component_share x export_control_cost_premium x
  (1 - operating_margin) x revenue`` in each devices and ICT-equipment market;
* **quality** (utils, everywhere): ``quality_weight x export_control_quality_loss x cut x
  (1 - substitution)`` in devices and ICT equipment;
* **software services** (utils, devices outside China only): ``quality_weight x
  us_software_services_quality_loss x cut``; domestic substitutes do not restore Google's
  services abroad, and phones sold in China never carried them.

Check of direction and magnitude (not fitted): Huawei's revenue fell 29% in 2021 after the
May 2019 listing and the 2020 foundry rule; ZTE's 2018 denial order nearly stopped it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from convergence.model.dimensions import Origin, Region, Sector
from convergence.model.firm_state import FirmState
from convergence.model.parameters import Parameters, Value

DEPENDENT_SECTORS = (Sector.DEVICES, Sector.ICT_EQUIPMENT)
"""Sectors whose Chinese makers depend on U.S.-controlled components and services."""
LISTED_FIRMS: dict[str, str] = {"Huawei": "us_export_controls_huawei", "ZTE": "us_export_controls_zte"}
"""Firms the U.S. lists by name, with the lever holding each listing (one line per listed firm)."""


def denial(names: Sequence[str], origin: np.ndarray, serves: np.ndarray, levers: Mapping[str, Value]) -> np.ndarray:
    """Share of its U.S.-controlled inputs each firm is denied (per firm row, 0-1).

    ``serves`` is firms x sectors; only Chinese firms serving a dependent sector are concerned.
    """
    exposed = (origin == Origin.CN) & serves[:, list(DEPENDENT_SECTORS)].any(axis=1)
    denied = np.where(exposed, float(levers["us_export_controls"]), 0.0)
    for firm, lever in LISTED_FIRMS.items():
        rows = [row for row, name in enumerate(names[: len(origin)]) if name == firm]
        denied[rows] = np.maximum(denied[rows], float(levers[lever]) * exposed[rows])
    return denied


def strongest_denial(levers: Mapping[str, Value]) -> float:
    """The strongest export control in force (0-1), for China's escalation index."""
    return max(float(levers["us_export_controls"]), *(float(levers[lever]) for lever in LISTED_FIRMS.values()))


def update_supply(state: FirmState, levers: Mapping[str, Value], params: Parameters) -> None:
    """Advance each firm's supply cut and domestic substitution by one quarter (in place)."""
    n = state.count
    denied = denial(state.names, state.origin[:n], state.serves[:n], levers)
    cut = state.us_supply_cut[:n]
    state.us_supply_cut[:n] = np.where(
        denied > cut, np.minimum(denied, cut + denied / params.export_control_stockpile_quarters), denied)
    substitution = state.domestic_substitution[:n]
    growth = np.minimum(1.0, params.domestic_substitution_rate * state.rd_intensity[:n]) * (1.0 - substitution)
    state.domestic_substitution[:n] = np.where(denied > 0, substitution + growth, substitution)


def hardware_shortfall(state: FirmState) -> np.ndarray:
    """Share of U.S. hardware inputs missing and not yet replaced (per firm row, 0-1)."""
    n = state.count
    return state.us_supply_cut[:n] * (1.0 - state.domestic_substitution[:n])


def utility_loss(state: FirmState, params: Parameters) -> np.ndarray:
    """Utility users lose (firms x regions x sectors, utils) from missing U.S. inputs."""
    n = state.count
    loss = np.zeros((n, len(Region), len(Sector)))
    hardware = params.quality_weight * params.export_control_quality_loss * hardware_shortfall(state)
    loss[:, :, list(DEPENDENT_SECTORS)] = hardware[:, None, None]
    abroad = np.arange(len(Region)) != Region.CN
    software = params.quality_weight * params.us_software_services_quality_loss * state.us_supply_cut[:n]
    loss[:, abroad, Sector.DEVICES] += software[:, None]
    return loss


def input_cost(state: FirmState, revenue: np.ndarray, operating_margin: np.ndarray,
               params: Parameters) -> np.ndarray:
    """Extra input cost (firms x regions x sectors, USD bn per quarter) of buying missing U.S.
    inputs elsewhere; ``revenue`` is this quarter's revenue by market, ``operating_margin`` per sector."""
    cost = np.zeros_like(revenue)
    sectors = list(DEPENDENT_SECTORS)
    premium = params.us_component_share * params.export_control_cost_premium * hardware_shortfall(state)
    cost[:, :, sectors] = (revenue[:, :, sectors] * (1.0 - operating_margin[sectors])[None, None, :]
                           * premium[:, None, None])
    return cost
