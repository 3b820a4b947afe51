"""The survey bar chart: labels, small-base flags, and data that bypasses Altair's global transformer."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from components.views.survey import charts


@pytest.mark.parametrize(
    ("value", "expected"), [(60, "60%"), (59.5, "59.5%"), (14.4, "14.4%"), (0, "0%"), (33.333, "33.3%")]
)
def test_fmt_percent(value, expected):
    assert charts.fmt_percent(value) == expected


def test_small_base_bars_are_flagged_in_the_spec():
    bars = pd.DataFrame(
        {"answer": ["A", "B"], "percent": [50.0, 20.0], "label": ["50%", "20%"], "small_base": [True, False]}
    )
    chart = charts.bars_chart(bars, title="T", subtitle=["s"], footer=["Source: x"], description="d")
    bar = chart.to_dict()["vconcat"][0]["layer"][0]
    assert bar["encoding"]["opacity"]["condition"]["test"] == "datum.small_base"
    assert bar["encoding"]["strokeDash"]["condition"]["value"] == [3, 2]


def test_bars_do_not_go_through_altairs_process_wide_transformer():
    def broken(data):
        raise AssertionError("the chart's data went through the active data transformer")

    bars = pd.DataFrame({"answer": ["A"], "percent": [50.0], "label": ["50%"]})
    alt.data_transformers.register("pages-perf-test-broken", broken)
    with alt.data_transformers.enable("pages-perf-test-broken"):
        spec = charts.bars_chart(bars, title="T", subtitle=[], footer=[], description="d").to_dict()
    assert [r["answer"] for r in spec["datasets"].popitem()[1]] == ["A"]
