"""The map's accessible twin: one table row per member shown (or not mappable), a page at a time."""

from __future__ import annotations

import math

import pandas as pd

from components.views.map.marks import PLACED, first_url, type_label
from components.views.map.selection import MapSelection

TABLE_COLUMNS = {
    "name": "Name",
    "entity_type": "Type",
    "group_name": "Coalition or network",
    "role": "Role",
    "state": "State",
    "joined": "Joined",
    "on_map": "On the map",
    "date": "Date",
    "source": "Source",
    "source_ids": "All sources",
}


def table_frame(sel: MapSelection) -> pd.DataFrame:
    """The map's accessible twin: one row per member shown (or not mappable), with its source."""
    rows = sel.rows
    frame = pd.DataFrame(
        {
            "name": rows["name"],
            "entity_type": [type_label(t) for t in rows["entity_type"]],
            "group_name": rows["group_name"],
            "role": rows["role"],
            "state": rows["state"],
            "joined": rows["joined"],
            "on_map": [PLACED.get(v, v) for v in rows["located_by"]],
            "date": rows["date"],
            "source": [first_url(v) for v in rows["sources"]],
            "source_ids": rows["source_ids"],
        }
    )
    return frame.rename(columns=TABLE_COLUMNS).sort_values(
        ["Coalition or network", "Name"], ignore_index=True
    )


TABLE_ROW_PX = 35
TABLE_ALL_ROWS_UP_TO = 30
# A page of 500 rows is ~200 kB of HTML; the full list is in the "What I see (CSV)" download.
TABLE_PAGE_ROWS = 500


def table_max_height(n_rows: int) -> int | None:
    """A small selection is shown whole; a longer one scrolls inside a box about 30 rows high."""
    return None if n_rows <= TABLE_ALL_ROWS_UP_TO else TABLE_ROW_PX * (TABLE_ALL_ROWS_UP_TO + 1)


def table_pages(n_rows: int) -> int:
    """How many pages of TABLE_PAGE_ROWS the table twin has (at least one)."""
    return max(1, math.ceil(n_rows / TABLE_PAGE_ROWS))


def table_page(table: pd.DataFrame, page: int) -> pd.DataFrame:
    """Rows of page `page` (1-based, clamped to the pages there are)."""
    if len(table) <= TABLE_PAGE_ROWS:
        return table
    page = min(max(1, page), table_pages(len(table)))
    return table.iloc[(page - 1) * TABLE_PAGE_ROWS : page * TABLE_PAGE_ROWS]


def table_caption(page: int, n_rows: int) -> str:
    """The table's own caption: 'Members shown, rows 1–500 of 22,010', or 'Members shown (171 rows)'."""
    if n_rows <= TABLE_PAGE_ROWS:
        return f"Members shown ({n_rows:,} row{'s' if n_rows != 1 else ''})"
    return f"Members shown, {rows_label(min(max(1, page), table_pages(n_rows)), n_rows)}"


def rows_label(page: int, n_rows: int) -> str:
    """'rows 1–500 of 22,010' for a page of the table."""
    first = (page - 1) * TABLE_PAGE_ROWS + 1
    last = min(page * TABLE_PAGE_ROWS, n_rows)
    return f"rows {first:,}–{last:,} of {n_rows:,}"
