"""The focus-area matrix: levels, totals, filters, sort, takeaway, table twin, the page's view, exports.

Most tests run on the SYNTHETIC dataset of tests/synthetic.py (three made-up coalitions, three made-up
focus areas), so every expected value is worked out by hand from the fixture, not taken from the code.
A few tests check the shipped data for the facts the page must show.
"""

from __future__ import annotations

import pytest

from components.data.evidence import LEVEL_NONE, LEVEL_PROGRAMME, LEVEL_STATED, LEVELS
from components.data.filters import Filters
from components.data.text import md_text
from components.exports import charts as chart_export
from components.exports import dataset as exports
from components.views.focus_areas import chart as ch
from components.views.focus_areas import matrix as mx


def build(syn, **kw):
    data, members = syn
    filters = Filters(**{k: v for k, v in kw.items() if k in ("states", "coalitions", "networks", "focus")})
    view = mx.MatrixView(filters=filters, sort=kw.get("sort", "name"), with_networks=kw.get("nets", False))
    return mx.build_matrix(data, members, view)


def level(m, group_id, focus_id):
    c = m.cells
    return c.loc[(c["group_id"] == group_id) & (c["focus_id"] == focus_id), "level"].item()


@pytest.mark.parametrize(
    ("group_id", "focus_id", "expected"),
    [
        ("zeta", "f-one", LEVEL_STATED),  # stated beats a programme for the same cell
        ("zeta", "f-three", LEVEL_PROGRAMME),
        ("zeta", "f-two", LEVEL_NONE),
        ("mu", "f-one", LEVEL_PROGRAMME),
        ("alpha", "f-one", LEVEL_NONE),
    ],
)
def test_cell_level_is_the_strongest_evidence(syn, group_id, focus_id, expected):
    assert level(build(syn), group_id, focus_id) == expected


def test_none_found_is_never_a_bare_no():
    assert LEVEL_NONE == "none found in the sources read"
    assert all("no" != word for lv in LEVELS for word in lv.split())


def test_columns_put_the_nscp_shared_areas_first_and_mark_them(syn):
    m = build(syn)
    assert list(m.columns["focus_id"]) == ["f-one", "f-two", "f-three"]
    assert list(m.columns["col_label"]) == ["One ★", "Two ★", "Three"]


def test_totals(syn):
    m = build(syn)
    assert dict(zip(m.rows["group_id"], m.rows["total"], strict=True)) == {"zeta": 2, "mu": 1, "alpha": 1}
    assert dict(zip(m.columns["focus_id"], m.columns["total"], strict=True)) == {
        "f-one": 2,
        "f-two": 0,
        "f-three": 2,
    }


def test_network_rows_come_last_and_stay_out_of_the_column_totals(syn):
    m = build(syn, nets=True, sort="count")
    assert list(m.rows["group_id"]) == ["zeta", "alpha", "mu", "nscp"]
    assert m.rows["row_label"].iloc[-1] == "Synthetic Partnership (network)"
    assert level(m, "nscp", "f-two") == LEVEL_STATED
    assert m.columns.set_index("focus_id").loc["f-two", "total"] == 0


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["alpha", "mu", "zeta"]),
        ("count", ["zeta", "alpha", "mu"]),  # 2 areas; then 1 each: alpha's is stated, mu's a programme
        ("focus:f-three", ["alpha", "zeta", "mu"]),  # stated, programme, none
        ("focus:f-one", ["zeta", "mu", "alpha"]),  # stated, programme, none
        ("focus:f-two", ["zeta", "alpha", "mu"]),  # nobody has it: total, then name
    ],
)
def test_sort(syn, sort, order):
    assert list(build(syn, sort=sort).rows["group_id"]) == order


@pytest.mark.parametrize(
    ("kw", "groups"),
    [
        ({"states": ("TX",)}, {"zeta", "mu"}),  # zeta's hub; mu lists a member in Plano, TX
        ({"states": ("AZ",)}, {"mu"}),
        ({"states": ("CO",)}, {"alpha"}),  # hub only, no members
        ({"states": ("WY",)}, set()),
        ({"coalitions": ("mu", "alpha")}, {"mu", "alpha"}),
        ({"networks": ("nscp",)}, {"alpha"}),
        ({"networks": ("nscp",), "nets": True}, {"alpha", "nscp"}),
        ({"states": ("TX",), "coalitions": ("zeta",)}, {"zeta"}),
    ],
)
def test_filters_choose_the_rows(syn, kw, groups):
    assert set(build(syn, **kw).rows["group_id"]) == groups


