"""Innovation and its diffusion within and across borders (convergence).

* **R&D** - each quarter a firm's quality in each sector it serves depreciates by
  ``quality_depreciation`` and gains ``rd_productivity * log(1 + R&D per sector / USD 50 M)``.
* **Innovation** - a disruptor creates ``Poisson(innovation_rate * log(1 + R&D / USD 50 M))``
  new features (micro-innovators a third as many, copycats none); each adds a quality gain
  ``feature_quality_gain * U(0.5, 1.5)`` in one of its sectors. A share ``breakthrough_share``
  of a disruptor's features (and of disruptor entrants' founding features) open a new category
  and add ``breakthrough_quality_gain``; an entrant founded on one launches wherever it may (a
  new category resets the incumbents' network advantage: nobody's users are yet locked in).
* **Imitation** - a firm adopts each feature it lacks in its sectors, held by an active firm,
  with probability ``imitation_rate_domestic`` (same origin) or
  ``imitation_rate_cross_border * channel`` (other origin), times its strategy's speed
  (disruptor 0.5, micro-innovator 1, copycat ``copycat_speed``). A feature can be seen in its
  region of origin and wherever a firm that has it serves users (Facebook saw Snapchat's Stories
  and TikTok's short video in the U.S. market, not in their home markets), and the firm
  imitates through the most open channel to any of those regions. The cross-border channel to a
  region (0-1) is the weighted mean of data flows both ways between the firm's home and that
  region, market presence (1 if the firm operates in the region, else the share of its home
  users served by firms from there), investment links between the two origins
  (``links / (links + 10)``) and talent flow (``us_talent_openness`` between China and the U.S.).
  Copycats realise ``copycat_quality_discount * (1 - IP protection at home)`` of the gain.
* **Convergence index** - with ``a[r, f]`` the share of region ``r``'s users of sector(f)
  whose provider has feature ``f``, the index is the weighted Jaccard similarity
  ``sum_f min(a_CN, a_US) / sum_f max(a_CN, a_US)`` (0 = disjoint, 1 = identical).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numba import njit

from convergence.model.dimensions import REGION_INFO, Origin, Region, Strategy
from convergence.model.events import StepEvents
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState
from convergence.model.parameters import Parameters, Value

RD_REFERENCE_BN = 0.05
"""R&D spend (USD bn per quarter) at which log(1 + R&D / reference) equals log 2."""
LINK_HALF_SATURATION = 10.0
"""Investment links at which the investment channel is half open."""
INNOVATION_SHARE = {Strategy.DISRUPTOR: 1.0, Strategy.MICRO_INNOVATOR: 1.0 / 3.0, Strategy.COPYCAT: 0.0}
"""New features a strategy creates, relative to a disruptor's rate."""
SEED_FEATURES_SHARED, SEED_FEATURES_NATIONAL = 4, 2
"""Features per sector in the 2013 pool: shared by every incumbent, and held by one country's only."""


def invest_in_rd(state: FirmState, params: Parameters) -> None:
    """Depreciate every active firm's quality and add what this quarter's R&D buys, in each
    sector it serves (all firms in one pass: no random draws, and each firm's R&D touches its
    own quality only, so this is what each firm doing it at the start of its turn gives)."""
    n = state.count
    active = state.active[:n]
    served = state.serves[:n] & active[:, None]
    per_sector = state.rd_spend[:n] / np.maximum(1, served.sum(axis=1))
    state.quality[:n][active] *= 1.0 - params.quality_depreciation
    gain = params.rd_productivity * np.log1p(per_sector / RD_REFERENCE_BN)
    state.quality[:n][served] += np.broadcast_to(gain[:, None], served.shape)[served]


def innovation_rates(state: FirmState, params: Parameters) -> np.ndarray:
    """Each firm row's expected new features this quarter (the Poisson mean of :func:`innovate`):
    ``innovation_rate`` x its strategy's share x log(1 + R&D / USD 50 M). Computed for all firms
    before their turns: a turn changes no firm's R&D or strategy."""
    n = state.count
    share = np.array([INNOVATION_SHARE[strategy] for strategy in Strategy])[state.strategy[:n]]
    return params.innovation_rate * share * np.log1p(state.rd_spend[:n] / RD_REFERENCE_BN)


