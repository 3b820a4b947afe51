"""Plain summaries of the dataset: roster completeness per coalition, the overview counts, and the
two dates of a fact and the wording of a coalition's own words, written the same way everywhere.

Two dates, never confused (coalitions_data/README.md): a fact's own date (`as_of`, the date the
source gives for it; empty when the source gives none) is written "stated 2021-10-04"; the date
its source was last checked (`sources.accessed`) is written "source checked 2026-11-21"; a fact
whose source gives no date is "undated source, checked 2026-11-21".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.schema import WORDING_PARAPHRASE, WORDING_QUOTE

STATED = "stated"
CHECKED = "source checked"
UNDATED = "undated source, checked"
# Export column names: each says which date it holds.
STATED_COLUMN = "stated"  # the fact's own date; empty when the source gives none
CHECKED_COLUMN = "source_checked"  # when its source was last checked
DATE_COLUMN = "date"  # the labelled date ("stated 2021-10-04" / "undated source, checked …")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def stated_label(as_of: object) -> str:
    """'stated 2021-10-04', or '' when the source gives no date."""
    date = _text(as_of)
    return f"{STATED} {date}" if date else ""


def checked_label(accessed: object) -> str:
    """'source checked 2026-11-21' ('' when unknown)."""
    date = _text(accessed)
    return f"{CHECKED} {date}" if date else ""


def published_label(published: object, accessed: object) -> str:
    """A source's dates: 'published 2021-11-12, checked 2026-11-21' or 'undated, checked 2026-11-21'."""
    pub, acc = _text(published), _text(accessed)
    head = f"published {pub}" if pub else "undated"
    return f"{head}, checked {acc}" if acc else head


def date_label(as_of: object, accessed: object) -> str:
    """A fact's date with its kind: 'stated 2021-10-04' or 'undated source, checked 2026-11-21'."""
    if _text(as_of):
        return stated_label(as_of)
    acc = _text(accessed)
    return f"{UNDATED} {acc}" if acc else "undated source"


def latest_label(as_ofs: Iterable[object], accesseds: Iterable[object]) -> str:
    """One label for several rows of one fact: the latest stated date, else the latest check."""
    stated = [d for d in map(_text, as_ofs) if d]
    if stated:
        return stated_label(max(stated))
    return date_label("", max(map(_text, accesseds), default=""))


@per_dataset
def source_checked(data: Dataset) -> dict[str, str]:
    """source_id -> the date the source was last checked (shared and cached: read-only)."""
    return dict(zip(data.sources["source_id"], data.sources["accessed"], strict=True))


def date_labels(data: Dataset, frame: pd.DataFrame) -> list[str]:
    """date_label for every row of a frame holding `as_of` and `source_id`."""
    checked = source_checked(data)
    return [
        date_label(a, checked.get(s, "")) for a, s in zip(frame["as_of"], frame["source_id"], strict=True)
    ]


def vintage_label(data_as_of: str) -> str:
    """The dataset's version line: 'Data as of 2026-12 (latest source check)'."""
    return f"Data as of {data_as_of} (latest source check)"


def words_shown(own_words: object, wording: object) -> str:
    """Own words as a reader sees them: “quoted” only when they are the source's words."""
    words = _text(own_words)
    kind = _text(wording)
    if kind == WORDING_QUOTE:
        return f"“{words}”"
    if kind == WORDING_PARAPHRASE:
        return f"{words} (paraphrase)"
    return f"{words} (wording not checked)"


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


def add_dates(data: Dataset, frame: pd.DataFrame, ids_column: str = "source_id") -> pd.DataFrame:
    """A copy of a frame holding `as_of` and source ids (one, or several joined by '; '), with
    `source_checked` (the latest check of its sources) and `date` (the labelled date) added."""
    checked = source_checked(data)
    latest = [
        max((checked.get(i.strip(), "") for i in str(ids).split(";")), default="")
        for ids in frame[ids_column]
    ]
    labels = [date_label(a, c) for a, c in zip(frame["as_of"], latest, strict=True)]
    return frame.assign(**{CHECKED_COLUMN: latest, DATE_COLUMN: labels})


def with_dates(data: Dataset, frame: pd.DataFrame, ids_column: str = "source_id") -> pd.DataFrame:
    """add_dates, with `as_of` renamed `stated` (the fact's own date, empty when the sources give
    none): for exports, whose column names say which date each is."""
    return add_dates(data, frame, ids_column).rename(columns={"as_of": STATED_COLUMN})


def cited(publisher: object, as_of: object, accessed: object) -> str:
    """A source named with the fact's date: 'GovTech, stated 2021-11-12' or
    'GovTech, undated source, checked 2026-11-21'."""
    return f"{_text(publisher) or 'source'}, {date_label(as_of, accessed)}"