def test_focus_filter_keeps_every_row_and_only_those_columns(syn):
    m = build(syn, focus=("f-three",))
    assert list(m.columns["focus_id"]) == ["f-three"]
    assert len(m.rows) == 3


def test_empty_view(syn):
    m = build(syn, states=("WY",))
    assert m.empty
    assert mx.takeaway(m, syn[0]) == "No coalition matches these filters."
    assert list(mx.matrix_table(m).columns) == ["Coalition"]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {},
            "2 of 3 coalitions (Zeta, Mu) show evidence for one (1 as a stated focus area, 1 through a "
            "named programme or project); none of the 3 coalitions shows evidence for two in its own "
            "sources (only the NSCP, as a partnership, lists it).",
        ),
        (
            {"focus": ("f-three",)},
            "2 of 3 coalitions (Zeta, Alpha) show evidence for three (1 as a stated focus area, 1 through a "
            "named programme or project).",
        ),
        (
            {"coalitions": ("alpha",), "focus": ("f-one",)},
            "Alpha shows no evidence for one in its own sources.",
        ),
        (
            {"coalitions": ("alpha",), "focus": ("f-three",)},
            "Alpha shows evidence for three (as a stated focus area).",
        ),
        (
            {"coalitions": ("mu",), "focus": ("f-one",)},
            "Mu shows evidence for one (through a named programme or project).",
        ),
    ],
)
def test_takeaway_sentence(syn, kw, expected):
    assert mx.takeaway(build(syn, **kw), syn[0]) == expected


def test_takeaway_on_the_shipped_data_says_no_coalition_lists_cybersecurity(shipped):
    data, members = shipped
    m = mx.build_matrix(data, members, mx.MatrixView())
    ev = data.focus_evidence
    coalition_ids = set(data.coalitions["coalition_id"])
    assert not set(ev.loc[ev["focus_id"] == "cybersecurity", "group_id"]) & coalition_ids
    assert "none of the 7 coalitions shows evidence for cybersecurity" in mx.takeaway(m, data)


def test_shipped_matrix_has_the_seven_coalitions_and_the_five_nscp_areas(shipped):
    data, members = shipped
    m = mx.build_matrix(data, members, mx.MatrixView())
    assert len(m.rows) == 7
    assert set(m.columns.loc[m.columns["nscp_shared"], "focus_id"]) == {
        "connectivity",
        "resilience",
        "transportation",
        "cybersecurity",
        "financial-sustainability",
    }


def test_table_twin_has_the_same_numbers_both_ways(syn):
    m = build(syn)
    table = mx.matrix_table(m, glyphs=False)
    assert list(table["Coalition"]) == ["Alpha", "Mu", "Zeta", "Coalitions with evidence"]
    assert list(table["One ★"]) == ["none found", "programme", "stated", "2"]
    assert list(table["Focus areas with evidence"]) == ["1", "1", "2", ""]
    turned = mx.matrix_table(m, by_focus=True)
    assert list(turned["Focus area"]) == ["One ★", "Two ★", "Three", "Focus areas with evidence"]
    assert list(turned["Zeta"]) == ["● stated", "· none found", "◐ programme", "2"]
    assert list(turned["Coalitions with evidence"]) == ["2", "0", "2", ""]


def test_describe_view(syn):
    m = build(syn, states=("TX",), focus=("f-one",), sort="count")
    assert mx.describe_view(m, syn[0]) == (
        "2 coalitions × 1 focus area · state: TX · focus: one · sorted by number of focus areas"
    )


def test_sort_choices_and_labels(syn):
    data = syn[0]
    assert mx.sort_choices(data) == ["name", "count", "focus:f-three", "focus:f-one", "focus:f-two"]
    assert mx.sort_label("focus:f-two", data) == "strength of evidence for two"


def test_csv_download_starts_with_view_as_of_link_and_sources(syn):
    m = build(syn)
    lines = mx.header_lines(m, syn[0], "/focus-areas?v=1")
    body = exports.to_csv_bytes(mx.matrix_table(m, glyphs=False), lines).decode("utf-8-sig")
    head = body.splitlines()
    assert head[0].startswith("# Coalition × focus-area matrix")
    assert any("Data as of 2024-01-01" in h for h in head)
    assert any("/focus-areas?v=1" in h for h in head)
    assert any("https://example.org/a" in h for h in head) and any("https://example.org/b" in h for h in head)
    assert "Coalition,One ★,Two ★,Three,Focus areas with evidence" in body


