"""A static, offline rendering of the map view: an SVG (reused for printed handouts) and a
self-contained HTML page with the legend, the view description, the member table and the sources.

The SVG draws the same marks as the interactive deck (deck.py) — state outlines, county footprints,
arcs, hub stars, member shapes, rings — projected in Web Mercator (components/geo/projection.py),
and the members' names where they fit (labels.py): a printed or projected map cannot be hovered.
Nothing is fetched: no scripts, no fonts, no tiles, no CDN; it opens from a USB stick on a machine
with no network. Every data string is escaped (components/data/text.py).

Framing (`picture_projection`): given `bounds` — the area a person panned or zoomed to, which a
link carries — the picture shows that area edge to edge. Without, the view's own frame (a named
extent, or the selection fitted with at least extents.MIN_SPAN_DEG around it), with a margin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from components.data import summaries
from components.data.load import Dataset
from components.data.text import html_text, safe_url
from components.geo.projection import Bounds, Projection, projection_for
from components.views.map.deck import map_alt_text
from components.views.map.downloads import view_sources
from components.views.map.icons import ICON_PX, PARTNER_ALPHA, icon_svg
from components.views.map.labels import (
    LINE_EM,
    Obstacles,
    Placed,
    hub_labels,
    member_labels,
    place,
    text_width,
)
from components.views.map.layers import FOOTPRINTS, HUB_LINKS, MEMBERS, PARTNERSHIPS
from components.views.map.legend import legend_html, legend_rows
from components.views.map.outlines import state_bounds, state_outlines
from components.views.map.selection import MapSelection
from components.views.map.table import table_frame

WIDTH = 960
HEIGHT = 600
PADDING = 0.06
RING_PX = 12
ATTRIBUTION_PX = 11
LABEL_STYLE = (
    'font-weight="bold" fill="#111111" stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" '
    'paint-order="stroke"'
)


def _path(polygons: Sequence, proj: Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = [proj(x, y) for x, y in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def _rgb(colour: list[int]) -> tuple[str, float]:
    r, g, b, a = colour
    return f"#{r:02X}{g:02X}{b:02X}", round(a / 255, 2)


def _arc(source: Sequence[float], target: Sequence[float], proj: Projection, height: float) -> str:
    """A quadratic curve bowed 'upwards' like deck.gl's ArcLayer seen from above."""
    (x0, y0), (x1, y1) = proj(*source), proj(*target)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    if ny > 0:  # always bow towards the top of the picture
        nx, ny = -nx, -ny
    bow = 0.22 * height * length
    return f"M{x0:.1f},{y0:.1f}Q{mx + nx * bow:.1f},{my + ny * bow:.1f} {x1:.1f},{y1:.1f}"


def picture_projection(
    sel: MapSelection, width: int = WIDTH, height: int = HEIGHT, bounds: Bounds | None = None
) -> Projection:
    """The picture's Web Mercator projection: `bounds` edge to edge, else the view's own frame."""
    if bounds is not None:
        return projection_for(bounds, width, height, 0.0)
    return projection_for(sel.bounds, width, height, PADDING)


