"""Count marks: above MAX_POINTS points in view, members are drawn as one white disc per county (per
state when that would be more than MAX_COUNTY_MARKS discs) with the number of members it holds.

Thousands of 15-px symbols on a 520-px map hide one another, and the deck would grow by ~200 bytes
a member. Each point belongs to one area: a county member to its county, a city to the county
around its map point (components/geo/polygons.py), anyone else to their state.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from components.data.filters import group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.geo import boundaries as geo
from components.geo.polygons import counties_of
from components.views.map.outlines import county_label, state_names

# Individual symbols while at most this many are in view. The map is ~520×480 px and a member
# symbol ~15 px across (~180 px²): 1,500 symbols would cover the whole map once over, so above it
# they mostly hide one another and a click lands on a pile. It also bounds the member layer to
# ~250 kB. The largest single state of the 22,010-place stress data (PA, 1,479) still shows its
# members one by one.
MAX_POINTS = 1_500
# Count marks per county while that is at most this many marks; per state above (the national view).
MAX_COUNTY_MARKS = 400
# More hub–member arcs than this fan out from a hub into a tangle in which no single link can be
# followed or picked (and each costs ~230 bytes): above it, one arc per (hub, county) is drawn.
MAX_MEMBER_LINKS = 300
COUNT_RADIUS_PX = (9.0, 30.0)  # the smallest and the largest count mark of a view

AGGREGATE_COLUMNS = [
    "key",
    "level",
    "place",
    "lon",
    "lat",
    "members",
    "partners",
    "group_id",
    "tip",
    "radius",
]


def no_aggregates() -> pd.DataFrame:
    return pd.DataFrame(columns=AGGREGATE_COLUMNS)


@per_dataset
def _member_counties(data: Dataset, members: pd.DataFrame) -> pd.Series:
    """County FIPS of each located member placed at its city or county ("" otherwise), by index.

    A county member carries its FIPS; a city is looked up in the bundled county boundaries from its
    coordinates. Members placed at their state's centre or at a coalition hub have no county.
    """
    located = members[members["lon"].notna() & members["lat"].notna()]
    out = pd.Series("", index=located.index, dtype=object)
    county = located["located_by"] == "county"
    out[county] = located.loc[county, "county_fips"]
    city = located[located["located_by"] == "city"]
    if len(city):
        out[city.index] = counties_of(city["lon"], city["lat"], city["state"])
    return out


@lru_cache(maxsize=1)
def _area_points() -> dict[str, tuple[float, float]]:
    """Label point (lon, lat) of every bundled county (by FIPS) and state (by 'state:USPS')."""
    counties = geo.county_index(geo.BOUNDARIES_DIR)
    states = geo.state_centroids(geo.BOUNDARIES_DIR)
    out = {f: (x, y) for f, x, y in zip(counties["fips"], counties["lon"], counties["lat"], strict=True)}
    out.update(
        {f"state:{u}": (x, y) for u, x, y in zip(states["usps"], states["lon"], states["lat"], strict=True)}
    )
    return out


def area_keys(data: Dataset, members: pd.DataFrame, visible: pd.DataFrame) -> tuple[str, pd.Series]:
    """('county' or 'state', the area key of each visible point): per county while that stays legible."""
    by_state = "state:" + visible["state"].astype(str)
    counties = _member_counties(data, members).reindex(visible.index).fillna("")
    by_county = counties.where(counties.astype(bool), by_state)
    if by_county.nunique() <= MAX_COUNTY_MARKS:
        return "county", by_county
    return "state", by_state


def _area_label(key: str) -> str:
    if key.startswith("state:"):
        return state_names().get(key[6:], key[6:])
    return county_label(key)


def _area_point(key: str, grp: pd.DataFrame) -> tuple[float, float]:
    """The area's label point; the mean of its points when the area is not bundled."""
    return _area_points().get(key, (float(grp["lon"].mean()), float(grp["lat"].mean())))


