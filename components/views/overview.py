"""The overview page's content: headline counts, roster completeness and the list of views."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.summaries import roster_completeness, vintage_label
from components.url.pages import PAGES, PageInfo

TITLE = "US regional smart-city coalitions — overview"


@per_dataset
def overview_counts(data: Dataset, members: pd.DataFrame) -> dict[str, int | str]:
    """The headline numbers of the overview page."""
    coalition_members = members[(members["group_kind"] == "coalition")]
    states = set(members["state"].dropna()) - {""}
    return {
        "coalitions": len(data.coalitions),
        "networks": len(data.networks),
        "entities": int(members["entity_id"].nunique()),
        "coalition_members_listed": int(
            coalition_members.loc[coalition_members["is_member"], "entity_id"].nunique()
        ),
        "states": len(states),
        "focus_areas": len(data.focus_areas),
        "sources": len(data.sources),
        "as_of": data.as_of,
    }


@dataclass(frozen=True)
class OverviewShown:
    counts: dict[str, int | str]
    roster: pd.DataFrame  # ready to show: indexed by coalition, two text columns
    views: tuple[PageInfo, ...]  # every page but the overview, with its blurb
    description: str  # one sentence for the share panel


@per_dataset
def overview_shown(data: Dataset, members: pd.DataFrame) -> OverviewShown:
    counts = overview_counts(data, members)
    roster = (
        roster_completeness(data, members)[["name", "completeness", "roster_note"]]
        .rename(
            columns={"name": "Coalition", "completeness": "Members listed vs reported", "roster_note": "Note"}
        )
        .set_index("Coalition")
    )
    description = (
        f"{counts['coalitions']} regional coalitions, {counts['networks']} national networks, "
        f"{counts['coalition_members_listed']} coalition members listed, {counts['states']} states and territories"
    )
    return OverviewShown(counts, roster, tuple(p for p in PAGES if p.path), description)


def vintage_line(data: Dataset) -> str:
    """'Data as of 2026-12 (latest source check)': the dataset's version, saying which date it is."""
    return vintage_label(data.as_of)
