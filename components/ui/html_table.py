"""Draw a table as plain HTML (components/views/html_table.py) instead of st.dataframe.

A first visit then loads no data-grid JavaScript (~200 kB), and the table is a real <table> a screen
reader can walk. The rows are not sortable on screen: each page offers the CSV with every row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from components.views.html_table import TABLE_CSS, html_table


def table(
    frame: pd.DataFrame,
    caption: str,
    *,
    link_columns: Iterable[str] = (),
    max_height_px: int | None = None,
    key: str | None = None,
) -> None:
    """`frame` as an accessible HTML table with `caption`; `link_columns` link http(s) addresses.

    `key` names the container (`st-key-<key>`) so pages, styles and browser tests can find it.
    """
    draw(html_table(frame, caption, link_columns=link_columns, max_height_px=max_height_px), key=key)


def draw(table_html: str, *, key: str | None = None) -> None:
    """A table already written by components.views.html_table.html_table (e.g. cached per view)."""
    body = TABLE_CSS + table_html
    # st.markdown, not st.html: Markdown's code is loaded with the page, so the table is drawn at its
    # height from the first paint; st.html's code arrives later and the page below would jump when it
    # does (issue 15, layout shift). Every value in `body` is escaped (components/data/text.py).
    (st.container(key=key) if key else st).markdown(body, unsafe_allow_html=True)
