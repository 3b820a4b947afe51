"""Member types as shapes, and the one SVG atlas of every icon in every palette colour.

pydeck's ScatterplotLayer has only circles, so a member's type is an icon: one shape per member-type
family, in a [-1, 1] box (Vega's custom-shape convention), so the legend (Vega-Lite) and the static
export (static.py) draw the very same shapes. The atlas is served from the app (static/icons.svg,
written by static_files.py): it needs no internet and rides in no deck.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from components.views.palette import FALLBACK, GROUP_COLOURS


def _star_path(points: int = 5, inner: float = 0.45) -> str:
    coords = []
    for i in range(points * 2):
        r = 1.0 if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / points
        coords.append(f"{r * math.cos(a):.3f},{r * math.sin(a):.3f}")
    return "M" + "L".join(coords) + "Z"


def _circle_path(sides: int = 32) -> str:
    # A polygon, not SVG arcs: Vega's custom-shape parser rejects arc flags.
    coords = [
        f"{math.cos(2 * math.pi * i / sides):.3f},{math.sin(2 * math.pi * i / sides):.3f}"
        for i in range(sides)
    ]
    return "M" + "L".join(coords) + "Z"


SHAPE_PATHS: dict[str, str] = {
    "circle": _circle_path(),
    "square": "M-0.82,-0.82H0.82V0.82H-0.82Z",
    "triangle": "M0,-1L1,0.8H-1Z",
    "diamond": "M0,-1L0.9,0L0,1L-0.9,0Z",
    "hexagon": "M-0.5,-0.87L0.5,-0.87L1,0L0.5,0.87L-0.5,0.87L-1,0Z",
    "star": _star_path(),
}
SHAPE_OF_TYPE: dict[str, str] = {
    "city": "circle",
    "community": "circle",
    "county": "square",
    "region": "square",
    "university": "triangle",
    "research": "triangle",
    "agency": "diamond",
    "transit": "diamond",
    "airport": "diamond",
    "utility": "diamond",
    "company": "hexagon",
    "non-profit": "hexagon",
    "organization": "hexagon",
    "business-association": "hexagon",
    "economic-development": "hexagon",
}
FALLBACK_SHAPE = "hexagon"
SHAPE_LABELS: dict[str, str] = {
    "circle": "City or community",
    "square": "County or region (at its centre)",
    "triangle": "University or research body",
    "diamond": "Public agency, transit, airport or utility",
    "hexagon": "Company or organisation",
    "star": "Coalition hub (the city it is drawn from)",
}
# On-screen size in pixels: constant at every zoom, so a county, a city and a university are all
# visible at national zoom.
ICON_PX: dict[str, int] = {
    "circle": 14,
    "square": 15,
    "triangle": 16,
    "diamond": 16,
    "hexagon": 15,
    "star": 26,
}
MEMBER_ALPHA = 255
PARTNER_ALPHA = 140  # named partners (not counted as members) are drawn faded

OUTLINE = "#000000"

ICON_CELL = 48
# Every member icon is drawn this many pixels high; each shape fills its cell in proportion to its
# own ICON_PX, so the rows need no per-point size (hubs have their own layer at ICON_PX["star"]).
MEMBER_ICON_PX = max(ICON_PX[s] for s in ICON_PX if s != "star")
# A named partner is drawn at PARTNER_ALPHA: its row says "faded" (members' rows say nothing), and
# the layer's colour accessor reads it. (Fading the icon in the atlas instead draws it darker: the
# browser premultiplies the SVG's alpha before deck.gl blends it again.) deck.gl JSON expressions
# allow no function calls, hence a field rather than a test on the icon name.
FADED_COLOUR = f"faded ? [255, 255, 255, {PARTNER_ALPHA}] : [255, 255, 255, {MEMBER_ALPHA}]"


def icon_name(shape: str, colour: str) -> str:
    return f"{shape}-{colour.lstrip('#').lower()}"


def icon_svg(
    shape: str, colour: str, cx: float, cy: float, radius: float, stroke: float, opacity: float = 1.0
) -> str:
    """One shape centred at (cx, cy), filled with `colour` and outlined in black (SVG units)."""
    fade = f' opacity="{opacity:g}"' if opacity < 1 else ""
    return (
        f'<path transform="translate({cx:.1f} {cy:.1f}) scale({radius:.2f})" '
        f'd="{SHAPE_PATHS[shape]}" fill="{colour}" stroke="{OUTLINE}" '
        f'stroke-width="{stroke / radius:.3f}" stroke-linejoin="round"{fade}/>'
    )


def _atlas_icon(shape: str, colour: str, cx: float, cy: float, radius: float, stroke: float) -> str:
    """icon_svg, but a circle is an SVG circle (shorter than the 32-gon Vega needs)."""
    if shape != "circle":
        return icon_svg(shape, colour, cx, cy, radius, stroke)
    return (
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{radius:.2f}" fill="{colour}" stroke="{OUTLINE}" '
        f'stroke-width="{stroke:.2f}"/>'
    )


def atlas_svg(keys: Iterable[tuple[str, str, float]]) -> tuple[str, dict[str, dict[str, Any]]]:
    """An SVG image of (shape, colour, drawn_px) icons, 16 to a row, and deck.gl's icon mapping.

    A cell is shown `drawn_px` pixels high; its shape is drawn ICON_PX[shape] pixels across with a
    1.5 px outline at that size. The mapping leaves out what deck.gl assumes (anchor at the centre,
    not a mask).
    """
    keys = list(dict.fromkeys(keys))
    columns = max(1, min(len(keys), 16))
    rows = max(1, math.ceil(len(keys) / columns))
    parts, mapping = [], {}
    for i, (shape, colour, drawn_px) in enumerate(keys):
        x, y = (i % columns) * ICON_CELL, (i // columns) * ICON_CELL
        scale = ICON_PX[shape] / drawn_px  # of the cell the shape fills
        # A 1.5 px outline once deck.gl scales the cell down to its on-screen size.
        stroke = 1.5 * ICON_CELL / drawn_px
        radius = (ICON_CELL / 2 - 1.5 * ICON_CELL / ICON_PX[shape] / 2 - 1) * scale
        parts.append(_atlas_icon(shape, colour, x + ICON_CELL / 2, y + ICON_CELL / 2, radius, stroke))
        mapping[icon_name(shape, colour)] = {"x": x, "y": y, "width": ICON_CELL, "height": ICON_CELL}
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{columns * ICON_CELL}" '
        f'height="{rows * ICON_CELL}">\n' + "\n".join(parts) + "\n</svg>\n"
    )
    return svg, mapping


MEMBER_SHAPES = tuple(s for s in SHAPE_PATHS if s != "star")


def palette_colours() -> list[str]:
    """Every colour a group can be drawn in (components/views/palette.py)."""
    return sorted({c.upper() for c in (*GROUP_COLOURS.values(), FALLBACK)})


@lru_cache(maxsize=1)
def static_atlas() -> tuple[str, dict[str, dict[str, Any]]]:
    """One atlas of every icon any view can need: each member shape and the hub star, in every
    palette colour. Served as static/icons.svg: the browser fetches it once instead of an atlas
    riding in the deck JSON of every view."""
    keys = [(shape, colour, MEMBER_ICON_PX) for colour in palette_colours() for shape in MEMBER_SHAPES]
    keys += [("star", colour, ICON_PX["star"]) for colour in palette_colours()]
    return atlas_svg(keys)


def icon_mapping(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """deck.gl's mapping of the named icons in static/icons.svg (only those a layer uses)."""
    full = static_atlas()[1]
    return {name: full[name] for name in sorted(set(names))}
