"""Helpers shared by the map tests: one view's selection, its deck as JSON, SYNTHETIC members."""

from __future__ import annotations

import json
import math

import pandas as pd

from components.data.filters import Filters
from components.views.map.deck import build_deck
from components.views.map.selection import select as select_view
from components.views.map.view import MapView

TX_OK = ("TX", "OK")
SYNTHETIC_SOURCE = "https://example.invalid/synthetic-test-rows"


def select(data, members, **kwargs):
    extent = kwargs.pop("extent", "")
    basemap = kwargs.pop("basemap", "")
    hidden = kwargs.pop("hidden", ())
    return select_view(data, members, MapView(Filters(**kwargs), extent, basemap, hidden))


def deck_json(sel) -> dict:
    return json.loads(build_deck(sel).to_json())


def layer(deck: dict, layer_id: str) -> dict:
    return next(x for x in deck["layers"] if x["id"] == layer_id)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return math.radians(lon), y


def with_synthetic_places(members: pd.DataFrame, places: pd.DataFrame, group_id: str) -> pd.DataFrame:
    """SYNTHETIC (tests only): gazetteer places appended as city members of `group_id`."""
    base = members[members["group_id"] == group_id].iloc[0]
    rows = pd.DataFrame(
        {
            "entity_id": [f"syn-{g}" for g in places["geonameid"]],
            "name": [f"SYNTHETIC {n}" for n in places["name"]],
            "entity_type": "city",
            "state": list(places["state"]),
            "country": "US",
            "located_by": "city",
            "lon": list(places["lon"]),
            "lat": list(places["lat"]),
            "county_fips": "",
            "group_id": group_id,
            "group_name": base["group_name"],
            "group_kind": base["group_kind"],
            "role": "member",
            "is_member": True,
            "cohort": "",
            "joined": "",
            "as_of": "2026-01-01",
            "sources": SYNTHETIC_SOURCE,
            "source_ids": "synthetic-test",
            "note": "SYNTHETIC test row",
            "place_note": "",
        }
    )
    return pd.concat([members, rows], ignore_index=True)


def tx_ok_places(places: pd.DataFrame) -> pd.DataFrame:
    return places[places["state"].isin(TX_OK)].sort_values(["state", "geonameid"], ascending=[False, True])
