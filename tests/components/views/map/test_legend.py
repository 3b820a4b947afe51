"""The legend: every colour, shape and arc in view, as HTML with one small inline SVG symbol per entry."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from components.data.filters import Filters
from components.views.map import selection
from components.views.map.counts import MAX_POINTS
from components.views.map.icons import SHAPE_PATHS
from components.views.map.legend import legend_html, legend_rows, legend_symbol_svg
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


class _Legend(HTMLParser):
    """What the legend says, in reading order: headings and entries, each entry with its symbol's SVG
    (the markup from <svg> to </svg>, as written)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.items: list[tuple[str, str, str]] = []  # (tag, text, symbol svg)
        self.section: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.section = a
        elif tag in ("h2", "h3", "li"):
            self.items.append((tag, "", ""))
        elif tag == "svg":
            assert a["aria-hidden"] == "true", "a symbol is decorative: its label says what it means"
            line, col = self.getpos()
            assert line == 1, "the legend is one line of HTML"
            start = col
            svg = self.html[start : self.html.index("</svg>", start) + len("</svg>")]
            tag_, text, _ = self.items[-1]
            self.items[-1] = (tag_, text, svg)

    def handle_data(self, data):
        if self.items:
            tag, text, svg = self.items[-1]
            self.items[-1] = (tag, text + data, svg)


def read_legend(html: str) -> _Legend:
    return _Legend(html.split("</style>", 1)[1])


def test_the_legend_says_what_the_rows_say_in_their_order(data, members):
    rows = legend_rows(select(data, members), data)
    legend = read_legend(legend_html(rows))
    assert legend.section == {"class": "map-legend", "aria-label": "Map legend"}
    assert legend.items[0][:2] == ("h2", "Legend")
    said = [(tag, text) for tag, text, _ in legend.items[1:]]
    # Panel by panel (colours and shapes, then lines and other marks), each in the rows' order.
    ordered = rows.sort_values(["panel", "order"])
    assert said == [("h3" if r.kind == "heading" else "li", r.label) for r in ordered.itertuples()]
    assert legend_html(rows).count('<div class="panel">') == rows["panel"].nunique() == 2


def test_every_symbol_has_the_colour_and_shape_of_its_row(data, members):
    rows = legend_rows(select(data, members), data)
    entries = rows[rows["kind"] != "heading"].sort_values(["panel", "order"])
    symbols = [svg for tag, _, svg in read_legend(legend_html(rows)).items if tag == "li"]
    assert len(symbols) == len(entries)
    for row, svg in zip(entries.itertuples(), symbols, strict=True):
        assert svg == legend_symbol_svg(row.kind, row.colour, row.shape), row.label
        if row.kind in ("swatch", "shape", "faded", "line", "area"):
            assert row.colour in svg, row.label
        if row.shape:
            assert f'd="{row.shape}"' in svg, row.label


@pytest.mark.parametrize(
    ("kind", "drawn"),
    [
        ("swatch", r'<path [^>]*fill="#E69F00" stroke="#000000"'),
        ("faded", r'opacity="0.55"'),
        ("line", r'<line [^>]*stroke="#E69F00" stroke-width="3.5"/>'),
        ("ring", r'<circle [^>]*fill="none"'),
        ("count", r'<circle [^>]*fill="#FFFFFF"'),
        ("area", r'<rect [^>]*fill="#E69F00" fill-opacity="0.7"'),
    ],
)
def test_each_kind_of_symbol_is_drawn_as_on_the_map(kind, drawn):
    svg = legend_symbol_svg(kind, "#E69F00", SHAPE_PATHS["square"] if kind in ("swatch", "faded") else "")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="22"')
    assert svg.endswith("</svg>") and 'aria-hidden="true"' in svg
    assert re.search(drawn, svg), svg
    assert legend_symbol_svg("note", "#E69F00", "") == ""  # a note is text under the entry above


def test_labels_are_escaped_and_kept_on_one_line(data, members):
    rows = legend_rows(select(data, members), data)
    rows.loc[rows.index[1], "label"] = "<script>alert(1)</script>\n\n**& co**"
    html = legend_html(rows)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; **&amp; co**" in html
    # No blank line: st.markdown would end the HTML there and read the rest as Markdown.
    assert "\n\n" not in html


def test_the_legend_explains_the_count_mark(data, many_in_texas, members):
    rows = legend_rows(selection.select(data, many_in_texas, MapView(Filters(states=TX_OK))), data)
    count = rows[rows["kind"] == "count"]
    assert list(count["label"]) == ["White disc with a number: members per county"]
    assert f"over {MAX_POINTS:,} in view" in " ".join(rows["label"])
    assert "Shape: member type" not in set(rows["label"]) or set(
        rows.loc[rows["kind"] == "shape", "shape"]
    ) == {SHAPE_PATHS["star"]}
    said = read_legend(legend_html(rows)).items
    (disc,) = [svg for tag, text, svg in said if text.startswith("White disc with a number")]
    assert '<circle cx="14" cy="11" r="9" fill="#FFFFFF"' in disc  # the white count disc
    plain = legend_rows(select(data, members, states=("TX",)), data)
    assert "count" not in set(plain["kind"])
