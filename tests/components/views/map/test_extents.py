"""Named extents, the fitted frame and the camera."""

from __future__ import annotations

import math

import pytest

from components.data.filters import Filters
from components.geo.projection import TILE_SIZE_PX
from components.views.map.extents import (
    MAP_HEIGHT_PX,
    MAP_WIDTH_PX,
    MIN_SPAN_DEG,
    extent_after_filter_change,
    extent_bounds,
    is_extent,
)
from components.views.map.outlines import state_bounds
from tests.components.views.map.helpers import deck_json, mercator, select
from tests.hostile import HOSTILE_VALUES


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
    assert is_extent(value, data) is ok


@pytest.mark.parametrize(
    ("extent", "inside", "outside"),
    [
        ("us", [(-96.8, 32.8), (-122.4, 37.8), (-70.0, 44.0)], [(-66.0, 18.4), (-157.9, 21.3)]),
        ("TX", [(-96.8, 32.8), (-95.4, 29.8), (-106.5, 31.8)], [(-112.1, 33.4), (-94.6, 39.1)]),
        ("AK", [(-149.9, 61.2), (-134.4, 58.3)], [(-122.4, 37.8)]),
        ("coalition:ntxia", [(-96.7, 33.0), (-97.3, 32.75)], [(-112.1, 33.4)]),
        ("network:region-of-regions", [(-96.8, 32.8), (-112.1, 33.4), (-110.9, 32.23)], [(-87.6, 41.9)]),
    ],
)
def test_extent_bounds(data, members, extent, inside, outside):
    min_lon, min_lat, max_lon, max_lat = extent_bounds(extent, data, members)
    for lon, lat in inside:
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, (lon, lat)
    for lon, lat in outside:
        assert not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat), (lon, lat)


def test_named_extent_sets_the_camera_and_is_described(data, members):
    sel = select(data, members, coalitions=("ntxia",), extent="TX")
    view = deck_json(sel)["initialViewState"]
    tx = state_bounds()["TX"]
    assert tx[0] < view["longitude"] < tx[2] and tx[1] < view["latitude"] < tx[3]
    assert "framed on Texas" in sel.description


def test_fitted_camera_shows_every_selected_point(data, members):
    """Project the points with the camera and check they land inside the assumed map size."""
    for kwargs in ({"coalitions": ("ntxia",)}, {"states": ("AZ", "TX")}, {"networks": ("nscp",)}):
        sel = select(data, members, **kwargs)
        cam = sel.camera
        scale = TILE_SIZE_PX * 2 ** cam["zoom"] / (2 * math.pi)
        cx, cy = mercator(cam["longitude"], cam["latitude"])
        for lon, lat in zip(sel.points["lon"], sel.points["lat"], strict=True):
            x, y = mercator(lon, lat)
            assert abs((x - cx) * scale) <= MAP_WIDTH_PX / 2
            assert abs((y - cy) * scale) <= MAP_HEIGHT_PX / 2


def test_fit_leaves_far_territories_off_the_frame_and_names_them(data, members):
    sel = select(data, members)
    assert "Loíza (PR) is outside that frame" in sel.description
    assert sel.bounds[0] > -130 and sel.bounds[1] > 20  # the lower 48 only
    only_pr = select(data, members, states=("PR",))
    assert only_pr.bounds[1] < 18.5 < only_pr.bounds[3]
    assert "outside that frame" not in only_pr.description


def test_a_single_metro_keeps_some_context(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    assert sel.bounds[2] - sel.bounds[0] >= MIN_SPAN_DEG
    assert sel.bounds[3] - sel.bounds[1] >= MIN_SPAN_DEG


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
    assert extent_after_filter_change(extent, before, after, url_loaded) == expected
