"""The legend: every colour, shape and arc in view, as a described Vega-Lite chart."""

from __future__ import annotations

from components.data.filters import Filters
from components.views.map import selection
from components.views.map.counts import MAX_POINTS
from components.views.map.icons import SHAPE_PATHS
from components.views.map.legend import legend_chart, legend_rows, legend_spec
from components.views.map.view import MapView
from components.views.palette import colour_of
from tests.components.views.map.helpers import TX_OK, select


def test_legend_names_every_colour_shape_and_arc_in_view(data, members):
    sel = select(data, members)
    rows = legend_rows(sel, data)
    swatches = rows[rows["kind"] == "swatch"]
    assert set(swatches["colour"]) == {colour_of(g) for g in sel.groups}
    shapes = set(rows.loc[rows["kind"] == "shape", "shape"])
    assert shapes == {SHAPE_PATHS[s] for s in set(sel.points["shape"]) | {"star"}}
    lines = rows[rows["kind"] == "line"]
    assert colour_of("nscp") in set(lines["colour"]) and colour_of("region-of-regions") in set(
        lines["colour"]
    )
    labels = " ".join(rows["label"])
    assert "National Smart Coalitions Partnership" in labels and "hub → member" in labels


def test_legend_follows_the_selection(data, members):
    rows = legend_rows(select(data, members, coalitions=("ntxia",)), data)
    assert set(rows.loc[rows["kind"] == "swatch", "colour"]) == {colour_of("ntxia")}
    assert not rows["label"].str.contains("Partnership").any()
    hidden = legend_rows(select(data, members, hidden=("partnerships",)), data)
    assert not hidden["label"].str.contains("arc: NSCP|Partnership", regex=True).any()


def test_legend_chart_is_titled_and_described(data, members):
    spec = legend_chart(legend_rows(select(data, members), data)).to_dict()
    assert spec["title"]["text"] == "Legend"
    assert spec["description"].startswith("Map legend.")
    assert "North Texas Innovation Alliance" in spec["description"]


def test_legend_spec_is_the_altair_chart_without_the_theme_sizes(data, members):
    rows = legend_rows(select(data, members), data)
    spec = legend_spec(rows)
    altair = legend_chart(rows).to_dict()
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default theme; Streamlit drops it
        altair["config"]["view"].pop(key, None)
    assert spec == altair
    assert spec["description"].startswith("Map legend.") and spec["config"]["mark"] == {"aria": False}
    assert len(spec["datasets"]) == 1  # both panels read the same rows


def test_the_legend_explains_the_count_mark(data, many_in_texas, members):
    rows = legend_rows(selection.select(data, many_in_texas, MapView(Filters(states=TX_OK))), data)
    count = rows[rows["kind"] == "count"]
    assert list(count["label"]) == ["White disc with a number: members per county"]
    assert f"over {MAX_POINTS:,} in view" in " ".join(rows["label"])
    assert "Shape: member type" not in set(rows["label"]) or set(
        rows.loc[rows["kind"] == "shape", "shape"]
    ) == {SHAPE_PATHS["star"]}
    assert len(legend_spec(rows)["hconcat"][1]["layer"]) == 7  # the count symbol's own layer
    plain = legend_rows(select(data, members, states=("TX",)), data)
    assert "count" not in set(plain["kind"])
