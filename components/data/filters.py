"""Filters as a value object: parse from view state, apply to the member table, describe in words."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.schema import MEMBER_ROLES


@dataclass(frozen=True)
class Filters:
    states: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    coalitions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()

    @classmethod
    def from_values(cls, values: dict[str, tuple[str, ...]]) -> Filters:
        return cls(
            states=tuple(values.get("state", ())),
            focus=tuple(values.get("focus", ())),
            coalitions=tuple(values.get("coalition", ())),
            types=tuple(values.get("type", ())),
            networks=tuple(values.get("network", ())),
        )

    def to_values(self) -> dict[str, tuple[str, ...]]:
        return {
            "state": self.states,
            "focus": self.focus,
            "coalition": self.coalitions,
            "type": self.types,
            "network": self.networks,
        }

    @property
    def active(self) -> bool:
        return any(self.to_values().values())


@per_dataset
def group_names(data: Dataset) -> dict[str, str]:
    """Display name of every coalition and network id."""
    names = dict(zip(data.coalitions["coalition_id"], data.coalitions["short_name"], strict=True))
    names.update(zip(data.networks["network_id"], data.networks["name"], strict=True))
    return names


def members_table(data: Dataset) -> pd.DataFrame:
    """One row per (entity, group): the entity's place and type, its role, and its sources.

    Several sources for the same membership are joined into one row so counts are of entities.
    """
    m = data.memberships.merge(data.entities, on="entity_id", how="inner", suffixes=("", "_entity"))
    m = m.merge(data.sources[["source_id", "url", "title"]], on="source_id", how="left")
    names = group_names(data)
    kinds = {cid: "coalition" for cid in data.coalitions["coalition_id"]}
    kinds.update({nid: "network" for nid in data.networks["network_id"]})
    # Group plain records: slicing a DataFrame per group costs ~10x more on large data.
    grouped: dict[tuple[str, str], list[dict]] = {}
    for rec in m.to_dict("records"):
        grouped.setdefault((rec["entity_id"], rec["group_id"]), []).append(rec)
    rows = []
    for (entity_id, group_id), grp in grouped.items():
        first = grp[0]
        roles = list(dict.fromkeys(r["role"] for r in grp))
        member_roles = [r for r in roles if r in MEMBER_ROLES]
        rows.append(
            {
                "entity_id": entity_id,
                "name": first["name"],
                "entity_type": first["entity_type"],
                "state": first["state"],
                "country": first["country"],
                "located_by": first["located_by"],
                "lon": first["lon"],
                "lat": first["lat"],
                "county_fips": first["county_fips"],
                "group_id": group_id,
                "group_name": names.get(group_id, group_id),
                "group_kind": kinds.get(group_id, ""),
                "role": "; ".join(member_roles or roles),
                "is_member": bool(member_roles),
                "cohort": "; ".join(c for c in dict.fromkeys(r["cohort"] for r in grp) if c),
                "joined": min((r["joined"] for r in grp if r["joined"]), default=""),
                "as_of": max(r["as_of"] for r in grp),
                "sources": " | ".join(dict.fromkeys("" if pd.isna(r["url"]) else r["url"] for r in grp)),
                "source_ids": "; ".join(dict.fromkeys(r["source_id"] for r in grp)),
                "note": " ".join(n for n in dict.fromkeys(r["note"] for r in grp) if n),
                "place_note": first.get("note_entity", ""),
            }
        )
    return pd.DataFrame(rows)


def groups_with_focus(data: Dataset, focus: tuple[str, ...]) -> set[str]:
    """Coalition and network ids with evidence for any of the focus areas."""
    ev = data.focus_evidence
    return set(ev.loc[ev["focus_id"].isin(focus), "group_id"])


def groups_in_networks(data: Dataset, networks: tuple[str, ...]) -> set[str]:
    """The networks themselves plus the coalitions that belong to them."""
    nc = data.network_coalitions
    return set(networks) | set(nc.loc[nc["network_id"].isin(networks), "coalition_id"])


def rows_matching(
    frame: pd.DataFrame, conditions: Iterable[tuple[str, Collection[object] | None]]
) -> pd.DataFrame:
    """Rows whose value in each condition's column is among its allowed values (None: any value).

    One boolean mask, narrowed by every filter that is set: the members filter below and the survey's
    respondent filters both select rows this way.
    """
    keep = pd.Series(True, index=frame.index)
    for column, allowed in conditions:
        if allowed is not None:
            keep &= frame[column].isin(allowed)
    return frame[keep]


def apply(members: pd.DataFrame, data: Dataset, filters: Filters) -> pd.DataFrame:
    """Rows of `members_table` that the filters select."""
    return rows_matching(
        members,
        [
            ("state", filters.states or None),
            ("entity_type", filters.types or None),
            ("group_id", filters.coalitions or None),
            ("group_id", groups_in_networks(data, filters.networks) if filters.networks else None),
            ("group_id", groups_with_focus(data, filters.focus) if filters.focus else None),
        ],
    )


def _join(words: list[str]) -> str:
    return ", ".join(words)


def describe(selected: pd.DataFrame, data: Dataset, filters: Filters) -> str:
    """One line in words: '24 members of 3 coalitions in TX, AZ · focus: transportation'."""
    if len(selected):
        member_ids = set(selected.loc[selected["is_member"], "entity_id"])
        n_members = len(member_ids)
        n_partners = selected.loc[~selected["entity_id"].isin(member_ids), "entity_id"].nunique()
        groups = list(selected["group_id"].unique())
    else:
        n_members = n_partners = 0
        groups = []
    coalition_ids = set(data.coalitions["coalition_id"])
    n_coal = sum(1 for g in groups if g in coalition_ids)
    n_net = len(groups) - n_coal
    text = _plural(n_members, "member")
    if n_partners:
        text += " and " + _plural(n_partners, "partner")
    of = [
        w
        for w in (_plural(n_coal, "coalition") if n_coal else "", _plural(n_net, "network") if n_net else "")
        if w
    ]
    if of:
        text += " of " + " and ".join(of)
    if filters.states:
        text += " in " + _join(list(filters.states))
    labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
    names = group_names(data)
    extras = []
    if filters.focus:
        extras.append("focus: " + _join([labels.get(f, f).lower() for f in filters.focus]))
    if filters.coalitions:
        extras.append("coalition: " + _join([names.get(c, c) for c in filters.coalitions]))
    if filters.networks:
        extras.append("network: " + _join([names.get(n, n) for n in filters.networks]))
    if filters.types:
        extras.append("type: " + _join(list(filters.types)))
    return " · ".join([text, *extras])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
