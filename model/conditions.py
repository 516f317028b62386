"""Market conditions: what policy and the firms' state imply at the start of each quarter.

Computed once per quarter (after the regulators set their levers and users came online) and
read by user choice, firms' decisions and entry: who may serve which market and at what
friction, how much data crosses borders, and how open the channels of cross-border imitation are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from convergence.model.dimensions import Region
from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState
from convergence.model.input_data import WorldData
from convergence.model.mechanisms import (
    app_bans,
    countermeasures,
    data_localization,
    data_rules,
    export_controls,
    innovation_diffusion,
    market_access,
    network_effects,
    platform_regulation,
    vendor_security,
)
from convergence.model.parameters import Parameters, Value


@dataclass
class MarketConditions:
    """Quantities derived from policy and firm state at the start of each quarter.

    access, friction: firms x regions x sectors (share; utils: access, VPN, reciprocity, app bans,
    China's unreliable-entity list, the EU's high-risk-vendor rules, and quality lost to export
    controls). install_cost: firms x regions x sectors, utils a user pays to take up a provider it
    does not use (app bans). operating: firms x regions x sectors, True where the firm serves the
    market now (present, legal access above 0). reachable: operating, or reached by Chinese
    consumers over a VPN (users' choice sets). openness: regions x regions (share of data usable
    across). pooled_data: firms x regions (M user-quarters). foreign_presence: regions x regions,
    share of row-region users served by firms homed in column-region.
    feature_available: per feature, True if an active firm has it (so it can be imitated).
    channel: firms x regions, openness of the cross-border diffusion channel (0-1).
    imitation: what each active firm may imitate this quarter, and the chances.
    network_scale: regions x sectors, weight on the network-size term of utility (0-1; below 1
    where interoperability orders are in force).
    network_share: firms x regions x sectors, the share of users in each firm's network (its
    sector's, or its new category's: :mod:`convergence.model.mechanisms.network_effects`).
    """

    access: np.ndarray
    friction: np.ndarray
    install_cost: np.ndarray
    operating: np.ndarray
    reachable: np.ndarray
    openness: np.ndarray
    pooled_data: np.ndarray
    foreign_presence: np.ndarray
    feature_available: np.ndarray
    channel: np.ndarray
    imitation: innovation_diffusion.ImitationChances
    network_scale: np.ndarray
    network_share: np.ndarray


def market_conditions(state: FirmState, features: FeaturePool, levers: Mapping[str, Value],
                      params: Parameters, world: WorldData, investment_links: np.ndarray,
                      app_measures: app_bans.AppBanClock | None = None) -> MarketConditions:
    """This quarter's conditions for the firms created so far (rows ``0 .. state.count``);
    ``app_measures`` are the app bans and divestiture orders in force."""
    n = state.count
    origin = state.origin[:n]
    app_measures = app_measures or app_bans.AppBanClock()
    access = market_access.access_shares(origin, levers)
    openness = data_rules.restrict_openness(data_localization.openness(levers), levers, params)
    users_by_region = state.users[:n].sum(axis=2)
    by_home = np.stack([users_by_region[state.home_region[:n] == home].sum(axis=0) for home in Region], axis=1)
    presence = by_home / np.maximum(by_home.sum(axis=1, keepdims=True), 1e-12)
    operating = state.operating(access)
    vpn_reach = market_access.vpn_reachable(origin, state.active[:n], state.present[:n], access, levers)
    feature_available = features.has[:n, : features.count][state.active[:n]].any(axis=0)
    channel = innovation_diffusion.channel_strengths(state, params, float(levers["us_talent_openness"]),
                                                     world.region_origin, investment_links, operating, openness,
                                                     presence)
    return MarketConditions(
        access=access,
        friction=(market_access.access_friction(origin, access, levers, params, vpn_reach)
                  + vendor_security.eu_vendor_friction(origin, levers, params.access_friction_max)
                  + app_bans.existing_user_friction(origin, app_measures, params)
                  + countermeasures.unreliable_entity_friction(origin, levers, params)
                  + export_controls.utility_loss(state, params)),
        install_cost=app_bans.install_cost(origin, app_measures, params),
        operating=operating,
        reachable=operating | vpn_reach,
        openness=openness,
        pooled_data=data_localization.pooled_data(state.data[:n], origin, app_bans.localize_remedied_data(
            data_localization.openness_by_origin(levers, openness), app_measures)),
        foreign_presence=presence,
        feature_available=feature_available,
        channel=channel,
        imitation=innovation_diffusion.imitation_chances(
            state, features, params, feature_available,
            innovation_diffusion.feature_regions(features, operating, state.active[:n])
            if params.imitation_where_used else None, channel),
        network_scale=platform_regulation.network_scale(levers),
        network_share=network_effects.network_shares(state, features, world.network_is_local,
                                                     params.breakthrough_network_reset))
