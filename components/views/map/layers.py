"""The deck's layer ids and which of them a person can switch off.

Layer ids only change when what a layer shows changes: Streamlit keeps the user's pan/zoom unless
the deck's `initialViewState` changes, and deck.gl matches layers by id between two decks.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset

STATES = "states"
FOOTPRINTS = "footprints"
PARTNERSHIPS = "partnerships"
HUB_LINKS = "hub-links"
SHARED = "shared-rings"
HUBS = "hubs"
MEMBERS = "coalition-members"
# Hub and member names; the browser component (frontend/map-canvas) filters this layer by collision.
LABELS = "member-labels"
COUNTS = "member-counts"
COUNT_LABELS = "member-count-labels"

FIXED_TOGGLES: dict[str, str] = {
    MEMBERS: "Coalition members and hubs",
    FOOTPRINTS: "County footprints",
    HUB_LINKS: "Hub–member links",
    PARTNERSHIPS: "Partnerships between coalitions",
}


@per_dataset
def layer_toggles(data: Dataset) -> dict[str, str]:
    """Toggleable layers: the fixed ones, then one per network that has members of its own."""
    toggles = dict(FIXED_TOGGLES)
    with_members = set(data.memberships["group_id"])
    for net in data.networks.itertuples(index=False):
        if net.network_id in with_members and net.network_id not in toggles:
            toggles[net.network_id] = f"{net.name}"
    return toggles


def visible_points(points: pd.DataFrame, hidden: Iterable[str]) -> pd.DataFrame:
    """The points of the layers shown: coalition members unless hidden, each network unless hidden."""
    hidden = set(hidden)
    return points[
        ((points["group_kind"] == "coalition") & (MEMBERS not in hidden))
        | ((points["group_kind"] == "network") & ~points["group_id"].isin(hidden))
    ]
