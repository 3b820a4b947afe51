"""The bundled boundaries as the map draws them: state outlines, bounds and names, county footprints and names."""

from __future__ import annotations

import pytest

from components.views.map.outlines import county_geometry, county_label, state_bounds, state_names


def test_state_bounds_and_names():
    min_lon, min_lat, max_lon, max_lat = state_bounds()["TX"]
    assert min_lon < -96.8 < max_lon and min_lat < 32.8 < max_lat  # Dallas
    assert state_names()["TX"] == "Texas"
    assert set(state_bounds()) == set(state_names())


def test_alaska_keeps_its_western_side_of_the_antimeridian():
    min_lon, _, max_lon, _ = state_bounds()["AK"]
    assert -180 <= min_lon < max_lon < -129


def test_county_geometry_of_a_bundled_county_only():
    assert county_geometry("48113")  # Dallas County, TX
    assert county_geometry("99999") is None


@pytest.mark.parametrize(
    ("fips", "label"),
    [
        ("48453", "Travis County, TX"),
        ("22071", "Orleans Parish, LA"),
        ("24510", "Baltimore city, MD"),
        ("29510", "St. Louis city, MO"),
        ("51760", "Richmond city, VA"),
        ("32510", "Carson City, NV"),
        ("02110", "Juneau, AK"),
        ("99999", ""),
    ],
)
def test_county_label(fips, label):
    assert county_label(fips) == label
