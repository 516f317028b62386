"""Liability of foreignness: a firm abroad serves users with a product made for elsewhere.

A provider serving a region other than its home delivers there only part of its quality: a share
``foreignness_discount`` of it is lost, times one minus its *localisation* in that region (a
share, 0-1), because its language, content, payment and delivery options, brand and distribution
are at first made for its home market (Zaheer 1995). Devices and network equipment lose
``hardware_foreignness_discount`` instead: standard products sold through local distributors and
carriers carry a smaller handicap than services made of local content, language, merchants,
payments and drivers. The loss is a share of quality, not a fixed cost, so what a firm wins at
home by innovating buys it a foreign market only in proportion to how far it has adapted its
product there. The gap closes while the firm serves the region's users - it learns the market
by operating in it, as in the Uppsala model of internationalisation (Johanson and Vahlne 1977):
by half every ``localisation_half_life`` years for a firm serving a whole market, in proportion
to its share for others (its largest share among its markets there), so a marginal presence
teaches little and WeChat abroad stays WeChat for China.

Where localisation starts:

* incumbents that had served a region before 2013 (``abroad_since`` in
  ``model/inputs/firm_markets.csv``: Facebook abroad since 2008, WeChat since 2012) start with
  the localisation those years of serving would have built;
* products built for those markets (``built_for_market``: Musical.ly for U.S. teens, TikTok)
  and entrants that launch abroad from the start (born global, Knight and Cavusgil 2004) start
  fully localised;
* every other entry abroad starts at 0, and an acquirer keeps the better localisation of the two.

This is what lets a late foreign entrant lose to the local incumbent (Uber in China, Amazon in
India) without a rule that says so, and keeps a home champion's quality, won at home, from
buying it a foreign market outright.
"""

from __future__ import annotations

import numpy as np

from convergence.model.firm_state import FirmState
from convergence.model.parameters import Parameters

QUARTERS_PER_YEAR = 4


def localisation_after(years: float | np.ndarray, params: Parameters) -> float | np.ndarray:
    """Localisation (0-1) of a firm that has served a region for ``years`` years from none."""
    return 1.0 - 0.5 ** (np.maximum(years, 0.0) / params.localisation_half_life)


def quality_delivered(state: FirmState, params: Parameters, sector_is_hardware: np.ndarray) -> np.ndarray:
    """Share (0-1) of each firm's quality that users of each region get in each sector (firms x
    regions x sectors; 1 at home and once fully localised)."""
    discount = np.where(sector_is_hardware, params.hardware_foreignness_discount, params.foreignness_discount)
    return 1.0 - discount[None, None, :] * (1.0 - state.localisation[: state.count, :, None])


def learn(state: FirmState, operating: np.ndarray, params: Parameters) -> None:
    """One quarter of serving: where a firm operates in a region (``operating``: firms x regions
    x sectors), its localisation gap there shrinks by the quarter's share times its largest
    market share there (0-1): a firm learns a market by serving its users, and a marginal
    presence teaches little."""
    quarter_share = 1.0 - 0.5 ** (1.0 / (QUARTERS_PER_YEAR * params.localisation_half_life))
    n = len(operating)
    experience = state.largest_market_share(operating)                            # firms x regions
    state.localisation[:n] += experience * quarter_share * (1.0 - state.localisation[:n])


def launch_localised(state: FirmState, row: int, regions: np.ndarray) -> None:
    """A product built for ``regions`` (a boolean mask or indices) starts fully localised there."""
    state.localisation[row, regions] = 1.0
