"""Side-by-side comparison of two to four coalitions, their overlap, and the peer finder.

Everything here is computed from the loaded tables; each figure keeps the source it came from
(a coalition_facts row, the coalition's own row, or the membership rows it counts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from components.data.filters import group_names
from components.data.load import USPS_CODES, Dataset
from components.data.memo import per_dataset
from components.data.summaries import roster_completeness
from components.exports import dataset as exports
from components.geo import boundaries as geo
from components.geo.gazetteer import find_place, place_key, us_places
from components.geo.polygons import county_at
from components.views.focus_areas.matrix import (
    LEVEL_NONE,
    LEVEL_OF_EVIDENCE,
    RANK,
    md_link,
    md_text,
    source_label,
)

MIN_COMPARE, MAX_COMPARE = 2, 4
EARTH_RADIUS_MILES = 3958.8
NOT_FOUND = "Not found in the sources read"
MEMBERS_SOURCE = "counted from the member list below"
# Rows of each coalition the on-screen member list shows; the CSV download has them all. The
# shipped coalitions list at most a few dozen; a roster of thousands would be megabytes of table.
MEMBER_LIST_LIMIT = 100

# (aspect label, coalition_facts.fact) in display order; facts not listed here are not compared.
FACT_ASPECTS = (
    ("Founded", "founded"),
    ("Origin", "origin"),
    ("Headquarters", "hq"),
    ("Legal form", "legal_form"),
    ("Leaders", "leader"),
    ("Co-founders", "co_founder"),
    ("Member counts reported", "members_reported"),
    ("Area covered (as stated)", "coverage"),
    ("Affiliation", "affiliation"),
    ("Membership cost", "membership_cost"),
    ("Activity", "activity"),
)
ALWAYS_SHOWN = {"founded", "hq", "legal_form", "leader", "members_reported"}

LOCATION_BASIS = {
    "city": "its city",
    "county": "county centre",
    "state": "state centre",
    "coalition-hub": "approximate: placed at its coalition's hub (own city not given)",
}


@per_dataset
def default_coalitions(data: Dataset, members: pd.DataFrame) -> tuple[str, ...]:
    """The two coalitions with the most members listed (ties: file order) — the page's default."""
    roster = roster_completeness(data, members)
    ranked = roster.sort_values("listed", ascending=False, kind="stable")
    return tuple(ranked["coalition_id"].head(MIN_COMPARE))


def resolve_coalitions(
    chosen: Sequence[str], data: Dataset, members: pd.DataFrame
) -> tuple[tuple[str, ...], list[str]]:
    """Two to four known coalition ids from what was chosen, and plain-text notices for any change.

    Nothing chosen gives the default pair without a notice (the page says what the default is).
    """
    known = list(data.coalitions["coalition_id"])
    names = group_names(data)
    ids = [c for c in dict.fromkeys(chosen) if c in known]
    notices: list[str] = []
    if len(ids) > MAX_COMPARE:
        dropped = ", ".join(names[c] for c in ids[MAX_COMPARE:])
        notices.append(f"Compare shows at most {MAX_COMPARE} coalitions; left out {dropped}.")
        ids = ids[:MAX_COMPARE]
    if len(ids) < MIN_COMPARE:
        fill = [c for c in (*default_coalitions(data, members), *known) if c not in ids]
        added = fill[: MIN_COMPARE - len(ids)]
        if added and ids and len(known) >= MIN_COMPARE:  # with nothing chosen the default is silent
            notices.append(
                f"Compare needs at least {MIN_COMPARE} coalitions; added "
                f"{', '.join(names[c] for c in added)} (the coalitions with the most members listed)."
            )
        ids += added
    return tuple(ids), notices


@per_dataset
def _sources(data: Dataset) -> pd.DataFrame:
    """Sources indexed by id with a 'source' label (cached per dataset, shared: read-only)."""
    src = data.sources[["source_id", "title", "publisher", "url", "published", "accessed"]].copy()
    src["source"] = [
        source_label(p, a, pub)
        for p, a, pub in zip(src["published"], src["accessed"], src["publisher"], strict=True)
    ]
    return src.set_index("source_id")


