"""Everything the map page shows for one view, computed once per (dataset, view) and shared by every
session showing it (components/data/memo.py): a link opened by a room full of people costs one
computation, and Streamlit gets the very same deck JSON text on every rerun."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.views.html_table import html_table
from components.views.map.deck import CompactDeck, build_deck, map_alt_text
from components.views.map.downloads import source_lines
from components.views.map.legend import legend_html, legend_rows
from components.views.map.selection import MapSelection, select
from components.views.map.table import table_caption, table_frame, table_page
from components.views.map.view import MapView


@dataclass(frozen=True)
class MapShown:
    """Everything the page draws for one view; shared by every session showing it (read-only)."""

    sel: MapSelection
    deck: CompactDeck  # its JSON is written once, here
    legend: str  # HTML (legend.legend_html)
    table: pd.DataFrame  # the table twin, every row (the page shows a page at a time)
    source_lines: tuple[str, ...]
    alt_text: str


def map_shown(data: Dataset, members: pd.DataFrame, view: MapView) -> MapShown:
    """The selection, deck, legend, table twin and sources of a view, once per (dataset, view).

    The camera is not part of it: panning the map reuses the view's marks (see MapView.marks).
    """
    return _shown(data, members, view.marks)


@per_dataset
def _shown(data: Dataset, members: pd.DataFrame, view: MapView) -> MapShown:
    sel = select(data, members, view)
    deck = build_deck(sel)
    deck.to_json()
    return MapShown(
        sel=sel,
        deck=deck,
        legend=legend_html(legend_rows(sel, data)),
        table=table_frame(sel),
        source_lines=tuple(source_lines(sel, data)),
        alt_text=map_alt_text(sel),
    )


def table_page_html(data: Dataset, members: pd.DataFrame, view: MapView, page: int) -> str:
    """Page `page` of the view's table twin as an HTML table, once per (dataset, view, page).

    The HTML of a page is the largest text the map sends; built per rerun it cost 43 % of the page's
    script time in a 40-person burst (issue 15), so it is shared like the rest of MapShown.
    """
    return _table_page_html(data, members, view.marks, page)


@per_dataset
def _table_page_html(data: Dataset, members: pd.DataFrame, view: MapView, page: int) -> str:
    table = _shown(data, members, view).table
    rows = table_page(table, page)
    return html_table(rows, table_caption(page, len(table)), link_columns=("Source",))
