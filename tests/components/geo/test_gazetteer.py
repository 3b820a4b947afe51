"""US places from the packaged GeoNames gazetteer: lookup keys and the most populous namesake."""

from __future__ import annotations

import pytest

from components.geo.gazetteer import find_place, place_key, us_places


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("St. Louis", "saint louis"),
        ("Ft. Worth", "fort worth"),
        ("Loíza", "loiza"),
        ("Winston-Salem", "winston salem"),
        ("  TULSA ", "tulsa"),
    ],
)
def test_place_key(name, key):
    assert place_key(name) == key


def test_find_place_gives_the_most_populous_namesake_in_the_state():
    lon, lat, population = find_place("tulsa", "ok")
    assert -96.1 < lon < -95.8 and 36.0 < lat < 36.3 and population > 300_000
    assert find_place("St Louis", "MO") == find_place("Saint Louis", "MO")
    assert find_place("Tulsa", "ZZ") is None and find_place("Nowhereville Xyz", "OK") is None


def test_us_places_are_us_and_puerto_rico_places_sorted_for_lookup():
    places = us_places()
    assert {"TX", "PR", "DC"} <= set(places["state"])
    assert places.equals(places.sort_values(["state", "key", "population"], ascending=[True, True, False]))
