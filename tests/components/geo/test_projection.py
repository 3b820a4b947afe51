"""Web Mercator as deck.gl draws it: the camera that frames a box, and a point's place in a picture."""

import math

import pytest

from components.geo import projection
from components.geo.projection import camera_value, parse_camera


def _around_dallas(half_size):
    return (-96.8 - half_size, 32.8 - half_size, -96.8 + half_size, 32.8 + half_size)


def test_view_for_bounds_zoom_decreases_as_bounds_grow():
    zooms = [projection.view_for_bounds(_around_dallas(size))["zoom"] for size in (0.01, 0.05, 0.2, 1, 4, 12)]
    assert zooms == sorted(zooms, reverse=True)
    assert len(set(zooms)) == len(zooms)


@pytest.mark.parametrize(
    ("bounds", "expected_zoom"),
    [
        ((-96.8, 32.8, -96.8, 32.8), projection.POINT_ZOOM),
        ((-96.8, 32.8, -96.79999, 32.80001), projection.MAX_ZOOM),
        ((-180.0, -80.0, 180.0, 80.0), projection.MIN_ZOOM),
    ],
    ids=["single-point", "tiny-clamped", "world-clamped"],
)
def test_view_for_bounds_special_zooms(bounds, expected_zoom):
    assert projection.view_for_bounds(bounds)["zoom"] == expected_zoom


def test_view_for_bounds_of_the_lower_48_fits_and_is_centred():
    bounds = (-124.73, 24.51, -66.98, 49.38)
    view = projection.view_for_bounds(bounds, width_px=900, height_px=560, padding=0.1)
    assert view["longitude"] == pytest.approx(-95.855)
    assert 36.0 < view["latitude"] < 38.0  # mercator centre, north of the 36.9° mid-latitude
    assert 3.0 < view["zoom"] < 3.5
    world_px = 512 * 2 ** view["zoom"]
    assert (bounds[2] - bounds[0]) / 360 * world_px <= 900 * 0.8


def test_view_for_bounds_uses_the_tighter_dimension():
    wide = projection.view_for_bounds((-100.0, 32.0, -90.0, 33.0))
    tall = projection.view_for_bounds((-96.0, 28.0, -95.0, 38.0))
    assert tall["zoom"] < wide["zoom"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bounds": (-90.0, 32.0, -100.0, 33.0)}, "min_lon"),
        ({"bounds": (-100.0, 32.0, -90.0, 33.0), "width_px": 0}, "positive"),
        ({"bounds": (-100.0, 32.0, -90.0, 33.0), "padding": 0.5}, "padding"),
    ],
    ids=["inverted", "no-width", "padding-too-large"],
)
def test_view_for_bounds_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        projection.view_for_bounds(**kwargs)


def test_view_latitude_is_the_mercator_midpoint():
    view = projection.view_for_bounds((-100.0, 0.0, -90.0, 60.0))
    assert view["latitude"] > 30.0
    assert not math.isnan(view["latitude"])


@pytest.mark.parametrize(
    ("lon", "lat", "where"),
    [
        (-96.9, 32.9, "centre"),
        (-90.0, 32.9, "right"),
        (-100.0, 32.9, "left"),
        (-96.9, 36.0, "up"),
        (-96.9, 30.0, "down"),
    ],
)
def test_projection_orientation(lon, lat, where):
    proj = projection.Projection(-96.9, 32.9, 6.0, 960, 600)
    x, y = proj(lon, lat)
    expected = {
        "centre": lambda: math.isclose(x, 480) and math.isclose(y, 300),
        "right": lambda: x > 480,
        "left": lambda: x < 480,
        "up": lambda: y < 300,
        "down": lambda: y > 300,
    }
    assert expected[where]()


def test_projection_matches_deck_gl_scale():
    """At zoom z the world is 512·2^z pixels wide (deck.gl web-mercator): 360° of longitude."""
    proj = projection.Projection(0.0, 0.0, 2.0, 960, 600)
    assert math.isclose(proj(180.0, 0)[0] - proj(-180.0, 0)[0], 512 * 4)