def test_build_matrix_is_computed_once_per_view(syn):
    data, members = syn
    view = mx.MatrixView(filters=Filters(states=("TX",)), sort="count")
    first = mx.build_matrix(data, members, view)
    # An equal view made afresh, as every rerun makes it, gets the same object back.
    same = mx.MatrixView(filters=Filters(states=("TX",)), sort="count")
    assert mx.build_matrix(data, members, same) is first
    assert mx.build_matrix(data, members, mx.MatrixView(sort="count")) is not first


def test_matrix_shown_is_the_page_view_computed_once(syn):
    data, members = syn
    view = mx.MatrixView(sort="count")
    shown = mx.matrix_shown(data, members, view, "T")
    assert mx.matrix_shown(data, members, mx.MatrixView(sort="count"), "T") is shown
    m = mx.build_matrix.uncached(data, members, view)
    sentence = mx.takeaway(m, data)
    assert shown.summary == mx.describe_view(m, data)
    assert shown.sentence == sentence
    assert shown.description == mx.chart_description(m, sentence)
    assert shown.spec == chart_export.vega_lite_spec(
        ch.matrix_chart(m, title="T", description=shown.description)
    )
    assert shown.twin.equals(mx.matrix_table(m, by_focus=True))
    assert shown.evidence_table.equals(mx.evidence_markdown_table(m.evidence, data))
    assert shown.cells[:3] == ("zeta:f-one", "zeta:f-two", "zeta:f-three")
    assert shown.sources == tuple(mx.source_lines(m.evidence))


def test_matrix_shown_of_an_empty_view_has_only_its_summary(syn):
    data, members = syn
    shown = mx.matrix_shown(data, members, mx.MatrixView(filters=Filters(states=("WY",))), "T")
    assert shown.matrix.empty and shown.summary.startswith("0 coalitions") and shown.spec == {}


def test_export_spec_is_the_chart_without_selection_with_the_view_noted(syn):
    data, members = syn
    view = mx.MatrixView()
    spec = mx.export_spec(data, members, view, "T")
    assert mx.export_spec(data, members, view, "T") is spec
    assert "params" not in spec
    shown = mx.matrix_shown(data, members, view, "T")
    assert spec["title"]["subtitle"][-2:] == [
        shown.sentence,
        f"{shown.summary} · data as of {data.as_of} (latest source check) · sources: see the CSV",
    ]


def test_the_csv_builders_give_the_files_the_page_used_to_build_eagerly(syn):
    data, members = syn
    view = mx.MatrixView(sort="count")
    m = mx.build_matrix(data, members, view)
    lines = mx.header_lines(m, data, "/focus-areas?v=1")
    assert mx.matrix_csv(data, members, view, "/focus-areas?v=1") == exports.to_csv_bytes(
        mx.matrix_table(m, glyphs=False), lines
    )
    # Issue 13: the wording, and both dates by name (`stated`: the fact's own, empty when the source
    # gives none; `source_checked`), instead of one ambiguous as_of.
    columns = [
        "group_id",
        "focus_id",
        "level",
        "own_words",
        "wording",
        "note",
        "title",
        "publisher",
        "url",
        "stated",
        "source_checked",
    ]
    assert mx.evidence_csv(data, members, view, "/focus-areas?v=1") == exports.to_csv_bytes(
        m.evidence[columns], lines
    )


def test_state_options_are_every_state_a_group_is_in(syn):
    # zeta: hub and members in TX; mu: hub in AZ, a member in Plano, TX; alpha: hub in CO.
    assert mx.state_options(*syn) == ["AZ", "CO", "TX"]


def test_slide_spec_is_the_page_chart_in_slide_sizes_computed_once(syn):
    data, members = syn
    view = mx.MatrixView(sort="count")
    spec = mx.slide_spec(data, members, view, "T")
    assert mx.slide_spec(data, members, mx.MatrixView(sort="count"), "T") is spec
    shown = mx.matrix_shown(data, members, view, "T")
    assert spec == chart_export.vega_lite_spec(
        ch.matrix_chart(shown.matrix, title="T", description=shown.description, sizes=ch.SLIDE)
    )
    assert spec != shown.spec
    assert mx.slide_spec(data, members, mx.MatrixView(filters=Filters(states=("WY",))), "T") == {}


def test_matrix_shown_captions_the_view_escaped_and_counts_its_evidence(syn):
    data, members = syn
    shown = mx.matrix_shown(data, members, mx.MatrixView(filters=Filters(focus=("f-one",))), "T")
    assert shown.caption == "Showing " + md_text(shown.summary)
    assert shown.evidence_count == len(shown.matrix.evidence) == 3  # zeta's two, mu's one
    empty = mx.matrix_shown(data, members, mx.MatrixView(filters=Filters(states=("WY",))), "T")
    assert empty.caption == "Showing " + md_text(empty.summary) and empty.evidence_count == 0
