"""The details panel: one coalition's or network's members, focus areas, partnerships and sources,
and plain-text facts about a member clicked on the map."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from components.data import summaries
from components.data.filters import group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.views.map.marks import (
    PLACED,
    first_url,
    membership_dates,
    other_groups,
    source_titles,
    split_ids,
    type_label,
)


@dataclass(frozen=True)
class GroupDetails:
    """What the details panel shows for one coalition or network."""

    group_id: str
    title: str
    kind: str
    lines: tuple[str, ...]
    members: pd.DataFrame
    focus: pd.DataFrame
    links: pd.DataFrame
    shared: pd.DataFrame
    sources: pd.DataFrame


@per_dataset
def details_options(data: Dataset) -> tuple[str, ...]:
    return ("", *data.coalitions["coalition_id"], *data.networks["network_id"])


def _sources_frame(data: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    order = [i for i in dict.fromkeys(ids) if i]
    s = data.sources.set_index("source_id")
    s = s.loc[[i for i in order if i in s.index]].reset_index()
    return pd.DataFrame(
        {
            "Source": s["title"],
            "Publisher": s["publisher"],
            "Dates": [
                summaries.published_label(p, a) for p, a in zip(s["published"], s["accessed"], strict=True)
            ],
            "Link": s["url"],
        }
    )


def _members_frame(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.sort_values(["is_member", "name"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Name": rows["name"],
            "Type": [type_label(t) for t in rows["entity_type"]],
            "Role": rows["role"],
            "State": rows["state"],
            "Joined": rows["joined"],
            "Date": rows[summaries.DATE_COLUMN],
            "Source": [first_url(v) for v in rows["sources"]],
        }
    ).reset_index(drop=True)


def _shared_frame(data: Dataset, rows: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    groups_of = other_groups(data, members)
    out = []
    for r in rows.drop_duplicates("entity_id").itertuples(index=False):
        others = [g for g in groups_of.get(r.entity_id, []) if g != r.group_name]
        if others:
            out.append({"Member": r.name, "Also listed in": ", ".join(others)})
    return pd.DataFrame(out, columns=["Member", "Also listed in"])


def _focus_frame(data: Dataset, evidence: pd.DataFrame) -> pd.DataFrame:
    labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
    src_url = data.sources.set_index("source_id")["url"]
    return pd.DataFrame(
        {
            "Focus area": [labels.get(f, f) for f in evidence["focus_id"]],
            "In their words": [
                summaries.words_shown(w, k)
                for w, k in zip(evidence["own_words"], evidence["wording"], strict=True)
            ],
            "Evidence": evidence["evidence"],
            "Date": summaries.date_labels(data, evidence),
            "Source": [src_url.get(s, "") for s in evidence["source_id"]],
        }
    ).reset_index(drop=True)


def _links_frame(data: Dataset, links: pd.DataFrame, other: str, heading: str) -> pd.DataFrame:
    """The network_coalitions rows of one group: the group at the other end (column `other`, shown
    as `heading`), its role, date ('stated …' / 'undated source, checked …') and source."""
    names = group_names(data)
    src_url = data.sources.set_index("source_id")["url"]
    return pd.DataFrame(
        {
            heading: [names.get(g, g) for g in links[other]],
            "Role": links["role"],
            "Date": summaries.date_labels(data, links),
            "Source": [src_url.get(s, "") for s in links["source_id"]],
        }
    ).reset_index(drop=True)


def _coalition_lines(data: Dataset, members: pd.DataFrame, coalition: pd.Series) -> tuple[str, ...]:
    roster = summaries.roster_completeness(data, members).set_index("coalition_id")
    return (
        f"Roster: {roster.loc[coalition['coalition_id'], 'completeness']}.",
        coalition["roster_note"],
        f"Drawn on the map at {coalition['hub_place']}, {coalition['hub_state']}: {coalition['hub_basis']}.",
    )


def _network_lines(network: pd.Series, rows: pd.DataFrame, links: pd.DataFrame) -> tuple[str, ...]:
    listed = int(rows.loc[rows["is_member"], "entity_id"].nunique())
    partners = int(rows.loc[~rows["is_member"], "entity_id"].nunique())
    count = f"{listed} members listed" + (f" and {partners} named partners" if partners else "")
    return (
        f"{network['kind'].capitalize()}. {network['description']}",
        count + "." if len(rows) else f"{len(links)} coalitions listed; no members of its own.",
    )


@per_dataset
def group_details(data: Dataset, members: pd.DataFrame, group_id: str) -> GroupDetails | None:
    """Members, focus areas, roster completeness, partnerships and sources of one group."""
    coalition = data.coalitions[data.coalitions["coalition_id"] == group_id]
    network = data.networks[data.networks["network_id"] == group_id]
    if coalition.empty and network.empty:
        return None
    rows = summaries.add_dates(data, members[members["group_id"] == group_id], "source_ids")
    evidence = data.focus_evidence[data.focus_evidence["group_id"] == group_id]
    nc = data.network_coalitions
    source_ids = [*evidence["source_id"]]
    for value in rows["source_ids"]:
        source_ids.extend(split_ids(value))
    if not coalition.empty:
        group, links = coalition.iloc[0], nc[nc["coalition_id"] == group_id]
        kind, lines = "coalition", _coalition_lines(data, members, group)
        links_frame = _links_frame(data, links, "network_id", "Partnership")
    else:
        group, links = network.iloc[0], nc[nc["network_id"] == group_id]
        kind, lines = str(group["kind"]), _network_lines(group, rows, links)
        links_frame = _links_frame(data, links, "coalition_id", "Coalition")
    return GroupDetails(
        group_id,
        str(group["name"]),
        kind,
        lines,
        _members_frame(rows),
        _focus_frame(data, evidence),
        links_frame,
        _shared_frame(data, rows, members),
        _sources_frame(data, [group["source_id"], *source_ids, *links["source_id"]]),
    )


@per_dataset
def member_lines(data: Dataset, members: pd.DataFrame, entity_id: str, group_id: str) -> tuple[str, ...]:
    """Plain-text facts about a clicked member, for the top of the details panel."""
    rows = members[(members["entity_id"] == entity_id) & (members["group_id"] == group_id)]
    if rows.empty:
        return ()
    r = rows.iloc[0]
    titles = source_titles(data)
    where = ", ".join(v for v in (type_label(r["entity_type"]), r["state"]) if v)
    role = f"{r['role'].capitalize()} of {r['group_name']}"
    if r["joined"]:
        role += f", joined {r['joined']}"
    if not r["is_member"]:
        role += " (a named partner, not counted as a member)"
    others = [g for g in other_groups(data, members).get(entity_id, []) if g != r["group_name"]]
    lines = [f"{r['name']} ({where})", role + ".", "On the map: " + PLACED.get(r["located_by"], "") + "."]
    if others:
        lines.append("Also listed in: " + ", ".join(others) + ".")
    if r["note"]:
        lines.append(f"Note: {r['note']}")
    dates = membership_dates(data)
    lines.extend(
        f"Source: {titles.get(s, s)}, {dates.get((entity_id, group_id, s), 'undated source')}"
        for s in split_ids(r["source_ids"])
    )
    return tuple(lines)
