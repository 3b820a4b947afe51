"""The table twin: the same rows as the map, with sources, a page at a time."""

from __future__ import annotations

import pandas as pd
import pytest

from components.views.map.table import (
    TABLE_PAGE_ROWS,
    rows_label,
    table_caption,
    table_frame,
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


@pytest.mark.parametrize(
    ("page", "n_rows", "caption"),
    [
        (1, 1, "Members shown (1 row)"),
        (1, 30, "Members shown (30 rows)"),
        (1, 171, "Members shown, rows 1–30 of 171"),
        (2, 726, "Members shown, rows 31–60 of 726"),
        (99, 726, "Members shown, rows 721–726 of 726"),  # clamped, as table_page
    ],
)
def test_the_tables_caption_says_which_rows_it_holds(page, n_rows, caption):
    assert table_caption(page, n_rows) == caption


@pytest.mark.parametrize(
    ("n_rows", "pages", "labels"),
    [
        (0, 1, ["rows 1–0 of 0"]),
        (30, 1, ["rows 1–30 of 30"]),
        (31, 2, ["rows 1–30 of 31", "rows 31–31 of 31"]),
        (
            136,
            5,
            [
                "rows 1–30 of 136",
                "rows 31–60 of 136",
                "rows 61–90 of 136",
                "rows 91–120 of 136",
                "rows 121–136 of 136",
            ],
        ),
        (22_010, 734, ["rows 1–30 of 22,010", "rows 31–60 of 22,010"]),
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