def opens_category(params: Parameters, sector_is_hardware: np.ndarray, sector: int,
                   rng: np.random.Generator) -> bool:
    """Whether a disruptor's new feature in ``sector`` is a breakthrough (opens a new product
    category): with probability ``breakthrough_share``, drawn in every sector so that the random
    stream does not depend on the rule; never in hardware (devices, ICT equipment) unless
    ``hardware_breakthroughs``. New categories - short video, super apps - reset network advantage
    among services; handset innovation in 2013-2019 was incremental, and much of it came through
    common component suppliers."""
    drawn = rng.random() < params.breakthrough_share
    return drawn and (bool(params.hardware_breakthroughs) or not sector_is_hardware[sector])


def innovate(state: FirmState, features: FeaturePool, row: int, params: Parameters,
             rng: np.random.Generator, step: int, rate: float, sector_is_hardware: np.ndarray) -> None:
    """Create ``Poisson(rate)`` new features (``rate``: :func:`innovation_rates`; copycats create
    none and draw nothing); each raises its quality. A share
    ``breakthrough_share`` of a disruptor's features are breakthroughs (a new product category,
    :func:`opens_category`) worth ``breakthrough_quality_gain``. An established firm uses them where it already
    operates (WeChat's super app did not carry Tencent into the U.S.); a newcomer built on one
    launches everywhere (:func:`launch_everywhere`, called at entry)."""
    strategy = int(state.strategy[row])
    if INNOVATION_SHARE[strategy] == 0.0:
        return
    created = rng.poisson(rate)
    served = np.flatnonzero(state.serves[row]) if created else None
    for _ in range(created):
        sector = int(served[rng.integers(len(served))])       # rng.choice(served)'s draw, without its overhead
        breakthrough = strategy == Strategy.DISRUPTOR and opens_category(params, sector_is_hardware, sector, rng)
        gain = (params.breakthrough_quality_gain if breakthrough
                else params.feature_quality_gain * rng.uniform(0.5, 1.5))
        feature = features.create(sector, int(state.origin[row]), int(state.home_region[row]), gain, step,
                                  breakthrough)
        features.has[row, feature] = True
        state.quality[row, sector] += gain


def launch_everywhere(state: FirmState, row: int, sector: int, allowed: np.ndarray, step: int) -> None:
    """The firm starts serving ``sector`` in every region ``allowed`` (bool per region) that it
    has not served or left before."""
    regions = allowed & ~state.present[row, :, sector] & ~state.exited[row, :, sector]
    state.present[row, regions, sector] = True
    state.entry_step[row, regions, sector] = step
    state.loss_streak[row, regions, sector] = 0


def channel_strengths(state: FirmState, params: Parameters, talent_openness: float,
                      region_origin: np.ndarray, investment_links: np.ndarray, operating: np.ndarray,
                      openness: np.ndarray, foreign_presence: np.ndarray) -> np.ndarray:
    """Openness (0-1; firm rows x regions) of the cross-border diffusion channel from each
    region to each firm, computed once per quarter for every firm.

    ``talent_openness`` is ``us_talent_openness``; ``investment_links`` is origins x origins
    (stock of successful cross-border stakes); ``region_origin`` maps regions to origins.
    """
    n = len(operating)
    home = state.home_region[:n]
    origin = state.origin[:n]
    data = np.sqrt(openness.T[home] * openness[home])
    presence = np.where(operating.any(axis=2), 1.0, foreign_presence[home])
    links = investment_links + investment_links.T
    invest_links = links[origin][:, region_origin]
    invest = invest_links / (invest_links + LINK_HALF_SATURATION)
    talent_by_origin = np.ones((len(Origin), len(Origin)))
    talent_by_origin[Origin.CN, Origin.US] = talent_by_origin[Origin.US, Origin.CN] = talent_openness
    talent = talent_by_origin[origin][:, region_origin]
    weights = np.array([params.diffusion_weight_data_flows, params.diffusion_weight_presence,
                        params.diffusion_weight_investment, params.diffusion_weight_talent])
    total = weights.sum()
    if total == 0:
        return np.zeros((n, len(Region)))
    return (weights[0] * data + weights[1] * presence + weights[2] * invest
            + weights[3] * talent) / total


