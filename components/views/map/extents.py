"""Where the map looks: named extents (the country, a state, a coalition's or network's area), the
frame that fits a selection, and the camera for a frame."""

from __future__ import annotations

import pandas as pd

from components.data.filters import Filters, group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.geo import boundaries as geo
from components.geo.projection import Bounds, contains, view_for_bounds, widen
from components.views.map.outlines import state_bounds, state_names

# The map element's size assumed when framing a view (the map column at 1280 px wide, with the
# sidebar open). Smaller than most screens, so a framed selection fits everywhere.
MAP_WIDTH_PX = 520
MAP_HEIGHT_PX = 480
MAP_PADDING = 0.1
# A fitted view spans at least this many degrees (about 50 km): one metro area fills the map, so its
# members have room for their names, while a single place is not blown up to street level.
MIN_SPAN_DEG = 0.5
CONUS: Bounds = (-124.8, 24.4, -66.9, 49.4)
OFF_FRAME_NAMED = 5  # name up to this many members left off the frame; count them beyond


def is_extent(value: str, data: Dataset) -> bool:
    """True for 'us', a state code with bundled boundaries, 'coalition:<id>' or 'network:<id>'."""
    if value == "us" or value in state_bounds():
        return True
    kind, _, ident = value.partition(":")
    if kind == "coalition":
        return ident in set(data.coalitions["coalition_id"])
    if kind == "network":
        return ident in set(data.networks["network_id"])
    return False


@per_dataset
def extent_options(data: Dataset) -> tuple[str, ...]:
    """'' (fit the selection), the country, every coalition and network, then every state."""
    return (
        "",
        "us",
        *(f"coalition:{c}" for c in data.coalitions["coalition_id"]),
        *(f"network:{n}" for n in data.networks["network_id"]),
        *sorted(state_bounds(), key=lambda s: state_names()[s]),
    )


def extent_label(value: str, data: Dataset) -> str:
    if value == "":
        return "Fit the selection"
    if value == "us":
        return "United States (lower 48)"
    if value in state_names():
        return state_names()[value]
    kind, _, ident = value.partition(":")
    return f"{group_names(data).get(ident, ident)} ({kind} area)"


@per_dataset
def extent_labels(data: Dataset) -> dict[str, str]:
    """extent_label of every extent option (the framing selectbox asks for each on every rerun)."""
    return {value: extent_label(value, data) for value in extent_options(data)}


def _group_bounds(group_id: str, data: Dataset, members: pd.DataFrame) -> Bounds | None:
    """Bounds of a coalition's (or network's) located members and hubs."""
    nc = data.network_coalitions
    coalitions = [group_id, *nc.loc[nc["network_id"] == group_id, "coalition_id"]]
    rows = members[members["group_id"].isin(coalitions)]
    hubs = data.coalitions[data.coalitions["coalition_id"].isin(coalitions)]
    lons = [*rows["lon"], *hubs["lon"]]
    lats = [*rows["lat"], *hubs["lat"]]
    try:
        return widen(geo.bounds_of(lons, lats), MIN_SPAN_DEG)
    except ValueError:
        return None


def extent_bounds(value: str, data: Dataset, members: pd.DataFrame) -> Bounds | None:
    """The bounds a named extent frames, or None when it frames nothing."""
    if value == "us":
        return CONUS
    if value in state_bounds():
        return state_bounds()[value]
    kind, _, ident = value.partition(":")
    if kind in ("coalition", "network"):
        return _group_bounds(ident, data, members)
    return None


def in_conus(lon: float, lat: float) -> bool:
    return contains(CONUS, lon, lat)


def fit_bounds(points: pd.DataFrame, hubs: pd.DataFrame) -> tuple[Bounds, list[str]]:
    """Bounds that frame the selection, and the members left off the frame.

    When the selection is mostly in the lower 48, a member in Puerto Rico, Alaska or Hawaii would
    shrink the whole map to a strip; it is left off the frame and named instead.
    """
    lons = [*points["lon"], *hubs["lon"]]
    lats = [*points["lat"], *hubs["lat"]]
    if not lons:
        return CONUS, []
    inside = [in_conus(x, y) for x, y in zip(lons, lats, strict=True)]
    off: list[str] = []
    if any(inside) and not all(inside):
        outside = points[[not in_conus(x, y) for x, y in zip(points["lon"], points["lat"], strict=True)]]
        off = list(dict.fromkeys(f"{r.name} ({r.state})" for r in outside.itertuples(index=False)))
        lons = [x for x, i in zip(lons, inside, strict=True) if i]
        lats = [y for y, i in zip(lats, inside, strict=True) if i]
    return widen(geo.bounds_of(lons, lats), MIN_SPAN_DEG), off


def off_frame_text(off: list[str], points: pd.DataFrame) -> str:
    """'Loíza (PR) is outside that frame', or a count by state when there are many."""
    if len(off) <= OFF_FRAME_NAMED:
        verb = "is" if len(off) == 1 else "are"
        return f"{', '.join(off)} {verb} outside that frame"
    outside = points[[not in_conus(x, y) for x, y in zip(points["lon"], points["lat"], strict=True)]]
    states = ", ".join(sorted(set(outside["state"])))
    return f"{len(off):,} members in {states} are outside that frame"


def camera_for(bounds: Bounds) -> dict[str, float]:
    return view_for_bounds(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, MAP_PADDING)


def extent_after_filter_change(extent: str, before: Filters | None, after: Filters, url_loaded: bool) -> str:
    """A named extent holds until the user changes a filter; then the map fits what they select.

    A link (`url_loaded`) always keeps the extent it carries.
    """
    if url_loaded or before is None or before == after:
        return extent
    return ""
