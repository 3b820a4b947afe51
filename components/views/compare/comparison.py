"""Side-by-side comparison of two to four coalitions: the long table, the side-by-side table, their
overlap, the page's view (ComparisonShown) and the CSV downloads.

Everything here is computed from the loaded tables; each figure keeps the source it came from
(a coalition_facts row, the coalition's own row, or the membership rows it counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from components.data.evidence import (
    LEVEL_NONE,
    LEVEL_OF_EVIDENCE,
    NSCP_MARK,
    focus_labels,
    labelled_sources,
    levels_of,
    strongest,
)
from components.data.filters import group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.summaries import (
    CHECKED_COLUMN,
    DATE_COLUMN,
    STATED_COLUMN,
    date_label,
    roster_completeness,
    vintage_label,
)
from components.data.text import md_link, md_text
from components.exports import dataset as exports
from components.views.compare.members import (
    bounded_member_list,
    coalition_counties,
    count_phrase,
    listed_members,
    member_list,
    member_list_markdown,
    members_markdown,
    multi_group_members,
    primary_role,
)

MIN_COMPARE, MAX_COMPARE = 2, 4
NOT_FOUND = "Not found in the sources read"
MEMBERS_SOURCE = "counted from the member list below"
COMPUTED_SOURCE = "computed from the focus-area evidence"
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


def _row(aspect: str, cid: str, name: str, value: str, source_id: str, src: pd.DataFrame, **extra) -> dict:
    known = source_id in src.index
    return {
        "aspect": aspect,
        "coalition_id": cid,
        "coalition": name,
        "value": value,
        "source_id": source_id,
        "source": src.loc[source_id, "publisher"]
        if known
        else (MEMBERS_SOURCE if not source_id else source_id),
        "url": src.loc[source_id, "url"] if known else "",
        STATED_COLUMN: extra.get("as_of", ""),
        CHECKED_COLUMN: src.loc[source_id, "accessed"] if known else "",
        DATE_COLUMN: date_label(extra.get("as_of", ""), src.loc[source_id, "accessed"]) if known else "",
        "note": extra.get("note", ""),
    }


@per_dataset
def focus_levels(data: Dataset, group_id: str) -> dict[str, str]:
    """focus_id -> strongest evidence level for one coalition or network (cached, shared: read-only)."""
    ev = data.focus_evidence[data.focus_evidence["group_id"] == group_id]
    return {focus_id: strongest(levels_of(grp["evidence"])) for focus_id, grp in ev.groupby("focus_id")}


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


def _fact_rows(data: Dataset, ids: Sequence[str], src: pd.DataFrame) -> list[dict]:
    """The coalition_facts aspects (each version with its source), plus the hub after the headquarters."""
    names = group_names(data)
    facts = data.coalition_facts
    coalitions = data.coalitions.set_index("coalition_id")
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
                hub = f"{c['hub_place']}, {c['hub_state']} — chosen from: {c['hub_basis']}"
                rows.append(
                    _row("Hub on the map", cid, names[cid], hub, c["source_id"], src, as_of=c["as_of"])
                )
    return rows


def _member_rows(
    data: Dataset, members: pd.DataFrame, cid: str, roster: pd.Series, src: pd.DataFrame
) -> list[dict]:
    """Members listed vs reported, by type, by role, and the states and counties they are in."""
    name = group_names(data)[cid]
    listed = listed_members(members, cid)
    states = sorted(set(listed["state"].dropna()) - {""})
    counties = coalition_counties(data, members, cid)
    return [
        _row(
            "Members listed vs reported",
            cid,
            name,
            roster["completeness"],
            roster["reported_source_id"] or "",
            src,
            note=roster["roster_note"],
        ),
        _row(
            "Members listed, by type", cid, name, count_phrase(listed["entity_type"].value_counts()), "", src
        ),
        _row(
            "Members listed, by role",
            cid,
            name,
            count_phrase(listed["role"].map(primary_role).value_counts()),
            "",
            src,
        ),
        _row("States covered (listed members)", cid, name, ", ".join(states) or "none listed", "", src),
        _row(
            "Counties covered (listed members)",
            cid,
            name,
            f"{len(counties)} — {', '.join(counties)}" if counties else "none listed",
            "",
            src,
            note="A county that is a member, or that holds a member city's map point "
            "(from the bundled Census boundaries).",
        ),
    ]


def _focus_rows(data: Dataset, ids: Sequence[str], cid: str, src: pd.DataFrame) -> list[dict]:
    """The focus areas of one coalition, one row per source, then those shared by all and its own."""
    names, labels = group_names(data), focus_labels(data)
    overlap = focus_overlap(data, ids)
    shared = overlap.loc[overlap["shared_by_all"], "focus_id"]
    only = overlap.loc[overlap["only"] == names[cid], "focus_id"]
    ev = data.focus_evidence[data.focus_evidence["group_id"] == cid]
    rows: list[dict] = []
    if ev.empty:
        rows.append(_row("Focus areas (evidence)", cid, names[cid], LEVEL_NONE, "", src) | {"source": ""})
    # One row per source: the focus areas that source gives evidence for, with their level.
    for source_id, grp in ev.groupby("source_id", sort=False):
        areas = [
            f"{labels[f]} ({LEVEL_OF_EVIDENCE.get(e, LEVEL_NONE)})"
            for f, e in dict.fromkeys(zip(grp["focus_id"], grp["evidence"], strict=True))
            if f in labels
        ]
        value = "; ".join(areas)
        rows.append(
            _row(
                "Focus areas (evidence)",
                cid,
                names[cid],
                value,
                source_id,
                src,
                as_of=max(grp["as_of"], default=""),
            )
        )
    for aspect, focus_ids in (
        ("Focus areas shared by all compared", shared),
        ("Focus areas only this one pursues (of those compared)", only),
    ):
        value = ", ".join(labels[f] for f in focus_ids) or "none"
        rows.append(_row(aspect, cid, names[cid], value, "", src) | {"source": COMPUTED_SOURCE})
    return rows


def _network_rows(data: Dataset, cid: str, src: pd.DataFrame) -> list[dict]:
    """The networks a coalition belongs to, each with its role and source."""
    names = group_names(data)
    nc = data.network_coalitions
    mine = nc[nc["coalition_id"] == cid]
    if mine.empty:
        return [_row("Networks it belongs to", cid, names[cid], "none found", "", src) | {"source": ""}]
    return [
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
        for n in mine.itertuples(index=False)
    ]


@per_dataset
def comparison(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Long table: one row per (aspect, coalition, value) with the value's source and its two dates
    (`stated`: the fact's own date, empty when the source gives none; `source_checked`) and `date`,
    the date as a reader sees it ('stated 2021-10-04' / 'undated source, checked 2026-11-21').

    Cached per dataset and coalitions (pass the process-wide member table), shared: read-only.
    """
    src = labelled_sources(data)
    roster = roster_completeness(data, members).set_index("coalition_id")
    rows = _fact_rows(data, ids, src)
    for cid in ids:
        rows += _member_rows(data, members, cid, roster.loc[cid], src)
    for cid in ids:
        rows += _focus_rows(data, ids, cid, src) + _network_rows(data, cid, src)
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
            rec[md_text(names[cid])] = "\n\n".join(_cell(r) for r in here.itertuples(index=False))
        records.append(rec)
    return pd.DataFrame(records)