def map_svg(
    sel: MapSelection, data: Dataset, width: int = WIDTH, height: int = HEIGHT, bounds: Bounds | None = None
) -> str:
    """The current view as a standalone SVG document (no external references).

    `bounds`: the area to show (the camera a link carries); None frames the view itself.
    """
    proj = picture_projection(sel, width, height, bounds)
    visible = sel.drawn_points  # none when the view is drawn as counts
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{html_text(map_alt_text(sel))}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f"<title>{html_text('Map of connected regions: ' + sel.description)}</title>",
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
        *_state_paths(proj),
        *_footprint_paths(sel, proj),
        *_arc_paths(sel, proj),
    ]
    for r in visible[visible["shared"]].drop_duplicates(["lon", "lat", "entity_id"]).itertuples():
        x, y = proj(r.lon, r.lat)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RING_PX}" fill="none" stroke="#000000" stroke-width="2"/>'
        )
    networks = visible[visible["group_kind"] == "network"]
    out.extend(_shape(p, proj) for p in networks.itertuples(index=False))
    out.extend(_count_mark(m, proj) for m in sel.aggregates.itertuples(index=False))
    if MEMBERS not in sel.view.hidden:
        out.extend(_coalition_marks(sel, visible, proj))
    attribution = (
        f"State outlines: US Census Bureau (us-atlas) · data as of {data.as_of} (latest source check)"
    )
    out.extend(_labels_svg(sel, proj, _attribution_box(attribution, width, height)))
    out.append(
        f'<text x="{width - 8}" y="{height - 8}" text-anchor="end" font-size="{ATTRIBUTION_PX}" '
        f'fill="#333333">{html_text(attribution)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _attribution_box(text: str, width: int, height: int) -> tuple[float, float, float, float]:
    w = text_width(text, ATTRIBUTION_PX)  # bold widths: a little wider than the regular text drawn
    return (width - 8 - w, height - 8 - ATTRIBUTION_PX, width, height)


def _obstacles(
    sel: MapSelection, proj: Projection, attribution: tuple[float, float, float, float]
) -> Obstacles:
    """Every hub star, mark, ring and count disc in the picture, and the attribution line."""
    marks = []
    for p in sel.drawn_points.itertuples(index=False):
        x, y = proj(p.lon, p.lat)
        marks.append((x, y, float(RING_PX + 1 if p.shared else ICON_PX[p.shape] / 2)))
    marks.extend((*proj(m.lon, m.lat), float(m.radius)) for m in sel.aggregates.itertuples(index=False))
    stars = []
    if MEMBERS not in sel.view.hidden:
        stars = [(*proj(h.lon, h.lat), ICON_PX["star"] / 2) for h in sel.hubs.itertuples(index=False)]
    return Obstacles(stars=stars, marks=marks, boxes=[attribution])


def _labels_svg(
    sel: MapSelection, proj: Projection, attribution: tuple[float, float, float, float]
) -> list[str]:
    """Hub names, then members' names by priority, each only where it fits (labels.place)."""
    # Hidden coalition members hide the hubs too; network members are still drawn, and named.
    hubs = hub_labels(sel.hubs) if MEMBERS not in sel.view.hidden else []
    labels = [*hubs, *member_labels(sel)]
    placed = place(labels, proj, _obstacles(sel, proj, attribution))
    if not placed:
        return []
    leaders = [_leader(p) for p in placed if p.leader]
    return [
        *(['<g stroke="#444444" stroke-width="1">', *leaders, "</g>"] if leaders else []),
        f'<g class="labels" {LABEL_STYLE}>',
        *(_label_text(p) for p in placed),
        "</g>",
    ]


def _leader(p: Placed) -> str:
    """A line from the edge of the mark to the nearest point of its label's box."""
    x, y, r = p.leader or (0.0, 0.0, 0.0)
    tx, ty = min(max(x, p.box[0]), p.box[2]), min(max(y, p.box[1]), p.box[3])
    length = math.hypot(tx - x, ty - y) or 1.0
    sx, sy = x + (tx - x) * r / length, y + (ty - y) * r / length
    return f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{tx:.1f}" y2="{ty:.1f}"/>'


def _label_text(p: Placed) -> str:
    size = p.label.size
    if len(p.lines) == 1:
        body = html_text(p.lines[0])
    else:
        body = "".join(
            f'<tspan x="{p.x:.1f}" dy="{0 if i == 0 else LINE_EM * size:.1f}">{html_text(line)}</tspan>'
            for i, line in enumerate(p.lines)
        )
    return f'<text x="{p.x:.1f}" y="{p.y:.1f}" font-size="{size:g}" text-anchor="{p.anchor}">{body}</text>'


def _state_paths(proj: Projection) -> list[str]:
    """The state outlines that can show in the picture, in one group."""
    bounds = state_bounds()
    out = ['<g fill="#ECECEC" stroke="#8C8C8C" stroke-width="0.8" fill-rule="evenodd">']
    for feature in state_outlines()["features"]:
        usps = feature["properties"]["usps"]
        if usps in bounds and proj.visible(bounds[usps]):
            out.append(f'<path d="{_path(feature["geometry"]["coordinates"], proj)}"/>')
    out.append("</g>")
    return out


def _footprint_paths(sel: MapSelection, proj: Projection) -> list[str]:
    if FOOTPRINTS in sel.view.hidden:
        return []
    out = []
    for f in sel.footprints:
        fill, fill_op = _rgb(f["properties"]["fill"])
        line, _ = _rgb(f["properties"]["line"])
        out.append(
            f'<path d="{_path(f["geometry"]["coordinates"], proj)}" fill="{fill}" '
            f'fill-opacity="{fill_op}" stroke="{line}" stroke-width="1.2" fill-rule="evenodd"/>'
        )
    return out


def _arc_paths(sel: MapSelection, proj: Projection) -> list[str]:
    """Partnerships, then hub links, as the deck draws them (unless hidden)."""
    hidden = set(sel.view.hidden)
    out = []
    if PARTNERSHIPS not in hidden:
        for a in sel.partnerships:
            colour, opacity = _rgb(a["color"])
            out.append(
                f'<path d="{_arc(a["source"], a["target"], proj, a["height"])}" fill="none" '
                f'stroke="{colour}" stroke-opacity="{opacity}" stroke-width="2.5"/>'
            )
    if HUB_LINKS not in hidden and MEMBERS not in hidden:
        for a in sel.hub_links:
            colour, _ = _rgb(a["source_color"])
            out.append(
                f'<path d="{_arc(a["source"], a["target"], proj, 1.0)}" fill="none" '
                f'stroke="{colour}" stroke-opacity="0.6" stroke-width="1.3"/>'
            )
    return out


def _coalition_marks(sel: MapSelection, visible: pd.DataFrame, proj: Projection) -> list[str]:
    """Hub stars, then coalition members (their names come last, with every label)."""
    out = []
    for h in sel.hubs.itertuples(index=False):
        x, y = proj(h.lon, h.lat)
        out.append(icon_svg("star", h.colour, x, y, ICON_PX["star"] / 2, 1.5))
    members = visible[visible["group_kind"] == "coalition"]
    out.extend(_shape(p, proj) for p in members.itertuples(index=False))
    return out


def _count_mark(m: Any, proj: Projection) -> str:
    """A white disc with its count, as on the interactive map."""
    x, y = proj(m.lon, m.lat)
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{m.radius:.1f}" fill="#FFFFFF" fill-opacity="0.92" '
        'stroke="#000000" stroke-width="2"/>'
        f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" font-weight="bold" '
        f'fill="#000000">{m.members + m.partners:,}</text>'
    )


