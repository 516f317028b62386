"""Network size in user choice: the share of users a provider's network reaches.

Users value a provider by its share of users: of its region's users of the sector where the
network is local (social, e-commerce, payments, ride-hailing: friends, sellers, drivers nearby),
of the world's where it is global (search, devices, cloud, equipment: data, apps, developers).
:mod:`convergence.model.mechanisms.user_choice` puts ``log(0.05 + share)`` in utility.

A new product category resets that advantage (issue 13: "breakthrough features that reset
network advantage"). A firm holding a breakthrough feature (a new category, such as short
video) also counts its share among the users of the firms that hold its newest breakthrough in
the sector - its category - and the larger of the two shares enters utility, the category share
weighted by ``breakthrough_network_reset`` (0-1; 0 is the model without categories). So
Musical.ly's network in 2015 is short video's, not Facebook's friend graph, until Facebook has
short video too and the two networks compete again. A category nobody uses yet counts as a
full network for its holders: nobody's users are locked into it.
"""

from __future__ import annotations

import numpy as np

from convergence.model.features import FeaturePool
from convergence.model.firm_state import FirmState


def sector_shares(users: np.ndarray, network_is_local: np.ndarray) -> np.ndarray:
    """Each firm's share of its network's users (firms x regions x sectors): of the region's
    users where the sector's network is local, of the world's where it is global (``users``:
    firms x regions x sectors, millions)."""
    local_share = users / np.maximum(users.sum(axis=0, keepdims=True), 1e-12)
    world_users = users.sum(axis=1, keepdims=True)
    global_share = world_users / np.maximum(world_users.sum(axis=0, keepdims=True), 1e-12)
    return np.where(network_is_local[None, None, :], local_share, global_share)


def network_shares(state: FirmState, features: FeaturePool, network_is_local: np.ndarray,
                   reset: float) -> np.ndarray:
    """The share that enters each firm's network term (firms x regions x sectors): its sector
    share, or where larger ``reset`` times its share of its newest breakthrough category."""
    users = state.users[: state.count]
    share = sector_shares(users, network_is_local)
    count = features.count
    if reset == 0.0 or count == 0:
        return share
    breakthrough = features.breakthrough[:count]
    holding = features.has[: len(users), :count] & breakthrough
    index = np.arange(count)
    for sector in np.unique(features.sector[:count][breakthrough]):
        newest = np.where(holding & (features.sector[:count] == sector), index, -1).max(axis=1)    # per firm
        members = np.flatnonzero(newest >= 0)
        if len(members) == 0:
            continue
        in_category = features.has[: len(users), newest[members]].astype(float)     # firms x members
        own = users[members, :, sector]                                                # members x regions
        if not network_is_local[sector]:
            own = np.broadcast_to(own.sum(axis=1, keepdims=True), own.shape)
        category = in_category.T @ users[:, :, sector]
        if not network_is_local[sector]:
            category = np.broadcast_to(category.sum(axis=1, keepdims=True), category.shape)
        category_share = np.where(category > 0, own / np.maximum(category, 1e-12), 1.0)
        share[members, :, sector] = np.maximum(share[members, :, sector], reset * category_share)
    return share
