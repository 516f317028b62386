"""Awareness: users choose only among the providers they know of, and word of mouth spreads.

A provider new to a region is at first known to few of its users. Each quarter a share of those
who do not yet know it learn of it - from advertising and the press at the *innovation* rate
``awareness_innovation`` (``p``, per year) and from its users at the *imitation* rate
``awareness_imitation`` (``q``, per year) times its share of the region's users - the diffusion
model of Bass (1969), here for a firm's brand in a region rather than for a product category:

    a_kr <- a_kr + (p / 4 + q / 4 * m_kr) * (1 - a_kr)        (each quarter the firm operates in r)

where ``m_kr`` is its largest market share (of use, 0-1) among its markets in region ``r``.
The share aware enters choice as the log of the probability that a provider is in a user's
consideration set, added to its utility: the implicit availability/perception logit (Swait and
Ben-Akiva 1987; Cascetta and Papola 2001), the tractable form of choice under limited
consideration sets (Goeree 2008: awareness, not taste, kept most buyers from most PC brands).
An entrant starts at ``entrant_awareness``; an unknown firm is therefore not excluded, only
rarely considered, and it grows known faster the more users it wins.

This is the timing the stylised facts need: a new Chinese app abroad (TikTok, launched in
September 2017) is small in its first year however good it is, and large two years later if
its users bring others; an established rival keeps its users while the newcomer becomes known.

Where awareness starts:

* incumbents are fully known at home, and abroad from the years they had served the region
  before 2013 (``abroad_since`` in ``model/inputs/firm_markets.csv``; the innovation rate alone,
  as if no one had used them); a region an incumbent served from 2013 without a recorded year
  (recent entries: Xiaomi and vivo in Southeast Asia) starts like an entrant;
* entrants, and firms entering a region they did not serve (expansion, scheduled entries such as
  Uber in China in 2014 and TikTok abroad in 2017), start at ``entrant_awareness``;
* a divested app keeps its brand's awareness; an acquirer keeps the better of the two, region by
  region.

``entrant_awareness = 1`` (the raw default) is the model without it: everyone knows every
provider, draw for draw the model of waves 1-2.
"""

from __future__ import annotations

import numpy as np

from convergence.model.firm_state import FirmState
from convergence.model.parameters import Parameters

QUARTERS_PER_YEAR = 4


def is_active(params: Parameters) -> bool:
    """Whether awareness limits choice (``entrant_awareness`` below 1)."""
    return params.entrant_awareness < 1.0


def awareness_after(years: float | np.ndarray, params: Parameters) -> float | np.ndarray:
    """Share aware (0-1) of a firm that has served a region for ``years`` years from entry, by the
    innovation rate alone (what incumbents abroad start 2013 with)."""
    quarters = QUARTERS_PER_YEAR * np.maximum(years, 0.0)
    unaware = (1.0 - params.entrant_awareness) * (1.0 - params.awareness_innovation / QUARTERS_PER_YEAR) ** quarters
    return 1.0 - unaware


def consideration_utility(state: FirmState, params: Parameters) -> np.ndarray:
    """Log of each firm's share aware in each region (firms x regions x 1, utils; 0 where
    everyone knows it): the utility shift of the implicit availability logit. Regions a firm has
    not yet reached count at ``entrant_awareness``, where it would start."""
    n = state.count
    return np.log(np.maximum(state.awareness[:n], params.entrant_awareness))[:, :, None]


def spread(state: FirmState, operating: np.ndarray, params: Parameters) -> None:
    """One quarter of word of mouth: where a firm operates in a region (``operating``: firms x
    regions x sectors), the share unaware of it shrinks by the innovation rate plus the imitation
    rate times its largest market share there (0-1)."""
    n = len(operating)
    present = operating.any(axis=2)                                                  # firms x regions
    largest_share = state.largest_market_share(operating)
    rate = np.minimum((params.awareness_innovation + params.awareness_imitation * largest_share)
                      / QUARTERS_PER_YEAR, 1.0)
    aware = np.maximum(state.awareness[:n], params.entrant_awareness)
    state.awareness[:n] = np.where(present, aware + rate * (1.0 - aware), state.awareness[:n])


def make_known(state: FirmState, row: int, regions: np.ndarray | int) -> None:
    """The firm is fully known in ``regions`` (a mask or indices): an incumbent at home."""
    state.awareness[row, regions] = 1.0
