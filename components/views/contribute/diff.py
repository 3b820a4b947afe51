"""A plain diff between two datasets: one sentence ("3 members added, 1 role changed, 2 new sources"),
then every changed row with its source.

Rows are matched by their logical key (components/data/schema.py, duplicate_key). A row whose key
is gone is paired with a new row that differs only in its wording column (a membership's role, a
fact's value, evidence's own words) when exactly one such pair exists, so a changed role reads as
"changed", not as one removed row and one added. Values are compared as their CSV text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from components.data.load import Dataset
from components.data.schema import MEMBER_ROLES, TABLES, TABLES_BY_NAME, TableSpec, duplicate_key
from components.views.contribute.template import cell_value

# The column whose edit makes a row "changed" rather than removed and added (it is part of the key).
WORDING_COLUMN = {
    "memberships": "role",
    "network_coalitions": "role",
    "coalition_facts": "value",
    "focus_evidence": "own_words",
}
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
DIFF_COLUMNS = ["change", "table", "what", "detail", "source"]


@dataclass(frozen=True)
class Change:
    """One row added, removed or changed in one table."""

    table: str
    kind: str  # ADDED, REMOVED or CHANGED
    row: dict[str, str]  # the new row (the old one when removed), as text
    old: dict[str, str] = field(default_factory=dict)  # the old row of a changed row
    columns: tuple[str, ...] = ()  # the columns that changed

    @property
    def source_id(self) -> str:
        return self.row.get("source_id", "")


@dataclass(frozen=True)
class DataDiff:
    """Every change between two datasets, the sentence that sums it up, and names to describe rows."""

    changes: tuple[Change, ...]
    summary: str
    names: dict[str, str]  # entity and group ids → names (of the new data, else the old)
    sources: dict[str, dict[str, str]]  # source_id → its row (new data, else old)
    entity_sources: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # entity → its memberships' sources

    def sources_of(self, change: Change) -> tuple[str, ...]:
        """The source ids behind a change: its own source_id; an entity's, those of its memberships."""
        if change.table == "entities":
            return self.entity_sources.get(change.row.get("entity_id", ""), ())
        return (change.source_id,) if change.source_id else ()

    @property
    def empty(self) -> bool:
        return not self.changes


def _rows(data: Dataset, spec: TableSpec) -> list[dict[str, str]]:
    frame = data.tables.get(spec.name, pd.DataFrame())
    return [
        {c.name: cell_value(c, rec.get(c.name)) for c in spec.columns} for rec in frame.to_dict("records")
    ]


def _by_key(rows: list[dict[str, str]], key: tuple[str, ...]) -> dict[tuple[str, ...], dict[str, str]]:
    out: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        out.setdefault(tuple(row[c] for c in key), row)
    return out


