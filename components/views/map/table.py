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
    # Plain Python strings: Arrow sends them with 32-bit offsets (pandas' own string dtype becomes
    # large_string, 64-bit), which keeps the table ~13 % smaller on the wire; it looks the same.
    return (
        frame.rename(columns=TABLE_COLUMNS)
        .sort_values(["Coalition or network", "Name"], ignore_index=True)
        .astype(object)
    )


TABLE_ROW_PX = 35
TABLE_ALL_ROWS_UP_TO = 30
# st.dataframe sends every row it is given; a page of 500 rows is ~100 kB. The full list is in the
# "What I see (CSV)" download.
TABLE_PAGE_ROWS = 500


def table_height(n_rows: int) -> int:
    """Tall enough to show every row of a small selection without scrolling inside the table."""
    return TABLE_ROW_PX * (min(n_rows, TABLE_ALL_ROWS_UP_TO) + 1) + 3


def table_pages(n_rows: int) -> int:
    """How many pages of TABLE_PAGE_ROWS the table twin has (at least one)."""
    return max(1, math.ceil(n_rows / TABLE_PAGE_ROWS))


def table_page(table: pd.DataFrame, page: int) -> pd.DataFrame:
    """Rows of page `page` (1-based, clamped to the pages there are)."""
    if len(table) <= TABLE_PAGE_ROWS:
        return table
    page = min(max(1, page), table_pages(len(table)))
    rows = table.iloc[(page - 1) * TABLE_PAGE_ROWS : page * TABLE_PAGE_ROWS]
    shared = [c for c in rows.columns if isinstance(rows[c].dtype, pd.CategoricalDtype)]
    return rows.assign(**{c: rows[c].cat.remove_unused_categories() for c in shared})


# Columns whose values repeat row after row. Sent as categories, each value travels once (Arrow
# dictionary encoding): the shipped national table drops from ~37 kB to ~16 kB, drawn the same.
# A column with an empty cell stays text, since the table would show an empty category as "None".
_REPEATED_COLUMNS = ("Type", "Coalition or network", "Role", "On the map", "Date", "Source", "All sources")


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table twin as the page sends it: repeated values as categories (same text on screen)."""
    out = table.copy()
    for column in _REPEATED_COLUMNS:
        if column in out and len(out) and out[column].astype(bool).all():
            out[column] = out[column].astype("category")
    return out


def rows_label(page: int, n_rows: int) -> str:
    """'rows 1–500 of 22,010' for a page of the table."""
    first = (page - 1) * TABLE_PAGE_ROWS + 1
    last = min(page * TABLE_PAGE_ROWS, n_rows)
    return f"rows {first:,}–{last:,} of {n_rows:,}"
