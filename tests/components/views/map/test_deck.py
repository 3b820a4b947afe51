"""The deck as data: which layers a view draws, their colours, tooltips, what a click picks,
what a view costs on the wire, and the golden reference deck.

The golden deck (tests/golden/map_ntxia_deck.json) pins one reference view; after a deliberate
change, regenerate it with `UPDATE_GOLDEN=1 pytest tests/components/views/map/test_deck.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.map import selection
from components.views.map.deck import DECK_DIGITS, MAX_LABELS, build_deck
from components.views.map.details import details_options
from components.views.map.icons import (
    FADED_COLOUR,
    MEMBER_ALPHA,
    MEMBER_ICON_PX,
    PARTNER_ALPHA,
    palette_colours,
)
from components.views.map.layers import LABELS
from components.views.map.static_files import ICONS_URL, STATES_URL
from components.views.map.view import MapView
from components.views.palette import GROUP_COLOURS, colour_of, hex_to_rgb
from tests.components.views.map.helpers import TX_OK, deck_json, layer, select

GOLDEN = Path(__file__).resolve().parents[3] / "golden" / "map_ntxia_deck.json"


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
        assert first["data"] == "app/static/states.json" == STATES_URL


def test_coalition_filter_keeps_its_members_only(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    rows = layer(deck_json(sel), "coalition-members")["data"]
    ids = {r["entity_id"] for r in rows}
    assert "plano-tx" in ids and "mesa-az" not in ids
    assert {r["group_id"] for r in rows} == {"ntxia"}
    expected = members[(members["group_id"] == "ntxia") & members["lon"].notna()]
    assert len(rows) == len(expected)


def test_icon_colours_come_from_the_palette(data, members):
    deck = deck_json(select(data, members))
    for layer_id in ("coalition-members", "hubs", "us-ignite", "project-overcome"):
        lyr = layer(deck, layer_id)
        assert lyr["iconAtlas"] == ICONS_URL
        assert set(lyr["iconMapping"]) == {row["icon"] for row in lyr["data"]}  # only the icons used
        for row in lyr["data"]:
            assert row["icon"].endswith(colour_of(row["group_id"]).lstrip("#").lower())
    assert {c.upper() for c in GROUP_COLOURS.values()} <= set(palette_colours())


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
    assert lyr["getColor"] == "@@=" + FADED_COLOUR
    assert f"[255, 255, 255, {PARTNER_ALPHA}] : [255, 255, 255, {MEMBER_ALPHA}]" in lyr["getColor"]
    assert PARTNER_ALPHA < MEMBER_ALPHA


def test_member_rows_carry_only_what_is_drawn_or_shown():
    """Position and icon are drawn; ids make a click open the details; tip is the tooltip."""
    data = load_dataset()
    deck = deck_json(selection.select(data, members_table(data), MapView()))
    for layer_id in ("coalition-members", "us-ignite", "project-overcome"):
        for row in layer(deck, layer_id)["data"]:
            assert set(row) - {"faded"} == {"position", "icon", "entity_id", "group_id", "tip"}
            assert row.get("faded", True) is True  # present only on partners
            assert all(len(str(v).split(".")[-1]) <= DECK_DIGITS for v in row["position"])


def test_no_basemap_and_no_tile_url_by_default(data, members):
    text = build_deck(select(data, members)).to_json()
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
    deck = build_deck(select(data, members, coalitions=("ntxia",)))
    assert set(deck._tooltip) == {"text", "style"}  # no "html" template
    plano = next(
        r
        for r in layer(json.loads(deck.to_json()), "coalition-members")["data"]
        if r["entity_id"] == "plano-tx"
    )
    tip = plano["tip"]
    for part in ("Plano", "City", "NTXIA", "TX", "joined 2020-05-26", "Source:"):
        assert part in tip
    # Each source by its publisher (the tooltip is sent with every mark: titles are in the details
    # panel, table and downloads) with the membership's date, labelled (issue 13: two dates).
    source_id = members.set_index(["entity_id", "group_id"]).loc[("plano-tx", "ntxia"), "source_ids"]
    first = source_id.split(";")[0].strip()
    publisher = data.sources.set_index("source_id").loc[first, "publisher"]
    assert f"{publisher}, undated source, checked " in tip or f"{publisher}, stated " in tip


def test_every_pickable_object_says_what_it_is_and_selects_a_group(data, members):
    deck = deck_json(select(data, members))
    for lyr in deck["layers"]:
        if not lyr.get("pickable"):
            continue
        rows = lyr["data"]["features"] if isinstance(lyr["data"], dict) else lyr["data"]
        for row in rows:
            props = row.get("properties", row)
            assert props["tip"].strip()
            assert props["group_id"] in set(details_options(data))


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
        assert not ({"hubs", "hub-links"} & ids)


def test_hiding_a_layer_does_not_move_the_camera(data, members):
    base = deck_json(select(data, members))["initialViewState"]
    for hidden in ("footprints", "us-ignite", "coalition-members"):
        assert deck_json(select(data, members, hidden=(hidden,)))["initialViewState"] == base
    assert deck_json(select(data, members, basemap="carto"))["initialViewState"] == base


def test_national_deck_fits_its_byte_budget(data, members):
    """The shipped national view's deck, sent on first render and on every change back to it.

    Issue 7's budget is 150 kB for everything /map sends; the deck gets 100 kB of it.
    """
    text = build_deck(select(data, members)).to_json()
    assert len(text.encode("utf-8")) < 100_000
    assert '"usps"' not in text and "MultiPolygon" in text  # outlines by URL; only footprints inline
    assert "data:image" not in text  # the icon atlas is a static file too
    assert "\\u" not in text  # UTF-8, not ASCII escapes
    assert "\n" not in text and '": ' not in text[:2000]  # compact JSON (tips hold only escaped newlines)


def test_golden_reference_deck(data, members):
    deck = deck_json(select(data, members, coalitions=("ntxia",)))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(
            json.dumps(deck, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert deck == golden, "deck changed: review, then regenerate with UPDATE_GOLDEN=1"


def test_names_ride_in_one_collision_filtered_text_layer_drawn_last(data, members):
    deck = deck_json(select(data, members, coalitions=("ntxia",)))
    ids = [x["id"] for x in deck["layers"]]
    assert ids[-1] == LABELS and ids.count(LABELS) == 1 and "hub-labels" not in ids
    lyr = layer(deck, LABELS)
    assert lyr["@@type"] == "TextLayer" and lyr["pickable"] is False
    # The browser component binds deck.gl's CollisionFilterExtension to this layer's priority.
    assert (lyr["getPosition"], lyr["getText"], lyr["getCollisionPriority"]) == ("@@=p", "@@=t", "@@=r")
    # A white outline, which deck.gl draws only from a signed-distance font atlas.
    assert lyr["fontSettings"]["sdf"] is True and lyr["outlineWidth"] > 0
    assert lyr["outlineColor"] == [255, 255, 255, 255]
    sizes = [float(n) for n in re.findall(r"\? (\d+) : (\d+)$", lyr["getSize"])[0]]
    assert min(sizes) >= 12
    offsets = re.findall(r"\[(\d+), 0\]", lyr["getPixelOffset"])
    assert len(offsets) == 2 and min(int(o) for o in offsets) >= MEMBER_ICON_PX / 2  # beside the mark
    # deck.gl keeps a label only where its own shape covers its anchor: an invisible background
    # reaches back from the text (which starts right of the mark) over the anchor.
    assert lyr["background"] is True and lyr["getBackgroundColor"][3] == 0
    assert lyr["backgroundPadding"][0] > max(int(o) for o in offsets)


def test_label_rows_are_plain_names_hubs_first_one_per_position(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    rows = layer(deck_json(sel), LABELS)["data"]
    assert all(set(r) == {"p", "t", "r"} for r in rows)  # position, text, collision priority
    assert rows[0]["t"] == "NTXIA"
    priorities = [r["r"] for r in rows]
    assert priorities == sorted(priorities, reverse=True) and len(set(priorities)) == len(rows)
    assert all(-1000 <= p <= 1000 for p in priorities)
    positions = [tuple(r["p"]) for r in rows]
    assert len(set(positions)) == len(rows)
    drawn = {
        (round(x, DECK_DIGITS), round(y, DECK_DIGITS))
        for x, y in zip(sel.drawn_points["lon"], sel.drawn_points["lat"], strict=True)
    }
    assert set(positions) == drawn  # every mark's point named once (the hub is at Dallas)
    texts = {r["t"] for r in rows}
    assert {"Plano", "Frisco", "Richardson", "Fort Worth"} <= texts
    assert set(texts) <= {"NTXIA", *sel.drawn_points["name"]}


def test_counted_view_names_only_the_hubs(data, members):
    """SYNTHETIC (tests only): MAX_POINTS is lowered so the shipped national view is drawn as counts."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(selection, "MAX_POINTS", 50)
        sel = selection.select.uncached(data, members, MapView())
    rows = layer(json.loads(build_deck(sel).to_json()), LABELS)["data"]
    assert sel.aggregated and sorted(r["t"] for r in rows) == sorted(sel.hubs["short_name"])


def test_hidden_members_take_their_names_and_the_hubs_names_along(data, members):
    deck = deck_json(select(data, members, hidden=("coalition-members",)))
    texts = {r["t"] for r in layer(deck, LABELS)["data"]}
    networks = members[members["group_kind"] == "network"]
    assert texts and texts <= set(networks["name"])
    assert not ({"NTXIA", "Plano"} & texts)


def test_label_budget_caps_the_names_a_dense_view_sends(data, just_under):
    """SYNTHETIC (tests only): 1,500 points in Texas and Oklahoma, the most drawn one by one."""
    sel = selection.select(data, just_under, MapView(Filters(states=TX_OK)))
    rows = layer(deck_json(sel), LABELS)["data"]
    assert not sel.aggregated and len(rows) == MAX_LABELS
    texts = [r["t"] for r in rows]
    # The hub first; a city listed in two groups (a connecting member) before the synthetic cities.
    assert texts[0] == "NTXIA" and texts.index("Richardson") < texts.index("Plano") < MAX_LABELS
