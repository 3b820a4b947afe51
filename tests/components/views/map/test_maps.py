"""Map builders as data: layers, filtered rows, palette colours, extents, arcs, legend, exports, details,
the static files the deck points at, count marks for large selections and what a view costs on the wire.

The golden deck (tests/golden/map_ntxia_deck.json) pins one reference view; after a deliberate
change, regenerate it with `UPDATE_GOLDEN=1 pytest tests/components/test_maps.py` and review the diff.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.geo import boundaries as geo
from components.geo.gazetteer import us_places
from components.views.map import maps
from components.views.palette import GROUP_COLOURS, colour_of, hex_to_rgb
from tests.hostile import HOSTILE_VALUES

GOLDEN = Path(__file__).resolve().parents[3] / "golden" / "map_ntxia_deck.json"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def members(data):
    return members_table(data)


def select(data, members, **kwargs):
    extent = kwargs.pop("extent", "")
    basemap = kwargs.pop("basemap", "")
    hidden = kwargs.pop("hidden", ())
    return maps.select(data, members, maps.MapView(Filters(**kwargs), extent, basemap, hidden))


def deck_json(sel) -> dict:
    return json.loads(maps.build_deck(sel).to_json())


def layer(deck: dict, layer_id: str) -> dict:
    return next(x for x in deck["layers"] if x["id"] == layer_id)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return math.radians(lon), y


# ---- layers and rows ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "present", "absent"),
    [
        (
            {},
            {"states", "footprints", "partnerships", "hub-links", "hubs", "coalition-members", "us-ignite"},
            set(),
        ),
        (
            {"coalitions": ("ntxia",)},
            {"states", "footprints", "hub-links", "hubs", "coalition-members"},
            {"partnerships", "us-ignite", "project-overcome"},
        ),
        (
            {"networks": ("us-ignite",)},
            {"states", "us-ignite"},
            {"hubs", "coalition-members", "partnerships"},
        ),
        ({"networks": ("nscp",)}, {"partnerships", "hubs"}, {"us-ignite", "project-overcome"}),
        ({"states": ("HI",)}, {"states"}, {"hubs", "coalition-members", "us-ignite"}),
    ],
)
def test_layers_present_for_a_selection(data, members, kwargs, present, absent):
    ids = {x["id"] for x in deck_json(select(data, members, **kwargs))["layers"]}
    assert present <= ids
    assert not (absent & ids)


def test_state_outlines_are_always_drawn_first_from_the_static_file(data, members):
    for kwargs in ({}, {"states": ("HI",)}, {"coalitions": ("snf",)}):
        first = deck_json(select(data, members, **kwargs))["layers"][0]
        assert first["id"] == "states"
        assert first["pickable"] is False
        # A relative URL: from /map it resolves to /app/static/states.json (server.enableStaticServing).
        assert first["data"] == "app/static/states.json" == maps.STATES_URL


def test_static_files_are_what_the_code_generates():
    """static/ is generated (python -m components.views.map.maps): a stale or hand-edited file fails here."""
    for path, blob in maps.static_files().items():
        assert path.parent == Path(__file__).resolve().parents[4] / "static"
        assert path.read_bytes() == blob, f"{path.name} is stale: run python -m components.views.map.maps"


def test_static_outlines_cover_every_bundled_state():
    outlines = json.loads(maps.STATES_FILE.read_bytes())
    bundled = geo.load_states(geo.BOUNDARIES_DIR)["features"]
    assert [f["properties"]["usps"] for f in outlines["features"]] == [
        f["properties"]["usps"] for f in bundled
    ]
    texas = next(f for f in outlines["features"] if f["properties"]["usps"] == "TX")
    min_lon, min_lat, max_lon, max_lat = maps.state_bounds()["TX"]
    ring = texas["geometry"]["coordinates"][0][0]
    assert all(
        min_lon - 0.01 <= x <= max_lon + 0.01 and min_lat - 0.01 <= y <= max_lat + 0.01 for x, y in ring
    )


def test_static_icon_atlas_has_every_icon_a_view_can_use():
    svg = ET.fromstring(maps.ICONS_FILE.read_text(encoding="utf-8"))  # noqa: S314 - generated here
    fills = {el.get("fill").upper() for el in svg.iter() if el.get("fill")}
    assert fills == {c.upper() for c in maps.palette_colours()}
    for colour in maps.palette_colours():
        names = [maps.icon_name(s, colour) for s in (*maps.MEMBER_SHAPES, "star")]
        assert set(maps.icon_mapping(names)) == set(names)
    assert "opacity" not in maps.ICONS_FILE.read_text(encoding="utf-8")  # fading is the layer's


def test_coalition_filter_keeps_its_members_only(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    rows = layer(deck_json(sel), "coalition-members")["data"]
    ids = {r["entity_id"] for r in rows}
    assert "plano-tx" in ids and "mesa-az" not in ids
    assert {r["group_id"] for r in rows} == {"ntxia"}
    expected = members[(members["group_id"] == "ntxia") & members["lon"].notna()]
    assert len(rows) == len(expected)


def test_state_and_type_filters_combine(data, members):
    sel = select(data, members, states=("AZ",), types=("city",))
    assert set(sel.rows["state"]) == {"AZ"} and set(sel.rows["entity_type"]) == {"city"}
    shapes = set(sel.points["shape"])
    assert shapes == {"circle"}


def test_focus_filter_keeps_groups_with_evidence(data, members):
    sel = select(data, members, focus=("transportation",))
    ev = data.focus_evidence
    with_focus = set(ev.loc[ev["focus_id"] == "transportation", "group_id"])
    assert set(sel.rows["group_id"]) <= with_focus
    assert "us-ignite" not in set(sel.rows["group_id"])


def test_every_member_type_has_a_shape_and_county_city_university_are_visible_sizes():
    from components.data.schema import ENTITY_TYPES

    assert set(ENTITY_TYPES) <= set(maps.SHAPE_OF_TYPE)
    for entity_type in ("county", "city", "university"):
        assert maps.ICON_PX[maps.SHAPE_OF_TYPE[entity_type]] >= 12
    # the three are told apart by shape, not only by colour
    assert len({maps.SHAPE_OF_TYPE[t] for t in ("county", "city", "university")}) == 3


def test_members_without_a_location_are_listed_not_drawn(data, members):
    sel = select(data, members, networks=("us-ignite",))
    table = maps.table_frame(sel)
    adelaide = table[table["Name"].str.contains("Adelaide")]
    assert len(adelaide) == 1
    assert adelaide.iloc[0]["On the map"].startswith("not on the map")
    assert "adelaide-au" not in set(sel.points["entity_id"])
    assert "not on the map" in sel.description


# ---- colours ------------------------------------------------------------------------------------


def test_icon_colours_come_from_the_palette(data, members):
    deck = deck_json(select(data, members))
    for layer_id in ("coalition-members", "hubs", "us-ignite", "project-overcome"):
        lyr = layer(deck, layer_id)
        assert lyr["iconAtlas"] == maps.ICONS_URL
        assert set(lyr["iconMapping"]) == {row["icon"] for row in lyr["data"]}  # only the icons used
        for row in lyr["data"]:
            assert row["icon"].endswith(colour_of(row["group_id"]).lstrip("#").lower())
    assert {c.upper() for c in GROUP_COLOURS.values()} <= set(maps.palette_colours())


def test_arc_and_footprint_colours_come_from_the_palette(data, members):
    deck = deck_json(select(data, members))
    for row in layer(deck, "hub-links")["data"]:
        assert row["source_color"][:3] == hex_to_rgb(colour_of(row["group_id"]))[:3]
        assert row["target_color"][:3] == row["source_color"][:3]
        assert row["target_color"][3] < row["source_color"][3]  # fades towards the member
    for row in layer(deck, "partnerships")["data"]:
        assert row["color"][:3] == hex_to_rgb(colour_of(row["group_id"]))[:3]
    for feature in layer(deck, "footprints")["data"]["features"]:
        props = feature["properties"]
        assert props["fill"][:3] == hex_to_rgb(colour_of(props["group_id"]))[:3]


def test_partners_are_drawn_faded(data, members):
    lyr = layer(deck_json(select(data, members, coalitions=("connective",))), "coalition-members")
    faded = {r["entity_id"]: r.get("faded", False) for r in lyr["data"]}
    assert faded["phoenix-az"] is False and faded["dell"] is True
    # deck.gl evaluates the colour per row: partners at PARTNER_ALPHA, members at MEMBER_ALPHA.
    assert lyr["getColor"] == "@@=" + maps.FADED_COLOUR
    assert f"[255, 255, 255, {maps.PARTNER_ALPHA}] : [255, 255, 255, {maps.MEMBER_ALPHA}]" in lyr["getColor"]
    assert maps.PARTNER_ALPHA < maps.MEMBER_ALPHA


def test_member_rows_carry_only_what_is_drawn_or_shown():
    """Position and icon are drawn; ids make a click open the details; tip is the tooltip."""
    data = load_dataset()
    deck = deck_json(maps.select(data, members_table(data), maps.MapView()))
    for layer_id in ("coalition-members", "us-ignite", "project-overcome"):
        for row in layer(deck, layer_id)["data"]:
            assert set(row) - {"faded"} == {"position", "icon", "entity_id", "group_id", "tip"}
            assert row.get("faded", True) is True  # present only on partners
            assert all(len(str(v).split(".")[-1]) <= maps.DECK_DIGITS for v in row["position"])


# ---- extents and camera -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("us", True),
        ("TX", True),
        ("PR", True),
        ("coalition:ntxia", True),
        ("network:us-ignite", True),
        ("coalition:us-ignite", False),
        ("network:ntxia", False),
        ("coalition:", False),
        ("tx", False),
        ("ZZ", False),
        ("", False),
        *((v, False) for v in HOSTILE_VALUES if v not in ("", "tx")),
    ],
)
def test_is_extent(data, value, ok):
    assert maps.is_extent(value, data) is ok


@pytest.mark.parametrize(
    ("extent", "inside", "outside"),
    [
        ("us", [(-96.8, 32.8), (-122.4, 37.8), (-70.0, 44.0)], [(-66.0, 18.4), (-157.9, 21.3)]),
        ("TX", [(-96.8, 32.8), (-95.4, 29.8), (-106.5, 31.8)], [(-112.1, 33.4), (-94.6, 39.1)]),
        ("AK", [(-149.9, 61.2), (-134.4, 58.3)], [(-122.4, 37.8)]),
        ("coalition:ntxia", [(-96.7, 33.0), (-97.3, 32.75)], [(-112.1, 33.4)]),
        ("network:region-of-regions", [(-96.8, 32.8), (-112.1, 33.4), (-110.9, 32.2)], [(-87.6, 41.9)]),
    ],
)
def test_extent_bounds(data, members, extent, inside, outside):
    min_lon, min_lat, max_lon, max_lat = maps.extent_bounds(extent, data, members)
    for lon, lat in inside:
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, (lon, lat)
    for lon, lat in outside:
        assert not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat), (lon, lat)


def test_named_extent_sets_the_camera_and_is_described(data, members):
    sel = select(data, members, coalitions=("ntxia",), extent="TX")
    view = deck_json(sel)["initialViewState"]
    tx = maps.state_bounds()["TX"]
    assert tx[0] < view["longitude"] < tx[2] and tx[1] < view["latitude"] < tx[3]
    assert "framed on Texas" in sel.description


def test_fitted_camera_shows_every_selected_point(data, members):
    """Project the points with the camera and check they land inside the assumed map size."""
    for kwargs in ({"coalitions": ("ntxia",)}, {"states": ("AZ", "TX")}, {"networks": ("nscp",)}):
        sel = select(data, members, **kwargs)
        cam = sel.camera
        scale = geo.TILE_SIZE_PX * 2 ** cam["zoom"] / (2 * math.pi)
        cx, cy = mercator(cam["longitude"], cam["latitude"])
        for lon, lat in zip(sel.points["lon"], sel.points["lat"], strict=True):
            x, y = mercator(lon, lat)
            assert abs((x - cx) * scale) <= maps.MAP_WIDTH_PX / 2
            assert abs((y - cy) * scale) <= maps.MAP_HEIGHT_PX / 2


def test_fit_leaves_far_territories_off_the_frame_and_names_them(data, members):
    sel = select(data, members)
    assert "Loíza (PR) is outside that frame" in sel.description
    assert sel.bounds[0] > -130 and sel.bounds[1] > 20  # the lower 48 only
    only_pr = select(data, members, states=("PR",))
    assert only_pr.bounds[1] < 18.5 < only_pr.bounds[3]
    assert "outside that frame" not in only_pr.description


def test_a_single_metro_keeps_some_context(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    assert sel.bounds[2] - sel.bounds[0] >= maps.MIN_SPAN_DEG
    assert sel.bounds[3] - sel.bounds[1] >= maps.MIN_SPAN_DEG


@pytest.mark.parametrize(
    ("extent", "before", "after", "url_loaded", "expected"),
    [
        ("TX", None, Filters(), False, "TX"),
        ("TX", Filters(), Filters(), False, "TX"),
        ("TX", Filters(), Filters(states=("AZ",)), False, ""),
        ("TX", Filters(), Filters(states=("AZ",)), True, "TX"),
        ("", Filters(states=("AZ",)), Filters(), False, ""),
    ],
)
def test_extent_after_filter_change(extent, before, after, url_loaded, expected):
    assert maps.extent_after_filter_change(extent, before, after, url_loaded) == expected


# ---- arcs ---------------------------------------------------------------------------------------


def test_hub_links_join_a_coalition_hub_to_its_located_members(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    hub = data.coalitions.set_index("coalition_id").loc["ntxia"]
    rows = members[(members["group_id"] == "ntxia") & members["lon"].notna()]
    expected = {
        r.entity_id
        for r in rows.itertuples()
        if r.located_by != "coalition-hub" and (abs(r.lon - hub.lon) >= 0.01 or abs(r.lat - hub.lat) >= 0.01)
    }
    assert {a["entity_id"] for a in sel.hub_links} == expected
    for a in sel.hub_links:
        assert a["source"] == [round(hub.lon, 4), round(hub.lat, 4)]


def test_partnership_arcs_join_every_pair_of_member_coalitions(data, members):
    sel = select(data, members, networks=("nscp",))
    nc = data.network_coalitions
    nscp = set(nc.loc[nc["network_id"] == "nscp", "coalition_id"])
    pairs = {frozenset((a["a"], a["b"])) for a in sel.partnerships}
    assert pairs == {frozenset(p) for p in itertools.combinations(sorted(nscp), 2)}
    assert {a["network_id"] for a in sel.partnerships} == {"nscp"}


def test_region_of_regions_has_its_own_arcs(data, members):
    sel = select(data, members, networks=("region-of-regions",))
    nc = data.network_coalitions
    ror = set(nc.loc[nc["network_id"] == "region-of-regions", "coalition_id"])
    assert {frozenset((a["a"], a["b"])) for a in sel.partnerships} == {
        frozenset(p) for p in itertools.combinations(sorted(ror), 2)
    }


def test_no_partnership_arc_leaves_the_selection(data, members):
    sel = select(data, members, coalitions=("ntxia", "connective"))
    ends = {a["a"] for a in sel.partnerships} | {a["b"] for a in sel.partnerships}
    assert ends == {"ntxia", "connective"}
    kinds = {a["network_id"] for a in sel.partnerships}
    assert kinds == {"nscp", "region-of-regions"}


def test_networks_have_no_invented_hub(data, members):
    sel = select(data, members, networks=("us-ignite", "project-overcome"))
    assert sel.hubs.empty and not sel.hub_links and not sel.partnerships


# ---- deck: basemap, tooltips, payload, golden ---------------------------------------------------


def test_no_basemap_and_no_tile_url_by_default(data, members):
    text = maps.build_deck(select(data, members)).to_json()
    deck = json.loads(text)
    assert deck["mapStyle"] == "__MAP_STYLE__"  # Streamlit's 'no basemap' sentinel
    assert "mapProvider" not in deck
    assert "cartocdn" not in text and "mapbox" not in text


def test_carto_basemap_is_opt_in(data, members):
    deck = deck_json(select(data, members, basemap="carto"))
    assert deck["mapProvider"] == "carto"
    assert deck["mapStyle"].startswith("https://basemaps.cartocdn.com/")
    assert layer(deck, "states")  # the outlines are still drawn over the tiles


def test_tooltips_are_plain_text_with_name_type_coalition_state_joined_source(data, members):
    deck = maps.build_deck(select(data, members, coalitions=("ntxia",)))
    assert set(deck._tooltip) == {"text", "style"}  # no "html" template
    plano = next(
        r
        for r in layer(json.loads(deck.to_json()), "coalition-members")["data"]
        if r["entity_id"] == "plano-tx"
    )
    tip = plano["tip"]
    for part in ("Plano", "City", "NTXIA", "TX", "joined 2020-05-26", "Source:"):
        assert part in tip
    source_id = members.set_index(["entity_id", "group_id"]).loc[("plano-tx", "ntxia"), "source_ids"]
    title = data.sources.set_index("source_id").loc[source_id.split(";")[0].strip(), "title"]
    assert title in tip


def test_every_pickable_object_says_what_it_is_and_selects_a_group(data, members):
    deck = deck_json(select(data, members))
    for lyr in deck["layers"]:
        if not lyr.get("pickable"):
            continue
        rows = lyr["data"]["features"] if isinstance(lyr["data"], dict) else lyr["data"]
        for row in rows:
            props = row.get("properties", row)
            assert props["tip"].strip()
            assert props["group_id"] in set(maps.details_options(data))


def test_layer_ids_are_stable_and_unique(data, members):
    deck = deck_json(select(data, members))
    ids = [x["id"] for x in deck["layers"]]
    assert len(ids) == len(set(ids))
    assert deck_json(select(data, members))["layers"] == deck["layers"]


@pytest.mark.parametrize(
    "hidden", ["footprints", "hub-links", "partnerships", "us-ignite", "coalition-members"]
)
def test_hidden_layers_are_left_out(data, members, hidden):
    deck = deck_json(select(data, members, hidden=(hidden,)))
    ids = {x["id"] for x in deck["layers"]}
    assert hidden not in ids
    assert "states" in ids
    if hidden == "coalition-members":
        assert not ({"hubs", "hub-links", "hub-labels"} & ids)


def test_hiding_a_layer_does_not_move_the_camera(data, members):
    base = deck_json(select(data, members))["initialViewState"]
    for hidden in ("footprints", "us-ignite", "coalition-members"):
        assert deck_json(select(data, members, hidden=(hidden,)))["initialViewState"] == base
    assert deck_json(select(data, members, basemap="carto"))["initialViewState"] == base


def test_national_deck_fits_its_byte_budget(data, members):
    """The shipped national view's deck, sent on first render and on every change back to it.

    Issue 7's budget is 150 kB for everything /map sends; the deck gets 100 kB of it.
    """
    text = maps.build_deck(select(data, members)).to_json()
    assert len(text.encode("utf-8")) < 100_000
    assert '"usps"' not in text and "MultiPolygon" in text  # outlines by URL; only footprints inline
    assert "data:image" not in text  # the icon atlas is a static file too
    assert "\\u" not in text  # UTF-8, not ASCII escapes
    assert "\n" not in text and '": ' not in text[:2000]  # compact JSON (tips hold only escaped newlines)


def test_deck_json_is_written_once():
    data = load_dataset()
    deck = maps.render_view(data, members_table(data), maps.MapView()).deck
    assert deck.to_json() is deck.to_json()
    assert "_json_text" not in deck.to_json()


def test_golden_reference_deck(data, members):
    deck = deck_json(select(data, members, coalitions=("ntxia",)))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(
            json.dumps(deck, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert deck == golden, "deck changed: review, then regenerate with UPDATE_GOLDEN=1"


def test_picked_reads_any_layer_object():
    cases = [
        (None, None),
        ({}, None),
        ({"coalition-members": [{"group_id": "ntxia", "entity_id": "plano-tx"}]}, ("ntxia", "plano-tx")),
        ({"hubs": [{"group_id": "snf", "entity_id": ""}]}, ("snf", "")),
        (
            {"footprints": [{"properties": {"group_id": "connective", "entity_id": "maricopa-county-az"}}]},
            ("connective", "maricopa-county-az"),
        ),
        ({"partnerships": [{"group_id": "nscp"}]}, ("nscp", "")),
        ({"x": [{"group_id": 5}], "y": [{"nothing": 1}]}, None),
        ({"x": [None or {}]}, None),
    ]
    for objects, expected in cases:
        assert maps.picked(objects) == expected


# ---- legend -------------------------------------------------------------------------------------


def test_legend_names_every_colour_shape_and_arc_in_view(data, members):
    sel = select(data, members)
    rows = maps.legend_rows(sel, data)
    swatches = rows[rows["kind"] == "swatch"]
    assert set(swatches["colour"]) == {colour_of(g) for g in sel.groups}
    shapes = set(rows.loc[rows["kind"] == "shape", "shape"])
    assert shapes == {maps.SHAPE_PATHS[s] for s in set(sel.points["shape"]) | {"star"}}
    lines = rows[rows["kind"] == "line"]
    assert colour_of("nscp") in set(lines["colour"]) and colour_of("region-of-regions") in set(
        lines["colour"]
    )
    labels = " ".join(rows["label"])
    assert "National Smart Coalitions Partnership" in labels and "hub → member" in labels


def test_legend_follows_the_selection(data, members):
    rows = maps.legend_rows(select(data, members, coalitions=("ntxia",)), data)
    assert set(rows.loc[rows["kind"] == "swatch", "colour"]) == {colour_of("ntxia")}
    assert not rows["label"].str.contains("Partnership").any()
    hidden = maps.legend_rows(select(data, members, hidden=("partnerships",)), data)
    assert not hidden["label"].str.contains("arc: NSCP|Partnership", regex=True).any()


def test_legend_chart_is_titled_and_described(data, members):
    spec = maps.legend_chart(maps.legend_rows(select(data, members), data)).to_dict()
    assert spec["title"]["text"] == "Legend"
    assert spec["description"].startswith("Map legend.")
    assert "North Texas Innovation Alliance" in spec["description"]


# ---- table twin and downloads -------------------------------------------------------------------


def test_table_twin_has_the_same_rows_and_sources(data, members):
    sel = select(data, members, states=("TX", "AZ"), focus=("transportation",))
    table = maps.table_frame(sel)
    assert len(table) == len(sel.rows)
    assert table["Source"].str.startswith("http").all()
    assert {"Name", "Type", "Coalition or network", "Role", "State", "Joined", "On the map"} <= set(
        table.columns
    )


def test_table_height_shows_small_selections_whole():
    assert maps.table_height(24) >= 25 * maps.TABLE_ROW_PX
    assert maps.table_height(500) == maps.table_height(maps.TABLE_ALL_ROWS_UP_TO)


def test_csv_carries_description_link_and_as_of(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    text = maps.members_csv(sel, data, "http://localhost:8501/map?coalition=ntxia").decode("utf-8-sig")
    head = text.splitlines()[:4]
    assert head[0] == f"# Map of connected regions: {sel.description}"
    assert head[1] == "# View: http://localhost:8501/map?coalition=ntxia"
    assert head[2] == f"# Data as of {data.as_of}"
    assert "Plano" in text and "Mesa" not in text


def test_geojson_has_members_hubs_arcs_and_the_view(data, members):
    sel = select(data, members, networks=("nscp",))
    doc = json.loads(maps.view_geojson(sel, data, "http://x/map?network=nscp"))
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
    ids = set(maps.view_sources(sel, data)["source_id"])
    for value in sel.rows["source_ids"]:
        assert {s.strip() for s in value.split(";")} <= ids


# ---- details panel ------------------------------------------------------------------------------


def test_coalition_details(data, members):
    d = maps.group_details(data, members, "ntxia")
    assert d.title == "North Texas Innovation Alliance" and d.kind == "coalition"
    assert any(line.startswith("Roster: 24 of 40+ members listed") for line in d.lines)
    assert "Plano" in set(d.members["Name"])
    assert len(d.members) == len(members[members["group_id"] == "ntxia"])
    ev = data.focus_evidence
    assert len(d.focus) == len(ev[ev["group_id"] == "ntxia"])
    assert "National Smart Coalitions Partnership" in set(d.links["Partnership"])
    assert d.sources["Link"].str.startswith("http").all()
    assert "Richardson" in set(d.shared["Member"])  # also a US Ignite community


def test_network_details(data, members):
    ignite = maps.group_details(data, members, "us-ignite")
    assert ignite.kind == "national network"
    assert "Adelaide" in " ".join(ignite.members["Name"])
    nscp = maps.group_details(data, members, "nscp")
    assert len(nscp.links) == 7 and nscp.members.empty
    assert maps.group_details(data, members, "nope") is None


def test_member_lines(data, members):
    lines = maps.member_lines(data, members, "plano-tx", "ntxia")
    assert lines[0] == "Plano (city, TX)"
    assert lines[1] == "Founding member of NTXIA, joined 2020-05-26."
    assert lines[2] == "On the map: at its city."
    assert maps.member_lines(data, members, "plano-tx", "connective") == ()
    richardson = maps.member_lines(data, members, "richardson-tx", "ntxia")
    assert any(line.startswith("Also listed in: US Ignite") for line in richardson)


# ---- text safety --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_md_escape_leaves_no_active_markdown(value):
    escaped = maps.md_escape(value)
    for i, ch in enumerate(escaped):
        if ch in "`*_[]()<>#|!":
            assert escaped[i - 1] == "\\", (value, escaped)


def test_hostile_names_stay_text_in_tooltips_and_exports(data_copy):
    """Synthetic data: one entity renamed to a markup payload (tests only)."""
    path = data_copy / "entities.csv"
    text = path.read_text(encoding="utf-8").replace(
        "plano-tx,Plano,", 'plano-tx,"=HYPERLINK(""x"")<script>",', 1
    )
    path.write_text(text, encoding="utf-8")
    data = load_dataset(data_copy)
    members = members_table(data)
    sel = maps.select(data, members, maps.MapView(Filters(coalitions=("ntxia",))))
    deck = maps.build_deck(sel)
    assert set(deck._tooltip) == {"text", "style"}
    geo_doc = json.loads(maps.view_geojson(sel, data, ""))
    names = [f["properties"].get("name") for f in geo_doc["features"]]
    assert '\'=HYPERLINK("x")<script>' in names  # formula neutralised
    csv_text = maps.members_csv(sel, data, "").decode("utf-8-sig")
    assert '"\'=HYPERLINK(""x"")<script>"' in csv_text


# ---- one computation per view -------------------------------------------------------------------


def test_a_view_is_computed_once_and_shared(data, members):
    view = maps.MapView(Filters(states=("AZ",)))
    first = maps.render_view(data, members, view)
    again = maps.render_view(data, members, maps.MapView(Filters(states=("AZ",))))
    assert again is first and again.sel is maps.select(data, members, view)
    assert maps.render_view(data, members, maps.MapView(Filters(states=TX_OK))) is not first


def test_legend_spec_is_the_altair_chart_without_the_theme_sizes(data, members):
    rows = maps.legend_rows(select(data, members), data)
    spec = maps.legend_spec(rows)
    altair = maps.legend_chart(rows).to_dict()
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default theme; Streamlit drops it
        altair["config"]["view"].pop(key, None)
    assert spec == altair
    assert spec["description"].startswith("Map legend.") and spec["config"]["mark"] == {"aria": False}
    assert len(spec["datasets"]) == 1  # both panels read the same rows


# ---- many points: count marks, links per area, table pages -------------------------------------

SYNTHETIC_SOURCE = "https://example.invalid/synthetic-test-rows"


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


@pytest.fixture(scope="module")
def places():
    return us_places()


TX_OK = ("TX", "OK")


def _tx_ok_places(places: pd.DataFrame) -> pd.DataFrame:
    return places[places["state"].isin(TX_OK)].sort_values(["state", "geonameid"], ascending=[False, True])


@pytest.fixture(scope="module")
def many_in_texas(members, places):
    """Shipped members + 1,600 SYNTHETIC NTXIA members in Texas and Oklahoma (1,626 points there)."""
    return with_synthetic_places(members, _tx_ok_places(places).head(1_600), "ntxia")


@pytest.fixture(scope="module")
def just_under(members, places):
    """Shipped members + SYNTHETIC NTXIA members: exactly MAX_POINTS points in Texas and Oklahoma."""
    shipped = len(members[members["state"].isin(TX_OK) & members["lon"].notna()])
    return with_synthetic_places(members, _tx_ok_places(places).head(maps.MAX_POINTS - shipped), "ntxia")


@pytest.fixture(scope="module")
def nationwide(members, places):
    """Shipped members + every 8th US gazetteer place as a SYNTHETIC CSCA member (~2,700 points)."""
    return with_synthetic_places(members, places.iloc[::8], "csca")


def test_shipped_views_draw_every_member_one_by_one(data, members):
    for kwargs in ({}, {"states": ("TX",)}, {"networks": ("us-ignite",)}):
        sel = select(data, members, **kwargs)
        assert not sel.aggregated and sel.aggregates.empty and sel.link_level == ""
        assert len(sel.drawn_points) == len(maps.visible_points(sel.points, ()))
    assert len(maps.visible_points(select(data, members).points, ())) <= maps.MAX_POINTS


def test_counts_per_county_replace_points_above_the_threshold(data, many_in_texas):
    sel = maps.select(data, many_in_texas, maps.MapView(Filters(states=TX_OK)))
    visible = maps.visible_points(sel.points, ())
    assert len(visible) > maps.MAX_POINTS
    assert sel.level == "county" and sel.drawn_points.empty
    marks = sel.aggregates
    # Every point is in exactly one mark: the counts add up to the entities in view.
    assert (marks["members"] + marks["partners"]).sum() == visible["entity_id"].nunique()
    ids = {x["id"] for x in deck_json(sel)["layers"]}
    assert {"member-counts", "member-count-labels", "hubs"} <= ids
    assert not ({"coalition-members", "us-ignite", "shared-rings"} & ids)
    assert "drawn as counts per county" in sel.description


def test_a_count_mark_says_how_many_of_whom_where(data, many_in_texas):
    sel = maps.select(data, many_in_texas, maps.MapView(Filters(states=TX_OK)))
    dallas = sel.aggregates.set_index("key").loc["48113"]  # Dallas County, TX (bundled boundaries)
    in_dallas = set(
        maps.counties_of(
            many_in_texas["lon"].fillna(0), many_in_texas["lat"].fillna(0), many_in_texas["state"]
        )
    )
    assert "48113" in in_dallas
    first = dallas["tip"].splitlines()[0]
    assert re.fullmatch(
        r"[\d,]+ members?( and [\d,]+ partners?)? of \d+ coalitions?( and \d+ networks?)? "
        r"in Dallas County, TX",
        first,
    ), first
    rows = deck_json(sel)
    counts = layer(rows, "member-counts")["data"]
    assert all(set(r) == {"position", "radius", "group_id", "tip"} for r in counts)
    labels = layer(rows, "member-count-labels")["data"]
    assert {r["label"] for r in labels} == {
        f"{n:,}" for n in sel.aggregates["members"] + sel.aggregates["partners"]
    }
    biggest = sel.aggregates.loc[(sel.aggregates["members"] + sel.aggregates["partners"]).idxmax()]
    assert biggest["radius"] == max(sel.aggregates["radius"]) <= maps.COUNT_RADIUS_PX[1]


def test_no_counts_at_the_threshold(data, just_under):
    sel = maps.select(data, just_under, maps.MapView(Filters(states=TX_OK)))
    assert len(maps.visible_points(sel.points, ())) == maps.MAX_POINTS
    assert not sel.aggregated
    ids = {x["id"] for x in deck_json(sel)["layers"]}
    assert "coalition-members" in ids and "member-counts" not in ids
    # ... but 1,400+ arcs from one hub would be a tangle: one per (hub, county) instead.
    assert sel.link_level == "county"
    counties = set(maps.counties_of(sel.points["lon"], sel.points["lat"], sel.points["state"]))
    assert len(sel.hub_links) <= len(counties) < len(sel.points) / 3
    assert all(re.fullmatch(r"NTXIA hub → [\d,]+ members? in .+", a["tip"]) for a in sel.hub_links)


def test_national_view_counts_per_state(data, nationwide):
    sel = maps.select(data, nationwide, maps.MapView())
    assert sel.level == "state"
    assert set(sel.aggregates["key"]) == {f"state:{s}" for s in maps.visible_points(sel.points, ())["state"]}
    texas = sel.aggregates.set_index("key").loc["state:TX"]
    assert texas["tip"].splitlines()[0].endswith(" in Texas")
    assert (texas["lon"], texas["lat"]) == pytest.approx(
        tuple(geo.state_centroids(geo.BOUNDARIES_DIR).set_index("usps").loc["TX", ["lon", "lat"]])
    )
    # hub links go to the count marks: one per (coalition, state) at most
    assert len(sel.hub_links) <= len(sel.aggregates) * len(sel.hubs)
    assert len(maps.build_deck(sel).to_json().encode("utf-8")) < 150_000


def test_hidden_layers_are_left_out_of_the_counts(data, many_in_texas):
    view = maps.MapView(Filters(states=TX_OK), hidden=("us-ignite",))
    sel = maps.select(data, many_in_texas, view)
    assert sel.aggregated
    shown = maps.visible_points(sel.points, view.hidden)
    assert "us-ignite" not in set(shown["group_id"])
    assert (sel.aggregates["members"] + sel.aggregates["partners"]).sum() == shown["entity_id"].nunique()


def test_the_legend_explains_the_count_mark(data, many_in_texas, members):
    rows = maps.legend_rows(maps.select(data, many_in_texas, maps.MapView(Filters(states=TX_OK))), data)
    count = rows[rows["kind"] == "count"]
    assert list(count["label"]) == ["White disc with a number: members per county"]
    assert f"over {maps.MAX_POINTS:,} in view" in " ".join(rows["label"])
    assert "Shape: member type" not in set(rows["label"]) or set(
        rows.loc[rows["kind"] == "shape", "shape"]
    ) == {maps.SHAPE_PATHS["star"]}
    assert len(maps.legend_spec(rows)["hconcat"][1]["layer"]) == 7  # the count symbol's own layer
    plain = maps.legend_rows(select(data, members, states=("TX",)), data)
    assert "count" not in set(plain["kind"])


def test_counties_of_points_from_the_bundled_boundaries():
    # Austin, Dallas, Houston, Baltimore city and a harbour town just off the simplified coast.
    lons, lats = [-97.743, -96.797, -95.363, -76.612, -70.935], [30.267, 32.777, 29.763, 39.290, 42.519]
    fips = maps.counties_of(lons, lats, ["TX", "TX", "TX", "MD", "MA"])
    assert fips[:4] == ["48453", "48113", "48201", "24510"]
    assert fips[4].startswith("25")  # Salem, MA: in a Massachusetts county even if off the outline
    assert maps.county_label("48453") == "Travis County, TX"
    assert maps.county_label("22071") == "Orleans Parish, LA"
    assert maps.county_label("24510") == "Baltimore city, MD"


def test_exports_still_carry_every_member_when_counts_are_drawn(data, many_in_texas):
    sel = maps.select(data, many_in_texas, maps.MapView(Filters(states=TX_OK)))
    doc = json.loads(maps.view_geojson(sel, data, ""))
    members_out = [f for f in doc["features"] if f["properties"]["kind"] in ("member", "partner")]
    assert len(members_out) == len(sel.points)
    assert len(maps.table_frame(sel)) == len(sel.rows)


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
    assert maps.table_pages(n_rows) == pages
    assert [maps.rows_label(p, n_rows) for p in range(1, len(labels) + 1)] == labels
    frame = pd.DataFrame({"Name": [f"row {i}" for i in range(n_rows)]})
    assert len(maps.table_page(frame, 1)) == min(n_rows, maps.TABLE_PAGE_ROWS)
    last = maps.table_page(frame, pages)
    assert len(last) == n_rows - (pages - 1) * maps.TABLE_PAGE_ROWS
    assert maps.table_page(frame, pages + 3).equals(last)  # clamped


def test_display_table_sends_repeated_values_once_and_keeps_empty_cells_as_text(data, members):
    sel = select(data, members)
    table = maps.table_frame(sel)
    shown = maps.display_table(table)
    assert shown.astype(str).equals(table.astype(str))  # same text in every cell
    assert isinstance(shown["On the map"].dtype, pd.CategoricalDtype)
    assert not isinstance(shown["Joined"].dtype, pd.CategoricalDtype)  # has empty cells
    assert not isinstance(shown["Name"].dtype, pd.CategoricalDtype)


def test_page_option_lists_come_from_the_data(data, members):
    choices = maps.filter_choices(data, members)
    assert choices.states == tuple(sorted(s for s in set(members["state"]) if s))
    assert set(choices.types) == set(members["entity_type"])
    labels = maps.extent_labels(data)
    assert list(labels) == list(maps.extent_options(data))
    assert all(labels[v] == maps.extent_label(v, data) for v in labels)
    assert labels["coalition:ntxia"] == "NTXIA (coalition area)" and labels["TX"] == "Texas"
