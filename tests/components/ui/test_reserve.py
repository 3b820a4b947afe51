"""Room reserved for late-drawn elements: the heights a page reserves, and the row that holds them."""

from __future__ import annotations

import pandas as pd

from components.ui import reserve
from tests.components.ui.apptest import run_app

BARS = {
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 3}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
    "height": 200,
}


def test_a_chart_in_streamlits_theme_is_as_tall_as_its_spec_says():
    # The theme fits the chart, axes and all, into the size the spec gives.
    assert reserve.chart_height(BARS) == 200


def test_a_chart_without_the_theme_adds_its_axes_and_title_to_the_spec_height():
    plain = reserve.chart_height(BARS, streamlit_theme=False)
    titled = reserve.chart_height(
        {**BARS, "title": {"text": ["Line one", "Line two"]}}, streamlit_theme=False
    )
    assert 200 < plain < titled


def test_the_specs_own_config_wins_over_the_theme():
    padded = {**BARS, "config": {"autosize": {"type": "pad"}}}
    assert reserve.chart_height(padded) > reserve.chart_height(BARS)


def test_no_chart_reserves_nothing():
    assert reserve.chart_height({}) == 0


def test_a_table_of_one_line_rows_is_a_header_and_a_line_per_row():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "count": [1, 2, 3]})
    line = reserve.TABLE_LINE + reserve.TABLE_PAD
    assert reserve.table_height(frame, index=False) == 4 * line


def test_long_text_wraps_into_more_lines_and_more_on_a_narrow_screen():
    frame = pd.DataFrame({"name": ["a", "b"], "note": ["short", "a long note about the roster " * 6]})
    short = reserve.table_height(frame.iloc[:1], index=False)
    wide = reserve.table_height(frame, index=False)
    narrow = reserve.table_height(frame, index=False, width=358)
    assert wide > short + reserve.TABLE_LINE + reserve.TABLE_PAD
    assert narrow > wide


def reserved_app(height):
    import streamlit as st

    from components.ui.reserve import reserve

    with reserve("demo", height):
        st.markdown("the chart")
    st.markdown("below")


def _blocks(node, key: str) -> list:
    """Every container under `node` whose key contains `key`."""
    found = []
    for child in getattr(node, "children", {}).values():
        if child.proto.DESCRIPTOR.name == "Block":
            found += [child] if key in child.proto.id else []
            found += _blocks(child, key)
    return found


def test_reserve_puts_the_element_beside_a_prop_of_the_reserved_height():
    at = run_app(reserved_app, height=120)
    (row,) = _blocks(at.main, "reserve_demo")
    body, prop = row.children.values()
    assert row.proto.flex_container.direction == row.proto.flex_container.HORIZONTAL
    assert [m.value for m in body.children.values()] == ["the chart"]
    assert "reserveprop_demo" in prop.proto.id
    assert prop.proto.height_config.pixel_height == 120
    assert prop.proto.width_config.pixel_width == 1
    assert [m.value for m in at.markdown] == ["the chart", "below"]


def test_a_height_of_nothing_reserves_nothing():
    at = run_app(reserved_app, height=0)
    assert not _blocks(at.main, "reserve")
    assert [m.value for m in at.markdown] == ["the chart", "below"]
