"""The focus-area matrix: levels, totals, filters, sort, takeaway, chart spec, table twin, exports.

Most tests run on a SYNTHETIC dataset written below (three made-up coalitions, three made-up focus
areas), so every expected value is worked out by hand from the fixture, not taken from the code.
A few tests check the shipped data for the facts the page must show.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import altair as alt
import pytest

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.exports import charts as chart_export
from components.exports import dataset as exports
from components.views.focus_areas import matrix as mx
from components.views.palette import contrast_ratio

# ---- SYNTHETIC fixture: made-up coalitions, places are real gazetteer names so they can be located.
SYNTHETIC = {
    "sources.csv": [
        ["source_id", "title", "publisher", "url", "published", "accessed", "read_via"],
        [
            "src-a",
            "Synthetic source A",
            "Synthetic Press",
            "https://example.org/a",
            "2020-01-02",
            "2024-01-01",
            "",
        ],
        ["src-b", "Synthetic source B", "Synthetic Wire", "https://example.org/b", "", "2024-01-01", ""],
    ],
    "coalitions.csv": [
        ["coalition_id", "name", "short_name", "hub_place", "hub_state", "hub_basis", "roster_note"]
        + ["source_id", "as_of"],
        [
            "zeta",
            "Zeta Coalition (synthetic)",
            "Zeta",
            "Plano",
            "TX",
            "synthetic hub",
            "synthetic",
            "src-a",
            "2020",
        ],
        [
            "mu",
            "Mu Coalition (synthetic)",
            "Mu",
            "Tucson",
            "AZ",
            "synthetic hub",
            "synthetic",
            "src-a",
            "2020",
        ],
        ["alpha", "Alpha Coalition (synthetic)", "Alpha", "Denver", "CO", "synthetic hub", "synthetic"]
        + ["src-a", "2020"],
    ],
    "networks.csv": [
        ["network_id", "name", "kind", "description", "source_id", "as_of"],
        ["nscp", "Synthetic Partnership", "partnership of coalitions", "synthetic", "src-a", "2021"],
    ],
    "network_coalitions.csv": [
        ["network_id", "coalition_id", "role", "source_id", "as_of", "note"],
        ["nscp", "alpha", "member coalition", "src-a", "2021", ""],
    ],
    "coalition_facts.csv": [
        ["coalition_id", "fact", "value", "number", "qualifier", "counts", "source_id", "as_of", "note"],
        ["zeta", "founded", "2019", "", "", "", "src-a", "2020", ""],
        ["zeta", "founded", "2019-05-01", "", "", "", "src-b", "2024-01-01", ""],
        ["mu", "founded", "2018", "", "", "", "src-a", "2020", ""],
        ["mu", "founded", "2020", "", "", "", "src-b", "2024-01-01", ""],
        ["zeta", "members_reported", "3 founding members", "3", "exactly", "members", "src-a", "2020", ""],
        ["zeta", "leader", "Pat Example, Director", "", "", "", "src-a", "2020", ""],
    ],
    "entities.csv": [
        ["entity_id", "name", "entity_type", "place", "state", "country", "located_by", "note"],
        ["plano-e", "Plano", "city", "Plano", "TX", "US", "city", ""],
        ["frisco-e", "Frisco", "city", "Frisco", "TX", "US", "city", ""],
        ["firm-e", "Example Firm", "company", "Plano", "TX", "US", "coalition-hub", ""],
        ["tucson-e", "Tucson", "city", "Tucson", "AZ", "US", "city", ""],
    ],
    "memberships.csv": [
        ["entity_id", "group_id", "role", "cohort", "joined", "source_id", "as_of", "note"],
        ["plano-e", "zeta", "founding member", "", "", "src-a", "2020", ""],
        ["frisco-e", "zeta", "founding member", "", "", "src-a", "2020", ""],
        ["firm-e", "zeta", "partner", "", "", "src-a", "2020", ""],
        ["plano-e", "mu", "member", "", "", "src-b", "2024-01-01", ""],
        ["tucson-e", "mu", "member", "", "", "src-b", "2024-01-01", ""],
    ],
    "focus_areas.csv": [
        ["focus_id", "label", "description", "nscp_shared"],
        ["f-three", "Three", "synthetic", "no"],
        ["f-one", "One", "synthetic", "yes"],
        ["f-two", "Two", "synthetic", "yes"],
    ],
    "focus_evidence.csv": [
        ["group_id", "focus_id", "evidence", "own_words", "source_id", "as_of", "note"],
        ["zeta", "f-one", "programme", "the one programme", "src-b", "2024-01-01", ""],
        ["zeta", "f-one", "stated", "we state one", "src-a", "2020", ""],
        ["zeta", "f-three", "programme", "a three project", "src-a", "2020", ""],
        ["mu", "f-one", "programme", "mu's one pilot", "src-b", "2024-01-01", ""],
        ["alpha", "f-three", "stated", "alpha says three", "src-a", "2020", ""],
        ["nscp", "f-two", "stated", "partnership states two", "src-a", "2021", ""],
    ],
}


def write_synthetic(folder: Path) -> Path:
    """Write the SYNTHETIC tables to `folder` (boundaries come from the shipped copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in SYNTHETIC.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    data = load_dataset(write_synthetic(tmp_path_factory.mktemp("synthetic")))
    assert data.ok, [str(p) for p in data.problems]
    return data, members_table(data)


@pytest.fixture(scope="module")
def shipped():
    data = load_dataset()
    return data, members_table(data)


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
        ("zeta", "f-one", mx.LEVEL_STATED),  # stated beats a programme for the same cell
        ("zeta", "f-three", mx.LEVEL_PROGRAMME),
        ("zeta", "f-two", mx.LEVEL_NONE),
        ("mu", "f-one", mx.LEVEL_PROGRAMME),
        ("alpha", "f-one", mx.LEVEL_NONE),
    ],
)
def test_cell_level_is_the_strongest_evidence(syn, group_id, focus_id, expected):
    assert level(build(syn), group_id, focus_id) == expected


