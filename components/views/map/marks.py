"""What each mark of the map says: member symbols (shape, colour, ring, tooltip), coalition hubs and
county footprints, and the plain-text helpers the tooltips, table and details share.

Tooltips are `{"text": ...}` templates: deck.gl puts text tooltips in the page as text, never HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from components.data import summaries
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.views.map.icons import FALLBACK_SHAPE, SHAPE_OF_TYPE
from components.views.map.outlines import county_geometry
from components.views.palette import colour_of, hex_to_rgb

PLACED = {
    "city": "at its city",
    "county": "at the centre of its county (county shaded)",
    "state": "at the centre of its state",
    "coalition-hub": "at its coalition's hub (own location not in the sources)",
    "none": "not on the map: location unknown",
}
LABEL_CLASH_DEG = (6.0, 2.5)  # (lon, lat) distance within which two hub labels would overlap


def type_label(entity_type: str) -> str:
    return entity_type.replace("-", " ")


@per_dataset
def source_titles(data: Dataset) -> dict[str, str]:
    """source_id → 'Title (Publisher)'."""
    return {row.source_id: f"{row.title} ({row.publisher})" for row in data.sources.itertuples(index=False)}


@per_dataset
def source_publishers(data: Dataset) -> dict[str, str]:
    """source_id → its publisher: how the map's tooltips name a source (they are sent with every
    mark, so they stay short; the details panel, table and downloads give titles and addresses)."""
    return dict(zip(data.sources["source_id"], data.sources["publisher"], strict=True))


@per_dataset
def membership_dates(data: Dataset) -> dict[tuple[str, str, str], str]:
    """(entity_id, group_id, source_id) → the membership's date as that source gives it, labelled:
    'stated 2021-10-04' or 'undated source, checked 2026-11-21'."""
    m = data.memberships
    checked = summaries.source_checked(data)
    out: dict[tuple[str, str, str], str] = {}
    for key, grp in m.groupby(["entity_id", "group_id", "source_id"], sort=False):
        out[key] = summaries.date_label(max(grp["as_of"]), checked.get(key[2], ""))
    return out


def split_ids(value: str) -> list[str]:
    """The ids of a ';'-separated cell."""
    return [v.strip() for v in str(value or "").split(";") if v.strip()]


def first_url(value: str) -> str:
    """The first address of a ' | '-separated cell."""
    return next((u.strip() for u in str(value or "").split("|") if u.strip()), "")


@per_dataset
def other_groups(data: Dataset, members: pd.DataFrame) -> dict[str, list[str]]:
    """entity_id → every group it is listed in (names), for rings and tooltips."""
    return {e: list(dict.fromkeys(g)) for e, g in members.groupby("entity_id", sort=False)["group_name"]}


def _member_tip(
    row: Mapping[str, Any],
    also: list[str],
    titles: Mapping[str, str],
    dates: Mapping[tuple[str, str, str], str],
) -> str:
    kind = "coalition" if row["group_kind"] == "coalition" else "network"
    lines = [
        str(row["name"]),
        f"{type_label(row['entity_type']).capitalize()} · {row['group_name']} ({kind})",
    ]
    place = f"State: {row['state']}" if row["state"] else "State: not given"
    # A joining date where a source gives one (the tooltip stays short without: it is sent per mark).
    place += f" · joined {row['joined']}" if row["joined"] else ""
    lines.append(place)
    lines.append(f"Role: {row['role']}" + ("" if row["is_member"] else " (partner, not counted as a member)"))
    lines.append("On the map: " + PLACED.get(row["located_by"], row["located_by"]))
    others = [g for g in also if g != row["group_name"]]
    if others:
        lines.append("Also listed in: " + ", ".join(others))
    sources = [
        f"{titles.get(s, s)}, {dates.get((row['entity_id'], row['group_id'], s), 'undated source')}"
        for s in split_ids(row["source_ids"])
    ]
    lines.append(("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources))
    return "\n".join(lines)


@per_dataset
def _member_marks(data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """Shape, colour, ring and tooltip of every located member row (same index as `members`).

    None of it depends on the view, so it is computed once per dataset, not per filter change.
    """
    located = members[members["lon"].notna() & members["lat"].notna()]
    titles = source_publishers(data)
    dates = membership_dates(data)
    groups_of = other_groups(data, members)
    return pd.DataFrame(
        {
            "shape": [SHAPE_OF_TYPE.get(t, FALLBACK_SHAPE) for t in located["entity_type"]],
            "colour": [colour_of(g) for g in located["group_id"]],
            "shared": [len(groups_of.get(e, [])) > 1 for e in located["entity_id"]],
            "tip": [
                _member_tip(r, groups_of.get(r["entity_id"], []), titles, dates)
                for r in located.to_dict("records")
            ],
        },
        index=located.index,
    )


def located_points(rows: pd.DataFrame, members: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    """The rows that have a location, with their shape, colour, ring and tooltip."""
    located = rows[rows["lon"].notna() & rows["lat"].notna()]
    marks = _member_marks(data, members)
    return pd.concat([located, marks.loc[located.index]], axis=1)


def coalition_hubs(rows: pd.DataFrame, data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """The hub of every coalition in view that has one, with its tooltip, colour and label side."""
    in_view = set(rows.loc[rows["group_kind"] == "coalition", "group_id"])
    hubs = data.coalitions[data.coalitions["coalition_id"].isin(in_view) & data.coalitions["lon"].notna()]
    hubs = hubs.copy()
    roster = summaries.roster_completeness(data, members).set_index("coalition_id")["completeness"]
    hubs["tip"] = [
        f"{h.short_name} — {h.name}\nCoalition hub, drawn at {h.hub_place}, {h.hub_state} ({h.hub_basis})\n"
        f"{roster.get(h.coalition_id, '')}\nClick for members, focus areas and sources"
        for h in hubs.itertuples(index=False)
    ]
    hubs["colour"] = [colour_of(c) for c in hubs["coalition_id"]]
    # A hub with another hub just north of it gets its label below the star, so names don't collide.
    hubs["label_below"] = [
        any(
            0 < o.lat - h.lat < LABEL_CLASH_DEG[1] and abs(o.lon - h.lon) < LABEL_CLASH_DEG[0]
            for o in hubs.itertuples(index=False)
        )
        for h in hubs.itertuples(index=False)
    ]
    return hubs


def county_footprints(points: pd.DataFrame) -> list[dict[str, Any]]:
    """A shaded county (GeoJSON feature) for every county member in view."""
    feats = []
    for p in points[points["county_fips"].astype(bool)].itertuples(index=False):
        coords = county_geometry(p.county_fips)
        if coords is None:
            continue
        colour = colour_of(p.group_id)
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
                "properties": {
                    "group_id": p.group_id,
                    "entity_id": p.entity_id,
                    "fill": hex_to_rgb(colour, 110),
                    "line": hex_to_rgb(colour, 255),
                    "tip": p.tip,
                },
            }
        )
    return feats
