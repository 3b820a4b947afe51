"""The map's arcs: hub → member links (one per member, or one per hub and area when there are too
many to follow) and coalition ↔ coalition partnerships."""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from components.data import summaries
from components.data.filters import Filters
from components.data.load import Dataset
from components.views.map.marks import source_publishers
from components.views.palette import colour_of, hex_to_rgb

# Partnerships drawn higher than narrower ones, so a pair linked twice shows two arcs.
_ARC_HEIGHT = {"nscp": 1.0, "region-of-regions": 0.45}


def position(lon: float, lat: float) -> list[float]:
    """[lon, lat] rounded to 0.0001° (~10 m), as arcs and exports carry them."""
    return [round(float(lon), 4), round(float(lat), 4)]


def _hub_link(
    group_id: str, hub: tuple[float, float, str], lon: float, lat: float, entity_id: str, tip: str, to: str
) -> dict[str, Any]:
    """An arc from a coalition hub to (lon, lat), in the hub's colour, fading towards its end."""
    hx, hy, short = hub
    colour = colour_of(group_id)
    return {
        "kind": "hub-link",
        "group_id": group_id,
        "entity_id": entity_id,
        "source": position(hx, hy),
        "target": position(lon, lat),
        "source_color": hex_to_rgb(colour, 230),
        "target_color": hex_to_rgb(colour, 80),
        "tip": tip,
        "from_name": short,
        "to_name": to,
    }


def _hub_places(hubs: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    return {h.coalition_id: (h.lon, h.lat, h.short_name) for h in hubs.itertuples(index=False)}


def hub_links(points: pd.DataFrame, hubs: pd.DataFrame) -> list[dict[str, Any]]:
    """One arc from each coalition hub to each of its located members (not those at the hub)."""
    where = _hub_places(hubs)
    links = []
    for p in points[points["group_kind"] == "coalition"].itertuples(index=False):
        if p.group_id not in where or p.located_by == "coalition-hub":
            continue
        hx, hy, short = where[p.group_id]
        if abs(hx - p.lon) < 0.01 and abs(hy - p.lat) < 0.01:
            continue  # a member in the hub city itself: nothing to draw
        tip = f"{short} hub → {p.name}\n{p.role} of {p.group_name}"
        links.append(_hub_link(p.group_id, where[p.group_id], p.lon, p.lat, p.entity_id, tip, p.name))
    return links


def area_links(
    visible: pd.DataFrame, keys: pd.Series, marks: pd.DataFrame, hubs: pd.DataFrame
) -> list[dict[str, Any]]:
    """One hub link per (coalition hub, area mark holding members of that coalition)."""
    where = _hub_places(hubs)
    at = {m.key: m for m in marks.itertuples(index=False)}
    coalition = visible[(visible["group_kind"] == "coalition") & (visible["located_by"] != "coalition-hub")]
    links = []
    counts = coalition.groupby([coalition["group_id"], keys.reindex(coalition.index)], sort=True)[
        "entity_id"
    ].nunique()
    for (group_id, key), n in counts.items():
        if group_id not in where or key not in at:
            continue
        hx, hy, short = where[group_id]
        mark = at[key]
        if abs(hx - mark.lon) < 0.01 and abs(hy - mark.lat) < 0.01:
            continue
        noun = "member" if n == 1 else "members"
        to = f"{n:,} {noun} in {mark.place}"
        links.append(_hub_link(group_id, where[group_id], mark.lon, mark.lat, "", f"{short} hub → {to}", to))
    return links


def _pair_sources(rows: pd.DataFrame, titles: dict[str, str], checked: dict[str, str]) -> str:
    """The sources listing either coalition of an arc, each with its date ('stated …' or
    'undated source, checked …'); a source listing both comes once."""
    return "; ".join(
        dict.fromkeys(
            f"{titles.get(s, s)}, {summaries.date_label(d, checked.get(s, ''))}"
            for s, d in zip(rows["source_id"], rows["as_of"], strict=True)
        )
    )


def partnerships(hubs: pd.DataFrame, data: Dataset, filters: Filters) -> list[dict[str, Any]]:
    """Coalition ↔ coalition arcs for each partnership of coalitions, between hubs in view."""
    where = _hub_places(hubs)
    nets = data.networks[data.networks["kind"] == "partnership of coalitions"]
    nc = data.network_coalitions
    titles = source_publishers(data)
    checked = summaries.source_checked(data)
    arcs = []
    for net in nets.itertuples(index=False):
        if filters.networks and net.network_id not in filters.networks:
            continue
        rows = nc[(nc["network_id"] == net.network_id) & nc["coalition_id"].isin(list(where))]
        ids = list(dict.fromkeys(rows["coalition_id"]))
        colour = colour_of(net.network_id)
        for a, b in itertools.combinations(ids, 2):
            (ax, ay, an), (bx, by, bn) = where[a], where[b]
            sources = _pair_sources(rows[rows["coalition_id"].isin((a, b))], titles, checked)
            arcs.append(
                {
                    "kind": "partnership",
                    "group_id": net.network_id,
                    "network_id": net.network_id,
                    "a": a,
                    "b": b,
                    "source": position(ax, ay),
                    "target": position(bx, by),
                    "color": hex_to_rgb(colour, 170),
                    "height": _ARC_HEIGHT.get(net.network_id, 0.7),
                    "tip": f"{net.name}\n{an} ↔ {bn}: both listed as members\nSources: {sources}",
                    "from_name": an,
                    "to_name": bn,
                }
            )
    return arcs
