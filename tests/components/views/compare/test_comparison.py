"""Comparison, overlap, sentences and the page's view on the SYNTHETIC dataset of tests/synthetic.py
(expected values by hand), plus a few checks on the shipped data."""

from __future__ import annotations

import pandas as pd
import pytest

from components.data.text import md_text
from components.exports import dataset as exports
from components.views.compare import comparison as cp
from components.views.compare import members as mb


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
    assert list(founded["source"]) == ["Synthetic Press", "Synthetic Wire"]
    # Issue 13: each value's own date ("stated", from as_of) beside its source's last check.
    assert list(founded["stated"]) == ["2020", "2024-01-01"]
    assert list(founded["source_checked"]) == ["2024-01-01", "2024-01-01"]
    assert list(founded["date"]) == ["stated 2020", "stated 2024-01-01"]


def test_an_undated_fact_says_when_its_source_was_checked(syn):
    data, _ = syn
    src = cp.labelled_sources(data)
    undated = cp._row("Founded", "mu", "Mu", "2020", "src-b", src, as_of="")
    assert (undated["stated"], undated["source_checked"]) == ("", "2024-01-01")
    assert undated["date"] == "undated source, checked 2024-01-01"
    assert cp._row("Founded", "mu", "Mu", "2018", "src-a", src, as_of="2020")["date"] == "stated 2020"
    assert cp._row("Members listed, by type", "mu", "Mu", "1 city", "", src)["date"] == ""


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


def test_comparison_table_puts_sources_beside_values(syn):
    data, members = syn
    long = cp.comparison(data, members, ("zeta", "mu"))
    table = cp.comparison_table(long, ("zeta", "mu"), data)
    founded = table[table["Aspect"] == "Founded"].iloc[0]
    assert founded["Mu"] == (
        "2018 — [Synthetic Press](<https://example.org/a>), stated 2020\n\n"
        "2020 — [Synthetic Wire](<https://example.org/b>), stated 2024\\-01\\-01"
    )
    # A source that is not a link is plain words: italics would make a first visit fetch an italic font.
    counted = " ".join(table.drop(columns="Aspect").astype(str).to_numpy().ravel())
    assert f" — {md_text(cp.MEMBERS_SOURCE)}" in counted and "— _" not in counted


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
        "Synthetic Press — https://example.org/a",
        "Synthetic Wire — https://example.org/b",
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
    shared = mb.multi_group_members.uncached(data, members, ids)
    pd.testing.assert_frame_equal(shown.shared_members, mb.members_markdown(shared))
    full = mb.member_list(data, members, ids)
    assert shown.members_listed == len(full) and shown.members_left_out == 0
    pd.testing.assert_frame_equal(shown.member_table, mb.member_list_markdown(full))
    assert shown.sources == tuple(cp.source_lines(long))


def test_the_member_list_on_screen_is_bounded_per_coalition(syn):
    data, members = syn
    full = mb.member_list(data, members, ("zeta", "mu"))
    per_group = full["group_name"].value_counts()
    assert per_group.min() >= 2
    shown = cp.comparison_shown(data, members, ("zeta", "mu"), member_limit=1)
    assert len(shown.member_table) == len(per_group)  # one row of each coalition
    assert shown.members_listed == len(full) and shown.members_left_out == len(full) - len(per_group)
    # Members come before partners, so the row kept of each coalition is a member.
    bounded = mb.bounded_member_list(full, 1)
    assert list(bounded["group_name"]) == list(per_group.sort_index().index) and bounded["is_member"].all()


def test_the_csv_builders_give_the_files_the_page_used_to_build_eagerly(syn):
    data, members = syn
    ids, link = ("zeta", "mu"), "/compare?coalition=zeta&coalition=mu"
    lines = cp.header_lines(data, ids, link, "Coalition comparison")
    assert cp.comparison_csv(data, members, ids, link) == exports.to_csv_bytes(
        cp.comparison(data, members, ids), lines
    )
    body = cp.member_list_csv(data, members, ids, link).decode("utf-8-sig").splitlines()
    assert body[0].startswith("# Members and partners of the compared coalitions")
    assert len(body) == 4 + 1 + len(mb.member_list(data, members, ids))


def test_comparison_shown_names_the_coalitions_and_escapes_the_sentences(syn):
    data, members = syn
    shown = cp.comparison_shown(data, members, ("zeta", "mu"))
    assert shown.names == "Zeta, Mu"
    assert shown.sentences_markdown.splitlines() == [f"- {md_text(s)}" for s in shown.sentences]
    full = len(mb.member_list(data, members, ("zeta", "mu")))
    assert shown.member_list_title == (
        f"The member list: all {full} listed members and partners, with sources"
    )
    bounded = cp.comparison_shown(data, members, ("zeta", "mu"), member_limit=1)
    assert bounded.member_list_title.endswith("(the first 1 of each coalition here; all in the CSV below)")


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_and_list(items, expected):
    assert cp.and_list(items) == expected
