"""The compared coalitions' members: counts in words, counties, shared members, the member list.

On the SYNTHETIC dataset of tests/synthetic.py (expected values by hand) and the shipped data.
"""

from __future__ import annotations

import pytest

from components.views.compare import members as mb


def test_multi_group_members(syn):
    data, members = syn
    shared = mb.multi_group_members(data, members, ("zeta",))
    assert list(shared["name"]) == ["Plano"]
    assert shared["groups"].iloc[0] == "Zeta (founding member); Mu (member)"
    assert mb.multi_group_members(data, members, ("alpha",)).empty


def test_shipped_overlap_finds_members_in_two_networks(shipped):
    data, members = shipped
    shared = mb.multi_group_members(data, members, ("ntxia", "connective"))
    m = data.memberships
    for entity_id in shared["entity_id"]:
        assert m.loc[m["entity_id"] == entity_id, "group_id"].nunique() > 1
    in_two = m.groupby("entity_id")["group_id"].nunique()
    expected = set(in_two[in_two > 1].index) & set(
        m.loc[m["group_id"].isin(["ntxia", "connective"]), "entity_id"]
    )
    assert set(shared["entity_id"]) == expected and expected


@pytest.mark.parametrize(
    ("word", "n", "expected"),
    [
        ("city", 2, "cities"),
        ("city", 1, "city"),
        ("founding member", 3, "founding members"),
        ("launch municipality", 18, "launch municipalities"),
        ("business-association", 2, "business associations"),
        ("economic-development", 1, "economic development organisation"),
        ("survey", 2, "surveys"),
    ],
)
def test_plural_role(word, n, expected):
    assert mb.plural_role(word, n) == expected


def test_county_at_finds_the_county_around_a_point():
    # Dallas City Hall; Census FIPS 48113 is Dallas County, TX.
    assert mb.county_at(-96.797, 32.776) == ("48113", "Dallas", "TX")
    assert mb.county_at(-40.0, 30.0) is None  # Atlantic Ocean


def test_counties_are_located_once_per_coalition(syn):
    data, members = syn
    counties = mb.coalition_counties(data, members, "zeta")
    assert mb.coalition_counties(data, members, "zeta") is counties
    assert counties == tuple(mb.counties_covered(data, mb.listed_members(members, "zeta")))