def _pair_rewordings(
    spec: TableSpec, key: tuple[str, ...], gone: list[dict[str, str]], new: list[dict[str, str]]
) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Pairs (old, new) that share every key column but the wording column, one to one."""
    wording = WORDING_COLUMN.get(spec.name)
    if wording not in key:
        return []
    loose = tuple(c for c in key if c != wording)
    olds = Counter(tuple(r[c] for c in loose) for r in gone)
    news = Counter(tuple(r[c] for c in loose) for r in new)
    unique = {k for k, n in olds.items() if n == 1 and news.get(k) == 1}
    by_old = {tuple(r[c] for c in loose): r for r in gone}
    return [(by_old[k], r) for r in new if (k := tuple(r[c] for c in loose)) in unique]


def table_changes(
    spec: TableSpec, old_rows: list[dict[str, str]], new_rows: list[dict[str, str]]
) -> list[Change]:
    """The rows of one table that were added, removed or changed, in the new table's order."""
    key = duplicate_key(spec)
    old, new = _by_key(old_rows, key), _by_key(new_rows, key)
    changes: list[Change] = []
    for k, row in new.items():
        if k in old and old[k] != row:
            cols = tuple(c for c in row if row[c] != old[k].get(c, ""))
            changes.append(Change(spec.name, CHANGED, row, old[k], cols))
    gone = [r for k, r in old.items() if k not in new]
    added = [r for k, r in new.items() if k not in old]
    pairs = _pair_rewordings(spec, key, gone, added)
    paired_old = {id(o) for o, _ in pairs}
    paired_new = {id(n) for _, n in pairs}
    for o, n in pairs:
        cols = tuple(c for c in n if n[c] != o.get(c, ""))
        changes.append(Change(spec.name, CHANGED, n, o, cols))
    changes += [Change(spec.name, ADDED, r) for r in added if id(r) not in paired_new]
    changes += [Change(spec.name, REMOVED, r) for r in gone if id(r) not in paired_old]
    return changes


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _member_counts(old: Dataset, new: Dataset) -> tuple[Counter, set[tuple[str, str]]]:
    """Members and partners added or removed, and roles changed, per (entity, group); the pairs counted."""

    def roles(data: Dataset) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = {}
        for row in data.memberships[["entity_id", "group_id", "role"]].itertuples(index=False):
            out.setdefault((row.entity_id, row.group_id), set()).add(row.role)
        return out

    before, after = roles(old), roles(new)
    counts: Counter = Counter()
    counted: set[tuple[str, str]] = set()
    for pair, now in after.items():
        kind = "member" if now & set(MEMBER_ROLES) else "partner"
        if pair not in before:
            counts[f"{kind} added"] += 1
        elif before[pair] != now:
            counts["role changed"] += 1
        else:
            continue
        counted.add(pair)
    for pair, was in before.items():
        if pair not in after:
            counts[("member" if was & set(MEMBER_ROLES) else "partner") + " removed"] += 1
            counted.add(pair)
    return counts, counted


# Sentence parts, in order: (count key, singular, plural).
_WORDS = (
    ("member added", "member added", "members added"),
    ("partner added", "partner added", "partners added"),
    ("member removed", "member removed", "members removed"),
    ("partner removed", "partner removed", "partners removed"),
    ("role changed", "role changed", "roles changed"),
    ("entities changed", "member detail changed", "member details changed"),
    ("memberships changed", "membership row changed", "membership rows changed"),
    ("sources added", "new source", "new sources"),
    ("sources changed", "source changed", "sources changed"),
    ("sources removed", "source removed", "sources removed"),
    ("coalition_facts added", "fact added", "facts added"),
    ("coalition_facts changed", "fact changed", "facts changed"),
    ("coalition_facts removed", "fact removed", "facts removed"),
)


def summary_sentence(old: Dataset, new: Dataset, changes: list[Change]) -> str:
    """'3 members added, 1 role changed, 2 new sources' (or 'No changes')."""
    counts, counted = _member_counts(old, new)
    for c in changes:
        if c.table == "memberships":
            # A row of a member already counted above (added, removed, new role) is not counted again.
            if (c.row.get("entity_id"), c.row.get("group_id")) not in counted:
                counts["memberships changed"] += 1
        elif c.table == "entities" and c.kind == CHANGED:
            counts["entities changed"] += 1
        elif c.table != "entities":
            counts[f"{c.table} {c.kind}"] += 1
    parts = [_plural(counts.pop(k), one, many) for k, one, many in _WORDS if counts.get(k)]
    parts += [
        f"{n} {k.replace('_', ' ')} rows" if n != 1 else f"1 {k.replace('_', ' ')} row"
        for k, n in counts.items()
        if n
    ]
    return ", ".join(parts) if parts else "No changes"


def _names(old: Dataset, new: Dataset) -> dict[str, str]:
    names: dict[str, str] = {}
    for data in (old, new):
        names.update(zip(data.entities["entity_id"], data.entities["name"], strict=True))
        names.update(zip(data.coalitions["coalition_id"], data.coalitions["short_name"], strict=True))
        names.update(zip(data.networks["network_id"], data.networks["name"], strict=True))
    return names


