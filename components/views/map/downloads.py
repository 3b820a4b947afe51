"""What a person takes away from a map view: the members as CSV, the marks as GeoJSON, and the
sources behind every mark. Every export says which view it is, and carries the data's version; every
date in it says which date it is (a fact's `stated` date, or when its source was last checked)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from components.data import summaries
from components.data.load import Dataset
from components.exports import dataset as exports
from components.views.map.arcs import position
from components.views.map.marks import split_ids
from components.views.map.selection import MapSelection
from components.views.map.table import table_frame


def csv_header_lines(sel: MapSelection, data: Dataset, link: str) -> list[str]:
    return [
        f"Map of connected regions: {sel.description}",
        f"View: {link}" if link else "View: /map",
        summaries.vintage_label(data.as_of),
        "Dates: 'stated …' is the date a source gives for the fact; 'undated source, checked …' is when "
        "a source that gives no date was last checked.",
        "Sources: the Source column of each row; every source is listed in sources.csv of the full dataset.",
    ]


def members_csv(sel: MapSelection, data: Dataset, link: str) -> bytes:
    frame = table_frame(sel)
    frame["All source links"] = list(sel.rows.sort_values(["group_name", "name"])["sources"])
    return exports.to_csv_bytes(frame, csv_header_lines(sel, data, link))


def view_sources(sel: MapSelection, data: Dataset) -> pd.DataFrame:
    """The sources behind every mark in view: members, hubs, partnerships."""
    ids: list[str] = []
    for value in sel.rows["source_ids"]:
        ids.extend(split_ids(value))
    ids.extend(sel.hubs["source_id"])
    nc = data.network_coalitions
    for net in dict.fromkeys(a["network_id"] for a in sel.partnerships):
        ids.extend(nc.loc[nc["network_id"] == net, "source_id"])
    order = list(dict.fromkeys(ids))
    s = data.sources.set_index("source_id")
    s = s.loc[[i for i in order if i in s.index]].reset_index()
    s = s.rename(columns={"accessed": summaries.CHECKED_COLUMN})
    return s[["source_id", "title", "publisher", "published", summaries.CHECKED_COLUMN, "url"]]


def source_lines(sel: MapSelection, data: Dataset) -> list[str]:
    return [f"{r.title} — {r.publisher} ({r.url})" for r in view_sources(sel, data).itertuples(index=False)]


def _feature(geometry: dict[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature whose text values cannot start a spreadsheet formula."""
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {k: exports.neutralise(v) for k, v in properties.items()},
    }


def _member_features(sel: MapSelection) -> list[dict[str, Any]]:
    return [
        _feature(
            {"type": "Point", "coordinates": position(p.lon, p.lat)},
            {
                "kind": "member" if p.is_member else "partner",
                "name": p.name,
                "entity_id": p.entity_id,
                "entity_type": p.entity_type,
                "group_id": p.group_id,
                "group_name": p.group_name,
                "role": p.role,
                "state": p.state,
                "joined": p.joined,
                "located_by": p.located_by,
                summaries.STATED_COLUMN: p.as_of,
                summaries.CHECKED_COLUMN: getattr(p, summaries.CHECKED_COLUMN),
                summaries.DATE_COLUMN: getattr(p, summaries.DATE_COLUMN),
                "sources": p.sources,
            },
        )
        for p in sel.points.sort_values(["group_name", "name"]).itertuples(index=False)
    ]


def _hub_features(sel: MapSelection, data: Dataset) -> list[dict[str, Any]]:
    urls = data.sources.set_index("source_id")["url"]
    checked = summaries.source_checked(data)
    return [
        _feature(
            {"type": "Point", "coordinates": position(h.lon, h.lat)},
            {
                "kind": "hub",
                "name": h.name,
                "group_id": h.coalition_id,
                "hub_place": f"{h.hub_place}, {h.hub_state}",
                "hub_basis": h.hub_basis,
                summaries.STATED_COLUMN: h.as_of,
                summaries.CHECKED_COLUMN: checked.get(h.source_id, ""),
                summaries.DATE_COLUMN: summaries.date_label(h.as_of, checked.get(h.source_id, "")),
                "sources": urls.get(h.source_id, ""),
            },
        )
        for h in sel.hubs.itertuples(index=False)
    ]


def _arc_features(sel: MapSelection) -> list[dict[str, Any]]:
    return [
        _feature(
            {"type": "LineString", "coordinates": [arc["source"], arc["target"]]},
            {
                "kind": arc["kind"],
                "group_id": arc["group_id"],
                "from": arc["from_name"],
                "to": arc["to_name"],
                "entity_id": arc.get("entity_id", ""),
            },
        )
        for arc in [*sel.partnerships, *sel.hub_links]
    ]


def view_geojson(sel: MapSelection, data: Dataset, link: str) -> bytes:
    """Members, hubs and arcs of the view as GeoJSON, with the view description and as-of."""
    collection = {
        "type": "FeatureCollection",
        "description": f"Map of connected regions: {sel.description}",
        "view": link,
        "data_as_of": data.as_of,
        "data_as_of_means": "the latest date any source was checked (the dataset's version)",
        "dates": "stated: the date a source gives for the fact, empty when it gives none; "
        "source_checked: when the source was last checked; date: the two as a reader sees them",
        "sources": source_lines(sel, data),
        "features": [*_member_features(sel), *_hub_features(sel, data), *_arc_features(sel)],
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