def test_none_found_is_never_a_bare_no():
    assert mx.LEVEL_NONE == "none found in the sources read"
    assert all("no" != word for lv in mx.LEVELS for word in lv.split())


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
    assert level(m, "nscp", "f-two") == mx.LEVEL_STATED
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


# ---- chart spec


def spec_of(m, **kw):
    chart = mx.matrix_chart(m, title="T", description="D", **kw)
    return chart.to_dict()


def dataset_of(spec, layer):
    return spec["datasets"][spec["layer"][layer]["data"]["name"]]


def test_chart_encodings_and_scales(syn):
    m = build(syn, sort="count")
    spec = spec_of(m)
    rect, glyph, totals = spec["layer"]
    assert (
        rect["mark"]["type"] == "rect"
        and glyph["mark"]["type"] == "text"
        and totals["mark"]["type"] == "text"
    )
    colour = rect["encoding"]["color"]
    assert colour["field"] == "level"
    assert colour["scale"]["domain"] == list(mx.LEVELS)
    assert colour["scale"]["range"] == [mx.LEVEL_COLOURS[lv] for lv in mx.LEVELS]
    assert rect["encoding"]["y"]["scale"]["domain"] == ["Zeta", "Alpha", "Mu", "Total"]
    assert rect["encoding"]["x"]["scale"]["domain"] == ["One ★", "Two ★", "Three", "Total"]
    assert glyph["encoding"]["text"]["field"] == "glyph"
    tooltip_fields = {t["field"] for t in rect["encoding"]["tooltip"]}
    assert {"own_words", "sources", "level"} <= tooltip_fields


def test_chart_has_title_description_and_a_cell_selection(syn):
    spec = spec_of(build(syn))
    assert spec["title"]["text"] == "T"
    assert spec["description"] == "D"
    # Altair lifts a layer's selection to the top level and points it at the rect layer's view.
    (param,) = spec["params"]
    assert param["name"] == mx.SELECTION
    assert param["select"] == {"type": "point", "fields": ["group_id", "focus_id"], "on": "click"}
    assert param["views"] == [spec["layer"][0]["name"]]
    assert "params" not in spec_of(build(syn), selectable=False)


def test_chart_totals_layer_holds_the_row_and_column_totals(syn):
    spec = spec_of(build(syn))
    rows = dataset_of(spec, 2)
    by_row = {r["row_label"]: r["total"] for r in rows if r["col_label"] == "Total"}
    by_col = {r["col_label"]: r["total"] for r in rows if r["row_label"] == "Total"}
    assert by_row == {"Alpha": "1", "Mu": "1", "Zeta": "2"}
    assert by_col == {"One ★": "2", "Two ★": "0", "Three": "2"}


def test_chart_cells_carry_own_words_and_sources(syn):
    spec = spec_of(build(syn))
    cells = {(r["group_id"], r["focus_id"]): r for r in dataset_of(spec, 0)}
    zeta_one = cells[("zeta", "f-one")]
    assert "we state one" in zeta_one["own_words"] and "the one programme" in zeta_one["own_words"]
    assert "Synthetic Press, 2020-01-02" in zeta_one["sources"]
    assert "Synthetic Wire, source undated (read 2024-01-01)" in zeta_one["sources"]
    assert len(dataset_of(spec, 0)) == 9  # 3 rows × 3 columns: the spec stays small


def test_glyph_colours_meet_wcag_contrast_on_their_cells():
    for lv in mx.LEVELS:
        assert contrast_ratio(mx.GLYPH_COLOURS[lv], mx.LEVEL_COLOURS[lv]) >= 4.5, lv