IMITATION_SPEED = {Strategy.DISRUPTOR: 0.5, Strategy.MICRO_INNOVATOR: 1.0}
"""Imitation speed relative to a micro-innovator (copycats: ``copycat_speed``)."""


@dataclass(frozen=True)
class ImitationChances:
    """What each active firm may imitate this quarter: firm ``row``'s candidate features are
    ``feature[start[row]:start[row + 1]]`` (ascending), adopted each with ``probability`` (same
    slice). Computed for every firm at once at the start of the quarter; a firm's turn changes
    only its own portfolio, and features created this quarter are not yet imitable, so the
    chances hold through the firms' turns."""

    start: np.ndarray
    feature: np.ndarray
    probability: np.ndarray


def feature_regions(features: FeaturePool, operating: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Features x regions: True in a feature's region of origin and in every region where an
    active firm that has the feature serves a market (``operating``: firms x regions x sectors)."""
    count = features.count
    serving = operating.any(axis=2) & active[:, None]                       # firms x regions
    seen = (features.has[: len(serving), :count].T.astype(np.int32) @ serving.astype(np.int32)) > 0
    seen[np.arange(count), features.origin_region[:count]] = True
    return seen


def imitation_chances(state: FirmState, features: FeaturePool, params: Parameters, feature_available: np.ndarray,
                      seen: np.ndarray | None, channel: np.ndarray) -> ImitationChances:
    """Each active firm's candidate features (in its sectors, not yet held, held by an active
    firm) and the probability of adopting each this quarter (module docstring).

    ``feature_available`` (per feature existing at quarter start), ``seen`` (features x regions,
    :func:`feature_regions`; None: each feature is seen in its region of origin only, the rule
    while ``imitation_where_used`` is off) and ``channel`` (firms x regions) are this quarter's
    :class:`~convergence.model.conditions.MarketConditions` entries.
    """
    n, count = state.count, len(feature_available)
    speed_of = np.array([IMITATION_SPEED.get(strategy, params.copycat_speed) for strategy in Strategy])
    start, feature, probability = _imitation_chances(
        state.active[:n], state.serves[:n], state.origin[:n], state.strategy[:n], features.has[:n, :count],
        features.sector[:count], features.origin[:count], features.origin_region[:count], feature_available,
        np.zeros((0, 0), bool) if seen is None else seen, channel, speed_of,
        float(params.imitation_rate_domestic), float(params.imitation_rate_cross_border))
    return ImitationChances(start, feature, probability)


@njit(cache=True, nogil=True)
def _imitation_chances(active, serves, origin, strategy, has, feature_sector, feature_origin, origin_region,
                       available, seen, channel, speed_of, rate_domestic, rate_cross_border):
    """:func:`imitation_chances` in one compiled pass over firms x features (``seen`` with no
    rows: each feature is seen in its region of origin only). Candidates come firm by firm in
    row order, features in ascending order; the arithmetic is the numpy formulation's."""
    n, count = has.shape
    start = np.zeros(n + 1, np.int64)
    total = 0
    for row in range(n):
        if active[row]:
            for f in range(count):
                total += serves[row, feature_sector[f]] & ~has[row, f] & available[f]
        start[row + 1] = total
    feature = np.empty(total, np.int64)
    probability = np.empty(total)
    c = 0
    for row in range(n):
        if not active[row]:
            continue
        speed = speed_of[strategy[row]]
        for f in range(count):
            if not (serves[row, feature_sector[f]] & ~has[row, f] & available[f]):
                continue
            if seen.shape[0] == 0:
                strength = channel[row, origin_region[f]]
            else:
                strength = 0.0 if not seen[f, 0] else channel[row, 0]
                for region in range(1, channel.shape[1]):
                    strength = max(strength, channel[row, region] if seen[f, region] else 0.0)
            chance = speed * (rate_domestic if feature_origin[f] == origin[row] else rate_cross_border * strength)
            feature[c] = f
            probability[c] = min(chance, 1.0)
            c += 1
    return start, feature, probability


ORIGIN_CN, ORIGIN_US = int(Origin.CN), int(Origin.US)
"""Origin codes as plain integers, for the compiled code."""