def _row(aspect: str, cid: str, name: str, value: str, source_id: str, src: pd.DataFrame, **extra) -> dict:
    known = source_id in src.index
    return {
        "aspect": aspect,
        "coalition_id": cid,
        "coalition": name,
        "value": value,
        "source_id": source_id,
        "source": src.loc[source_id, "source"] if known else (MEMBERS_SOURCE if not source_id else source_id),
        "url": src.loc[source_id, "url"] if known else "",
        "as_of": extra.get("as_of", ""),
        "note": extra.get("note", ""),
    }


def listed_members(members: pd.DataFrame, coalition_id: str) -> pd.DataFrame:
    """Members (not partners) a coalition's sources list, one row per entity."""
    mine = members[(members["group_id"] == coalition_id) & members["is_member"]]
    return mine.drop_duplicates("entity_id")


def primary_role(role: str) -> str:
    """'launch municipality; member' -> 'launch municipality' (members_table joins several roles)."""
    return role.split(";")[0].strip()


# entities.entity_type as words in a sentence.
TYPE_WORDS = {
    "business-association": "business association",
    "economic-development": "economic development organisation",
    "organization": "organisation",
    "research": "research institute",
    "transit": "transit agency",
}


def plural_role(role: str, n: int) -> str:
    """'city' -> 'cities', 'founding member' -> 'founding members' (for n != 1)."""
    role = TYPE_WORDS.get(role, role)
    if n == 1:
        return role
    if role.endswith("y") and not role.endswith(("ay", "ey", "oy")):
        return role[:-1] + "ies"
    return role + "s"


def count_phrase(counts: pd.Series) -> str:
    """'14 cities, 2 business-associations and 1 county' from value counts (largest first)."""
    parts = [f"{int(n)} {plural_role(str(k), int(n))}" for k, n in counts.items() if n]
    if not parts:
        return "none"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _boundaries(data: Dataset) -> Path:
    folder = data.data_dir / "boundaries"
    return folder if (folder / "counties.geojson").is_file() else geo.BOUNDARIES_DIR


@per_dataset
def coalition_counties(data: Dataset, members: pd.DataFrame, coalition_id: str) -> tuple[str, ...]:
    """counties_covered by one coalition's listed members, once per dataset (a point-in-polygon test
    per member: seconds for a roster of thousands)."""
    return tuple(counties_covered(data, listed_members(members, coalition_id)))


def counties_covered(data: Dataset, listed: pd.DataFrame) -> list[str]:
    """'Dallas County, TX' for each county that is a listed member or holds a member city's map point.

    Only members placed by their own city or county count; a city can span several counties and is
    counted in the one around its gazetteer point.
    """
    found: dict[str, str] = {}
    boundaries = _boundaries(data)
    for row in listed.itertuples(index=False):
        if pd.isna(row.lon) or pd.isna(row.lat) or row.located_by not in ("city", "county"):
            continue
        hit = county_at(float(row.lon), float(row.lat), boundaries)
        if hit:
            found[hit[0]] = f"{hit[1]} ({hit[2]})"
    return sorted(found.values())


@per_dataset
def focus_levels(data: Dataset, group_id: str) -> dict[str, str]:
    """focus_id -> strongest evidence level for one coalition or network (cached, shared: read-only)."""
    ev = data.focus_evidence[data.focus_evidence["group_id"] == group_id]
    out: dict[str, str] = {}
    for focus_id, grp in ev.groupby("focus_id"):
        levels = grp["evidence"].map(LEVEL_OF_EVIDENCE).fillna(LEVEL_NONE)
        out[focus_id] = max(levels, key=RANK.__getitem__)
    return out


@per_dataset
def focus_overlap(data: Dataset, ids: Sequence[str]) -> pd.DataFrame:
    """One row per focus area any compared coalition pursues: who pursues it and how strongly.

    Cached per dataset and coalitions, shared: read-only.
    """
    names = group_names(data)
    levels = {cid: focus_levels(data, cid) for cid in ids}
    rows = []
    for fa in data.focus_areas.itertuples(index=False):
        who = [cid for cid in ids if fa.focus_id in levels[cid]]
        if not who:
            continue
        row = {
            "focus_id": fa.focus_id,
            "focus_area": fa.label,
            "nscp_shared": bool(fa.nscp_shared),
            "pursued_by": len(who),
            "shared_by_all": len(who) == len(ids),
            "only": names[who[0]] if len(who) == 1 else "",
        }
        for cid in ids:
            row[names[cid]] = levels[cid].get(fa.focus_id, LEVEL_NONE)
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(
            columns=["focus_id", "focus_area", "nscp_shared", "pursued_by", "shared_by_all", "only"]
        )
    return out.sort_values(
        ["pursued_by", "nscp_shared"], ascending=[False, False], kind="stable"
    ).reset_index(drop=True)


