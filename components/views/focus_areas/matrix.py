"""The coalition × focus-area evidence matrix: frame, table twin, totals, sort, takeaway, the page's
view (MatrixShown) and the CSV downloads. The chart is drawn in chart.py, a cell's evidence in cells.py.

A cell's level is the strongest evidence found for that coalition and focus area
(components/data/evidence.py): a stated focus area beats a named programme or project; with
neither, the cell says "none found in the sources read" — never "no".

Rows are the coalitions; the networks with focus evidence of their own (the NSCP's stated focus
areas are where "the five shared focus areas" come from) can be added as separate rows, drawn
after the coalitions and left out of the column totals.

A coalition or network "is in" a state when its hub is there or the sources list one of its
members or partners there (for a network: also when one of its coalitions is).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.data.evidence import (
    GLYPH,
    LEVEL_STATED,
    LEVELS,
    NSCP_MARK,
    RANK,
    SHORT,
    focus_labels,
    levels_of,
    strongest,
)
from components.data.filters import Filters, group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.summaries import (
    CHECKED_COLUMN,
    STATED_COLUMN,
    cited,
    date_label,
    latest_label,
    published_label,
    vintage_label,
    words_shown,
)
from components.data.text import md_link, md_text
from components.exports import dataset as exports
from components.exports.charts import Spec, vega_lite_spec
from components.views.focus_areas.chart import GLYPH_COLOURS, SLIDE, matrix_chart

TITLE = "Which coalitions work on which focus areas"
SORTS = {"name": "coalition name", "count": "number of focus areas"}
ROWS = {"coalitions": "Coalitions only", "all": "Coalitions and networks"}


@dataclass(frozen=True)
class MatrixView:
    """What the matrix shows: the shared filters, the row order and whether networks are rows."""

    filters: Filters = field(default_factory=Filters)
    sort: str = "name"
    with_networks: bool = False


@dataclass(frozen=True)
class Matrix:
    """The matrix in long form plus its ordered rows and columns (with totals)."""

    cells: pd.DataFrame  # one row per (group, focus area) shown
    rows: pd.DataFrame  # group_id, row_label, name, kind, total, stated, programme — in display order
    columns: pd.DataFrame  # focus_id, label, col_label, nscp_shared, total — in display order
    evidence: pd.DataFrame  # every evidence row behind the shown cells, with its source
    view: MatrixView

    @property
    def empty(self) -> bool:
        return self.rows.empty or self.columns.empty

    @property
    def coalition_rows(self) -> pd.DataFrame:
        return self.rows[self.rows["kind"] == "coalition"]


def sort_choices(data: Dataset) -> list[str]:
    """Valid values of the `sort` parameter: name, count, and focus:<focus_id> for each focus area."""
    return [*SORTS, *(f"focus:{f}" for f in data.focus_areas["focus_id"])]


def sort_label(value: str, data: Dataset) -> str:
    if value in SORTS:
        return SORTS[value]
    labels = focus_labels(data)
    focus_id = value.removeprefix("focus:")
    return f"strength of evidence for {labels.get(focus_id, focus_id).lower()}"


@per_dataset
def group_states(data: Dataset, members: pd.DataFrame) -> dict[str, set[str]]:
    """States each coalition and network is in: its hub, its listed members and partners, its coalitions.

    Cached per dataset and shared: read-only.
    """
    states: dict[str, set[str]] = {g: set() for g in group_names(data)}
    for row in data.coalitions.itertuples(index=False):
        if row.hub_state:
            states[row.coalition_id].add(row.hub_state)
    if len(members):
        listed = members[members["state"].fillna("") != ""]
        for group_id, grp in listed.groupby("group_id"):
            states.setdefault(group_id, set()).update(grp["state"])
    for row in data.network_coalitions.itertuples(index=False):
        states.setdefault(row.network_id, set()).update(states.get(row.coalition_id, set()))
    return states


def state_options(data: Dataset, members: pd.DataFrame) -> list[str]:
    """Every state some coalition or network is in, sorted: the state filter's options."""
    return sorted(set().union(*group_states(data, members).values()))


