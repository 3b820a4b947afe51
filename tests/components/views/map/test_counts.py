"""Count marks: above MAX_POINTS points in view, members are counted per county or state
(SYNTHETIC gazetteer members, tests only).
"""

from __future__ import annotations

import re

import pytest

from components.data.filters import Filters
from components.geo import boundaries as geo
from components.geo.polygons import counties_of
from components.views.map import selection
from components.views.map.counts import COUNT_RADIUS_PX, MAX_POINTS
from components.views.map.deck import build_deck
from components.views.map.layers import visible_points
from components.views.map.outlines import county_label
from components.views.map.view import MapView
from tests.components.views.map.helpers import TX_OK, deck_json, layer


def test_counts_per_county_replace_points_above_the_threshold(data, many_in_texas):
    sel = selection.select(data, many_in_texas, MapView(Filters(states=TX_OK)))
    visible = visible_points(sel.points, ())
    assert len(visible) > MAX_POINTS
    assert sel.level == "county" and sel.drawn_points.empty
    marks = sel.aggregates
    # Every point is in exactly one mark: the counts add up to the entities in view.
    assert (marks["members"] + marks["partners"]).sum() == visible["entity_id"].nunique()
    ids = {x["id"] for x in deck_json(sel)["layers"]}
    assert {"member-counts", "member-count-labels", "hubs"} <= ids
    assert not ({"coalition-members", "us-ignite", "shared-rings"} & ids)
    assert "drawn as counts per county" in sel.description


def test_a_count_mark_says_how_many_of_whom_where(data, many_in_texas):
    sel = selection.select(data, many_in_texas, MapView(Filters(states=TX_OK)))
    dallas = sel.aggregates.set_index("key").loc["48113"]  # Dallas County, TX (bundled boundaries)
    in_dallas = set(
        counties_of(many_in_texas["lon"].fillna(0), many_in_texas["lat"].fillna(0), many_in_texas["state"])
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
    assert biggest["radius"] == max(sel.aggregates["radius"]) <= COUNT_RADIUS_PX[1]


def test_no_counts_at_the_threshold(data, just_under):
    sel = selection.select(data, just_under, MapView(Filters(states=TX_OK)))
    assert len(visible_points(sel.points, ())) == MAX_POINTS
    assert not sel.aggregated
    ids = {x["id"] for x in deck_json(sel)["layers"]}
    assert "coalition-members" in ids and "member-counts" not in ids
    # ... but 1,400+ arcs from one hub would be a tangle: one per (hub, county) instead.
    assert sel.link_level == "county"
    counties = set(counties_of(sel.points["lon"], sel.points["lat"], sel.points["state"]))
    assert len(sel.hub_links) <= len(counties) < len(sel.points) / 3
    assert all(re.fullmatch(r"NTXIA hub → [\d,]+ members? in .+", a["tip"]) for a in sel.hub_links)


def test_national_view_counts_per_state(data, nationwide):
    sel = selection.select(data, nationwide, MapView())
    assert sel.level == "state"
    assert set(sel.aggregates["key"]) == {f"state:{s}" for s in visible_points(sel.points, ())["state"]}
    texas = sel.aggregates.set_index("key").loc["state:TX"]
    assert texas["tip"].splitlines()[0].endswith(" in Texas")
    assert (texas["lon"], texas["lat"]) == pytest.approx(
        tuple(geo.state_centroids(geo.BOUNDARIES_DIR).set_index("usps").loc["TX", ["lon", "lat"]])
    )
    # hub links go to the count marks: one per (coalition, state) at most
    assert len(sel.hub_links) <= len(sel.aggregates) * len(sel.hubs)
    assert len(build_deck(sel).to_json().encode("utf-8")) < 150_000


def test_hidden_layers_are_left_out_of_the_counts(data, many_in_texas):
    view = MapView(Filters(states=TX_OK), hidden=("us-ignite",))
    sel = selection.select(data, many_in_texas, view)
    assert sel.aggregated
    shown = visible_points(sel.points, view.hidden)
    assert "us-ignite" not in set(shown["group_id"])
    assert (sel.aggregates["members"] + sel.aggregates["partners"]).sum() == shown["entity_id"].nunique()


def test_counties_of_points_from_the_bundled_boundaries():
    # Austin, Dallas, Houston, Baltimore city and a harbour town just off the simplified coast.
    lons, lats = [-97.743, -96.797, -95.363, -76.612, -70.935], [30.267, 32.777, 29.763, 39.290, 42.519]
    fips = counties_of(lons, lats, ["TX", "TX", "TX", "MD", "MA"])
    assert fips[:4] == ["48453", "48113", "48201", "24510"]
    assert fips[4].startswith("25")  # Salem, MA: in a Massachusetts county even if off the outline
    assert county_label("48453") == "Travis County, TX"
    assert county_label("22071") == "Orleans Parish, LA"
    assert county_label("24510") == "Baltimore city, MD"