@pytest.mark.parametrize(
    ("lat", "y"),
    [(0.0, 0.5), (85.051129, 0.0), (-85.051129, 1.0), (89.9, 0.0), (-89.9, 1.0)],
    ids=["equator", "top", "bottom", "clamped-north", "clamped-south"],
)
def test_mercator_y_spans_the_square_world_and_clamps_the_poles(lat, y):
    assert projection.mercator_y(lat) == pytest.approx(y, abs=1e-6)
    assert projection.mercator_x(-180.0) == 0.0 and projection.mercator_x(180.0) == 1.0


@pytest.mark.parametrize("lat", [-60.0, 0.0, 32.8, 71.3])
def test_mercator_lat_inverts_mercator_y(lat):
    assert projection.mercator_lat(projection.mercator_y(lat)) == pytest.approx(lat)


def test_projection_for_frames_the_bounds_as_view_for_bounds_does():
    bounds = (-97.5, 32.5, -96.5, 33.5)
    proj = projection.projection_for(bounds, 960, 600, 0.06)
    view = projection.view_for_bounds(bounds, 960, 600, 0.06)
    assert (proj.longitude, proj.latitude, proj.zoom) == (view["longitude"], view["latitude"], view["zoom"])
    x0, y1 = proj(bounds[0], bounds[1])
    x1, y0 = proj(bounds[2], bounds[3])
    assert 0 <= x0 < x1 <= 960 and 0 <= y0 < y1 <= 600
    assert proj.visible(bounds) and not proj.visible((-80.0, 40.0, -79.0, 41.0))


@pytest.mark.parametrize(
    ("bounds", "span", "expected"),
    [
        ((-97.0, 32.0, -96.0, 33.0), 1.5, (-97.25, 31.75, -95.75, 33.25)),
        ((-100.0, 30.0, -90.0, 31.0), 1.5, (-100.0, 29.75, -90.0, 31.25)),
        ((-96.8, 32.8, -96.8, 32.8), 2.0, (-97.8, 31.8, -95.8, 33.8)),
        ((-100.0, 30.0, -90.0, 40.0), 1.5, (-100.0, 30.0, -90.0, 40.0)),
    ],
    ids=["both-grown", "only-latitude", "a-point", "already-wide"],
)
def test_widen_grows_bounds_about_their_centre(bounds, span, expected):
    assert projection.widen(bounds, span) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [
        (-96.8, 32.8, True),
        (-124.8, 24.4, True),
        (-66.9, 49.4, True),
        (-66.0, 18.4, False),
        (-96.8, 50.0, False),
    ],
)
def test_contains_includes_the_edges(lon, lat, inside):
    assert projection.contains((-124.8, 24.4, -66.9, 49.4), lon, lat) is inside


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-98.2355,32.2630,-96.2592,33.7610", (-98.2355, 32.263, -96.2592, 33.761)),
        ("-180,-85.05,180,85.05", (-180.0, -85.05, 180.0, 85.05)),
        (" -98, 32 ,-96,33", (-98.0, 32.0, -96.0, 33.0)),  # float() forgives spaces; the link rewrites them
    ],
)
def test_parse_camera_reads_a_box_on_earth(value, expected):
    assert parse_camera(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "-98,32,-96",  # three numbers
        "-98,32,-96,33,1",  # five
        "-96,32,-98,33",  # west east of east
        "-98,33,-96,32",  # south north of north
        "-98,32,-98,33",  # no width
        "-98,32,-97.9995,33",  # narrower than MIN_CAMERA_SPAN
        "-181,32,-96,33",  # off the world
        "-98,32,-96,86",  # beyond Web Mercator
        "nan,32,-96,33",
        "-inf,32,-96,33",
        "a,b,c,d",
        "1e400,32,-96,33",
        "-98,32,-96,33" + "0" * 80,  # absurdly long
    ],
)
def test_parse_camera_refuses_what_is_not_a_box_on_earth(value):
    assert parse_camera(value) is None


def test_camera_value_writes_four_decimals_that_parse_back_to_themselves():
    value = camera_value((-98.23554, 32.26299, -96.25921, 33.76104))
    assert value == "-98.2355,32.2630,-96.2592,33.7610"
    assert camera_value(parse_camera(value)) == value
