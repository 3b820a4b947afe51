"""Downloads of a view: CSV and GeoJSON carry the view, its as-of date and every member; data text stays text."""

from __future__ import annotations

import json

import pandas as pd

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.map import selection
from components.views.map.deck import build_deck
from components.views.map.downloads import members_csv, view_geojson, view_sources
from components.views.map.table import table_frame
from components.views.map.view import MapView
from tests.components.views.map.helpers import TX_OK, select


def test_csv_carries_description_link_and_as_of(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    text = members_csv(sel, data, "http://localhost:8501/map?coalition=ntxia").decode("utf-8-sig")
    head = text.splitlines()[:4]
    assert head[0] == f"# Map of connected regions: {sel.description}"
    assert head[1] == "# View: http://localhost:8501/map?coalition=ntxia"
    assert head[2] == f"# Data as of {data.as_of} (latest source check)"
    assert head[3].startswith("# Dates: 'stated …' is the date a source gives for the fact")
    assert "Plano" in text and "Mesa" not in text


def test_geojson_has_members_hubs_arcs_and_the_view(data, members):
    sel = select(data, members, networks=("nscp",))
    doc = json.loads(view_geojson(sel, data, "http://x/map?network=nscp"))
    assert doc["type"] == "FeatureCollection"
    assert doc["description"].endswith(sel.description)
    assert doc["data_as_of"] == data.as_of and doc["view"] == "http://x/map?network=nscp"
    assert doc["sources"]
    kinds = pd.Series([f["properties"]["kind"] for f in doc["features"]]).value_counts()
    assert kinds["hub"] == len(sel.hubs)
    assert kinds["partnership"] == len(sel.partnerships)
    assert kinds["hub-link"] == len(sel.hub_links)
    geoms = {f["geometry"]["type"] for f in doc["features"]}
    assert geoms == {"Point", "LineString"}


def test_view_sources_cover_every_row(data, members):
    sel = select(data, members, coalitions=("csca",))
    ids = set(view_sources(sel, data)["source_id"])
    for value in sel.rows["source_ids"]:
        assert {s.strip() for s in value.split(";")} <= ids


def test_hostile_names_stay_text_in_tooltips_and_exports(data_copy):
    """Synthetic data: one entity renamed to a markup payload (tests only)."""
    path = data_copy / "entities.csv"
    text = path.read_text(encoding="utf-8").replace(
        "plano-tx,Plano,", 'plano-tx,"=HYPERLINK(""x"")<script>",', 1
    )
    path.write_text(text, encoding="utf-8")
    data = load_dataset(data_copy)
    members = members_table(data)
    sel = selection.select(data, members, MapView(Filters(coalitions=("ntxia",))))
    deck = build_deck(sel)
    assert set(deck._tooltip) == {"text", "style"}
    geo_doc = json.loads(view_geojson(sel, data, ""))
    names = [f["properties"].get("name") for f in geo_doc["features"]]
    assert '\'=HYPERLINK("x")<script>' in names  # formula neutralised
    csv_text = members_csv(sel, data, "").decode("utf-8-sig")
    assert '"\'=HYPERLINK(""x"")<script>"' in csv_text


def test_exports_still_carry_every_member_when_counts_are_drawn(data, many_in_texas):
    sel = selection.select(data, many_in_texas, MapView(Filters(states=TX_OK)))
    doc = json.loads(view_geojson(sel, data, ""))
    members_out = [f for f in doc["features"] if f["properties"]["kind"] in ("member", "partner")]
    assert len(members_out) == len(sel.points)
    assert len(table_frame(sel)) == len(sel.rows)
