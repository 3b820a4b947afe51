"""The static, offline map: SVG (for handouts) and a self-contained HTML page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.map import selection
from components.views.map import static as map_static
from components.views.map.downloads import view_sources
from components.views.map.view import MapView
from components.views.palette import colour_of

SVG_NS = "{http://www.w3.org/2000/svg}"


def select(data, members, hidden=(), extent="", **kwargs):
    return selection.select(data, members, MapView(Filters(**kwargs), extent, "", hidden))


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - SVG this codebase generated


def test_svg_is_well_formed_and_self_contained(data, members):
    text = map_static.map_svg(select(data, members, coalitions=("ntxia",)), data)
    root = parse_svg(text)
    assert root.tag == SVG_NS + "svg"
    assert root.find(SVG_NS + "title").text.startswith("Map of connected regions: 24 members")
    refs = re.findall(r'(?:href|src)="([^"]*)"', text)
    assert refs == []
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_svg_draws_outlines_points_and_arcs_of_the_view(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    text = map_static.map_svg(sel, data)
    root = parse_svg(text)
    groups = root.findall(SVG_NS + "g")
    assert groups and len(groups[0].findall(SVG_NS + "path")) >= 1  # Texas and neighbours
    colour = colour_of("ntxia")
    filled = [p for p in root.iter(SVG_NS + "path") if p.get("fill") == colour]
    # every located member, the hub star and the county footprint
    assert len(filled) == len(sel.points) + len(sel.hubs) + len(sel.footprints)
    curves = [p for p in root.iter(SVG_NS + "path") if p.get("fill") == "none"]
    assert len(curves) == len(sel.hub_links)
    assert "NTXIA" in [t.text for t in root.iter(SVG_NS + "text")]


def test_svg_leaves_far_away_states_out(data, members):
    near = parse_svg(map_static.map_svg(select(data, members, coalitions=("ntxia",)), data))
    wide = parse_svg(map_static.map_svg(select(data, members), data))
    n_near = len(near.findall(SVG_NS + "g")[0].findall(SVG_NS + "path"))
    n_wide = len(wide.findall(SVG_NS + "g")[0].findall(SVG_NS + "path"))
    assert n_near < n_wide


def test_svg_respects_hidden_layers(data, members):
    sel = select(data, members, coalitions=("ntxia",), hidden=("hub-links",))
    root = parse_svg(map_static.map_svg(sel, data))
    assert not [p for p in root.iter(SVG_NS + "path") if p.get("fill") == "none"]


def test_png_for_the_handout(data, members):
    png = map_static.map_png(select(data, members, coalitions=("snf",)), data, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_export_opens_offline_with_legend_description_table_and_sources(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    page = map_static.standalone_html(
        sel, data, "http://localhost:8501/map?coalition=ntxia", date(2026, 11, 21)
    )
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not [a for a in parser.attrs if a[1] == "src"]
    assert "@import" not in page and "url(" not in page
    text = " ".join(parser.text)
    assert sel.description in text
    assert f"Data as of {data.as_of}" in text
    assert "Legend" in text and "Coalition hub (the city it is drawn from)" in text
    assert "Plano" in text and "Mesa" not in text
    hrefs = [v for tag, k, v in parser.attrs if tag == "a" and k == "href"]
    assert "http://localhost:8501/map?coalition=ntxia" in hrefs
    sources = view_sources(sel, data)
    assert set(sources["url"]) <= set(hrefs)


def test_html_export_escapes_data_strings(data_copy):
    """Synthetic data (tests only): one member renamed to a markup payload."""
    path = data_copy / "entities.csv"
    payload = "<img src=x onerror=alert(1)>"
    path.write_text(
        path.read_text(encoding="utf-8").replace("plano-tx,Plano,", f'plano-tx,"{payload}",', 1),
        encoding="utf-8",
    )
    data = load_dataset(data_copy)
    members = members_table(data)
    sel = selection.select(data, members, MapView(Filters(coalitions=("ntxia",))))
    page = map_static.standalone_html(sel, data, "javascript:alert(1)")
    assert payload not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page
    parse_svg(map_static.map_svg(sel, data))  # still well-formed


def test_svg_draws_count_marks_when_the_view_is_counted(data, members):
    """SYNTHETIC (tests only): MAX_POINTS is lowered so the shipped national view is drawn as counts."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(selection, "MAX_POINTS", 50)  # the threshold select() reads
        sel = selection.select.uncached(data, members, MapView())
    assert sel.aggregated
    root = parse_svg(map_static.map_svg(sel, data))
    discs = [c for c in root.iter(SVG_NS + "circle") if c.get("fill") == "#FFFFFF"]
    assert len(discs) == len(sel.aggregates)
    numbers = [t.text for t in root.iter(SVG_NS + "text") if t.text and t.text.replace(",", "").isdigit()]
    assert sorted(numbers) == sorted(f"{n:,}" for n in sel.aggregates["members"] + sel.aggregates["partners"])
    symbols = [p for p in root.iter(SVG_NS + "path") if p.get("transform")]
    assert len(symbols) == len(sel.hubs)  # the hub stars; no member drawn on its own
    page = map_static.standalone_html(sel, data)
    assert "White disc with a number: members per" in page