def _row_groups(data: Dataset, members: pd.DataFrame, view: MatrixView) -> pd.DataFrame:
    """The groups the view shows as rows, before sorting: group_id, name, kind."""
    f = view.filters
    names = group_names(data)
    in_state = group_states(data, members)
    nc = data.network_coalitions
    rows = []
    for cid in data.coalitions["coalition_id"]:
        if f.coalitions and cid not in f.coalitions:
            continue
        if f.networks and not set(nc.loc[nc["coalition_id"] == cid, "network_id"]) & set(f.networks):
            continue
        if f.states and not in_state.get(cid, set()) & set(f.states):
            continue
        rows.append({"group_id": cid, "name": names.get(cid, cid), "kind": "coalition"})
    if view.with_networks:
        with_evidence = set(data.focus_evidence["group_id"])
        for nid in data.networks["network_id"]:
            if nid not in with_evidence:
                continue
            if f.networks and nid not in f.networks:
                continue
            if f.states and not in_state.get(nid, set()) & set(f.states):
                continue
            rows.append({"group_id": nid, "name": names.get(nid, nid), "kind": "network"})
    return pd.DataFrame(rows, columns=["group_id", "name", "kind"])


def _columns(data: Dataset, focus: tuple[str, ...]) -> pd.DataFrame:
    """Focus areas shown as columns: the NSCP's shared five first, then the rest in file order."""
    fa = data.focus_areas
    if focus:
        fa = fa[fa["focus_id"].isin(focus)]
    fa = pd.concat([fa[fa["nscp_shared"]], fa[~fa["nscp_shared"]]])
    return pd.DataFrame(
        {
            "focus_id": fa["focus_id"].to_list(),
            "label": fa["label"].to_list(),
            "col_label": [
                f"{label} {NSCP_MARK}" if shared else label
                for label, shared in zip(fa["label"], fa["nscp_shared"], strict=True)
            ],
            "nscp_shared": fa["nscp_shared"].astype(bool).to_list(),
        }
    )


@per_dataset
def evidence_rows(data: Dataset) -> pd.DataFrame:
    """Every focus_evidence row with its level, its source's title, publisher and address, and its
    two dates: `stated` (the fact's own date, empty when the source gives none) and
    `source_checked`, with `date` and `source` ('GovTech, stated 2021-11-12') saying which is which.
    `words` is own_words as a reader sees them (“quoted” only when `wording` is quote).

    Cached per dataset and shared: read-only.
    """
    src = data.sources[["source_id", "title", "publisher", "url", "published", "accessed"]]
    ev = data.focus_evidence.drop(columns=["csv_row"], errors="ignore").merge(src, on="source_id", how="left")
    ev["level"] = levels_of(ev["evidence"])
    ev["source"] = [
        cited(pub, a, acc) for pub, a, acc in zip(ev["publisher"], ev["as_of"], ev["accessed"], strict=True)
    ]
    ev["date"] = [date_label(a, acc) for a, acc in zip(ev["as_of"], ev["accessed"], strict=True)]
    ev["words"] = [words_shown(w, k) for w, k in zip(ev["own_words"], ev["wording"], strict=True)]
    ev[STATED_COLUMN] = ev["as_of"]
    ev[CHECKED_COLUMN] = ev["accessed"].fillna("")
    return ev