def imitate(state: FirmState, features: FeaturePool, row: int, params: Parameters, levers: Mapping[str, Value],
            rng: np.random.Generator, chances: ImitationChances, events: StepEvents) -> None:
    """Adopt rivals' features with this quarter's ``chances`` (:func:`imitation_chances`); count
    the cross-border adoptions between China and the U.S. in ``events``."""
    first, last = chances.start[row], chances.start[row + 1]
    if first == last:
        return
    draws = rng.random(last - first)
    copycat = int(state.strategy[row]) == Strategy.COPYCAT
    kept = (1.0 - float(levers[REGION_INFO[Region(state.home_region[row])].ip_protection])) if copycat else 1.0
    cn_to_us, us_to_cn = _adopt(row, chances.feature[first:last], chances.probability[first:last], draws, copycat,
                                float(params.copycat_quality_discount), kept, features.gain, features.sector,
                                features.origin, features.has, state.quality, int(state.origin[row]))
    events.knowledge_flow_cn_to_us += cn_to_us
    events.knowledge_flow_us_to_cn += us_to_cn


@njit(cache=True, nogil=True)
def _adopt(row, feature, probability, draws, copycat, copycat_discount, kept, gain, sector, origin, has, quality,
           firm_origin):
    """Firm ``row`` adopts each candidate ``feature`` whose draw falls below its ``probability``:
    it holds the feature and gains its quality (copycats ``gain x copycat_discount x kept``, kept
    = 1 - IP protection), in order; returns the adoptions of Chinese features by a U.S. firm and
    of U.S. features by a Chinese one (compiled)."""
    cn_to_us = 0
    us_to_cn = 0
    for c in range(len(feature)):
        if not draws[c] < probability[c]:
            continue
        f = feature[c]
        has[row, f] = True
        quality[row, sector[f]] += gain[f] * copycat_discount * kept if copycat else gain[f]
        cn_to_us += firm_origin == ORIGIN_US and origin[f] == ORIGIN_CN
        us_to_cn += firm_origin == ORIGIN_CN and origin[f] == ORIGIN_US
    return cn_to_us, us_to_cn


def seed_features(state: FirmState, features: FeaturePool, params: Parameters) -> None:
    """Create the 2013 feature pool: per sector, features shared by every incumbent in it and
    a few held only by its Chinese or only by its U.S. incumbents."""
    n = state.count
    for sector in range(state.serves.shape[1]):
        in_sector = state.serves[:n, sector]
        groups = [(in_sector, Origin.US, Region.US, SEED_FEATURES_SHARED),
                  (in_sector & (state.origin[:n] == Origin.CN), Origin.CN, Region.CN, SEED_FEATURES_NATIONAL),
                  (in_sector & (state.origin[:n] == Origin.US), Origin.US, Region.US, SEED_FEATURES_NATIONAL)]
        for holders, origin, region, number in groups:
            for _ in range(number):
                feature = features.create(sector, origin, region, params.feature_quality_gain, -1)
                features.has[:n, feature] = holders


def seed_breakthrough(state: FirmState, features: FeaturePool, row: int, sector: int, gain: float,
                      step: int) -> None:
    """Give an incumbent the breakthrough feature it launches with (``firm_markets.csv``)."""
    feature = features.create(sector, int(state.origin[row]), int(state.home_region[row]), gain, step,
                              breakthrough=True)
    features.has[row, feature] = True
    state.quality[row, sector] += gain


def adoption_by_region(features: FeaturePool, share: np.ndarray) -> np.ndarray:
    """``a[r, f]``: share of region r's users of sector(f) served by a firm having feature f.

    ``share`` is firm rows x regions x sectors (market shares among the sector's users).
    """
    n, count = share.shape[0], features.count
    adoption = np.zeros((share.shape[1], count))
    has = features.has[:n, :count]
    for sector in range(share.shape[2]):
        in_sector = np.flatnonzero(features.sector[:count] == sector)
        if len(in_sector):
            adoption[:, in_sector] = share[:n, :, sector].T @ has[:, in_sector]
    return adoption


def convergence_index(adoption: np.ndarray) -> float:
    """Weighted Jaccard similarity of China's and the U.S.'s adoption vectors (0-1)."""
    high = np.maximum(adoption[Region.CN], adoption[Region.US]).sum()
    if high == 0:
        return 0.0
    return float(np.minimum(adoption[Region.CN], adoption[Region.US]).sum() / high)
