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