def dataset_diff(old: Dataset, new: Dataset) -> DataDiff:
    """Every change from `old` (the published data) to `new` (an edited copy), table by table."""
    changes: list[Change] = []
    for spec in TABLES:
        changes += table_changes(spec, _rows(old, spec), _rows(new, spec))
    sources = {r["source_id"]: r for data in (old, new) for r in _rows(data, TABLES_BY_NAME["sources"])}
    entity_sources: dict[str, tuple[str, ...]] = {}
    for data in (new, old):  # the new data's memberships first; a removed entity keeps its old sources
        for entity_id, grp in data.memberships.groupby("entity_id"):
            entity_sources.setdefault(str(entity_id), tuple(dict.fromkeys(grp["source_id"])))
    return DataDiff(
        tuple(changes), summary_sentence(old, new, changes), _names(old, new), sources, entity_sources
    )


def describe_row(change: Change, names: dict[str, str]) -> str:
    """The changed row in words: 'Frisco (frisco-tx) in NTXIA as member'."""
    row = change.row

    def named(key: str) -> str:
        value = row.get(key, "")
        name = names.get(value, "")
        return f"{name} ({value})" if name and name != value else value

    if change.table == "memberships":
        return f"{named('entity_id')} in {named('group_id')} as {row.get('role', '')}"
    if change.table == "coalition_facts":
        return f"{named('coalition_id')} {row.get('fact', '')}: {row.get('value', '')}"
    if change.table == "entities":
        where = ", ".join(v for v in (row.get("place", ""), row.get("state", "")) if v)
        return f"{row.get('name', '')} ({row.get('entity_id', '')}), {row.get('entity_type', '')}" + (
            f", {where}" if where else ""
        )
    if change.table == "sources":
        return f"{row.get('source_id', '')}: {row.get('title', '')} ({row.get('publisher', '')})"
    key = duplicate_key(TABLES_BY_NAME[change.table])
    return ", ".join(f"{c} {row.get(c, '')}" for c in key)


def describe_detail(change: Change) -> str:
    """What changed in a changed row: "role: 'member' → 'founding member'"."""
    if change.kind != CHANGED:
        return ""
    return "; ".join(f"{c}: '{change.old.get(c, '')}' → '{change.row.get(c, '')}'" for c in change.columns)


def describe_source(change: Change, diff: DataDiff) -> str:
    """The change's sources in words: 'Title (Publisher) https://…'; a source row cites itself."""
    words = []
    for source_id in diff.sources_of(change):
        src = diff.sources.get(source_id)
        words.append(
            f"{src.get('title', '')} ({src.get('publisher', '')}) {src.get('url', '')}".strip()
            if src
            else source_id
        )
    return " | ".join(words)


def diff_table(diff: DataDiff) -> pd.DataFrame:
    """One row per change: change, table, what, detail, source (plain text; st.dataframe shows it as is)."""
    return pd.DataFrame(
        [
            {
                "change": c.kind,
                "table": f"{c.table}.csv",
                "what": describe_row(c, diff.names),
                "detail": describe_detail(c),
                "source": describe_source(c, diff),
            }
            for c in diff.changes
        ],
        columns=DIFF_COLUMNS,
    )


def diff_text(diff: DataDiff) -> str:
    """The diff as plain text for a terminal: the sentence, then one line per change with its source."""
    marks = {ADDED: "+", REMOVED: "-", CHANGED: "~"}
    lines = [diff.summary + "."]
    for c in diff.changes:
        line = f"{marks[c.kind]} {c.table}.csv: {describe_row(c, diff.names)}"
        detail = describe_detail(c)
        if detail:
            line += f" — {detail}"
        lines.append(line)
        lines.append(f"    source: {describe_source(c, diff)}")
    return "\n".join(lines)
