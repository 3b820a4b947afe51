"""The table twin: the same rows as the map, with sources, a page at a time."""

from __future__ import annotations

import pandas as pd
import pytest

from components.views.map.table import (
    TABLE_ALL_ROWS_UP_TO,
    TABLE_PAGE_ROWS,
    TABLE_ROW_PX,
    rows_label,
    table_caption,
    table_frame,
    table_max_height,
    table_page,
    table_pages,
)
from tests.components.views.map.helpers import select


def test_table_twin_has_the_same_rows_and_sources(data, members):
    sel = select(data, members, states=("TX", "AZ"), focus=("transportation",))
    table = table_frame(sel)
    assert len(table) == len(sel.rows)
    assert table["Source"].str.startswith("http").all()
    assert {"Name", "Type", "Coalition or network", "Role", "State", "Joined", "On the map"} <= set(
        table.columns
    )


def test_a_small_selection_is_shown_whole_and_a_long_one_scrolls_in_its_box():
    assert table_max_height(TABLE_ALL_ROWS_UP_TO) is None  # no box: every row on the page
    assert table_max_height(500) == table_max_height(TABLE_ALL_ROWS_UP_TO + 1) >= 25 * TABLE_ROW_PX


@pytest.mark.parametrize(
    ("page", "n_rows", "caption"),
    [
        (1, 1, "Members shown (1 row)"),
        (1, 171, "Members shown (171 rows)"),
        (2, 726, "Members shown, rows 501–726 of 726"),
        (9, 726, "Members shown, rows 501–726 of 726"),  # clamped, as table_page
    ],
)
def test_the_tables_caption_says_which_rows_it_holds(page, n_rows, caption):
    assert table_caption(page, n_rows) == caption


@pytest.mark.parametrize(
    ("n_rows", "pages", "labels"),
    [
        (0, 1, ["rows 1–0 of 0"]),
        (136, 1, ["rows 1–136 of 136"]),
        (500, 1, ["rows 1–500 of 500"]),
        (501, 2, ["rows 1–500 of 501", "rows 501–501 of 501"]),
        (22_010, 45, ["rows 1–500 of 22,010", "rows 501–1,000 of 22,010"]),
    ],
)
def test_table_pages(n_rows, pages, labels):
    assert table_pages(n_rows) == pages
    assert [rows_label(p, n_rows) for p in range(1, len(labels) + 1)] == labels
    frame = pd.DataFrame({"Name": [f"row {i}" for i in range(n_rows)]})
    assert len(table_page(frame, 1)) == min(n_rows, TABLE_PAGE_ROWS)
    last = table_page(frame, pages)
    assert len(last) == n_rows - (pages - 1) * TABLE_PAGE_ROWS
    assert table_page(frame, pages + 3).equals(last)  # clamped
