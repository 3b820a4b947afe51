"""The compared coalitions' members: who is listed, in words, where (counties), and the member list.

Members are the entities a coalition's sources list as members (not partners); the member list and
the "more than one coalition or network" table also show partners, each with its sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.summaries import CHECKED_COLUMN, DATE_COLUMN, STATED_COLUMN, with_dates
from components.data.text import links_markdown, md_text
from components.geo import boundaries as geo
from components.geo.polygons import county_at

# entities.entity_type as words in a sentence.
TYPE_WORDS = {
    "business-association": "business association",
    "economic-development": "economic development organisation",
    "organization": "organisation",
    "research": "research institute",
    "transit": "transit agency",
}
# `stated`: the membership's own date (empty when its sources give none); `source_checked`: the
# latest check of its sources; `date`: the two as a reader sees them.
MEMBER_LIST_COLUMNS = [
    "group_name",
    "name",
    "entity_type",
    "state",
    "role",
    "is_member",
    STATED_COLUMN,
    CHECKED_COLUMN,
    DATE_COLUMN,
    "sources",
]


def listed_members(members: pd.DataFrame, coalition_id: str) -> pd.DataFrame:
    """Members (not partners) a coalition's sources list, one row per entity."""
    mine = members[(members["group_id"] == coalition_id) & members["is_member"]]
    return mine.drop_duplicates("entity_id")


def primary_role(role: str) -> str:
    """'launch municipality; member' -> 'launch municipality' (members_table joins several roles)."""
    return role.split(";")[0].strip()


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


def joined_sources(sources: pd.Series) -> str:
    """The ' | '-joined addresses of several rows, each once, in order of first appearance."""
    return " | ".join(dict.fromkeys(u for s in sources for u in s.split(" | ") if u))


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
                "sources": joined_sources(grp["sources"]),
            }
        )
    out = pd.DataFrame(
        rows, columns=["entity_id", "name", "entity_type", "state", "groups", "groups_short", "sources"]
    )
    return out.sort_values("name", kind="stable").reset_index(drop=True)


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


def member_list(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Every listed member and partner of the compared coalitions, with role, dates and sources."""
    mine = members[members["group_id"].isin(ids)]
    ordered = mine.sort_values(
        ["group_name", "is_member", "name"], ascending=[True, False, True], kind="stable"
    )
    return with_dates(data, ordered, "source_ids")[MEMBER_LIST_COLUMNS].reset_index(drop=True)


def bounded_member_list(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first `limit` rows of each coalition of a member_list (members before partners)."""
    return frame.groupby("group_name", sort=False).head(limit).reset_index(drop=True)


def member_list_markdown(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Coalition": [md_text(v) for v in frame["group_name"]],
            "Name": [md_text(v) for v in frame["name"]],
            "Type": [md_text(v) for v in frame["entity_type"]],
            "State": [md_text(v) for v in frame["state"]],
            "Role": [md_text(v) for v in frame["role"]],
            "Counted as": ["member" if v else "partner" for v in frame["is_member"]],
            "Date": [md_text(v) for v in frame[DATE_COLUMN]],
            "Sources": [links_markdown(v) for v in frame["sources"]],
        }
    )
