"""Which names the map writes beside its marks, in what order, and where they fit in a picture.

A room looking at a projected map cannot hover: the names have to be on it. There is room for only
some of them, so each label carries a priority and the ones that would overlap a higher-priority
label are left out:

- the live deck (deck.py) sends one label per mark position, and deck.gl's collision filter (the
  browser component attaches it to the "member-labels" layer) hides, at every zoom, the labels that
  overlap one with a higher priority;
- the static picture (static.py) places them here, greedily in pixel space (`place`): highest
  priority first, each at the first of a few positions around its mark where its box overlaps no
  label placed before, no mark and no hub star, and stays inside the picture; else it is left out.

Priority (higher is kept first; deck.gl takes -1000..1000): a coalition's hub name HUB_PRIORITY;
a member by what it is — a city, county or region (a place a room knows) 300, a public body or
university 200, an organisation or company 100 — plus 100 for a coalition member (over a network's),
plus 50 when it is listed in more than one coalition or network (the connecting members), minus
150 when it is drawn at its coalition's hub for want of its own location, minus 100 for a named
partner (drawn faded). The data has no population, so "bigger" is the kind of member, not its size.

Pure: a MapSelection and a projection in, plain values out; no pydeck, no SVG.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from components.geo.projection import Projection
from components.views.map.icons import ICON_PX
from components.views.map.selection import MapSelection

HUB_PRIORITY = 900  # deck.gl draws priorities up to 1000; the deck adds < 50 to break ties
_KIND_PRIORITY = {
    "circle": 300,  # city, community
    "square": 300,  # county, region
    "triangle": 200,  # university, research body
    "diamond": 200,  # agency, transit, airport, utility
}
OTHER_KIND_PRIORITY = 100  # companies and organisations
COALITION_BONUS = 100
SHARED_BONUS = 50
AT_HUB_PENALTY = 150
PARTNER_PENALTY = 100

MEMBER_PX = 13.0  # member names: at least 12 px on screen and in the picture
HUB_PX = 14.0
MAX_CHARS = 70  # longer names end in "…" (the longest real name has 65 characters)
WRAP_EM = 12.0  # a name wider than this many font sizes wraps onto a further line
LINE_EM = 1.2
NEAR_CANDIDATES = 8  # right, left, above, below and the four corners of the mark
GAP_PX = 2.0
GRID_PX = 48.0  # cell of the placement's spatial index  # between a mark's edge and its label's box
HALO_PX = 1.5  # the white outline drawn around the letters (stroke 3 px)

# Advance widths of ASCII 32..126 in Helvetica Bold, in thousandths of the font size. Arial and
# Liberation Sans (vl-convert's bundled sans-serif, which draws the PNG) share these metrics.
_BOLD_WIDTHS = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
WIDE_CHAR = 1000  # anything outside Latin (CJK, emoji) counts a full em: too wide rather than too narrow

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1) in pixels, y down


@dataclass(frozen=True)
class Label:
    """One name to write beside the mark at (lon, lat), whose radius is `mark_px` pixels."""

    text: str
    lon: float
    lat: float
    priority: int
    mark_px: float
    size: float = MEMBER_PX
    below_first: bool = False  # a hub with another hub just north: try below the star first


@dataclass(frozen=True)
class Placed:
    """A label where it fits: its lines, the text anchor ("start", "middle" or "end") at x, the
    baseline of its first line at y, its box (halo included), and its mark when it stands apart
    (in a column of names drawn at one point: a leader line joins them)."""

    label: Label
    lines: tuple[str, ...]
    x: float
    y: float
    anchor: str
    box: Box
    leader: tuple[float, float, float] | None = None  # (x, y, radius) of the mark, when set apart


def clean_text(name: object) -> str:
    """The name as one line of plain text: control characters dropped, whitespace runs folded,
    at most MAX_CHARS characters (the mark's tooltip keeps the whole name)."""
    text = "".join(ch for ch in str(name) if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def member_priority(shape: str, coalition: bool, shared: bool, at_hub: bool, partner: bool) -> int:
    """A member's label priority (module docstring)."""
    return (
        _KIND_PRIORITY.get(shape, OTHER_KIND_PRIORITY)
        + (COALITION_BONUS if coalition else 0)
        + (SHARED_BONUS if shared else 0)
        - (AT_HUB_PENALTY if at_hub else 0)
        - (PARTNER_PENALTY if partner else 0)
    )


def _order(labels: Iterable[Label]) -> list[Label]:
    # Ties: the shorter name first (more of them fit), then alphabetical, so the result is stable.
    return sorted(labels, key=lambda lb: (-lb.priority, len(lb.text), lb.text))


def member_labels(sel: MapSelection) -> list[Label]:
    """A label for every member drawn one by one (none when the view is drawn as counts), highest
    priority first. A member drawn twice at one place (listed in two groups) is named once."""
    points = sel.drawn_points
    best: dict[tuple[str, float, float], Label] = {}
    for p in points.itertuples(index=False):
        text = clean_text(p.name)
        if not text:
            continue
        label = Label(
            text=text,
            lon=float(p.lon),
            lat=float(p.lat),
            priority=member_priority(
                p.shape, p.group_kind == "coalition", bool(p.shared), p.located_by == "coalition-hub",
                not p.is_member,
            ),
            mark_px=ICON_PX[p.shape] / 2,
        )  # fmt: skip
        key = (str(p.entity_id), label.lon, label.lat)
        if key not in best or label.priority > best[key].priority:
            best[key] = label
    return _order(best.values())


def hub_labels(hubs: pd.DataFrame) -> list[Label]:
    """The coalitions' short names, at their hub stars."""
    return _order(
        Label(
            text=clean_text(h.short_name),
            lon=float(h.lon),
            lat=float(h.lat),
            priority=HUB_PRIORITY,
            mark_px=ICON_PX["star"] / 2,
            size=HUB_PX,
            below_first=bool(h.label_below),
        )
        for h in hubs.itertuples(index=False)
        if clean_text(h.short_name)
    )


def text_width(text: str, size: float) -> float:
    """The width of one line in Helvetica Bold at `size` pixels (accented letters as their base)."""
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        code = ord(base)
        if unicodedata.combining(ch):
            continue
        total += _BOLD_WIDTHS[code - 32] if 32 <= code <= 126 else WIDE_CHAR
    return total * size / 1000


def wrap(text: str, size: float) -> tuple[str, ...]:
    """The name in lines no wider than WRAP_EM font sizes (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(lines[-1] + " " + word, size) <= WRAP_EM * size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_circle(box: Box, cx: float, cy: float, r: float) -> bool:
    nx, ny = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return (nx - cx) ** 2 + (ny - cy) ** 2 < r * r


def _boxes(
    label: Label, centre: tuple[float, float], r: float, size: tuple[float, float], crowded: bool
) -> list[tuple[str, Box]]:
    """Candidate (anchor, box) of size w×h around a mark of radius r, in order of preference.

    Where several names share one point (`crowded`), they may also stack in a column beside it.
    """
    (x, y), (w, h) = centre, size
    g, d = r + GAP_PX, r * 0.7 + GAP_PX
    right = ("start", (x + g, y - h / 2, x + g + w, y + h / 2))
    left = ("end", (x - g - w, y - h / 2, x - g, y + h / 2))
    above = ("middle", (x - w / 2, y - g - h, x + w / 2, y - g))
    below = ("middle", (x - w / 2, y + g, x + w / 2, y + g + h))
    if label.priority >= HUB_PRIORITY:  # a hub: centred above or below its star, else beside it
        return [below, above, right, left] if label.below_first else [above, below, right, left]
    corners = [
        ("start", (x + d, y - d - h, x + d + w, y - d)),
        ("start", (x + d, y + d, x + d + w, y + d + h)),
        ("end", (x - d - w, y - d - h, x - d, y - d)),
        ("end", (x - d - w, y + d, x - d, y + d + h)),
    ]
    if not crowded:
        return [right, left, above, below, *corners]
    step = LINE_EM * label.size
    stacked = [
        (anchor, (box[0], box[1] + k * step, box[2], box[3] + k * step))
        for k in (1, -1, 2, -2, 3, -3, 4, -4)
        for anchor, box in (right, left)
    ]
    return [right, left, above, below, *corners, *stacked]


@dataclass(frozen=True)
class Obstacles:
    """What a label may not cover: hub stars, marks (members, rings, count discs) — circles
    (x, y, radius) — and boxes. A hub's name goes over marks when nowhere else is free."""

    stars: Sequence[tuple[float, float, float]] = ()
    marks: Sequence[tuple[float, float, float]] = ()
    boxes: Sequence[Box] = ()


_Entry = tuple[Box, tuple[float, float, float] | None, bool]  # box, circle, a mark (may be covered)


class _Grid:
    """Boxes by the GRID_PX cells they touch, so a candidate is tested against its neighbours only
    (a view of 1,500 members would otherwise test every candidate against every mark)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[_Entry]] = {}

    @staticmethod
    def _keys(box: Box) -> Iterable[tuple[int, int]]:
        for i in range(int(box[0] // GRID_PX), int(box[2] // GRID_PX) + 1):
            for j in range(int(box[1] // GRID_PX), int(box[3] // GRID_PX) + 1):
                yield i, j

    def add(self, box: Box, circle: tuple[float, float, float] | None = None, mark: bool = False) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append((box, circle, mark))

    def hits(self, box: Box, centre: tuple[float, float], over_marks: bool) -> bool:
        for key in self._keys(box):
            for other, circle, mark in self.cells.get(key, ()):
                if circle is None:
                    if overlaps(box, other):
                        return True
                # The label's own point is cleared by construction (its boxes stand off it).
                elif (
                    not (over_marks and mark) and not _same(circle[:2], centre) and _hits_circle(box, *circle)
                ):
                    return True
        return False


def place(labels: Sequence[Label], proj: Projection, avoid: Obstacles = Obstacles()) -> list[Placed]:
    """Greedy placement in a proj.width × proj.height picture, in the order given (priority)."""
    grid = _Grid()
    for box in avoid.boxes:
        grid.add(box)
    radius_at: dict[tuple[int, int], float] = {}
    for circles, mark in ((avoid.stars, False), (avoid.marks, True)):
        for cx, cy, cr in circles:
            grid.add((cx - cr, cy - cr, cx + cr, cy + cr), (cx, cy, cr), mark)
            key = (round(cx), round(cy))
            radius_at[key] = max(cr, radius_at.get(key, 0.0))
    points = Counter((round(lb.lon, 4), round(lb.lat, 4)) for lb in labels)
    placed: list[Placed] = []
    for label in labels:
        x, y = proj(label.lon, label.lat)
        if not (0 <= x <= proj.width and 0 <= y <= proj.height):
            continue  # no name for a mark outside the picture
        lines = wrap(label.text, label.size)
        w = max(text_width(line, label.size) for line in lines) + 2 * HALO_PX
        h = len(lines) * LINE_EM * label.size + 2 * HALO_PX
        # Clear every mark drawn at this very point (a hub star is bigger than its city's circle).
        r = max(label.mark_px, radius_at.get((round(x), round(y)), 0.0))
        crowded = points[(round(label.lon, 4), round(label.lat, 4))] > 1
        candidates = _boxes(label, (x, y), r, (w, h), crowded)
        found = _first_free(candidates, (x, y), proj, grid, label.priority >= HUB_PRIORITY)
        if found is not None:
            i, (anchor, box) = found
            # Beyond the eight places around the mark, a line leads from the mark to the name.
            placed.append(_placed(label, lines, anchor, box, (x, y, r) if i >= NEAR_CANDIDATES else None))
            grid.add(box)
    return placed


def _first_free(
    candidates: list[tuple[str, Box]], centre: tuple[float, float], proj: Projection, grid: _Grid, hub: bool
) -> tuple[int, tuple[str, Box]] | None:
    """The first candidate inside the picture and clear of everything; for a hub, failing that,
    the first that only covers marks (a hub's name is always written, as it always was)."""
    for over_marks in (False, True) if hub else (False,):
        for i, (anchor, box) in enumerate(candidates):
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= proj.width and box[3] <= proj.height
            if inside and not grid.hits(box, centre, over_marks):
                return i, (anchor, box)
    return None


def _same(a: Sequence[float], b: Sequence[float]) -> bool:
    return abs(a[0] - b[0]) <= 0.5 and abs(a[1] - b[1]) <= 0.5


def _placed(
    label: Label, lines: tuple[str, ...], anchor: str, box: Box, leader: tuple[float, float, float] | None
) -> Placed:
    x = {"start": box[0] + HALO_PX, "end": box[2] - HALO_PX, "middle": (box[0] + box[2]) / 2}[anchor]
    # The first baseline sits so that capitals and descenders fill the line's box evenly.
    y = box[1] + HALO_PX + 0.95 * label.size
    return Placed(label, lines, x, y, anchor, box, leader)
