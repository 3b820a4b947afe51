"""Labels: which names, in what priority order, and the greedy placement in pixel space."""

from __future__ import annotations

import io
import itertools

import pytest
import vl_convert as vlc
from PIL import Image

from components.geo.projection import Projection
from components.views.map import selection
from components.views.map.labels import (
    HALO_PX,
    HUB_PRIORITY,
    MAX_CHARS,
    MEMBER_PX,
    WRAP_EM,
    Label,
    Obstacles,
    clean_text,
    hub_labels,
    member_labels,
    member_priority,
    overlaps,
    place,
    text_width,
    wrap,
)
from components.views.map.view import MapView
from tests.components.views.map.helpers import select
from tests.hostile import HOSTILE_VALUES

# A picture 400×300 px at zoom 8 centred on (0°, 0°): a degree of longitude is ~364 px.
PICTURE = Projection(0.0, 0.0, 8.0, 400, 300)


def _label(text: str, lon: float = 0.0, lat: float = 0.0, priority: int = 300) -> Label:
    return Label(text=text, lon=lon, lat=lat, priority=priority, mark_px=7.0)


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_clean_text_is_one_short_line_without_control_characters(value):
    text = clean_text(value)
    assert "\n" not in text and "\r" not in text and "\t" not in text
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch == "\u202e" for ch in text)
    assert len(text) <= MAX_CHARS
    assert text == text.strip()


def test_clean_text_keeps_real_names_whole_and_cuts_long_ones_with_an_ellipsis():
    name = "Utah (Utah Ignite / Wasatch Front incl. Salt Lake City and Provo)"  # 65 characters
    assert clean_text(name) == name
    assert clean_text("  Loíza\n ") == "Loíza"
    long = clean_text("A" * 10_000)
    assert len(long) == MAX_CHARS and long.endswith("…")


def test_priority_puts_places_before_bodies_before_organisations_and_penalises_stand_ins():
    city = member_priority("circle", coalition=True, shared=False, at_hub=False, partner=False)
    county = member_priority("square", coalition=True, shared=False, at_hub=False, partner=False)
    agency = member_priority("diamond", coalition=True, shared=False, at_hub=False, partner=False)
    company = member_priority("hexagon", coalition=True, shared=False, at_hub=False, partner=False)
    assert HUB_PRIORITY > city == county > agency > company
    assert member_priority("circle", True, True, False, False) > city  # listed in two groups
    assert member_priority("circle", False, False, False, False) < city  # a network's member
    assert member_priority("circle", True, False, True, False) < city  # drawn at the hub
    assert member_priority("circle", True, False, False, True) < city  # a named partner
    extremes = [member_priority(*a) for a in itertools.product(("circle", "hexagon"), *[(True, False)] * 4)]
    # deck.gl's collision priority takes -1000..1000; the deck adds < 50 to break ties.
    assert all(-1000 <= p and p + 50 <= HUB_PRIORITY for p in extremes)


def test_member_labels_name_every_member_drawn_best_first(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    labels = member_labels(sel)
    assert len(labels) == sel.drawn_points["entity_id"].nunique() == 24
    assert [lb.priority for lb in labels] == sorted((lb.priority for lb in labels), reverse=True)
    by_name = {lb.text: lb for lb in labels}
    # Plano (a city) comes before the Dallas Regional Chamber (an association drawn at its city).
    assert by_name["Plano"].priority > by_name["Dallas Regional Chamber"].priority
    # NCTCOG's own location is not in the sources: it is drawn at the hub, and named after the cities.
    assert (
        by_name["North Central Texas Council of Governments (NCTCOG)"].priority < by_name["Wilmer"].priority
    )
    hubs = hub_labels(sel.hubs)
    assert [h.text for h in hubs] == ["NTXIA"] and hubs[0].priority == HUB_PRIORITY


def test_no_member_labels_when_members_are_hidden_or_drawn_as_counts(data, members):
    assert member_labels(select(data, members, coalitions=("ntxia",), hidden=("coalition-members",))) == []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(selection, "MAX_POINTS", 50)  # SYNTHETIC threshold: the national view is counted
        sel = selection.select.uncached(data, members, MapView())
    assert sel.aggregated and member_labels(sel) == []


def _ink_width(text: str, size: float) -> float:
    """The drawn width of `text` in the renderer of the PNG (vl-convert: resvg, Liberation Sans)."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="60"><rect width="900" height="60" '
        f'fill="#FFFFFF"/><text x="10" y="40" font-family="Helvetica, Arial, sans-serif" '
        f'font-weight="bold" font-size="{size}">{text}</text></svg>'
    )
    image = Image.open(io.BytesIO(vlc.svg_to_png(svg, scale=1))).convert("L")
    box = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    return box[2] - box[0]


@pytest.mark.parametrize("text", ["Plano", "Dallas Innovation Alliance", "McKinney", "WWW"])
def test_text_width_matches_the_rendered_text(text):
    # The ink is about the advance widths (less the side bearings); a box's halo margin covers the rest.
    assert -HALO_PX <= text_width(text, MEMBER_PX) - _ink_width(text, MEMBER_PX) <= 4


def test_wrap_keeps_lines_within_the_wrap_width():
    lines = wrap("North Central Texas Council of Governments (NCTCOG)", MEMBER_PX)
    assert len(lines) > 1 and " ".join(lines) == "North Central Texas Council of Governments (NCTCOG)"
    assert all(text_width(line, MEMBER_PX) <= WRAP_EM * MEMBER_PX for line in lines)
    assert wrap("Plano", MEMBER_PX) == ("Plano",)


def test_place_keeps_boxes_apart_inside_the_picture_and_clear_of_obstacles():
    star = (200.0, 100.0, 13.0)
    labels = [_label(f"Member {i}", lon=(i % 5 - 2) * 0.15, lat=(i // 5 - 1) * 0.1) for i in range(15)]
    placed = place(labels, PICTURE, Obstacles(stars=[star], boxes=[(300, 280, 400, 300)]))
    assert len(placed) >= 10
    for a, b in itertools.combinations(placed, 2):
        assert not overlaps(a.box, b.box)
    for p in placed:
        assert 0 <= p.box[0] and p.box[2] <= 400 and 0 <= p.box[1] and p.box[3] <= 300
        assert not overlaps(p.box, (300, 280, 400, 300))
        nearest = (min(max(star[0], p.box[0]), p.box[2]), min(max(star[1], p.box[1]), p.box[3]))
        assert (nearest[0] - star[0]) ** 2 + (nearest[1] - star[1]) ** 2 >= star[2] ** 2


def test_place_stacks_names_drawn_at_one_point_with_a_leader_line():
    labels = [_label(name) for name in ("Dallas", "DART", "Dallas Regional Chamber", "NCTCOG", "DFW Airport")]
    placed = place(labels, PICTURE)
    assert [p.label.text for p in placed] == [lb.text for lb in labels]  # room for all five
    assert any(p.leader for p in placed)
    assert not placed[0].leader  # the first is right beside its mark


def test_place_gives_the_only_room_to_the_higher_priority_and_drops_what_cannot_fit():
    # Two marks 4 px apart at the picture's left edge; each name fits only right of them.
    low, high = _label("Lower", lon=-0.538, priority=100), _label("Higher", lon=-0.527, priority=400)
    placed = place([high, low], PICTURE, Obstacles(boxes=[(0, 0, 400, 140), (0, 160, 400, 300)]))
    assert [p.label.text for p in placed] == ["Higher"]
    assert place([_label("A" * 60)], PICTURE) == []  # wider than the picture
    assert place([_label("Off", lon=5.0)], PICTURE) == []  # its mark is outside the picture