def _count_words(members_n: int, partners_n: int, coalitions_n: int, networks_n: int) -> str:
    """'1,234 members and 2 partners of 3 coalitions and 1 network' (the wording of describe())."""

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    text = plural(members_n, "member")
    if partners_n:
        text += " and " + plural(partners_n, "partner")
    of = [plural(n, w) for n, w in ((coalitions_n, "coalition"), (networks_n, "network")) if n]
    return text + (" of " + " and ".join(of) if of else "")


def _count_mark(key: str, grp: pd.DataFrame, level: str, names: dict[str, str]) -> dict[str, Any]:
    """One area's count mark: how many members and partners, of which groups, and its tooltip."""
    member_ids = set(grp.loc[grp["is_member"], "entity_id"])
    partners = grp.loc[~grp["entity_id"].isin(member_ids), "entity_id"].nunique()
    sizes = (
        grp.groupby("group_id", sort=False)["entity_id"].nunique().sort_values(ascending=False, kind="stable")
    )
    kinds = grp.drop_duplicates("group_id")["group_kind"]
    place = _area_label(key)
    if level == "county" and key.startswith("state:"):
        place += " (county not known: placed at the state's centre or a coalition hub)"
    lon, lat = _area_point(key, grp)
    by_group = " · ".join(f"{names.get(g, g)}: {n:,}" for g, n in sizes.head(6).items())
    if len(sizes) > 6:
        by_group += f" · {len(sizes) - 6} more"
    top = str(sizes.index[0])
    counted = _count_words(
        len(member_ids), partners, int((kinds == "coalition").sum()), int((kinds == "network").sum())
    )
    tip = "\n".join(
        [
            counted + f" in {place}",
            by_group,
            f"More than {MAX_POINTS:,} points in view: members counted per {level}. "
            "Filter or frame the map on fewer to see each one.",
            f"Click for {names.get(top, top)}'s members, focus areas and sources",
        ]
    )
    return {
        "key": key,
        "level": level,
        "place": place,
        "lon": lon,
        "lat": lat,
        "members": len(member_ids),
        "partners": int(partners),
        "group_id": top,
        "tip": tip,
        "radius": 0.0,
    }


def _largest_first_and_sized(frame: pd.DataFrame) -> pd.DataFrame:
    """Largest first (drawn in this order, a small count stays on top of a large neighbour), with
    radii whose area grows with the count, and never too small for its own number."""
    total = frame["members"] + frame["partners"]
    frame = frame.iloc[total.sort_values(ascending=False, kind="stable").index].reset_index(drop=True)
    total = frame["members"] + frame["partners"]
    small, large = COUNT_RADIUS_PX
    frame["radius"] = [
        round(max(small + (large - small) * math.sqrt(n / total.max()), 4 + 3.3 * len(f"{n:,}")), 1)
        for n in total
    ]
    return frame


def aggregate(
    data: Dataset, members: pd.DataFrame, visible: pd.DataFrame
) -> tuple[str, pd.DataFrame, pd.Series]:
    """One count mark per county (or state) of the visible points: (level, marks, key of each point)."""
    level, keys = area_keys(data, members, visible)
    names = group_names(data)
    marks = [_count_mark(str(key), grp, level, names) for key, grp in visible.groupby(keys, sort=True)]
    frame = pd.DataFrame(marks, columns=AGGREGATE_COLUMNS)
    if len(frame):
        frame = _largest_first_and_sized(frame)
    return level, frame, keys


def area_places(level: str, visible: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """key, place and label point of each area the points fall in (for links drawn per area)."""
    out = []
    for key, grp in visible.groupby(keys, sort=True):
        place = _area_label(str(key))
        if level == "county" and str(key).startswith("state:"):
            place += " (county not known)"
        lon, lat = _area_point(str(key), grp)
        out.append({"key": str(key), "place": place, "lon": lon, "lat": lat})
    return pd.DataFrame(out, columns=["key", "place", "lon", "lat"])
