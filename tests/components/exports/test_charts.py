"""Charts as plain Vega-Lite: inline data, the cached spec the pages draw, SVG/PNG exports."""

from __future__ import annotations

import altair as alt
import pandas as pd

from components.exports import charts as chart_export


def small_chart() -> alt.Chart:
    frame = pd.DataFrame({"answer": ["a", "b", None], "percent": [60.0, float("nan"), 10.0]})
    return (
        alt.Chart(chart_export.chart_values(frame))
        .mark_bar()
        .encode(x="percent:Q", y="answer:N")
        .properties(width=200, description="D")
    )


def test_chart_values_are_inline_records_with_missing_values_as_null():
    values = chart_export.chart_values(pd.DataFrame({"a": ["x", None], "n": [1.5, float("nan")]}))
    assert values == {"values": [{"a": "x", "n": 1.5}, {"a": None, "n": None}]}


def test_spec_is_what_st_altair_chart_would_draw():
    # Streamlit converts Altair charts with the "none" theme; the cached dict must not differ.
    chart = small_chart()
    with alt.theme.enable("none"):
        drawn_by_streamlit = chart.to_dict()
    assert chart_export.vega_lite_spec(chart) == drawn_by_streamlit
    with alt.theme.enable("default"):
        assert chart_export.vega_lite_spec(chart) == drawn_by_streamlit


def test_spec_keeps_a_view_config_the_chart_sets_itself():
    chart = small_chart().configure_view(stroke=None)
    assert chart_export.vega_lite_spec(chart)["config"] == {"view": {"stroke": None}}


def test_exports_take_the_cached_spec_or_the_chart_alike():
    chart = small_chart()
    spec = chart_export.vega_lite_spec(chart)
    svg = chart_export.chart_svg(spec).decode("utf-8")
    assert svg.startswith("<svg") and svg == chart_export.chart_svg(chart).decode("utf-8")
    assert chart_export.chart_png(spec).startswith(b"\x89PNG")
