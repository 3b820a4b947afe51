"""The peer finder: for any US place and a focus area, the nearest coalitions and members with evidence.

A place is a city (GeoNames) or a county (Census boundaries) from the packaged gazetteers, so a city
that belongs to no coalition can still ask. Distances are great-circle miles to a coalition's hub or
a member's map point; the evidence is always the coalition's, not the member's own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from components.data.evidence import focus_labels, labelled_sources, levels_of, strongest
from components.data.filters import group_names
from components.data.load import USPS_CODES, Dataset
from components.data.memo import per_dataset
from components.data.summaries import cited, words_shown
from components.data.text import links_markdown, md_text
from components.exports import dataset as exports
from components.geo import boundaries as geo
from components.geo.gazetteer import find_place, place_key, us_places
from components.views.compare.comparison import and_list, header_lines
from components.views.compare.members import joined_sources

EARTH_RADIUS_MILES = 3958.8
LOCATION_BASIS = {
    "city": "its city",
    "county": "county centre",
    "state": "state centre",
    "coalition-hub": "approximate: placed at its coalition's hub (own city not given)",
}
_COUNTY_WORDS = ("county", "parish", "borough", "census area", "municipality", "municipio")
COALITION_COLUMNS = [
    "group_id",
    "name",
    "kind",
    "hub",
    "miles",
    "level",
    "own_words",
    "sources",
    "source_labels",
]
MEMBER_COLUMNS = ["entity_id", "name", "entity_type", "state", "miles", "via", "located", "sources"]


@dataclass(frozen=True)
class Place:
    """A US place from the packaged gazetteers: a city (GeoNames) or a county (Census boundaries)."""

    name: str
    state: str
    lon: float
    lat: float
    kind: str  # "city" or "county"

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


@lru_cache(maxsize=1024)  # the packaged gazetteers never change; a county look-up takes ~5 ms
def parse_place(value: str) -> Place | None:
    """'Tulsa, OK' or 'Tulsa County, OK' -> the place, or None when the gazetteers do not know it."""
    name, sep, state = str(value).rpartition(",")
    name, state = name.strip(), state.strip().upper()
    if not sep or not name or state not in USPS_CODES or len(name) > 80:
        return None
    lowered = name.casefold()
    if not lowered.endswith(_COUNTY_WORDS):
        hit = find_place(name, state)
        if hit is not None:
            return Place(_gazetteer_name(name, state), state, hit[0], hit[1], "city")
    row = geo.find_county(geo.county_index(geo.BOUNDARIES_DIR), name, state)
    if row is None:
        return None
    suffix = next((w for w in _COUNTY_WORDS if lowered.endswith(w)), "county")
    display = (
        f"{row['name']} {suffix.title()}" if not row["name"].casefold().endswith(suffix) else row["name"]
    )
    return Place(display, state, float(row["lon"]), float(row["lat"]), "county")


def _gazetteer_name(name: str, state: str) -> str:
    places = us_places()
    key = place_key(name)
    hit = places[(places["state"] == state) & (places["key"] == key)]
    return str(hit.iloc[0]["name"]) if len(hit) else name


def place_suggestions(value: str, limit: int = 8) -> list[str]:
    """Known 'Name, ST' places close to what was typed (same state when one is given), largest first."""
    name, _, state = str(value).rpartition(",") if "," in str(value) else (str(value), "", "")
    key = place_key(name)[:40]
    state = state.strip().upper()
    if not key:
        return []
    places = us_places()
    pool = places[places["state"] == state] if state in USPS_CODES else places
    first = key.split()[0]
    hits = pool[pool["key"].str.startswith(first)]
    hits = hits.sort_values("population", ascending=False).head(limit)
    return [f"{n}, {s}" for n, s in zip(hits["name"], hits["state"], strict=True)]


def miles_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in statute miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


@per_dataset
def _evidence_by_group(data: Dataset, focus_id: str) -> pd.DataFrame:
    """Per group with evidence for the focus area: level, own words, sources (titles, addresses).

    Cached per dataset and focus area, shared: read-only.
    """
    src = labelled_sources(data)
    ev = data.focus_evidence[data.focus_evidence["focus_id"] == focus_id]
    rows = []
    for group_id, grp in ev.groupby("group_id", sort=False):
        known = [s for s in dict.fromkeys(grp["source_id"]) if s in src.index]
        stated = {s: max(grp.loc[grp["source_id"] == s, "as_of"], default="") for s in known}
        words = zip(grp["own_words"], grp["wording"], strict=True)
        rows.append(
            {
                "group_id": group_id,
                "level": strongest(levels_of(grp["evidence"])),
                "own_words": " · ".join(dict.fromkeys(words_shown(w, k) for w, k in words)),
                "evidence_sources": " | ".join(src.loc[s, "url"] for s in known),
                "evidence_source_labels": "; ".join(
                    cited(src.loc[s, "publisher"], stated[s], src.loc[s, "accessed"]) for s in known
                ),
            }
        )
    return pd.DataFrame(
        rows, columns=["group_id", "level", "own_words", "evidence_sources", "evidence_source_labels"]
    )


def _hub_of(hubs: pd.DataFrame, group_id: str, place: Place) -> tuple[float, str, str]:
    """(miles, where, kind) of a coalition's hub from the place; a network has no single location."""
    if group_id not in hubs.index:
        return math.nan, "national (no single location)", "network"
    hub = hubs.loc[group_id]
    has_point = not (pd.isna(hub["lon"]) or pd.isna(hub["lat"]))
    miles = miles_between(place.lon, place.lat, hub["lon"], hub["lat"]) if has_point else math.nan
    return miles, f"{hub['hub_place']}, {hub['hub_state']}", "coalition"