def _cells(rows: pd.DataFrame, columns: pd.DataFrame, ev: pd.DataFrame) -> pd.DataFrame:
    # One groupby instead of a boolean mask per cell (a few hundred masks cost ~50 ms).
    by_cell = dict(iter(ev.groupby(["group_id", "focus_id"], sort=False)))
    none = ev.iloc[0:0]
    records = []
    for r in rows.itertuples(index=False):
        for c in columns.itertuples(index=False):
            here = by_cell.get((r.group_id, c.focus_id), none)
            level = strongest(here["level"])
            records.append(
                {
                    "group_id": r.group_id,
                    "row_label": r.row_label,
                    "kind": r.kind,
                    "focus_id": c.focus_id,
                    "col_label": c.col_label,
                    "focus_label": c.label,
                    "nscp_shared": c.nscp_shared,
                    "level": level,
                    "rank": RANK[level],
                    "glyph": GLYPH[level],
                    "glyph_colour": GLYPH_COLOURS[level],
                    "n_evidence": len(here),
                    "own_words": " · ".join(dict.fromkeys(here["words"])),
                    "sources": " · ".join(dict.fromkeys(here["source"].fillna(""))),
                    "date": latest_label(here["as_of"], here["accessed"].fillna("")) if len(here) else "",
                }
            )
    return pd.DataFrame(records)


