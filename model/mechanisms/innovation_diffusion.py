"""Innovation and its diffusion within and across borders (convergence).

* **R&D** - each quarter a firm's quality in each sector it serves depreciates by
  ``quality_depreciation`` and gains ``rd_productivity * log(1 + R&D per sector / USD 50 M)``.
* **Innovation** - a disruptor creates ``Poisson(innovation_rate * log(1 + R&D / USD 50 M))``
  new features (micro-innovators a third as many, copycats none); each adds a quality gain
  ``feature_quality_gain * U(0.5, 1.5)`` in one of its sectors.
* **Imitation** - a firm adopts each feature it lacks in its sectors, held by an active firm,
  with probability ``imitation_rate_domestic`` (same origin) or
  ``imitation_rate_cross_border * channel`` (other origin), times its strategy's speed
  (disruptor 0.5, micro-innovator 1, copycat ``copycat_speed``). The cross-border channel
  (0-1) is the weighted mean of data flows both ways between the two regions, market
  presence (1 if the firm operates in the feature's region, else the share of its home
  users served by firms from there), investment links between the two origins
  (``links / (links + 10)``) and talent flow (``us_talent_openness`` between China and the U.S.).
  Copycats realise ``copycat_quality_discount * (1 - IP protection at home)`` of the gain.
* **Convergence index** - with ``a[r, f]`` the share of region ``r``'s users of sector(f)
  whose provider has feature ``f``, the index is the weighted Jaccard similarity
  ``sum_f min(a_CN, a_US) / sum_f max(a_CN, a_US)`` (0 = disjoint, 1 = identical).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from convergence.model.parameters import REGIONS

if TYPE_CHECKING:
    from convergence.model.firms import Firm
    from convergence.model.model import ConvergenceModel

RD_REFERENCE_BN = 0.05
"""R&D spend (USD bn per quarter) at which log(1 + R&D / reference) equals log 2."""
LINK_HALF_SATURATION = 10.0
"""Investment links at which the investment channel is half open."""
DISRUPTOR, MICRO_INNOVATOR, COPYCAT = 0, 1, 2
INNOVATION_SHARE = {DISRUPTOR: 1.0, MICRO_INNOVATOR: 1.0 / 3.0, COPYCAT: 0.0}
CN, US = REGIONS.index("CN"), REGIONS.index("US")
ORIGIN_CN, ORIGIN_US = 0, 1
SEED_FEATURES_SHARED, SEED_FEATURES_NATIONAL = 4, 2


def invest_in_rd(firm: "Firm") -> None:
    """Depreciate quality and add what this quarter's R&D buys, in each sector served."""
    state, params = firm.model.firm_state, firm.model.params
    row = firm.row
    served = state.serves[row]
    per_sector = state.rd_spend[row] / max(1, served.sum())
    state.quality[row] *= 1.0 - params.quality_depreciation
    state.quality[row, served] += params.rd_productivity * np.log1p(per_sector / RD_REFERENCE_BN)


def innovate(firm: "Firm") -> None:
    """Create new features at the firm's strategy's rate; each raises its quality."""
    model = firm.model
    state, params, pool = model.firm_state, model.params, model.features
    row = firm.row
    share = INNOVATION_SHARE[int(state.strategy[row])]
    if share == 0.0:
        return
    rate = params.innovation_rate * share * np.log1p(state.rd_spend[row] / RD_REFERENCE_BN)
    served = np.flatnonzero(state.serves[row])
    for _ in range(model.rng.poisson(rate)):
        sector = int(model.rng.choice(served))
        gain = params.feature_quality_gain * model.rng.uniform(0.5, 1.5)
        feature = pool.create(sector, int(state.origin[row]), int(state.home_region[row]), gain,
                              model.step_index)
        pool.has[row, feature] = True
        state.quality[row, sector] += gain


