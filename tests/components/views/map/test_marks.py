"""What each mark says: member symbols and tooltips, hubs, county footprints, and the text helpers."""

from __future__ import annotations

from components.views.map.icons import SHAPE_OF_TYPE
from components.views.map.marks import (
    PLACED,
    coalition_hubs,
    county_footprints,
    first_url,
    located_points,
    split_ids,
    type_label,
)


def test_text_helpers():
    assert split_ids(" a; b ;;c ") == ["a", "b", "c"] and split_ids("") == [] and split_ids(None) == []
    assert first_url(" | https://a.example | https://b.example") == "https://a.example"
    assert first_url("") == ""
    assert type_label("business-association") == "business association"


def test_every_way_of_placing_a_member_is_explained(members):
    assert set(members["located_by"]) <= set(PLACED)


def test_located_points_are_the_rows_with_a_location_with_shape_colour_and_tooltip(data, members):
    points = located_points(members, members, data)
    assert len(points) == members["lon"].notna().sum()
    assert points.index.equals(members.index[members["lon"].notna()])
    assert all(s == SHAPE_OF_TYPE[t] for s, t in zip(points["shape"], points["entity_type"], strict=True))
    assert all(tip.startswith(str(name)) for tip, name in zip(points["tip"], points["name"], strict=True))


def test_a_hub_with_another_just_north_of_it_is_labelled_below(data, members):
    hubs = coalition_hubs(members, data, members).set_index("coalition_id")
    assert hubs.loc["sasr", "label_below"]  # Tucson, with Phoenix (The Connective) just north
    assert not hubs.loc["connective", "label_below"]
    assert hubs.loc["ntxia", "tip"].startswith("NTXIA — North Texas Innovation Alliance\nCoalition hub")


def test_county_members_get_a_shaded_footprint(data, members):
    points = located_points(members, members, data)
    footprints = county_footprints(points)
    assert {f["properties"]["entity_id"] for f in footprints} == set(
        points.loc[points["county_fips"] != "", "entity_id"]
    )
    assert all(f["geometry"]["type"] == "MultiPolygon" and f["geometry"]["coordinates"] for f in footprints)