@per_dataset
def comparison(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Long table: one row per (aspect, coalition, value) with the value's source and as-of date.

    Cached per dataset and coalitions (pass the process-wide member table), shared: read-only.
    """
    names = group_names(data)
    src = _sources(data)
    facts = data.coalition_facts
    roster = roster_completeness(data, members).set_index("coalition_id")
    overlap = focus_overlap(data, ids)
    coalitions = data.coalitions.set_index("coalition_id")
    nc = data.network_coalitions
    rows: list[dict] = []
    for aspect, fact in FACT_ASPECTS:
        mine = facts[(facts["fact"] == fact) & facts["coalition_id"].isin(ids)]
        if mine.empty and fact not in ALWAYS_SHOWN:
            continue
        for cid in ids:
            here = mine[mine["coalition_id"] == cid]
            for f in here.itertuples(index=False):
                rows.append(
                    _row(aspect, cid, names[cid], f.value, f.source_id, src, as_of=f.as_of, note=f.note)
                )
            if here.empty:
                rows.append(_row(aspect, cid, names[cid], NOT_FOUND, "", src) | {"source": ""})
            if fact == "hq":
                c = coalitions.loc[cid]
                rows.append(
                    _row(
                        "Hub on the map",
                        cid,
                        names[cid],
                        f"{c['hub_place']}, {c['hub_state']} — chosen from: {c['hub_basis']}",
                        c["source_id"],
                        src,
                        as_of=c["as_of"],
                    )
                )
    for cid in ids:
        listed = listed_members(members, cid)
        r = roster.loc[cid]
        rows.append(
            _row(
                "Members listed vs reported",
                cid,
                names[cid],
                r["completeness"],
                r["reported_source_id"] or "",
                src,
                note=r["roster_note"],
            )
        )
        by_type = listed["entity_type"].value_counts()
        rows.append(_row("Members listed, by type", cid, names[cid], count_phrase(by_type), "", src))
        by_role = listed["role"].map(primary_role).value_counts()
        rows.append(_row("Members listed, by role", cid, names[cid], count_phrase(by_role), "", src))
        states = sorted(set(listed["state"].dropna()) - {""})
        rows.append(
            _row(
                "States covered (listed members)",
                cid,
                names[cid],
                ", ".join(states) or "none listed",
                "",
                src,
            )
        )
        counties = coalition_counties(data, members, cid)
        rows.append(
            _row(
                "Counties covered (listed members)",
                cid,
                names[cid],
                f"{len(counties)} — {', '.join(counties)}" if counties else "none listed",
                "",
                src,
                note="A county that is a member, or that holds a member city's map point "
                "(from the bundled Census boundaries).",
            )
        )
    for cid in ids:
        labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
        shared = overlap.loc[overlap["shared_by_all"], "focus_id"]
        only = overlap.loc[overlap["only"] == names[cid], "focus_id"]
        ev = data.focus_evidence[data.focus_evidence["group_id"] == cid]
        if ev.empty:
            rows.append(_row("Focus areas (evidence)", cid, names[cid], LEVEL_NONE, "", src) | {"source": ""})
        # One row per source: the focus areas that source gives evidence for, with their level.
        for source_id, grp in ev.groupby("source_id", sort=False):
            areas = [
                f"{labels[f]} ({LEVEL_OF_EVIDENCE.get(e, LEVEL_NONE)})"
                for f, e in dict.fromkeys(zip(grp["focus_id"], grp["evidence"], strict=True))
                if f in labels
            ]
            rows.append(
                _row(
                    "Focus areas (evidence)",
                    cid,
                    names[cid],
                    "; ".join(areas),
                    source_id,
                    src,
                    as_of=max(grp["as_of"]),
                )
            )
        rows.append(
            _row(
                "Focus areas shared by all compared",
                cid,
                names[cid],
                ", ".join(labels[f] for f in shared) or "none",
                "",
                src,
            )
            | {"source": "computed from the focus-area evidence"}
        )
        rows.append(
            _row(
                "Focus areas only this one pursues (of those compared)",
                cid,
                names[cid],
                ", ".join(labels[f] for f in only) or "none",
                "",
                src,
            )
            | {"source": "computed from the focus-area evidence"}
        )
        mine = nc[nc["coalition_id"] == cid]
        if mine.empty:
            rows.append(
                _row("Networks it belongs to", cid, names[cid], "none found", "", src) | {"source": ""}
            )
        for n in mine.itertuples(index=False):
            rows.append(
                _row(
                    "Networks it belongs to",
                    cid,
                    names[cid],
                    f"{names.get(n.network_id, n.network_id)} ({n.role})",
                    n.source_id,
                    src,
                    as_of=n.as_of,
                    note=n.note,
                )
            )
    return pd.DataFrame(rows)


def comparison_table(long: pd.DataFrame, ids: Sequence[str], data: Dataset) -> pd.DataFrame:
    """The side-by-side view for st.table: one row per aspect, one column per coalition.

    Each cell lists the values with their source as a link (markdown, every data string escaped).
    """
    names = group_names(data)
    aspects = list(dict.fromkeys(long["aspect"]))
    records = []
    for aspect in aspects:
        rec = {"Aspect": md_text(aspect)}
        for cid in ids:
            here = long[(long["aspect"] == aspect) & (long["coalition_id"] == cid)]
            parts = []
            for r in here.itertuples(index=False):
                cell = md_text(r.value)
                if r.url:
                    cell += " — " + md_link(r.source, r.url)
                elif r.source:
                    cell += f" — _{md_text(r.source)}_"
                parts.append(cell)
            rec[md_text(names[cid])] = "\n\n".join(parts)
        records.append(rec)
    return pd.DataFrame(records)


@per_dataset
def comparison_sentences(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """Plain-language comparison sentences, every number computed from the data (cached: read-only)."""
    names = group_names(data)
    sentences: list[str] = []

    member_parts = []
    for cid in ids:
        listed = listed_members(members, cid)
        if listed.empty:
            partners = members[(members["group_id"] == cid) & ~members["is_member"]]["entity_id"].nunique()
            member_parts.append(
                f"{names[cid]} lists no members in the sources read"
                + (f" (only {partners} named partner{'s' if partners != 1 else ''})" if partners else "")
            )
            continue
        by_role = listed["role"].map(primary_role).value_counts()
        cities = int((listed["entity_type"] == "city").sum())
        text = f"{names[cid]} lists {count_phrase(by_role)}"
        says_cities = any(w in " ".join(by_role.index) for w in ("city", "municipal"))
        if cities == len(listed) and not says_cities:
            text += ", all of them cities" if len(listed) > 1 else ", a city"
        elif cities and cities < len(listed):
            text += f", {cities} of them cities"
        member_parts.append(text)
    sentences.append("; ".join(member_parts) + ".")

    founded = data.coalition_facts[data.coalition_facts["fact"] == "founded"]
    found_parts = []
    for cid in ids:
        values = distinct_dates(founded.loc[founded["coalition_id"] == cid, "value"])
        if not values:
            found_parts.append(f"{names[cid]}: no founding date in the sources read")
        elif len(values) == 1:
            found_parts.append(f"{names[cid]}: {values[0]}")
        else:
            found_parts.append(f"{names[cid]}: {' or '.join(values)} (sources disagree)")
    sentences.append("Founded — " + "; ".join(found_parts) + ".")

    overlap = focus_overlap(data, ids)
    both = "Both" if len(ids) == 2 else f"All {len(ids)}"
    shared = list(overlap.loc[overlap["shared_by_all"], "focus_area"].str.lower())
    if shared:
        sentences.append(f"{both} pursue {_and(shared)}.")
    else:
        sentences.append(f"No focus area is pursued by all {len(ids)} in the sources read.")
    for cid in ids:
        only = list(overlap.loc[overlap["only"] == names[cid], "focus_area"].str.lower())
        if only:
            sentences.append(f"Only {names[cid]} pursues {_and(only)}.")

    nc = data.network_coalitions
    common = set.intersection(*(set(nc.loc[nc["coalition_id"] == cid, "network_id"]) for cid in ids))
    if common:
        listing = "; ".join(names.get(n, n) for n in data.networks["network_id"] if n in common)
        sentences.append(
            f"{both} belong to {'this network' if len(common) == 1 else 'these networks'}: {listing}."
        )
    shared_members = multi_group_members(data, members, ids)
    if len(shared_members):
        listing = [f"{r.name} ({r.groups_short})" for r in shared_members.itertuples(index=False)]
        n = len(shared_members)
        sentences.append(
            f"{n} of their listed members and partners also belong{'s' if n == 1 else ''} to another "
            f"coalition or network: {_and(listing)}."
        )
    return sentences


def distinct_dates(values: Sequence[str]) -> list[str]:
    """Values with the ones a more precise value already says dropped: ['2012-11-02', '2012'] -> ['2012-11-02']."""
    unique = list(dict.fromkeys(str(v) for v in values))
    return [v for v in unique if not any(o != v and o.startswith(v + "-") for o in unique)]


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@per_dataset
def multi_group_members(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Members and partners of the compared coalitions that belong to more than one coalition or network.

    Cached per dataset and coalitions, shared: read-only.
    """
    mine = members[members["group_id"].isin(ids)]
    everywhere = members[members["entity_id"].isin(mine["entity_id"])]
    counts = everywhere.groupby("entity_id")["group_id"].nunique()
    multi = everywhere[everywhere["entity_id"].isin(counts[counts > 1].index)]
    rows = []
    for entity_id, grp in multi.groupby("entity_id", sort=False):
        first = grp.iloc[0]
        rows.append(
            {
                "entity_id": entity_id,
                "name": first["name"],
                "entity_type": first["entity_type"],
                "state": first["state"],
                "groups": "; ".join(f"{g.group_name} ({g.role})" for g in grp.itertuples(index=False)),
                "groups_short": ", ".join(grp["group_name"]),
                "sources": " | ".join(dict.fromkeys(u for s in grp["sources"] for u in s.split(" | ") if u)),
            }
        )
    out = pd.DataFrame(
        rows, columns=["entity_id", "name", "entity_type", "state", "groups", "groups_short", "sources"]
    )
    return out.sort_values("name", kind="stable").reset_index(drop=True)


def links_markdown(urls: str, limit: int = 4) -> str:
    """' | '-joined addresses as short numbered markdown links: '[source 1](…), [source 2](…)'."""
    parts = [u for u in str(urls or "").split(" | ") if u]
    links = [md_link(f"source {i}", u) for i, u in enumerate(parts[:limit], start=1)]
    if len(parts) > limit:
        links.append(md_text(f"and {len(parts) - limit} more on the Data page"))
    return ", ".join(links)


# ---- Peer finder -----------------------------------------------------------------------------


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


_COUNTY_WORDS = ("county", "parish", "borough", "census area", "municipality", "municipio")


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
    src = _sources(data)
    ev = data.focus_evidence[data.focus_evidence["focus_id"] == focus_id]
    rows = []
    for group_id, grp in ev.groupby("group_id", sort=False):
        level = max(grp["evidence"].map(LEVEL_OF_EVIDENCE).fillna(LEVEL_NONE), key=RANK.__getitem__)
        known = [s for s in dict.fromkeys(grp["source_id"]) if s in src.index]
        rows.append(
            {
                "group_id": group_id,
                "level": level,
                "own_words": " · ".join(dict.fromkeys(f"“{w}”" for w in grp["own_words"])),
                "evidence_sources": " | ".join(src.loc[s, "url"] for s in known),
                "evidence_source_labels": "; ".join(src.loc[s, "source"] for s in known),
            }
        )
    return pd.DataFrame(
        rows, columns=["group_id", "level", "own_words", "evidence_sources", "evidence_source_labels"]
    )


@per_dataset
def nearest_coalitions(data: Dataset, place: Place, focus_id: str) -> pd.DataFrame:
    """Coalitions (by hub) and networks with evidence for the focus area, nearest first (networks last)."""
    names = group_names(data)
    ev = _evidence_by_group(data, focus_id)
    hubs = data.coalitions.set_index("coalition_id")
    rows = []
    for r in ev.itertuples(index=False):
        if r.group_id in hubs.index:
            hub = hubs.loc[r.group_id]
            has_point = not (pd.isna(hub["lon"]) or pd.isna(hub["lat"]))
            miles = miles_between(place.lon, place.lat, hub["lon"], hub["lat"]) if has_point else math.nan
            where = f"{hub['hub_place']}, {hub['hub_state']}"
            kind = "coalition"
        else:
            miles, where, kind = math.nan, "national (no single location)", "network"
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
    out = pd.DataFrame(
        rows,
        columns=[
            "group_id",
            "name",
            "kind",
            "hub",
            "miles",
            "level",
            "own_words",
            "sources",
            "source_labels",
        ],
    )
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
                "sources": " | ".join(dict.fromkeys(u for s in grp["sources"] for u in s.split(" | ") if u)),
            }
        )
    out = pd.DataFrame(
        rows, columns=["entity_id", "name", "entity_type", "state", "miles", "via", "located", "sources"]
    )
    return out.sort_values(["miles", "name"], kind="stable").head(limit).reset_index(drop=True)


