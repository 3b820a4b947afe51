"""Plain summaries of the dataset: roster completeness per coalition and the overview counts."""

from __future__ import annotations

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset

_QUALIFIER_SUFFIX = {"more than": "+", "nearly": "", "about": "", "exactly": ""}
_QUALIFIER_PREFIX = {"nearly": "nearly ", "about": "about ", "more than": "", "exactly": ""}


def reported_label(number: float, qualifier: str) -> str:
    """'40+' for 'more than 40', 'nearly 30', '21'."""
    n = int(number)
    return f"{_QUALIFIER_PREFIX.get(qualifier, '')}{n}{_QUALIFIER_SUFFIX.get(qualifier, '')}"


@per_dataset
def roster_completeness(data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """Per coalition: members listed, the largest count the sources report, and a sentence.

    e.g. '24 of 40+ members listed; full roster not published'.
    """
    facts = data.coalition_facts
    reported = facts[(facts["fact"] == "members_reported") & facts["number"].notna()]
    rows = []
    for c in data.coalitions.itertuples(index=False):
        mine = members[members["group_id"] == c.coalition_id]
        member_rows = mine[mine["is_member"]]
        listed = int(member_rows["entity_id"].nunique())
        partners = int(mine.loc[~mine["is_member"], "entity_id"].nunique())
        rep = reported[reported["coalition_id"] == c.coalition_id]
        if len(rep):
            # The largest reported figure; ties go to the most recent source.
            best = rep.sort_values(["number", "as_of"], ascending=False).iloc[0]
            label = reported_label(best["number"], best["qualifier"])
            if best["counts"] == "municipalities":
                cities = int(member_rows.loc[member_rows["entity_type"] == "city", "entity_id"].nunique())
                sentence = f"{cities} of {label} municipalities listed; full roster not published"
                if listed > cities:
                    sentence += f"; {listed - cities} other members listed"
            else:
                sentence = f"{listed} of {label} members listed; full roster not published"
            source_id = best["source_id"]
            value = best["value"]
        else:
            label, source_id, value = "", "", ""
            sentence = f"{listed} members listed; no member count or roster published"
        if partners:
            sentence += f" (plus {partners} named partner{'s' if partners != 1 else ''})"
        rows.append(
            {
                "coalition_id": c.coalition_id,
                "name": c.name,
                "listed": listed,
                "partners": partners,
                "reported": label,
                "reported_text": value,
                "reported_source_id": source_id,
                "completeness": sentence,
                "roster_note": c.roster_note,
            }
        )
    return pd.DataFrame(rows)
