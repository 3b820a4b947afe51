"""Comparison, overlap and peer finder on the SYNTHETIC dataset of test_matrix (expected values by hand),
plus place parsing against the packaged gazetteers and a few checks on the shipped data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components.data.filters import members_table
from components.data.load import load_dataset
from components.exports import dataset as exports
from components.views.compare import comparison as cp
from tests.components.views.focus_areas.test_matrix import write_synthetic
from tests.hostile import HOSTILE_VALUES


@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    data = load_dataset(write_synthetic(tmp_path_factory.mktemp("synthetic")))
    assert data.ok, [str(p) for p in data.problems]
    return data, members_table(data)


@pytest.fixture(scope="module")
def shipped():
    data = load_dataset()
    return data, members_table(data)


@pytest.mark.parametrize(
    ("chosen", "ids", "n_notices"),
    [
        (("zeta", "mu"), ("zeta", "mu"), 0),
        (("mu", "zeta", "alpha"), ("mu", "zeta", "alpha"), 0),
        (("zeta", "zeta", "mu"), ("zeta", "mu"), 0),  # repeats collapse
        (("alpha",), ("alpha", "zeta"), 1),  # zeta has the most members listed (2; mu 2 too, file order)
        ((), ("zeta", "mu"), 0),  # the default pair, silently
        (("nope", "mu"), ("mu", "zeta"), 1),
    ],
)
def test_resolve_coalitions(syn, chosen, ids, n_notices):
    data, members = syn
    got, notices = cp.resolve_coalitions(chosen, data, members)
    assert got == ids
    assert len(notices) == n_notices


def test_resolve_coalitions_caps_at_four(shipped):
    data, members = shipped
    chosen = tuple(data.coalitions["coalition_id"])[:6]
    got, notices = cp.resolve_coalitions(chosen, data, members)
    assert got == chosen[:4]
    assert "at most 4" in notices[0]


def test_default_is_the_two_with_most_members_listed_on_the_shipped_data(shipped):
    data, members = shipped
    listed = (
        members[members["is_member"] & (members["group_kind"] == "coalition")]
        .groupby("group_id")["entity_id"]
        .nunique()
        .sort_values(ascending=False)
    )
    assert set(cp.default_coalitions(data, members)) == set(listed.index[:2])


def values(long, aspect, cid):
    here = long[(long["aspect"] == aspect) & (long["coalition_id"] == cid)]
    return list(here["value"])


def test_comparison_keeps_every_founding_date_with_its_source(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    founded = long[(long["aspect"] == "Founded") & (long["coalition_id"] == "mu")]
    assert list(founded["value"]) == ["2018", "2020"]
    assert list(founded["url"]) == ["https://example.org/a", "https://example.org/b"]
    assert list(founded["source"]) == [
        "Synthetic Press, 2020-01-02",
        "Synthetic Wire, source undated (read 2024-01-01)",
    ]


@pytest.mark.parametrize(
    ("aspect", "cid", "expected"),
    [
        ("Leaders", "zeta", ["Pat Example, Director"]),
        ("Leaders", "mu", [cp.NOT_FOUND]),
        ("Legal form", "zeta", [cp.NOT_FOUND]),
        ("Hub on the map", "mu", ["Tucson, AZ — chosen from: synthetic hub"]),
        ("Members listed, by type", "zeta", ["2 cities"]),
        ("Members listed, by role", "zeta", ["2 founding members"]),
        ("Members listed, by role", "mu", ["2 members"]),
        ("States covered (listed members)", "mu", ["AZ, TX"]),
        ("Counties covered (listed members)", "zeta", ["1 — Collin (TX)"]),  # Plano and Frisco points
        ("Focus areas shared by all compared", "zeta", ["One"]),
        ("Focus areas only this one pursues (of those compared)", "zeta", ["Three"]),
        ("Focus areas only this one pursues (of those compared)", "mu", ["none"]),
        ("Networks it belongs to", "zeta", ["none found"]),
    ],
)
def test_comparison_values(syn, aspect, cid, expected):
    data, members = syn
    assert values(cp.comparison(data, members, ("zeta", "mu")), aspect, cid) == expected


def test_comparison_focus_rows_are_one_per_source(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    rows = long[(long["aspect"] == "Focus areas (evidence)") & (long["coalition_id"] == "zeta")]
    assert dict(zip(rows["source_id"], rows["value"], strict=True)) == {
        "src-b": "One (named programme or project)",
        "src-a": "One (stated focus area); Three (named programme or project)",
    }


def test_comparison_networks(syn):
    data, members = syn
    long = cp.comparison(data, members, ("alpha", "mu"))
    assert values(long, "Networks it belongs to", "alpha") == ["Synthetic Partnership (member coalition)"]


def test_comparison_sentences(syn):
    data, members = syn
    assert cp.comparison_sentences(data, members, ("zeta", "mu")) == [
        "Zeta lists 2 founding members, all of them cities; Mu lists 2 members, all of them cities.",
        "Founded — Zeta: 2019-05-01; Mu: 2018 or 2020 (sources disagree).",
        "Both pursue one.",
        "Only Zeta pursues three.",
        "1 of their listed members and partners also belongs to another coalition or network: Plano (Zeta, Mu).",
    ]


def test_comparison_sentences_for_three_without_shared_focus(syn):
    data, members = syn
    sentences = cp.comparison_sentences(data, members, ("zeta", "mu", "alpha"))
    assert "Alpha lists no members in the sources read." in sentences[0]
    assert "Alpha: no founding date in the sources read" in sentences[1]
    assert "No focus area is pursued by all 3 in the sources read." in sentences


def test_sentences_on_the_shipped_data_name_both_and_compute_their_counts(shipped):
    data, members = shipped
    first = cp.comparison_sentences(data, members, ("ntxia", "connective"))[0]
    for cid, short in (("ntxia", "NTXIA"), ("connective", "The Connective")):
        mine = members[(members["group_id"] == cid) & members["is_member"]]
        cities = int((mine["entity_type"] == "city").sum())
        assert short in first
        assert (
            str(len(mine)) in first or str(mine["role"].str.split(";").str[0].value_counts().iloc[0]) in first
        )
        assert str(cities) in first


def test_focus_overlap(syn):
    data, _ = syn
    overlap = cp.focus_overlap(data, ("zeta", "mu"))
    assert list(overlap["focus_id"]) == ["f-one", "f-three"]
    assert list(overlap["shared_by_all"]) == [True, False]
    assert list(overlap["only"]) == ["", "Zeta"]
    assert list(overlap["Mu"]) == ["named programme or project", "none found in the sources read"]


def test_multi_group_members(syn):
    data, members = syn
    shared = cp.multi_group_members(data, members, ("zeta",))
    assert list(shared["name"]) == ["Plano"]
    assert shared["groups"].iloc[0] == "Zeta (founding member); Mu (member)"
    assert cp.multi_group_members(data, members, ("alpha",)).empty


def test_shipped_overlap_finds_members_in_two_networks(shipped):
    data, members = shipped
    shared = cp.multi_group_members(data, members, ("ntxia", "connective"))
    m = data.memberships
    for entity_id in shared["entity_id"]:
        assert m.loc[m["entity_id"] == entity_id, "group_id"].nunique() > 1
    in_two = m.groupby("entity_id")["group_id"].nunique()
    expected = set(in_two[in_two > 1].index) & set(
        m.loc[m["group_id"].isin(["ntxia", "connective"]), "entity_id"]
    )
    assert set(shared["entity_id"]) == expected and expected


@pytest.mark.parametrize(
    ("values_", "expected"),
    [
        (["2012-11-02", "2012"], ["2012-11-02"]),
        (["2020-05-26", "2020", "2019"], ["2020-05-26", "2019"]),
        (["2018", "2020"], ["2018", "2020"]),
        (["2019", "2019"], ["2019"]),
        (["2021 (standalone)"], ["2021 (standalone)"]),
    ],
)
def test_distinct_dates(values_, expected):
    assert cp.distinct_dates(values_) == expected


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
    assert cp.plural_role(word, n) == expected


# ---- places and distances


@pytest.mark.parametrize(
    ("a", "b", "miles"),
    [
        ((0.0, 0.0), (0.0, 1.0), 69.09),  # one degree of latitude
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((-74.006, 40.7128), (-118.2437, 34.0522), 2445.6),  # New York to Los Angeles
        ((0.0, 0.0), (180.0, 0.0), math.pi * cp.EARTH_RADIUS_MILES),  # antipodes
    ],
)
def test_miles_between(a, b, miles):
    assert cp.miles_between(*a, *b) == pytest.approx(miles, abs=1.0)


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
    place = cp.parse_place(value)
    assert place is not None and place.label == label and place.kind == kind
    assert -180 < place.lon < -60 and 17 < place.lat < 72


@pytest.mark.parametrize(
    "value", ["", "Tulsa", "Tulsa, ZZ", "Nowhereville Xyz, OK", ", OK", "Tulsa, Oklahoma", *HOSTILE_VALUES]
)
def test_parse_place_rejects_unknown_and_hostile_values(value):
    assert cp.parse_place(value) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Tulsa", "Tulsa, OK"),
        ("Bois, ID", "Boise, ID"),
        ("Tusla, OK", None),  # a typo in the first letters finds nothing rather than a wrong city
    ],
)
def test_place_suggestions(typed, expected):
    suggestions = cp.place_suggestions(typed)
    if expected is None:
        assert expected not in suggestions
    else:
        assert suggestions[0] == expected


def test_county_at_finds_the_county_around_a_point():
    # Dallas City Hall; Census FIPS 48113 is Dallas County, TX.
    assert cp.county_at(-96.797, 32.776) == ("48113", "Dallas", "TX")
    assert cp.county_at(-40.0, 30.0) is None  # Atlantic Ocean


# ---- peer finder


def dallas():
    return cp.Place("Dallas", "TX", -96.797, 32.776, "city")


def test_nearest_coalitions_by_hub(syn):
    data, _ = syn
    found = cp.nearest_coalitions(data, dallas(), "f-one")
    assert list(found["group_id"]) == ["zeta", "mu"]  # Plano is ~17 mi from Dallas, Tucson ~800
    assert 10 < found["miles"].iloc[0] < 25 and 750 < found["miles"].iloc[1] < 850
    assert list(found["level"]) == ["stated focus area", "named programme or project"]
    assert found["sources"].iloc[0] == "https://example.org/b | https://example.org/a"


def test_nearest_coalitions_lists_networks_last_without_a_distance(syn):
    data, _ = syn
    found = cp.nearest_coalitions(data, dallas(), "f-two")
    assert list(found["group_id"]) == ["nscp"]
    assert math.isnan(found["miles"].iloc[0])
    assert cp.peer_sentence(dallas(), "Two", found, found.iloc[0:0]) == (
        "No coalition shows evidence for two in the sources read; Synthetic Partnership (national) lists it."
    )


def test_nearest_members(syn):
    data, members = syn
    found = cp.nearest_members(data, members, dallas(), "f-one", limit=10)
    assert list(found["name"])[-1] == "Tucson"
    assert set(found["name"]) == {"Plano", "Frisco", "Example Firm", "Tucson"}
    assert list(found["miles"]) == sorted(found["miles"])
    firm = found[found["name"] == "Example Firm"].iloc[0]
    assert firm["located"].startswith("approximate")
    plano = found[found["name"] == "Plano"].iloc[0]
    assert (
        plano["via"] == "Zeta (founding member; stated focus area); Mu (member; named programme or project)"
    )
    assert len(cp.nearest_members(data, members, dallas(), "f-one", limit=2)) == 2


def test_peer_sentence(syn):
    data, members = syn
    coalitions = cp.nearest_coalitions(data, dallas(), "f-one")
    near = cp.nearest_members(data, members, dallas(), "f-one")
    sentence = cp.peer_sentence(dallas(), "One", coalitions, near)
    miles = int(coalitions["miles"].iloc[0])
    assert sentence.startswith(
        f"The nearest coalition with evidence for one is Zeta (hub Plano, TX, {miles} miles from Dallas, TX; "
        "stated focus area); the nearest listed member or partner is "
    )


def test_peer_finder_answers_for_a_city_that_is_not_a_member(shipped):
    data, members = shipped
    tulsa = cp.parse_place("Tulsa, OK")
    assert not ((data.entities["place"] == "Tulsa") & (data.entities["state"] == "OK")).any()
    found = cp.nearest_coalitions(data, tulsa, "transportation")
    ev = data.focus_evidence
    with_evidence = set(ev.loc[ev["focus_id"] == "transportation", "group_id"])
    assert set(found["group_id"]) == with_evidence
    near = cp.nearest_members(data, members, tulsa, "transportation")
    assert len(near) == 10 and near["miles"].is_monotonic_increasing


def test_peer_export_and_tables_escape_and_link(syn):
    data, members = syn
    coalitions = cp.nearest_coalitions(data, dallas(), "f-one")
    near = cp.nearest_members(data, members, dallas(), "f-one")
    both = cp.peer_export(coalitions, near)
    assert list(both["result"].unique()) == ["coalition or network", "member or partner"]
    table = cp.peer_table(coalitions, "coalitions")
    assert (
        table["Sources"].iloc[0] == "[source 1](<https://example.org/b>), [source 2](<https://example.org/a>)"
    )
    assert table["In their own words"].iloc[1] == "“mu's one pilot”"


def test_comparison_table_puts_sources_beside_values(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    table = cp.comparison_table(long, ("zeta", "mu"), data)
    founded = table[table["Aspect"] == "Founded"].iloc[0]
    assert founded["Mu"] == (
        "2018 — [Synthetic Press, 2020\\-01\\-02](<https://example.org/a>)\n\n"
        "2020 — [Synthetic Wire, source undated \\(read 2024\\-01\\-01\\)](<https://example.org/b>)"
    )


def test_comparison_csv_has_header_lines_and_every_row(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    lines = cp.header_lines(
        data, ("zeta", "mu"), "/compare?coalition=zeta&coalition=mu", "Coalition comparison"
    )
    body = exports.to_csv_bytes(long, lines).decode("utf-8-sig").splitlines()
    assert body[0] == "# Coalition comparison — US regional smart-city coalitions dashboard"
    assert body[1] == "# Coalitions: Zeta, Mu"
    assert "Data as of 2024-01-01" in body[2] and body[3].endswith("/compare?coalition=zeta&coalition=mu")
    assert len(body) == 4 + 1 + len(long)


def test_source_lines_list_each_cited_address_once(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    assert cp.source_lines(long) == [
        "Synthetic Press, 2020-01-02 — https://example.org/a",
        "Synthetic Wire, source undated (read 2024-01-01) — https://example.org/b",
    ]


def test_sentence_names_the_networks_both_belong_to(shipped):
    data, members = shipped
    nc = data.network_coalitions
    common = set(nc.loc[nc["coalition_id"] == "ntxia", "network_id"]) & set(
        nc.loc[nc["coalition_id"] == "connective", "network_id"]
    )
    names = dict(zip(data.networks["network_id"], data.networks["name"], strict=True))
    sentence = next(
        s for s in cp.comparison_sentences(data, members, ("ntxia", "connective")) if "network" in s
    )
    assert sentence.startswith("Both belong to these networks: ")
    assert all(names[n] in sentence for n in common)


# ---- memoized per view: a rerun of coalitions already compared does no pandas work


def test_comparison_is_computed_once_per_set_of_coalitions(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    assert cp.comparison(data, members, ["zeta", "mu"]) is long  # a list, as the widget gives it
    assert cp.comparison(data, members, ("mu", "zeta")) is not long


def test_comparison_shown_is_the_page_view_computed_once(syn):
    data, members = syn
    ids = ("zeta", "mu")
    shown = cp.comparison_shown(data, members, ids)
    assert cp.comparison_shown(data, members, ids) is shown
    long = cp.comparison.uncached(data, members, ids)
    pd.testing.assert_frame_equal(shown.long, long)
    pd.testing.assert_frame_equal(shown.table, cp.comparison_table(long, ids, data))
    assert shown.sentences == tuple(cp.comparison_sentences.uncached(data, members, ids))
    overlap = cp.focus_overlap.uncached(data, ids)
    pd.testing.assert_frame_equal(shown.overlap, cp.focus_overlap_markdown(overlap, ids, data))
    shared = cp.multi_group_members.uncached(data, members, ids)
    pd.testing.assert_frame_equal(shown.shared_members, cp.members_markdown(shared))
    full = cp.member_list(members, ids)
    assert shown.members_listed == len(full) and shown.members_left_out == 0
    pd.testing.assert_frame_equal(shown.member_table, cp.member_list_markdown(full))
    assert shown.sources == tuple(cp.source_lines(long))


def test_the_member_list_on_screen_is_bounded_per_coalition(syn):
    data, members = syn
    full = cp.member_list(members, ("zeta", "mu"))
    per_group = full["group_name"].value_counts()
    assert per_group.min() >= 2
    shown = cp.comparison_shown(data, members, ("zeta", "mu"), member_limit=1)
    assert len(shown.member_table) == len(per_group)  # one row of each coalition
    assert shown.members_listed == len(full) and shown.members_left_out == len(full) - len(per_group)
    # Members come before partners, so the row kept of each coalition is a member.
    bounded = cp.bounded_member_list(full, 1)
    assert list(bounded["group_name"]) == list(per_group.sort_index().index) and bounded["is_member"].all()


def test_counties_are_located_once_per_coalition(syn):
    data, members = syn
    counties = cp.coalition_counties(data, members, "zeta")
    assert cp.coalition_counties(data, members, "zeta") is counties
    assert counties == tuple(cp.counties_covered(data, cp.listed_members(members, "zeta")))


def test_the_csv_builders_give_the_files_the_page_used_to_build_eagerly(syn):
    data, members = syn
    ids, link = ("zeta", "mu"), "/compare?coalition=zeta&coalition=mu"
    lines = cp.header_lines(data, ids, link, "Coalition comparison")
    assert cp.comparison_csv(data, members, ids, link) == exports.to_csv_bytes(
        cp.comparison(data, members, ids), lines
    )
    peer_lines = ["Peer finder: Dallas, TX · One", *cp.header_lines(data, ids, link, "Peer finder")[2:]]
    both = cp.peer_export(
        cp.nearest_coalitions(data, dallas(), "f-one"), cp.nearest_members(data, members, dallas(), "f-one")
    )
    assert cp.peers_csv(data, members, ids, dallas(), "f-one", link) == exports.to_csv_bytes(both, peer_lines)
    body = cp.member_list_csv(data, members, ids, link).decode("utf-8-sig").splitlines()
    assert body[0].startswith("# Members and partners of the compared coalitions")
    assert len(body) == 4 + 1 + len(cp.member_list(members, ids))


def test_peers_shown_is_computed_once_per_place_and_focus(syn):
    data, members = syn
    peers = cp.peers_shown(data, members, dallas(), "f-one")
    assert cp.peers_shown(data, members, dallas(), "f-one") is peers  # an equal Place, made afresh
    coalitions = cp.nearest_coalitions.uncached(data, dallas(), "f-one")
    near = cp.nearest_members.uncached(data, members, dallas(), "f-one")
    assert peers.sentence == cp.peer_sentence(dallas(), "One", coalitions, near)
    pd.testing.assert_frame_equal(peers.members_table, cp.peer_table(near, "members"))


def test_parse_place_is_looked_up_once_per_spelling():
    assert cp.parse_place("Ada County, ID") is cp.parse_place("Ada County, ID")
