"""The evidence behind one cell of the matrix: valid cell ids, their labels, and the evidence table.

A cell id is 'group_id:focus_id' (the `cell` link parameter). A cell with no evidence says "none
found in the sources read", never "no": an unread source may say otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from components.data.evidence import LEVEL_NONE, RANK, focus_labels, strongest
from components.data.filters import group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.text import md_text
from components.views.focus_areas.matrix import evidence_markdown_table, evidence_rows

NO_CELL_LABEL = "— pick a cell —"


def cell_choices(data: Dataset, with_networks: bool = True) -> list[str]:
    """Every valid `cell` value: 'group_id:focus_id' for each coalition (and network) and focus area."""
    groups = list(data.coalitions["coalition_id"])
    if with_networks:
        groups += [n for n in data.networks["network_id"] if n in set(data.focus_evidence["group_id"])]
    return [f"{g}:{f}" for g in groups for f in data.focus_areas["focus_id"]]


@per_dataset
def cell_levels(data: Dataset) -> dict[str, str]:
    """The level of every cell with evidence, keyed 'group_id:focus_id' (absent = none found).

    Cached per dataset and shared: read-only.
    """
    ev = evidence_rows(data)
    return {
        f"{group_id}:{focus_id}": strongest(grp["level"])
        for (group_id, focus_id), grp in ev.groupby(["group_id", "focus_id"])
    }


def cell_label(cell: str, data: Dataset, levels: dict[str, str]) -> str:
    """'NTXIA · Transportation — stated focus area' for a cell id."""
    if not cell:
        return NO_CELL_LABEL
    group_id, _, focus_id = cell.partition(":")
    name = group_names(data).get(group_id, group_id)
    label = focus_labels(data).get(focus_id, focus_id)
    return f"{name} · {label} — {levels.get(cell, LEVEL_NONE)}"


@per_dataset
def cell_labels(data: Dataset) -> dict[str, str]:
    """cell_label of '' and of every valid cell id: the cell picker's option labels, computed once."""
    levels = cell_levels(data)
    return {c: cell_label(c, data, levels) for c in ["", *cell_choices(data)]}


def cell_options(shown_cells: Sequence[str], chosen: str) -> list[str]:
    """The cell picker's options: none, the cells on screen, and the chosen one if it is not among them."""
    return ["", *shown_cells, *([chosen] if chosen and chosen not in shown_cells else [])]


@per_dataset
def cell_evidence(data: Dataset, cell: str) -> pd.DataFrame:
    """The evidence behind one cell: level, own words, source (title, publisher, date, address), note."""
    group_id, _, focus_id = cell.partition(":")
    ev = evidence_rows(data)
    here = ev[(ev["group_id"] == group_id) & (ev["focus_id"] == focus_id)].copy()
    here["rank"] = here["level"].map(RANK)
    here = here.sort_values(["rank", "as_of"], ascending=[False, False], kind="stable")
    return here[
        ["level", "own_words", "words", "title", "source", "url", "date", "note", "source_id"]
    ].reset_index(drop=True)


@dataclass(frozen=True)
class CellShown:
    """What the page shows for one picked cell (read-only)."""

    label: str  # cell_label (plain text)
    table: pd.DataFrame  # evidence_markdown_table of the cell's evidence, escaped for st.table
    none_found: str  # escaped Markdown for a cell without evidence ('' when it has some)

    @property
    def empty(self) -> bool:
        return self.table.empty


@per_dataset
def cell_shown(data: Dataset, cell: str) -> CellShown:
    """The evidence list of one cell, or the sentence that says none was found (and what that means)."""
    label = cell_labels(data).get(cell) or cell_label(cell, data, cell_levels(data))
    table = evidence_markdown_table(cell_evidence(data, cell))
    none_found = (
        md_text(label) + ". Nothing in the sources read links them; that is not proof of no work, "
        "only that no public source read for this dataset says so."
    )
    return CellShown(label=label, table=table, none_found="" if len(table) else none_found)