def _shape(p: Any, proj: Projection) -> str:
    x, y = proj(p.lon, p.lat)
    opacity = 1.0 if p.is_member else PARTNER_ALPHA / 255
    return icon_svg(p.shape, p.colour, x, y, ICON_PX[p.shape] / 2, 1.5, opacity)


def map_png(sel: MapSelection, data: Dataset, scale: float = 1.5, bounds: Bounds | None = None) -> bytes:
    """The SVG rasterised on the server (vl-convert's resvg), for the PDF handout."""
    import vl_convert as vlc

    return vlc.svg_to_png(map_svg(sel, data, bounds=bounds), scale=scale)


def _table_html(frame: pd.DataFrame, link_columns: Sequence[str] = ("Source",)) -> str:
    head = "".join(f"<th>{html_text(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
            url = safe_url(text) if col in link_columns else ""
            cells.append(
                f'<td><a href="{html_text(url)}">{html_text(text)}</a></td>'
                if url
                else f"<td>{html_text(text)}</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #111; max-width: 1100px; }
h1 { font-size: 28px; margin: 0 0 8px; }
.desc { font-size: 18px; font-weight: bold; margin: 8px 0; }
.meta { color: #333; font-size: 14px; }
svg.map { border: 1px solid #999; max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { body { margin: 0; } }
"""


def standalone_html(
    sel: MapSelection, data: Dataset, link: str = "", today: date | None = None, bounds: Bounds | None = None
) -> str:
    """One self-contained HTML file: title, view description, map, legend, member table, sources."""
    day = (today or date.today()).isoformat()
    svg = map_svg(sel, data, bounds=bounds).replace("<svg ", '<svg class="map" ', 1)
    safe_link = safe_url(link)
    link_html = f'<a href="{html_text(safe_link)}">{html_text(safe_link)}</a>' if safe_link else "/map"
    sources = view_sources(sel, data)
    source_items = "".join(
        f"<li>{html_text(r.title)} — {html_text(r.publisher)} "
        f"({html_text(summaries.published_label(r.published, r.source_checked))}): "
        f'<a href="{html_text(safe_url(r.url))}">{html_text(r.url)}</a></li>'
        for r in sources.itertuples(index=False)
    )
    table = table_frame(sel).drop(columns=["All sources"])
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_text('Map of connected regions — ' + sel.description)}</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>Map of connected regions: US smart-city coalitions</h1>"
        f'<p class="desc">{html_text(sel.description)}</p>'
        f'<p class="meta">{html_text(summaries.vintage_label(data.as_of))} · exported {html_text(day)} · '
        f"interactive view: {link_html}</p>"
        f"{svg}"
        f"{legend_html(legend_rows(sel, data))}"
        f"<h2>Members shown ({len(table)} rows)</h2>"
        "<p class=\"meta\">'On the map' says how each was placed; rows marked 'not on the map' have no "
        "known location. 'Date' is the date a source gives for the membership ('stated …'), or, when it "
        "gives none, when the source was last checked ('undated source, checked …').</p>"
        f"{_table_html(table)}"
        "<h2>Sources</h2>"
        f"<ol>{source_items}</ol>"
        "</body></html>\n"
    )
