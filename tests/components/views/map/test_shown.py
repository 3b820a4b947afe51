"""One view, computed once per (dataset, view) and shared: the selection, and a deck written once."""

from __future__ import annotations

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.map import selection
from components.views.map.shown import map_shown
from components.views.map.view import MapView
from tests.components.views.map.helpers import TX_OK


def test_a_view_is_computed_once_and_shared(data, members):
    view = MapView(Filters(states=("AZ",)))
    first = map_shown(data, members, view)
    again = map_shown(data, members, MapView(Filters(states=("AZ",))))
    assert again is first and again.sel is selection.select(data, members, view)
    assert map_shown(data, members, MapView(Filters(states=TX_OK))) is not first


def test_deck_json_is_written_once():
    data = load_dataset()
    deck = map_shown(data, members_table(data), MapView()).deck
    assert deck.to_json() is deck.to_json()
    assert "_json_text" not in deck.to_json()


def test_a_page_of_the_table_is_written_once_per_view_and_page(monkeypatch):
    from components.views.map import shown
    from tests.pages.helpers import parse_html_tables

    data = load_dataset()  # its own memo: nothing is cached yet
    members = members_table(data)
    written, write = [], shown.html_table
    monkeypatch.setattr(
        shown,
        "html_table",
        lambda frame, caption, **kw: written.append(caption) or write(frame, caption, **kw),
    )
    view = MapView()
    first = shown.table_page_html(data, members, view, 1)
    panned = MapView(camera=(-125.0, 32.0, -114.0, 42.0))
    assert shown.table_page_html(data, members, panned, 1) is first  # the camera does not change the rows
    assert shown.table_page_html(data, members, view, 1) is first
    second = shown.table_page_html(data, members, view, 2)
    n = len(map_shown(data, members, view).table)
    assert written == [f"Members shown, rows 1–30 of {n}", f"Members shown, rows 31–60 of {n}"]
    assert "max-height" not in first  # a page of 30 rows is shown whole, with no scroll box of its own
    (rows,) = parse_html_tables(second)
    assert rows["Name"].tolist() == map_shown(data, members, view).table["Name"].tolist()[30:60]
