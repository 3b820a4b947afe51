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


# A row is ~370 bytes of HTML (long source addresses), sent with the page's first render. 30 rows keep
# /map's first render under 150 kB (benchmarks item 6) and fit on the page whole, so the table never
# scrolls inside a box of its own. Every row is in the "What I see (CSV)" download.
TABLE_PAGE_ROWS = 30


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
    """The table's own caption: 'Members shown, rows 1–30 of 22,010', or 'Members shown (26 rows)'."""
    if n_rows <= TABLE_PAGE_ROWS:
        return f"Members shown ({n_rows:,} row{'s' if n_rows != 1 else ''})"
    return f"Members shown, {rows_label(min(max(1, page), table_pages(n_rows)), n_rows)}"


def rows_label(page: int, n_rows: int) -> str:
    """'rows 1–30 of 22,010' for a page of the table."""
    first = (page - 1) * TABLE_PAGE_ROWS + 1
    last = min(page * TABLE_PAGE_ROWS, n_rows)
    return f"rows {first:,}–{last:,} of {n_rows:,}"