def _cell(row) -> str:
    """One value of the side-by-side table with its source (a link, or the source in plain words) and
    its date, labelled: 'stated 2021-10-04' or 'undated source, checked 2026-11-21'."""
    cell = md_text(row.value)
    if row.url:
        return cell + " — " + md_link(row.source, row.url) + (f", {md_text(row.date)}" if row.date else "")
    if row.source:
        # Not in italics: the page would fetch an italic font (~135 kB) for these words alone.
        return cell + f" — {md_text(row.source)}"
    return cell


def _member_part(members: pd.DataFrame, cid: str, name: str) -> str:
    """'Zeta lists 2 founding members, all of them cities' (or why it lists none)."""
    listed = listed_members(members, cid)
    if listed.empty:
        partners = members[(members["group_id"] == cid) & ~members["is_member"]]["entity_id"].nunique()
        return f"{name} lists no members in the sources read" + (
            f" (only {partners} named partner{'s' if partners != 1 else ''})" if partners else ""
        )
    by_role = listed["role"].map(primary_role).value_counts()
    cities = int((listed["entity_type"] == "city").sum())
    text = f"{name} lists {count_phrase(by_role)}"
    says_cities = any(w in " ".join(by_role.index) for w in ("city", "municipal"))
    if cities == len(listed) and not says_cities:
        text += ", all of them cities" if len(listed) > 1 else ", a city"
    elif cities and cities < len(listed):
        text += f", {cities} of them cities"
    return text


def _founded_sentence(data: Dataset, ids: Sequence[str]) -> str:
    """'Founded — Zeta: 2019-05-01; Mu: 2018 or 2020 (sources disagree).'"""
    names = group_names(data)
    founded = data.coalition_facts[data.coalition_facts["fact"] == "founded"]
    parts = []
    for cid in ids:
        values = distinct_dates(founded.loc[founded["coalition_id"] == cid, "value"])
        if not values:
            parts.append(f"{names[cid]}: no founding date in the sources read")
        elif len(values) == 1:
            parts.append(f"{names[cid]}: {values[0]}")
        else:
            parts.append(f"{names[cid]}: {' or '.join(values)} (sources disagree)")
    return "Founded — " + "; ".join(parts) + "."


