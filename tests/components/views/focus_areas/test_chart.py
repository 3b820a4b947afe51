"""The matrix chart as data (Vega-Lite via Altair): encodings, scales, totals, selection, exports.

Charts are built from matrices of the SYNTHETIC dataset (tests/synthetic.py), whose expected values
are worked out by hand, and once from the shipped data for the spec's size.
"""

from __future__ import annotations

import json

import altair as alt
import pytest

from components.data.evidence import LEVELS
from components.exports import charts as chart_export
from components.views.focus_areas import chart as ch
from components.views.focus_areas import matrix as mx
from components.views.palette import contrast_ratio


def build(syn, **kw):
    data, members = syn
    return mx.build_matrix(data, members, mx.MatrixView(sort=kw.get("sort", "name")))


def spec_of(m, **kw):
    chart = ch.matrix_chart(m, title="T", description="D", **kw)
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
    assert colour["scale"]["domain"] == list(LEVELS)
    assert colour["scale"]["range"] == [ch.LEVEL_COLOURS[lv] for lv in LEVELS]
    assert rect["encoding"]["y"]["scale"]["domain"] == ["Zeta", "Alpha", "Mu", "Total"]
    assert rect["encoding"]["x"]["scale"]["domain"] == ["One ★", "Two ★", "Three", "Total"]
    assert glyph["encoding"]["text"]["field"] == "glyph"
    tooltip_fields = {t["field"] for t in rect["encoding"]["tooltip"]}
    assert {"own_words", "sources", "level", "date"} <= tooltip_fields


def test_chart_has_title_description_and_a_cell_selection(syn):
    spec = spec_of(build(syn))
    assert spec["title"]["text"] == "T"
    assert spec["description"] == "D"
    # Altair lifts a layer's selection to the top level and points it at the rect layer's view.
    (param,) = spec["params"]
    assert param["name"] == ch.SELECTION
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
    # Each source with the fact's own date, labelled (issue 13: two dates, never confused).
    assert "Synthetic Press, stated 2020" in zeta_one["sources"]
    assert "Synthetic Wire, stated 2024-01-01" in zeta_one["sources"]
    assert zeta_one["date"] == "stated 2024-01-01"  # the latest stated date of the cell's evidence
    # The synthetic tables have no wording column: nothing is shown as a quotation.
    assert "“" not in zeta_one["own_words"] and "(wording not checked)" in zeta_one["own_words"]
    assert len(dataset_of(spec, 0)) == 9  # 3 rows × 3 columns: the spec stays small


def test_glyph_colours_meet_wcag_contrast_on_their_cells():
    for lv in LEVELS:
        assert contrast_ratio(ch.GLYPH_COLOURS[lv], ch.LEVEL_COLOURS[lv]) >= 4.5, lv


def test_server_side_svg_has_title_legend_and_takeaway(syn):
    m = build(syn)
    chart = ch.matrix_chart(
        m, title="Synthetic matrix title", description="D", selectable=False, notes=["N1"]
    )
    svg = chart_export.chart_svg(chart).decode("utf-8")
    assert "Synthetic matrix title" in svg and "stated focus area" in svg and "N1" in svg
    assert chart_export.chart_png(chart).startswith(b"\x89PNG")


def _font_sizes(node) -> list[int]:
    """Every font size set anywhere in a spec (fontSize, labelFontSize, titleFontSize, …)."""
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k.lower().endswith("fontsize") and isinstance(v, int | float)]
        return own + [size for v in node.values() for size in _font_sizes(v)]
    if isinstance(node, list):
        return [size for v in node for size in _font_sizes(v)]
    return []


def test_the_screen_chart_keeps_its_sizes_and_the_slide_reads_at_18_px(syn):
    m = build(syn)
    screen, slide = spec_of(m), spec_of(m, sizes=ch.SLIDE)
    assert min(_font_sizes(screen)) < 18  # the page's chart: 12 px labels, as it always had
    assert min(_font_sizes(slide)) >= 18  # every text of a slide, at 1280×720 and up
    x = slide["layer"][0]["encoding"]["x"]["axis"]
    assert (x["labelFontSize"], x["labelAngle"], x["labelLimit"]) == (18, ch.SLIDE.label_angle, 400)
    assert slide["width"] == {"step": ch.SLIDE.step_x} and slide["height"] == {"step": ch.SLIDE.step_y}
    # The slide's legend stands right of the cells (3 columns + Total), its labels wrapped in lines.
    legend = slide["layer"][0]["encoding"]["color"]["legend"]
    assert (legend["orient"], legend["legendX"], legend["legendY"]) == ("none", 4 * ch.SLIDE.step_x + 12, 0)
    assert "['● stated focus', 'area']" in legend["labelExpr"]
    assert screen["layer"][0]["encoding"]["color"]["legend"]["orient"] == "bottom"
    # No chart title of its own on a slide (the page's h1 and takeaway head it), the key to ★ kept.
    assert screen["title"]["text"] == "T" and slide["title"]["text"] == screen["title"]["subtitle"]
    assert "params" in slide  # a slide's cells can still be clicked


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
    assert ch.selected_cell(selection) == expected


def test_chart_spec_is_json_and_small_on_the_shipped_data(shipped):
    data, members = shipped
    m = mx.build_matrix(data, members, mx.MatrixView(with_networks=True))
    spec = spec_of(m)
    assert len(dataset_of(spec, 0)) == len(m.rows) * len(m.columns) < 500
    json.dumps(spec)


def test_chart_data_does_not_go_through_altairs_process_wide_transformer(syn):
    # Streamlit switches the transformer while it converts a chart in another session's thread;
    # a spec built meanwhile must not depend on it (it is cached and shared afterwards).
    def broken(data):
        raise AssertionError("the chart's data went through the active data transformer")

    alt.data_transformers.register("pages-perf-test-broken", broken)
    with alt.data_transformers.enable("pages-perf-test-broken"):
        spec = spec_of(build(syn))
    assert len(dataset_of(spec, 0)) == 9