def _order(rows: pd.DataFrame, cells: pd.DataFrame, ev: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Rows in display order: coalitions first (sorted as asked), then networks by name."""
    out = rows.copy()
    if out.empty:
        return out.reset_index(drop=True)
    out["name_key"] = out["row_label"].astype(str).str.casefold()
    if sort.startswith("focus:"):
        focus_id = sort.removeprefix("focus:")
        here = ev[ev["focus_id"] == focus_id]
        best = {g: max(grp["level"].map(RANK)) for g, grp in here.groupby("group_id")}
        out["focus_rank"] = out["group_id"].map(best).fillna(0)
        keys, ascending = ["focus_rank", "total", "name_key"], [False, False, True]
    elif sort == "count":
        keys, ascending = ["total", "stated", "name_key"], [False, False, True]
    else:
        keys, ascending = ["name_key"], [True]
    out["is_network"] = out["kind"] == "network"
    out = out.sort_values(["is_network", *keys], ascending=[True, *ascending], kind="stable")
    return out.drop(columns=[c for c in ("name_key", "focus_rank", "is_network") if c in out]).reset_index(
        drop=True
    )


@per_dataset
def build_matrix(data: Dataset, members: pd.DataFrame, view: MatrixView) -> Matrix:
    """The matrix for a view: cells, ordered rows and columns with their totals, and the evidence.

    Cached per dataset and view (pass the process-wide member table) and shared: read-only.
    """
    rows = _row_groups(data, members, view)
    rows["row_label"] = [
        f"{name} (network)" if kind == "network" else name
        for name, kind in zip(rows["name"], rows["kind"], strict=True)
    ]
    columns = _columns(data, view.filters.focus)
    ev = evidence_rows(data)
    cells = _cells(rows, columns, ev)
    if cells.empty:
        cells = pd.DataFrame(
            columns=["group_id", "row_label", "kind", "focus_id", "col_label", "level", "rank", "glyph"]
        )
    found = cells[cells["rank"] > 0] if len(cells) else cells
    rows["total"] = rows["group_id"].map(found.groupby("group_id").size()).fillna(0).astype(int)
    rows["stated"] = (
        rows["group_id"]
        .map(found[found["level"] == LEVEL_STATED].groupby("group_id").size())
        .fillna(0)
        .astype(int)
    )
    rows["programme"] = rows["total"] - rows["stated"]
    coalition_found = found[found["kind"] == "coalition"] if len(found) else found
    columns["total"] = (
        columns["focus_id"].map(coalition_found.groupby("focus_id").size()).fillna(0).astype(int)
    )
    rows = _order(rows, cells, ev, view.sort)
    shown = ev[ev["group_id"].isin(rows["group_id"]) & ev["focus_id"].isin(columns["focus_id"])]
    return Matrix(cells=cells, rows=rows, columns=columns, evidence=shown.reset_index(drop=True), view=view)


def takeaway(m: Matrix, data: Dataset) -> str:
    """One sentence, computed: how many coalitions show evidence for the most and least common areas.

    With several columns: the most common focus area and the least common of the NSCP's shared
    five (ties go to the column order); with one column, that focus area alone.
    """
    coal = m.coalition_rows
    n = len(coal)
    if m.empty or n == 0:
        return "No coalition matches these filters."
    cells = m.cells[m.cells["kind"] == "coalition"]
    counts = m.columns.set_index("focus_id")["total"]
    labels = m.columns.set_index("focus_id")["label"].str.lower()
    nscp_states = set(data.focus_evidence.loc[data.focus_evidence["group_id"] == "nscp", "focus_id"])

    def phrase(focus_id: str) -> str:
        here = cells[(cells["focus_id"] == focus_id) & (cells["rank"] > 0)]
        k = int(counts[focus_id])
        stated = int((here["level"] == LEVEL_STATED).sum())
        label = labels[focus_id]
        if k == 0:
            who = coal["row_label"].iloc[0] if n == 1 else f"none of the {n} coalitions"
            text = (
                f"{who} shows no evidence for {label} in its own sources"
                if n == 1
                else (f"{who} shows evidence for {label} in its own sources")
            )
            if focus_id in nscp_states:
                text += " (only the NSCP, as a partnership, lists it)"
            return text
        if stated == k:
            how = "as a stated focus area" if k == 1 else "all as a stated focus area"
        elif stated == 0:
            how = "through a named programme or project" if k == 1 else "through named programmes or projects"
        else:
            how = f"{stated} as a stated focus area, {k - stated} through a named programme or project"
        if n == 1:
            return f"{here['row_label'].iloc[0]} shows evidence for {label} ({how})"
        named = f" ({', '.join(here['row_label'])})" if k <= 3 else ""
        verb = "shows" if k == 1 else "show"
        return f"{k} of {n} coalitions{named} {verb} evidence for {label} ({how})"

    if len(m.columns) == 1:
        return _sentence(phrase(m.columns["focus_id"].iloc[0]))
    top = m.columns.sort_values("total", ascending=False, kind="stable").iloc[0]["focus_id"]
    pool = m.columns[m.columns["nscp_shared"]]
    pool = pool if len(pool) else m.columns
    bottom = pool.sort_values("total", ascending=True, kind="stable").iloc[0]["focus_id"]
    if counts[bottom] == counts[top]:
        return _sentence(phrase(top))
    return _sentence(f"{phrase(top)}; {phrase(bottom)}")


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def chart_description(m: Matrix, sentence: str) -> str:
    what = "coalitions and networks" if len(m.coalition_rows) < len(m.rows) else "coalitions"
    return (
        f"Matrix of {len(m.rows)} {what} by {len(m.columns)} focus areas. Each cell shows the "
        f"strongest evidence found: {', '.join(LEVELS)}. {sentence}"
    )


def evidence_markdown_table(evidence: pd.DataFrame, data: Dataset | None = None) -> pd.DataFrame:
    """The evidence list for st.table, every data string escaped and each source a link.

    With `data`, each row also names its coalition (or network) and focus area.
    """
    out = pd.DataFrame(index=range(len(evidence)))
    if data is not None:
        names, labels = group_names(data), focus_labels(data)
        out["Coalition"] = [md_text(names.get(g, g)) for g in evidence["group_id"]]
        out["Focus area"] = [md_text(labels.get(f, f)) for f in evidence["focus_id"]]
    out["Evidence"] = [md_text(v) for v in evidence["level"]]
    out["In their own words"] = [md_text(v) for v in evidence["words"]]
    out["Source"] = [
        md_link(f"{t} ({s})", u)
        for t, s, u in zip(evidence["title"], evidence["source"], evidence["url"], strict=True)
    ]
    out["Date"] = [md_text(v) for v in evidence["date"]]
    out["Note"] = [md_text(v) for v in evidence["note"].fillna("")]
    return out


def matrix_table(m: Matrix, *, glyphs: bool = True, by_focus: bool = False) -> pd.DataFrame:
    """The table twin, with the chart's totals: by default one row per coalition and one column per
    focus area; `by_focus` turns it (one row per focus area, one column per coalition), which reads
    better on screen.

    Values are text ('● stated', '◐ programme', '· none found'; plain words without glyphs, for CSV)
    so the totals fit the same columns.
    """
    if m.empty:
        return pd.DataFrame(columns=["Coalition"])
    wide = m.cells.pivot(index="group_id", columns="focus_id", values="level")

    def word(level: str) -> str:
        return f"{GLYPH[level]} {SHORT[level]}" if glyphs else SHORT[level]

    records = []
    if by_focus:
        for c in m.columns.itertuples(index=False):
            rec = {"Focus area": c.col_label}
            rec.update({r.row_label: word(wide.loc[r.group_id, c.focus_id]) for r in m.rows.itertuples()})
            rec["Coalitions with evidence"] = str(c.total)
            records.append(rec)
        total = {"Focus area": "Focus areas with evidence"}
        total.update({r.row_label: str(r.total) for r in m.rows.itertuples(index=False)})
        total["Coalitions with evidence"] = ""
    else:
        for r in m.rows.itertuples(index=False):
            rec = {"Coalition": r.row_label}
            rec.update({c.col_label: word(wide.loc[r.group_id, c.focus_id]) for c in m.columns.itertuples()})
            rec["Focus areas with evidence"] = str(r.total)
            records.append(rec)
        total = {"Coalition": "Coalitions with evidence"}
        total.update({c.col_label: str(c.total) for c in m.columns.itertuples(index=False)})
        total["Focus areas with evidence"] = ""
    records.append(total)
    return pd.DataFrame(records)


def describe_view(m: Matrix, data: Dataset) -> str:
    """'7 coalitions × 19 focus areas · state: TX · sorted by number of focus areas'."""
    f = m.view.filters
    n_coal = len(m.coalition_rows)
    n_net = len(m.rows) - n_coal
    text = f"{n_coal} coalition{'s' if n_coal != 1 else ''}"
    if n_net:
        text += f" and {n_net} network{'s' if n_net != 1 else ''}"
    text += f" × {len(m.columns)} focus area{'s' if len(m.columns) != 1 else ''}"
    names = group_names(data)
    labels = focus_labels(data)
    parts = [text]
    if f.states:
        parts.append("state: " + ", ".join(f.states))
    if f.coalitions:
        parts.append("coalition: " + ", ".join(names.get(c, c) for c in f.coalitions))
    if f.networks:
        parts.append("network: " + ", ".join(names.get(n, n) for n in f.networks))
    if f.focus:
        parts.append("focus: " + ", ".join(labels.get(x, x).lower() for x in f.focus))
    parts.append("sorted by " + sort_label(m.view.sort, data))
    return " · ".join(parts)


def source_lines(evidence: pd.DataFrame) -> list[str]:
    """'source-id: title — publisher, published … / undated, checked … — address' for each source
    cited by the shown evidence."""
    seen = evidence.drop_duplicates("source_id")
    return [
        f"{r.source_id}: {r.title} — {r.publisher}, {published_label(r.published, r.accessed)} — {r.url}"
        for r in seen.itertuples(index=False)
        if isinstance(r.url, str)
    ]


def header_lines(m: Matrix, data: Dataset, link: str) -> list[str]:
    """The lines every matrix download starts with: what, the view, levels, data as-of, link, sources."""
    return [
        "Coalition × focus-area matrix — US regional smart-city coalitions dashboard",
        "View: " + describe_view(m, data),
        "Cell values: " + " / ".join(LEVELS) + f". {NSCP_MARK} marks the NSCP's five shared focus areas.",
        vintage_label(data.as_of),
        "Dates: 'stated' is the date a source gives for the fact (empty when it gives none); "
        "'source_checked' is when the source was last checked.",
        f"Link: {link}",
        "Sources:",
        *source_lines(m.evidence),
    ]


@dataclass(frozen=True)
class MatrixShown:
    """Everything /focus-areas draws for one view, computed once per dataset and view (read-only)."""

    matrix: Matrix
    summary: str  # describe_view
    sentence: str  # the takeaway ('' for an empty view)
    description: str  # the chart's accessible description
    spec: Spec  # the chart with its cell selection, as Vega-Lite
    twin: pd.DataFrame  # the table twin (focus areas as rows), plain text (the HTML table escapes it)
    evidence_table: pd.DataFrame  # every piece of evidence in the view, escaped for st.table
    cells: tuple[str, ...]  # ids of the cells shown, row by row
    sources: tuple[str, ...]  # source_lines of the evidence shown
    caption: str = ""  # 'Showing ' + the summary, escaped Markdown

    @property
    def evidence_count(self) -> int:
        return len(self.matrix.evidence)


@per_dataset
def matrix_shown(data: Dataset, members: pd.DataFrame, view: MatrixView, title: str) -> MatrixShown:
    """The page's view: matrix, sentence, chart spec and tables (empty parts for an empty view)."""
    m = build_matrix(data, members, view)
    summary = describe_view(m, data)
    caption = "Showing " + md_text(summary)
    if m.empty:
        return MatrixShown(m, summary, "", "", {}, pd.DataFrame(), pd.DataFrame(), (), (), caption)
    sentence = takeaway(m, data)
    description = chart_description(m, sentence)
    return MatrixShown(
        matrix=m,
        summary=summary,
        sentence=sentence,
        description=description,
        spec=vega_lite_spec(matrix_chart(m, title=title, description=description)),
        twin=matrix_table(m, by_focus=True),
        evidence_table=evidence_markdown_table(m.evidence, data),
        cells=tuple(f"{g}:{f}" for g in m.rows["group_id"] for f in m.columns["focus_id"]),
        sources=tuple(source_lines(m.evidence)),
        caption=caption,
    )


@per_dataset
def export_spec(data: Dataset, members: pd.DataFrame, view: MatrixView, title: str) -> Spec:
    """The chart for SVG/PNG downloads and the handout: no selection, the view and sources noted below."""
    shown = matrix_shown(data, members, view, title)
    notes = [
        shown.sentence,
        f"{shown.summary} · data as of {data.as_of} (latest source check) · sources: see the CSV",
    ]
    chart = matrix_chart(
        shown.matrix, title=title, description=shown.description, selectable=False, notes=notes
    )
    return vega_lite_spec(chart)


@per_dataset
def slide_spec(data: Dataset, members: pd.DataFrame, view: MatrixView, title: str) -> Spec:
    """The chart for presenter mode: the same cells and selection in type a room can read (chart.SLIDE)."""
    shown = matrix_shown(data, members, view, title)
    if shown.matrix.empty:
        return {}
    return vega_lite_spec(matrix_chart(shown.matrix, title=title, description=shown.description, sizes=SLIDE))


EVIDENCE_COLUMNS = [
    "group_id",
    "focus_id",
    "level",
    "own_words",
    "wording",
    "note",
    "title",
    "publisher",
    "url",
    STATED_COLUMN,
    CHECKED_COLUMN,
]


def matrix_csv(data: Dataset, members: pd.DataFrame, view: MatrixView, link: str) -> bytes:
    """The 'Matrix (CSV)' download: the table twin in plain words under the view's header lines."""
    m = build_matrix(data, members, view)
    return exports.to_csv_bytes(matrix_table(m, glyphs=False), header_lines(m, data, link))


def evidence_csv(data: Dataset, members: pd.DataFrame, view: MatrixView, link: str) -> bytes:
    """The 'Evidence with sources (CSV)' download: every piece of evidence in the view."""
    m = build_matrix(data, members, view)
    return exports.to_csv_bytes(m.evidence[EVIDENCE_COLUMNS], header_lines(m, data, link))