def peer_sentence(place: Place, focus_label: str, coalitions: pd.DataFrame, members: pd.DataFrame) -> str:
    """'Nearest to Tulsa, OK on transportation: NTXIA (hub Dallas, TX, 237 miles) …' — computed."""
    located = coalitions[coalitions["kind"] == "coalition"].dropna(subset=["miles"])
    label = focus_label.lower()
    if located.empty:
        text = f"No coalition shows evidence for {label} in the sources read"
        networks = coalitions[coalitions["kind"] == "network"]
        if len(networks):
            text += f"; {_and(list(networks['name']))} (national) list{'s' if len(networks) == 1 else ''} it"
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


def members_markdown(frame: pd.DataFrame) -> pd.DataFrame:
    """Multi-group members for st.table."""
    return pd.DataFrame(
        {
            "Member or partner": [md_text(v) for v in frame["name"]],
            "Type": [md_text(v) for v in frame["entity_type"]],
            "State": [md_text(v) for v in frame["state"]],
            "Belongs to (role)": [md_text(v) for v in frame["groups"]],
            "Sources": [links_markdown(v) for v in frame["sources"]],
        }
    )


def focus_overlap_markdown(overlap: pd.DataFrame, ids: Sequence[str], data: Dataset) -> pd.DataFrame:
    names = group_names(data)
    out = pd.DataFrame({"Focus area": [md_text(v) for v in overlap["focus_area"]]})
    out["NSCP shared"] = ["★ yes" if v else "" for v in overlap["nscp_shared"]]
    for cid in ids:
        out[md_text(names[cid])] = [md_text(v) for v in overlap[names[cid]]] if len(overlap) else []
    out["Pursued by"] = [f"{n} of {len(ids)}" for n in overlap["pursued_by"]]
    return out