@per_dataset
def nearest_coalitions(data: Dataset, place: Place, focus_id: str) -> pd.DataFrame:
    """Coalitions (by hub) and networks with evidence for the focus area, nearest first (networks last)."""
    names = group_names(data)
    hubs = data.coalitions.set_index("coalition_id")
    rows = []
    for r in _evidence_by_group(data, focus_id).itertuples(index=False):
        miles, where, kind = _hub_of(hubs, r.group_id, place)
        rows.append(
            {
                "group_id": r.group_id,
                "name": names.get(r.group_id, r.group_id),
                "kind": kind,
                "hub": where,
                "miles": round(miles) if not math.isnan(miles) else math.nan,
                "level": r.level,
                "own_words": r.own_words,
                "sources": r.evidence_sources,
                "source_labels": r.evidence_source_labels,
            }
        )
    out = pd.DataFrame(rows, columns=COALITION_COLUMNS)
    return out.sort_values(["miles", "name"], na_position="last", kind="stable").reset_index(drop=True)


@per_dataset
def nearest_members(
    data: Dataset, members: pd.DataFrame, place: Place, focus_id: str, limit: int = 10
) -> pd.DataFrame:
    """Listed members and partners of groups with evidence for the focus area, nearest first.

    One row per entity (its groups joined); entities without coordinates are left out.
    """
    ev = _evidence_by_group(data, focus_id).set_index("group_id")
    mine = members[members["group_id"].isin(ev.index) & members["lon"].notna() & members["lat"].notna()]
    rows = []
    for entity_id, grp in mine.groupby("entity_id", sort=False):
        first = grp.iloc[0]
        miles = miles_between(place.lon, place.lat, float(first["lon"]), float(first["lat"]))
        rows.append(
            {
                "entity_id": entity_id,
                "name": first["name"],
                "entity_type": first["entity_type"],
                "state": first["state"],
                "miles": round(miles),
                "via": "; ".join(
                    f"{g.group_name} ({g.role}; {ev.loc[g.group_id, 'level']})"
                    for g in grp.itertuples(index=False)
                ),
                "located": LOCATION_BASIS.get(first["located_by"], first["located_by"]),
                "sources": joined_sources(grp["sources"]),
            }
        )
    out = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    return out.sort_values(["miles", "name"], kind="stable").head(limit).reset_index(drop=True)


