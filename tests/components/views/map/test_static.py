"""The static, offline map: SVG (for handouts) and a self-contained HTML page."""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
import vl_convert
from PIL import Image

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.map import selection
from components.views.map import static as map_static
from components.views.map.downloads import view_sources
from components.views.map.icons import SHAPE_PATHS
from components.views.map.labels import clean_text
from components.views.map.view import MapView
from components.views.palette import colour_of
from tests.hostile import HOSTILE_VALUES

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
    assert sorted(_label_text(t) for t in _labels(root)) == sorted(sel.hubs["short_name"])  # no members
    page = map_static.standalone_html(sel, data)
    assert "White disc with a number: members per" in page


SVG_URI = SVG_NS.strip("{}")
STAR = SHAPE_PATHS["star"]
MARGIN = 100  # room around a label rendered alone, so a label off the picture would show as such


def _labels(root: ET.Element) -> list[ET.Element]:
    groups = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "labels"]
    return [t for g in groups for t in g.iter(SVG_NS + "text")]


def _label_text(element: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()).split())  # a long name's lines are tspans


def _ink_box(element: ET.Element, width: int, height: int) -> tuple[float, float, float, float]:
    """Where the label's letters land in the picture: the label rendered alone (vl-convert, the
    renderer of the PNG) on a canvas MARGIN px larger on every side, black on white, no halo."""
    ET.register_namespace("", SVG_URI)
    svg = (
        f'<svg xmlns="{SVG_URI}" width="{width + 2 * MARGIN}" height="{height + 2 * MARGIN}">'
        f'<rect width="{width + 2 * MARGIN}" height="{height + 2 * MARGIN}" fill="#FFFFFF"/>'
        f'<g transform="translate({MARGIN} {MARGIN})" font-family="Helvetica, Arial, sans-serif" '
        f'font-weight="bold" fill="#000000">{ET.tostring(element, encoding="unicode")}</g></svg>'
    )
    image = Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=1))).convert("L")
    box = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert box, f"label {_label_text(element)!r} draws nothing"
    return box[0] - MARGIN, box[1] - MARGIN, box[2] - MARGIN, box[3] - MARGIN


def _marks(root: ET.Element) -> list[tuple[float, float, float, str]]:
    """(x, y, radius, path) of every shape drawn with a transform (members and hub stars)."""
    out = []
    for p in root.iter(SVG_NS + "path"):
        found = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)", p.get("transform", ""))
        if found:
            out.append((float(found[1]), float(found[2]), float(found[3]), p.get("d")))
    return out


def _hits_circle(box, x, y, r) -> bool:
    nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return math.hypot(nx - x, ny - y) < r