def channel_strengths(model: "ConvergenceModel", operating: np.ndarray, openness: np.ndarray,
                      foreign_presence: np.ndarray) -> np.ndarray:
    """Openness (0-1; firm rows x regions) of the cross-border diffusion channel from each
    region to each firm, computed once per quarter for every firm."""
    params, state = model.params, model.firm_state
    n = len(operating)
    home = state.home_region[:n]
    origin = state.origin[:n]
    region_origin = model.world.region_origin
    data = np.sqrt(openness.T[home] * openness[home])
    presence = np.where(operating.any(axis=2), 1.0, foreign_presence[home])
    links = model.investment_links + model.investment_links.T
    invest_links = links[origin][:, region_origin]
    invest = invest_links / (invest_links + LINK_HALF_SATURATION)
    talent_by_origin = np.ones((3, 3))
    openness_cn_us = model.levers["us_talent_openness"]
    talent_by_origin[ORIGIN_CN, ORIGIN_US] = talent_by_origin[ORIGIN_US, ORIGIN_CN] = openness_cn_us
    talent = talent_by_origin[origin][:, region_origin]
    weights = np.array([params.diffusion_weight_data_flows, params.diffusion_weight_presence,
                        params.diffusion_weight_investment, params.diffusion_weight_talent])
    total = weights.sum()
    if total == 0:
        return np.zeros((n, len(REGIONS)))
    return (weights[0] * data + weights[1] * presence + weights[2] * invest
            + weights[3] * talent) / total


def imitate(firm: "Firm") -> None:
    """Adopt rivals' features with the probabilities of the module docstring."""
    model = firm.model
    state, params, pool = model.firm_state, model.params, model.features
    row = firm.row
    count = len(model.conditions.feature_available)   # features that existed at quarter start
    candidates = np.flatnonzero(state.serves[row][pool.sector[:count]] & ~pool.has[row, :count]
                                & model.conditions.feature_available[:count])
    if len(candidates) == 0:
        return
    strategy = int(state.strategy[row])
    speed = {DISRUPTOR: 0.5, MICRO_INNOVATOR: 1.0, COPYCAT: params.copycat_speed}[strategy]
    origin = int(state.origin[row])
    domestic = pool.origin[candidates] == origin
    channel = model.conditions.channel[row, pool.origin_region[candidates]]
    probability = speed * np.where(domestic, params.imitation_rate_domestic,
                                   params.imitation_rate_cross_border * channel)
    adopted = candidates[model.rng.random(len(candidates)) < np.minimum(probability, 1.0)]
    if len(adopted) == 0:
        return
    gains = pool.gain[adopted]
    if strategy == COPYCAT:
        gains = gains * params.copycat_quality_discount * (1.0 - model.ip_protection(int(state.home_region[row])))
    pool.has[row, adopted] = True
    np.add.at(state.quality[row], pool.sector[adopted], gains)
    foreign = pool.origin[adopted]
    if origin == ORIGIN_US:
        model.events.knowledge_flow_cn_to_us += int((foreign == ORIGIN_CN).sum())
    elif origin == ORIGIN_CN:
        model.events.knowledge_flow_us_to_cn += int((foreign == ORIGIN_US).sum())


def seed_features(model: "ConvergenceModel") -> None:
    """Create the 2013 feature pool: per sector, features shared by every incumbent in it and
    a few held only by its Chinese or only by its U.S. incumbents."""
    state, pool, params = model.firm_state, model.features, model.params
    n = state.count
    for sector in range(state.serves.shape[1]):
        in_sector = state.serves[:n, sector]
        groups = [(in_sector, ORIGIN_US, US, SEED_FEATURES_SHARED),
                  (in_sector & (state.origin[:n] == ORIGIN_CN), ORIGIN_CN, CN, SEED_FEATURES_NATIONAL),
                  (in_sector & (state.origin[:n] == ORIGIN_US), ORIGIN_US, US, SEED_FEATURES_NATIONAL)]
        for holders, origin, region, number in groups:
            for _ in range(number):
                feature = pool.create(sector, origin, region, params.feature_quality_gain, -1)
                pool.has[:n, feature] = holders


def adoption_by_region(model: "ConvergenceModel", share: np.ndarray) -> np.ndarray:
    """``a[r, f]``: share of region r's users of sector(f) served by a firm having feature f.

    ``share`` is firm rows x regions x sectors (market shares among the sector's users).
    """
    pool, n = model.features, model.firm_state.count
    count = pool.count
    adoption = np.zeros((share.shape[1], count))
    has = pool.has[:n, :count]
    for sector in range(share.shape[2]):
        features = np.flatnonzero(pool.sector[:count] == sector)
        if len(features):
            adoption[:, features] = share[:n, :, sector].T @ has[:, features]
    return adoption


def convergence_index(adoption: np.ndarray) -> float:
    """Weighted Jaccard similarity of China's and the U.S.'s adoption vectors (0-1)."""
    high = np.maximum(adoption[CN], adoption[US]).sum()
    if high == 0:
        return 0.0
    return float(np.minimum(adoption[CN], adoption[US]).sum() / high)