def _focus_sentences(data: Dataset, ids: Sequence[str]) -> list[str]:
    """What all of them pursue, then what only one of them pursues."""
    names = group_names(data)
    overlap = focus_overlap(data, ids)
    both = "Both" if len(ids) == 2 else f"All {len(ids)}"
    shared = list(overlap.loc[overlap["shared_by_all"], "focus_area"].str.lower())
    if shared:
        sentences = [f"{both} pursue {and_list(shared)}."]
    else:
        sentences = [f"No focus area is pursued by all {len(ids)} in the sources read."]
    for cid in ids:
        only = list(overlap.loc[overlap["only"] == names[cid], "focus_area"].str.lower())
        if only:
            sentences.append(f"Only {names[cid]} pursues {and_list(only)}.")
    return sentences


def _shared_sentences(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """The networks all of them belong to, and the members and partners they share with others."""
    names = group_names(data)
    both = "Both" if len(ids) == 2 else f"All {len(ids)}"
    sentences = []
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
            f"coalition or network: {and_list(listing)}."
        )
    return sentences


@per_dataset
def comparison_sentences(data: Dataset, members: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """Plain-language comparison sentences, every number computed from the data (cached: read-only)."""
    names = group_names(data)
    sentences = ["; ".join(_member_part(members, cid, names[cid]) for cid in ids) + "."]
    sentences.append(_founded_sentence(data, ids))
    sentences += _focus_sentences(data, ids)
    sentences += _shared_sentences(data, members, ids)
    return sentences


def distinct_dates(values: Sequence[str]) -> list[str]:
    """Values with the ones a more precise value already says dropped: ['2012-11-02', '2012'] -> ['2012-11-02']."""
    unique = list(dict.fromkeys(str(v) for v in values))
    return [v for v in unique if not any(o != v and o.startswith(v + "-") for o in unique)]


def and_list(items: Sequence[str]) -> str:
    """'a, b and c' ('' for none, 'a' for one)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def focus_overlap_markdown(overlap: pd.DataFrame, ids: Sequence[str], data: Dataset) -> pd.DataFrame:
    names = group_names(data)
    out = pd.DataFrame({"Focus area": [md_text(v) for v in overlap["focus_area"]]})
    out["NSCP shared"] = [f"{NSCP_MARK} yes" if v else "" for v in overlap["nscp_shared"]]
    for cid in ids:
        out[md_text(names[cid])] = [md_text(v) for v in overlap[names[cid]]] if len(overlap) else []
    out["Pursued by"] = [f"{n} of {len(ids)}" for n in overlap["pursued_by"]]
    return out


def header_lines(data: Dataset, ids: Sequence[str], link: str, what: str) -> list[str]:
    """The lines every comparison download starts with: what, which coalitions, data as-of, link."""
    names = group_names(data)
    return [
        f"{what} — US regional smart-city coalitions dashboard",
        "Coalitions: " + ", ".join(names.get(c, c) for c in ids),
        f"{vintage_label(data.as_of)}. Every row names its source; addresses are in the url column "
        "or in each member's sources. Dates: 'stated' is the date a source gives for the fact (empty "
        "when it gives none); 'source_checked' is when the source was last checked.",
        f"View: {link}",
    ]


def source_lines(long: pd.DataFrame) -> list[str]:
    """'title — address' for each source the comparison cites (once each, in order of first use)."""
    cited = long[long["url"].astype(bool)].drop_duplicates("url")
    return [f"{r.source} — {r.url}" for r in cited.itertuples(index=False)]


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
    names: str = ""  # the compared coalitions' names, ', '-joined (plain text)
    sentences_markdown: str = ""  # the sentences as an escaped Markdown list
    member_list_title: str = ""  # the member list expander's label


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
    full = member_list(data, members, ids)
    shown = bounded_member_list(full, member_limit)
    sentences = tuple(comparison_sentences(data, members, ids))
    title = f"The member list: all {len(full):,} listed members and partners, with sources"
    if len(full) > len(shown):
        title += f" (the first {member_limit} of each coalition here; all in the CSV below)"
    return ComparisonShown(
        long=long,
        table=comparison_table(long, ids, data),
        sentences=sentences,
        overlap=focus_overlap_markdown(overlap, ids, data) if len(overlap) else pd.DataFrame(),
        shared_members=members_markdown(shared) if len(shared) else pd.DataFrame(),
        members_listed=len(full),
        member_table=member_list_markdown(shown),
        members_left_out=len(full) - len(shown),
        sources=tuple(source_lines(long)),
        names=", ".join(group_names(data)[c] for c in ids),
        sentences_markdown="\n".join(f"- {md_text(s)}" for s in sentences),
        member_list_title=title,
    )


def comparison_csv(data: Dataset, members: pd.DataFrame, ids: Sequence[str], link: str) -> bytes:
    """The 'Comparison (CSV)' download: the long comparison under its header lines."""
    lines = header_lines(data, ids, link, "Coalition comparison")
    return exports.to_csv_bytes(comparison(data, members, tuple(ids)), lines)


def member_list_csv(data: Dataset, members: pd.DataFrame, ids: Sequence[str], link: str) -> bytes:
    """The 'Member list (CSV)' download: every listed member and partner, with its sources."""
    lines = header_lines(data, ids, link, "Members and partners of the compared coalitions")
    return exports.to_csv_bytes(member_list(data, members, ids), lines)