def test_a_framed_coalition_names_its_members_without_overlaps(data, members):
    sel = select(data, members, states=("TX",), coalitions=("ntxia",))
    root = parse_svg(map_static.map_svg(sel, data))
    labels = _labels(root)
    texts = [_label_text(t) for t in labels]
    assert "Plano" in texts and "Frisco" in texts and "NTXIA" in texts
    named = set(texts) & set(sel.drawn_points["name"])
    assert len(named) >= 20  # of its 24 members: most, though eight of them are drawn at Dallas
    assert all(float(t.get("font-size")) >= 12 for t in labels)
    boxes = [_ink_box(t, map_static.WIDTH, map_static.HEIGHT) for t in labels]
    for (a, ta), (b, tb) in itertools.combinations(zip(boxes, texts, strict=True), 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"{ta!r} overlaps {tb!r}"
    for box, text in zip(boxes, texts, strict=True):
        assert 0 <= box[0] and box[2] <= map_static.WIDTH and 0 <= box[1] and box[3] <= map_static.HEIGHT, (
            text
        )
        for x, y, r, path in _marks(root):
            if path == STAR:
                assert not _hits_circle(box, x, y, r), f"{text!r} covers a hub star"


def test_the_whole_country_names_hubs_and_what_fits_without_overlaps(data, members):
    sel = select(data, members)
    root = parse_svg(map_static.map_svg(sel, data))
    labels = _labels(root)
    texts = [_label_text(t) for t in labels]
    assert set(sel.hubs["short_name"]) <= set(texts)
    assert 30 <= len(texts) < len(sel.drawn_points)  # a budget: names where they fit, not all
    boxes = [_ink_box(t, map_static.WIDTH, map_static.HEIGHT) for t in labels]
    for (a, ta), (b, tb) in itertools.combinations(zip(boxes, texts, strict=True), 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"{ta!r} overlaps {tb!r}"


def test_labels_escape_hostile_names(data, members):
    """SYNTHETIC (tests only): NTXIA's members renamed to the hostile strings of tests/hostile.py."""
    hostile = members.copy()
    rows = hostile.index[hostile["group_id"] == "ntxia"]
    assert len(rows) <= len(HOSTILE_VALUES)
    hostile.loc[rows, "name"] = HOSTILE_VALUES[: len(rows)]
    sel = selection.select.uncached(data, hostile, MapView(Filters(coalitions=("ntxia",))))
    text = map_static.map_svg(sel, data)
    root = parse_svg(text)  # well-formed: no control characters, every < and & escaped
    tags = {e.tag.removeprefix(SVG_NS) for e in root.iter()}
    assert tags <= {"svg", "title", "rect", "g", "path", "circle", "line", "text", "tspan"}
    assert not [k for e in root.iter() for k in e.attrib if k.lower().startswith("on")]
    texts = [_label_text(t) for t in _labels(root)]
    cleaned = {clean_text(v) for v in HOSTILE_VALUES[: len(rows)]}
    assert len(texts) >= 10 and set(texts) <= cleaned | {"NTXIA"}
    assert "<script>alert(1)</script>" in texts  # shown as text, escaped in the file
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text


def _expected_xy(lon, lat, bounds, width, height) -> tuple[float, float]:
    """Web Mercator, from first principles: the picture shows `bounds` whole, centred."""

    def world(lon, lat):
        return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2

    (x0, y1), (x1, y0) = world(bounds[0], bounds[1]), world(bounds[2], bounds[3])
    scale = min(width / (x1 - x0), height / (y1 - y0))
    x, y = world(lon, lat)
    return (x - (x0 + x1) / 2) * scale + width / 2, (y - (y0 + y1) / 2) * scale + height / 2


# Two cameras on NTXIA: Plano (-96.70, 33.02) near the left edge of one, the right of the other.
CAMERAS = {"east-of-plano": (-96.8, 32.7, -96.2, 33.1), "west-of-plano": (-97.3, 32.8, -96.6, 33.3)}


@pytest.mark.parametrize("bounds", CAMERAS.values(), ids=CAMERAS.keys())
def test_svg_draws_the_camera_it_is_given(data, members, bounds):
    sel = select(data, members, coalitions=("ntxia",))
    plano = sel.drawn_points.set_index("entity_id").loc["plano-tx"]
    x, y = _expected_xy(plano["lon"], plano["lat"], bounds, map_static.WIDTH, map_static.HEIGHT)
    root = parse_svg(map_static.map_svg(sel, data, bounds=bounds))
    # Zoom is rounded down to 0.01 (as deck.gl fits a camera): ≤ 0.7 % nearer the centre.
    tolerance = 1 + 0.007 * math.hypot(x - map_static.WIDTH / 2, y - map_static.HEIGHT / 2)
    at_plano = [m for m in _marks(root) if math.hypot(m[0] - x, m[1] - y) <= tolerance]
    assert at_plano, f"no mark at Plano's ({x:.0f}, {y:.0f})"
    label = next(t for t in _labels(root) if _label_text(t) == "Plano")
    assert math.hypot(float(label.get("x")) - x, float(label.get("y")) - y) < 60  # beside its mark


def test_the_same_view_with_two_cameras_puts_plano_in_two_places(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    near, far = CAMERAS.values()
    plano = sel.drawn_points.set_index("entity_id").loc["plano-tx"]
    a = _expected_xy(plano["lon"], plano["lat"], near, map_static.WIDTH, map_static.HEIGHT)
    b = _expected_xy(plano["lon"], plano["lat"], far, map_static.WIDTH, map_static.HEIGHT)
    assert math.hypot(a[0] - b[0], a[1] - b[1]) > 300
    assert map_static.map_svg(sel, data, bounds=near) != map_static.map_svg(sel, data, bounds=far)
    png = map_static.map_png(sel, data, scale=1, bounds=near)
    assert Image.open(io.BytesIO(png)).size == (map_static.WIDTH, map_static.HEIGHT)
    page = map_static.standalone_html(sel, data, bounds=near)
    assert map_static.map_svg(sel, data, bounds=near).split("\n", 1)[1] in page


def test_a_fitted_picture_is_framed_on_its_marks_not_on_empty_grey(data, members):
    """The handout's NTXIA map had its members in the middle third: frame on what is drawn."""
    sel = select(data, members, states=("TX",), coalitions=("ntxia",))
    marks = _marks(parse_svg(map_static.map_svg(sel, data)))
    xs, ys = [m[0] for m in marks], [m[1] for m in marks]
    width_share = (max(xs) - min(xs)) / map_static.WIDTH
    height_share = (max(ys) - min(ys)) / map_static.HEIGHT
    assert max(width_share, height_share) >= 0.8 and min(width_share, height_share) >= 0.4
    # A named extent keeps its frame (here: Texas).
    texas = _marks(
        parse_svg(map_static.map_svg(select(data, members, coalitions=("ntxia",), extent="TX"), data))
    )
    assert max(m[0] for m in texas) - min(m[0] for m in texas) < 0.2 * map_static.WIDTH
