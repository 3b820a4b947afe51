"""The peer finder: place parsing against the packaged gazetteers, distances, the nearest coalitions
and members on the SYNTHETIC dataset of tests/synthetic.py (expected values by hand), tables, CSV."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components.exports import dataset as exports
from components.views.compare import comparison as cp
from components.views.compare import peers as pr
from tests.hostile import HOSTILE_VALUES


@pytest.mark.parametrize(
    ("a", "b", "miles"),
    [
        ((0.0, 0.0), (0.0, 1.0), 69.09),  # one degree of latitude
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((-74.006, 40.7128), (-118.2437, 34.0522), 2445.6),  # New York to Los Angeles
        ((0.0, 0.0), (180.0, 0.0), math.pi * pr.EARTH_RADIUS_MILES),  # antipodes
    ],
)
def test_miles_between(a, b, miles):
    assert pr.miles_between(*a, *b) == pytest.approx(miles, abs=1.0)


@pytest.mark.parametrize(
    ("value", "label", "kind"),
    [
        ("Tulsa, OK", "Tulsa, OK", "city"),
        ("tulsa, ok", "Tulsa, OK", "city"),
        ("  Boise ,  id ", "Boise, ID", "city"),
        ("Tulsa County, OK", "Tulsa County, OK", "county"),
        ("Ada County, ID", "Ada County, ID", "county"),
        ("Orleans Parish, LA", "Orleans Parish, LA", "county"),
        ("St. Louis, MO", "St. Louis, MO", "city"),
    ],
)
def test_parse_place(value, label, kind):
    place = pr.parse_place(value)
    assert place is not None and place.label == label and place.kind == kind
    assert -180 < place.lon < -60 and 17 < place.lat < 72


@pytest.mark.parametrize(
    "value", ["", "Tulsa", "Tulsa, ZZ", "Nowhereville Xyz, OK", ", OK", "Tulsa, Oklahoma", *HOSTILE_VALUES]
)
def test_parse_place_rejects_unknown_and_hostile_values(value):
    assert pr.parse_place(value) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Tulsa", "Tulsa, OK"),
        ("Bois, ID", "Boise, ID"),
        ("Tusla, OK", None),  # a typo in the first letters finds nothing rather than a wrong city
    ],
)
def test_place_suggestions(typed, expected):
    suggestions = pr.place_suggestions(typed)
    if expected is None:
        assert expected not in suggestions
    else:
        assert suggestions[0] == expected


def dallas():
    return pr.Place("Dallas", "TX", -96.797, 32.776, "city")


def test_nearest_coalitions_by_hub(syn):
    data, _ = syn
    found = pr.nearest_coalitions(data, dallas(), "f-one")
    assert list(found["group_id"]) == ["zeta", "mu"]  # Plano is ~17 mi from Dallas, Tucson ~800
    assert 10 < found["miles"].iloc[0] < 25 and 750 < found["miles"].iloc[1] < 850
    assert list(found["level"]) == ["stated focus area", "named programme or project"]
    assert found["sources"].iloc[0] == "https://example.org/b | https://example.org/a"


def test_nearest_coalitions_lists_networks_last_without_a_distance(syn):
    data, _ = syn
    found = pr.nearest_coalitions(data, dallas(), "f-two")
    assert list(found["group_id"]) == ["nscp"]
    assert math.isnan(found["miles"].iloc[0])
    assert pr.peer_sentence(dallas(), "Two", found, found.iloc[0:0]) == (
        "No coalition shows evidence for two in the sources read; Synthetic Partnership (national) lists it."
    )


def test_nearest_members(syn):
    data, members = syn
    found = pr.nearest_members(data, members, dallas(), "f-one", limit=10)
    assert list(found["name"])[-1] == "Tucson"
    assert set(found["name"]) == {"Plano", "Frisco", "Example Firm", "Tucson"}
    assert list(found["miles"]) == sorted(found["miles"])
    firm = found[found["name"] == "Example Firm"].iloc[0]
    assert firm["located"].startswith("approximate")
    plano = found[found["name"] == "Plano"].iloc[0]
    assert (
        plano["via"] == "Zeta (founding member; stated focus area); Mu (member; named programme or project)"
    )
    assert len(pr.nearest_members(data, members, dallas(), "f-one", limit=2)) == 2


def test_peer_sentence(syn):
    data, members = syn
    coalitions = pr.nearest_coalitions(data, dallas(), "f-one")
    near = pr.nearest_members(data, members, dallas(), "f-one")
    sentence = pr.peer_sentence(dallas(), "One", coalitions, near)
    miles = int(coalitions["miles"].iloc[0])
    assert sentence.startswith(
        f"The nearest coalition with evidence for one is Zeta (hub Plano, TX, {miles} miles from Dallas, TX; "
        "stated focus area); the nearest listed member or partner is "
    )


def test_peer_finder_answers_for_a_city_that_is_not_a_member(shipped):
    data, members = shipped
    tulsa = pr.parse_place("Tulsa, OK")
    assert not ((data.entities["place"] == "Tulsa") & (data.entities["state"] == "OK")).any()
    found = pr.nearest_coalitions(data, tulsa, "transportation")
    ev = data.focus_evidence
    with_evidence = set(ev.loc[ev["focus_id"] == "transportation", "group_id"])
    assert set(found["group_id"]) == with_evidence
    near = pr.nearest_members(data, members, tulsa, "transportation")
    assert len(near) == 10 and near["miles"].is_monotonic_increasing


def test_peer_export_and_tables_escape_and_link(syn):
    data, members = syn
    coalitions = pr.nearest_coalitions(data, dallas(), "f-one")
    near = pr.nearest_members(data, members, dallas(), "f-one")
    both = pr.peer_export(coalitions, near)
    assert list(both["result"].unique()) == ["coalition or network", "member or partner"]
    table = pr.peer_table(coalitions, "coalitions")
    assert (
        table["Sources"].iloc[0] == "[source 1](<https://example.org/b>), [source 2](<https://example.org/a>)"
    )
    # The one sanitiser escapes quotes too (a backslash before punctuation renders as the character).
    # The synthetic tables have no wording column, so the words are not shown as a quotation.
    assert table["In their own words"].iloc[1] == "mu\\'s one pilot \\(wording not checked\\)"


def test_peers_shown_is_computed_once_per_place_and_focus(syn):
    data, members = syn
    peers = pr.peers_shown(data, members, dallas(), "f-one")
    assert pr.peers_shown(data, members, dallas(), "f-one") is peers  # an equal Place, made afresh
    coalitions = pr.nearest_coalitions.uncached(data, dallas(), "f-one")
    near = pr.nearest_members.uncached(data, members, dallas(), "f-one")
    assert peers.sentence == pr.peer_sentence(dallas(), "One", coalitions, near)
    pd.testing.assert_frame_equal(peers.members_table, pr.peer_table(near, "members"))


def test_parse_place_is_looked_up_once_per_spelling():
    assert pr.parse_place("Ada County, ID") is pr.parse_place("Ada County, ID")


def test_the_peers_csv_builder_gives_the_file_the_page_used_to_build_eagerly(syn):
    data, members = syn
    ids, link = ("zeta", "mu"), "/compare?coalition=zeta&coalition=mu"
    peer_lines = ["Peer finder: Dallas, TX · One", *cp.header_lines(data, ids, link, "Peer finder")[2:]]
    both = pr.peer_export(
        pr.nearest_coalitions(data, dallas(), "f-one"), pr.nearest_members(data, members, dallas(), "f-one")
    )
    assert pr.peers_csv(data, members, ids, dallas(), "f-one", link) == exports.to_csv_bytes(both, peer_lines)


def test_peers_shown_titles_the_question_and_heads_the_coalitions_table(syn):
    data, members = syn
    peers = pr.peers_shown(data, members, dallas(), "f-one")
    assert peers.title == "Peer finder: Dallas, TX · One"
    assert peers.coalitions_heading == "Coalitions and networks with evidence for one, nearest first"