def peer_sentence(place: Place, focus_label: str, coalitions: pd.DataFrame, members: pd.DataFrame) -> str:
    """'Nearest to Tulsa, OK on transportation: NTXIA (hub Dallas, TX, 237 miles) …' — computed."""
    located = coalitions[coalitions["kind"] == "coalition"].dropna(subset=["miles"])
    label = focus_label.lower()
    if located.empty:
        text = f"No coalition shows evidence for {label} in the sources read"
        networks = coalitions[coalitions["kind"] == "network"]
        if len(networks):
            text += (
                f"; {and_list(list(networks['name']))} (national) list{'s' if len(networks) == 1 else ''} it"
            )
        return text + "."
    best = located.iloc[0]
    text = (
        f"The nearest coalition with evidence for {label} is {best['name']} "
        f"(hub {best['hub']}, {int(best['miles']):,} miles from {place.label}; {best['level']})"
    )
    if len(members):
        m = members.iloc[0]
        text += (
            f"; the nearest listed member or partner is {m['name']}, {m['state']} ({int(m['miles']):,} miles)"
        )
    return text + "."


def peer_table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The peer-finder results for st.table (markdown; every data string escaped, sources as links)."""
    if kind == "coalitions":
        return pd.DataFrame(
            {
                "Coalition or network": [md_text(v) for v in frame["name"]],
                "Hub": [md_text(v) for v in frame["hub"]],
                "Miles": ["—" if pd.isna(v) else f"{int(v):,}" for v in frame["miles"]],
                "Evidence": [md_text(v) for v in frame["level"]],
                "In their own words": [md_text(v) for v in frame["own_words"]],
                "Sources": [links_markdown(v) for v in frame["sources"]],
            }
        )
    return pd.DataFrame(
        {
            "Member or partner": [md_text(v) for v in frame["name"]],
            "Type": [md_text(v) for v in frame["entity_type"]],
            "State": [md_text(v) for v in frame["state"]],
            "Miles": [f"{int(v):,}" for v in frame["miles"]],
            "Through (role; the coalition's evidence)": [md_text(v) for v in frame["via"]],
            "Placed at": [md_text(v) for v in frame["located"]],
            "Sources": [links_markdown(v) for v in frame["sources"]],
        }
    )


def peer_export(coalitions: pd.DataFrame, nearest: pd.DataFrame) -> pd.DataFrame:
    """Both peer-finder lists as one table for CSV: coalitions/networks first, then members."""
    a = coalitions.rename(columns={"hub": "where"}).assign(result="coalition or network")
    b = nearest.rename(columns={"via": "through", "located": "placed_at"}).assign(result="member or partner")
    cols_a = ["result", "name", "kind", "where", "miles", "level", "own_words", "source_labels", "sources"]
    cols_b = ["result", "name", "entity_type", "state", "miles", "through", "placed_at", "sources"]
    return pd.concat([a[cols_a], b[cols_b]], ignore_index=True)


@dataclass(frozen=True)
class PeersShown:
    """The peer finder's answer for one place and focus area (read-only)."""

    coalitions: pd.DataFrame  # nearest_coalitions
    members: pd.DataFrame  # nearest_members
    sentence: str
    coalitions_table: pd.DataFrame  # peer_table(…, "coalitions")
    members_table: pd.DataFrame  # peer_table(…, "members")
    title: str = ""  # 'Peer finder: Tulsa, OK · Transportation' (plain text: handout note, CSV header)
    coalitions_heading: str = ""  # the heading above the coalitions table, escaped Markdown


@per_dataset
def peers_shown(data: Dataset, members: pd.DataFrame, place: Place, focus_id: str) -> PeersShown:
    label = focus_labels(data)[focus_id]
    coalitions = nearest_coalitions(data, place, focus_id)
    nearest = nearest_members(data, members, place, focus_id)
    return PeersShown(
        coalitions=coalitions,
        members=nearest,
        sentence=peer_sentence(place, label, coalitions, nearest),
        coalitions_table=peer_table(coalitions, "coalitions"),
        members_table=peer_table(nearest, "members"),
        title=f"Peer finder: {place.label} · {label}",
        coalitions_heading=f"Coalitions and networks with evidence for {md_text(label.lower())}, nearest first",
    )


def peers_csv(
    data: Dataset, members: pd.DataFrame, ids: Sequence[str], place: Place, focus_id: str, link: str
) -> bytes:
    """The 'Peer finder results (CSV)' download: both lists, nearest first, under the header lines."""
    peers = peers_shown(data, members, place, focus_id)
    lines = [peers.title, *header_lines(data, ids, link, "Peer finder")[2:]]
    return exports.to_csv_bytes(peer_export(peers.coalitions, peers.members), lines)