def member_list(members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Every listed member and partner of the compared coalitions, with role and sources."""
    mine = members[members["group_id"].isin(ids)]
    return mine.sort_values(
        ["group_name", "is_member", "name"], ascending=[True, False, True], kind="stable"
    )[["group_name", "name", "entity_type", "state", "role", "is_member", "as_of", "sources"]].reset_index(
        drop=True
    )


def member_list_markdown(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Coalition": [md_text(v) for v in frame["group_name"]],
            "Name": [md_text(v) for v in frame["name"]],
            "Type": [md_text(v) for v in frame["entity_type"]],
            "State": [md_text(v) for v in frame["state"]],
            "Role": [md_text(v) for v in frame["role"]],
            "Counted as": ["member" if v else "partner" for v in frame["is_member"]],
            "As of": [md_text(v) for v in frame["as_of"]],
            "Sources": [links_markdown(v) for v in frame["sources"]],
        }
    )


def header_lines(data: Dataset, ids: Sequence[str], link: str, what: str) -> list[str]:
    """The lines every comparison download starts with: what, which coalitions, data as-of, link."""
    names = group_names(data)
    return [
        f"{what} — US regional smart-city coalitions dashboard",
        "Coalitions: " + ", ".join(names.get(c, c) for c in ids),
        f"Data as of {data.as_of}. Every row names its source; addresses are in the url column "
        "or in each member's sources.",
        f"View: {link}",
    ]


def peer_export(coalitions: pd.DataFrame, nearest: pd.DataFrame) -> pd.DataFrame:
    """Both peer-finder lists as one table for CSV: coalitions/networks first, then members."""
    a = coalitions.rename(columns={"hub": "where"}).assign(result="coalition or network")
    b = nearest.rename(columns={"via": "through", "located": "placed_at"}).assign(result="member or partner")
    cols_a = ["result", "name", "kind", "where", "miles", "level", "own_words", "source_labels", "sources"]
    cols_b = ["result", "name", "entity_type", "state", "miles", "through", "placed_at", "sources"]
    return pd.concat([a[cols_a], b[cols_b]], ignore_index=True)


def source_lines(long: pd.DataFrame) -> list[str]:
    """'title — address' for each source the comparison cites (once each, in order of first use)."""
    cited = long[long["url"].astype(bool)].drop_duplicates("url")
    return [f"{r.source} — {r.url}" for r in cited.itertuples(index=False)]


# ---- What the page shows, per view (memoized) ---------------------------------------------------


@dataclass(frozen=True)
class ComparisonShown:
    """Everything /compare draws for one set of coalitions, computed once per dataset (read-only)."""

    long: pd.DataFrame  # comparison(): one row per aspect, coalition and value
    table: pd.DataFrame  # the side-by-side table, escaped for st.table
    sentences: tuple[str, ...]
    overlap: pd.DataFrame  # focus_overlap_markdown (empty when no coalition has focus evidence)
    shared_members: pd.DataFrame  # members_markdown of multi_group_members (may be empty)
    members_listed: int  # rows of the full member list
    member_table: pd.DataFrame  # member_list_markdown, at most MEMBER_LIST_LIMIT rows per coalition
    members_left_out: int  # rows of the member list not on screen (they are in the CSV)
    sources: tuple[str, ...]


@per_dataset
def comparison_shown(
    data: Dataset, members: pd.DataFrame, ids: Sequence[str], member_limit: int = MEMBER_LIST_LIMIT
) -> ComparisonShown:
    """The page's view of the compared coalitions: comparison, sentences, overlap and member tables.

    The member table shows at most `member_limit` rows of each coalition.
    """
    ids = tuple(ids)
    long = comparison(data, members, ids)
    overlap = focus_overlap(data, ids)
    shared = multi_group_members(data, members, ids)
    full = member_list(members, ids)
    shown = bounded_member_list(full, member_limit)
    return ComparisonShown(
        long=long,
        table=comparison_table(long, ids, data),
        sentences=tuple(comparison_sentences(data, members, ids)),
        overlap=focus_overlap_markdown(overlap, ids, data) if len(overlap) else pd.DataFrame(),
        shared_members=members_markdown(shared) if len(shared) else pd.DataFrame(),
        members_listed=len(full),
        member_table=member_list_markdown(shown),
        members_left_out=len(full) - len(shown),
        sources=tuple(source_lines(long)),
    )


def bounded_member_list(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first `limit` rows of each coalition of a member_list (members before partners)."""
    return frame.groupby("group_name", sort=False).head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class PeersShown:
    """The peer finder's answer for one place and focus area (read-only)."""

    coalitions: pd.DataFrame  # nearest_coalitions
    members: pd.DataFrame  # nearest_members
    sentence: str
    coalitions_table: pd.DataFrame  # peer_table(…, "coalitions")
    members_table: pd.DataFrame  # peer_table(…, "members")


@per_dataset
def peers_shown(data: Dataset, members: pd.DataFrame, place: Place, focus_id: str) -> PeersShown:
    labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
    coalitions = nearest_coalitions(data, place, focus_id)
    nearest = nearest_members(data, members, place, focus_id)
    return PeersShown(
        coalitions=coalitions,
        members=nearest,
        sentence=peer_sentence(place, labels[focus_id], coalitions, nearest),
        coalitions_table=peer_table(coalitions, "coalitions"),
        members_table=peer_table(nearest, "members"),
    )


def comparison_csv(data: Dataset, members: pd.DataFrame, ids: Sequence[str], link: str) -> bytes:
    """The 'Comparison (CSV)' download: the long comparison under its header lines."""
    lines = header_lines(data, ids, link, "Coalition comparison")
    return exports.to_csv_bytes(comparison(data, members, tuple(ids)), lines)


def member_list_csv(data: Dataset, members: pd.DataFrame, ids: Sequence[str], link: str) -> bytes:
    """The 'Member list (CSV)' download: every listed member and partner, with its sources."""
    lines = header_lines(data, ids, link, "Members and partners of the compared coalitions")
    return exports.to_csv_bytes(member_list(members, ids), lines)


def peers_csv(
    data: Dataset, members: pd.DataFrame, ids: Sequence[str], place: Place, focus_id: str, link: str
) -> bytes:
    """The 'Peer finder results (CSV)' download: both lists, nearest first, under the header lines."""
    labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
    lines = [
        f"Peer finder: {place.label} · {labels[focus_id]}",
        *header_lines(data, ids, link, "Peer finder")[2:],
    ]
    peers = peers_shown(data, members, place, focus_id)
    return exports.to_csv_bytes(peer_export(peers.coalitions, peers.members), lines)