def test_server_side_svg_has_title_legend_and_takeaway(syn):
    m = build(syn)
    chart = mx.matrix_chart(
        m, title="Synthetic matrix title", description="D", selectable=False, notes=["N1"]
    )
    svg = chart_export.chart_svg(chart).decode("utf-8")
    assert "Synthetic matrix title" in svg and "stated focus area" in svg and "N1" in svg
    assert chart_export.chart_png(chart).startswith(b"\x89PNG")


# ---- selection, cells, tables, exports


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"cell": [{"group_id": "zeta", "focus_id": "f-one"}]}, "zeta:f-one"),
        ({"cell": []}, ""),
        ({}, ""),
        (None, ""),
        ({"cell": [{"group_id": 3, "focus_id": "f-one"}]}, ""),
        ({"other": [{"group_id": "zeta", "focus_id": "f-one"}]}, ""),
    ],
)
def test_selected_cell(selection, expected):
    assert mx.selected_cell(selection) == expected


def test_cell_choices_and_evidence(syn):
    data = syn[0]
    assert "zeta:f-one" in mx.cell_choices(data)
    assert "nscp:f-two" in mx.cell_choices(data) and "nscp:f-two" not in mx.cell_choices(data, False)
    ev = mx.cell_evidence(data, "zeta:f-one")
    assert list(ev["level"]) == [mx.LEVEL_STATED, mx.LEVEL_PROGRAMME]
    assert list(ev["url"]) == ["https://example.org/a", "https://example.org/b"]
    assert mx.cell_evidence(data, "alpha:f-one").empty
    levels = mx.cell_levels(data)
    assert mx.cell_label("alpha:f-one", data, levels) == "Alpha · One — none found in the sources read"
    assert mx.cell_label("zeta:f-one", data, levels) == "Zeta · One — stated focus area"


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("<b>", "\\<b\\>"),
        ("**bold** _it_", "\\*\\*bold\\*\\* \\_it\\_"),
        (":red[x] $x$", "\\:red\\[x\\] \\$x\\$"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_text_escapes_markdown(text, expected):
    assert mx.md_text(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a_(b)", "[x](<https://example.org/a_%28b%29>)"),
        ("javascript:alert(1)", "x"),
        ("https://example.org/<script>", "[x](<https://example.org/%3Cscript%3E>)"),
    ],
)
def test_md_link_only_links_web_addresses(url, expected):
    assert mx.md_link("x", url) == expected


def test_table_for_markdown_escapes_cells_and_headers():
    import pandas as pd

    out = mx.table_for_markdown(pd.DataFrame({"a|b": ["*x*"]}))
    assert list(out.columns) == ["a\\|b"] and out.iloc[0, 0] == "\\*x\\*"


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


def test_chart_spec_is_json_and_small_on_the_shipped_data(shipped):
    data, members = shipped
    m = mx.build_matrix(data, members, mx.MatrixView(with_networks=True))
    spec = spec_of(m)
    assert len(dataset_of(spec, 0)) == len(m.rows) * len(m.columns) < 500
    json.dumps(spec)


# ---- memoized per view: a rerun of a view already seen does no pandas or Altair work


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
        mx.matrix_chart(m, title="T", description=shown.description)
    )
    assert shown.twin.equals(mx.table_for_markdown(mx.matrix_table(m, by_focus=True)))
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
        f"{shown.summary} · data as of {data.as_of} · sources: see the CSV",
    ]


def test_the_csv_builders_give_the_files_the_page_used_to_build_eagerly(syn):
    data, members = syn
    view = mx.MatrixView(sort="count")
    m = mx.build_matrix(data, members, view)
    lines = mx.header_lines(m, data, "/focus-areas?v=1")
    assert mx.matrix_csv(data, members, view, "/focus-areas?v=1") == exports.to_csv_bytes(
        mx.matrix_table(m, glyphs=False), lines
    )
    columns = ["group_id", "focus_id", "level", "own_words", "note", "title", "publisher", "url", "as_of"]
    assert mx.evidence_csv(data, members, view, "/focus-areas?v=1") == exports.to_csv_bytes(
        m.evidence[columns], lines
    )


def test_cell_labels_label_every_cell_once(syn):
    data, _ = syn
    labels = mx.cell_labels(data)
    assert mx.cell_labels(data) is labels
    levels = mx.cell_levels(data)
    assert labels == {c: mx.cell_label(c, data, levels) for c in ["", *mx.cell_choices(data)]}
    assert labels["zeta:f-one"] == "Zeta · One — stated focus area"


def test_chart_data_does_not_go_through_altairs_process_wide_transformer(syn):
    # Streamlit switches the transformer while it converts a chart in another session's thread;
    # a spec built meanwhile must not depend on it (it is cached and shared afterwards).
    def broken(data):
        raise AssertionError("the chart's data went through the active data transformer")

    alt.data_transformers.register("pages-perf-test-broken", broken)
    with alt.data_transformers.enable("pages-perf-test-broken"):
        spec = spec_of(build(syn))
    assert len(dataset_of(spec, 0)) == 9
