"""A static, offline rendering of the map view: an SVG (reused for printed handouts) and a
self-contained HTML page with the legend, the view description, the member table and the sources.

The SVG draws the same marks as the interactive deck (components/views/map/maps.py) — state outlines,
county footprints, arcs, hub stars, member shapes, rings — projected in Web Mercator onto the same
framing, so the file matches the screen. Nothing is fetched: no scripts, no fonts, no tiles, no
CDN; it opens from a USB stick on a machine with no network. Every data string is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import pandas as pd

from components.data.load import Dataset
from components.geo import boundaries as geo
from components.views.map import maps

WIDTH = 960
HEIGHT = 600
PADDING = 0.06
TILE = geo.TILE_SIZE_PX


def _merc_x(lon: float) -> float:
    return (lon + 180.0) / 360.0


def _merc_y(lat: float) -> float:
    lat = max(-85.05, min(85.05, lat))
    return (1.0 - math.log(math.tan(math.pi / 4.0 + math.radians(lat) / 2.0)) / math.pi) / 2.0


@dataclass(frozen=True)
class Projection:
    """Web Mercator at a deck.gl zoom, centred in a width×height picture (pixels)."""

    longitude: float
    latitude: float
    zoom: float
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def scale(self) -> float:
        return TILE * 2.0**self.zoom

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (_merc_x(lon) - _merc_x(self.longitude)) * self.scale + self.width / 2
        y = (_merc_y(lat) - _merc_y(self.latitude)) * self.scale + self.height / 2
        return x, y

    def visible(self, bounds: geo.Bounds, margin: float = 40) -> bool:
        """True when a lon/lat box can show in the picture (used to skip far-away states)."""
        x0, y1 = self(bounds[0], bounds[1])
        x1, y0 = self(bounds[2], bounds[3])
        return x1 >= -margin and x0 <= self.width + margin and y1 >= -margin and y0 <= self.height + margin


def projection_for(bounds: geo.Bounds, width: int = WIDTH, height: int = HEIGHT) -> Projection:
    view = geo.view_for_bounds(bounds, width, height, PADDING)
    return Projection(view["longitude"], view["latitude"], view["zoom"], width, height)


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


def map_svg(sel: maps.MapSelection, data: Dataset, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The current view as a standalone SVG document (no external references)."""
    proj = projection_for(sel.bounds, width, height)
    hidden = set(sel.view.hidden)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(maps.map_alt_text(sel))}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f"<title>{escape('Map of connected regions: ' + sel.description)}</title>",
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
        '<g fill="#ECECEC" stroke="#8C8C8C" stroke-width="0.8" fill-rule="evenodd">',
    ]
    bounds = maps.state_bounds()
    for feature in maps.state_outlines()["features"]:
        usps = feature["properties"]["usps"]
        if usps in bounds and proj.visible(bounds[usps]):
            out.append(f'<path d="{_path(feature["geometry"]["coordinates"], proj)}"/>')
    out.append("</g>")
    if maps.FOOTPRINTS not in hidden:
        for f in sel.footprints:
            fill, fill_op = _rgb(f["properties"]["fill"])
            line, _ = _rgb(f["properties"]["line"])
            out.append(
                f'<path d="{_path(f["geometry"]["coordinates"], proj)}" fill="{fill}" '
                f'fill-opacity="{fill_op}" stroke="{line}" stroke-width="1.2" fill-rule="evenodd"/>'
            )
    if maps.PARTNERSHIPS not in hidden:
        for a in sel.partnerships:
            colour, opacity = _rgb(a["color"])
            out.append(
                f'<path d="{_arc(a["source"], a["target"], proj, a["height"])}" fill="none" '
                f'stroke="{colour}" stroke-opacity="{opacity}" stroke-width="2.5"/>'
            )
    if maps.HUB_LINKS not in hidden and maps.MEMBERS not in hidden:
        for a in sel.hub_links:
            colour, _ = _rgb(a["source_color"])
            out.append(
                f'<path d="{_arc(a["source"], a["target"], proj, 1.0)}" fill="none" '
                f'stroke="{colour}" stroke-opacity="0.6" stroke-width="1.3"/>'
            )
    visible = sel.drawn_points  # none when the view is drawn as counts
    for r in visible[visible["shared"]].drop_duplicates(["lon", "lat", "entity_id"]).itertuples():
        x, y = proj(r.lon, r.lat)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="none" stroke="#000000" stroke-width="2"/>'
        )
    networks = visible[visible["group_kind"] == "network"]
    out.extend(_shape(p, proj) for p in networks.itertuples(index=False))
    out.extend(_count_mark(m, proj) for m in sel.aggregates.itertuples(index=False))
    if maps.MEMBERS not in hidden:
        for h in sel.hubs.itertuples(index=False):
            x, y = proj(h.lon, h.lat)
            out.append(maps.icon_svg("star", h.colour, x, y, maps.ICON_PX["star"] / 2, 1.5))
        members = visible[visible["group_kind"] == "coalition"]
        out.extend(_shape(p, proj) for p in members.itertuples(index=False))
        for h in sel.hubs.itertuples(index=False):
            x, y = proj(h.lon, h.lat)
            out.append(
                f'<text x="{x:.1f}" y="{y + (26 if h.label_below else -18):.1f}" text-anchor="middle" font-size="14" font-weight="bold" '
                f'fill="#000000" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">'
                f"{escape(h.short_name)}</text>"
            )
    out.append(
        f'<text x="{width - 8}" y="{height - 8}" text-anchor="end" font-size="11" fill="#333333">'
        f"{escape(f'State outlines: US Census Bureau (us-atlas) · data as of {data.as_of}')}</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


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
    opacity = 1.0 if p.is_member else maps.PARTNER_ALPHA / 255
    return maps.icon_svg(p.shape, p.colour, x, y, maps.ICON_PX[p.shape] / 2, 1.5, opacity)


def map_png(sel: maps.MapSelection, data: Dataset, scale: float = 1.5) -> bytes:
    """The SVG rasterised on the server (vl-convert's resvg), for the PDF handout."""
    import vl_convert as vlc

    return vlc.svg_to_png(map_svg(sel, data), scale=scale)


def _legend_item(row: Any) -> str:
    size = 22
    c = size / 2
    if row.kind in ("swatch", "shape", "faded"):
        shape = next((k for k, v in maps.SHAPE_PATHS.items() if v == row.shape), "square")
        opacity = 0.55 if row.kind == "faded" else 1.0
        mark = maps.icon_svg(shape, row.colour, c, c, 8, 1.2, opacity)
    elif row.kind == "line":
        mark = f'<line x1="1" y1="{c}" x2="{size - 1}" y2="{c}" stroke="{row.colour}" stroke-width="3.5"/>'
    elif row.kind == "ring":
        mark = f'<circle cx="{c}" cy="{c}" r="8" fill="none" stroke="#000000" stroke-width="2"/>'
    elif row.kind == "count":
        mark = f'<circle cx="{c}" cy="{c}" r="9" fill="#FFFFFF" stroke="#000000" stroke-width="2"/>'
    elif row.kind == "note":
        mark = ""
    else:
        mark = (
            f'<rect x="3" y="3" width="16" height="16" fill="{row.colour}" fill-opacity="0.7" '
            'stroke="#8C8C8C"/>'
        )
    icon = f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">{mark}</svg>'
    return f"<li>{icon} {escape(row.label)}</li>"


def legend_html(rows: pd.DataFrame) -> str:
    parts = []
    for _, section in rows.groupby("panel", sort=True):
        items = []
        for row in section.itertuples(index=False):
            if row.kind == "heading":
                if items:
                    parts.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                parts.append(f"<h3>{escape(row.label)}</h3>")
            else:
                items.append(_legend_item(row))
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
    return '<div class="legend">' + "".join(parts) + "</div>"


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def _table_html(frame: pd.DataFrame, link_columns: Sequence[str] = ("Source",)) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
            url = _safe_url(text) if col in link_columns else ""
            cells.append(
                f'<td><a href="{escape(url)}">{escape(text)}</a></td>' if url else f"<td>{escape(text)}</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #111; max-width: 1100px; }
h1 { font-size: 28px; margin: 0 0 8px; }
.desc { font-size: 18px; font-weight: bold; margin: 8px 0; }
.meta { color: #333; font-size: 14px; }
svg.map { border: 1px solid #999; max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 48px; }
.legend h3 { width: 100%; margin: 10px 0 2px; font-size: 16px; }
.legend ul { list-style: none; padding: 0; margin: 0; }
.legend li { display: flex; align-items: center; gap: 8px; font-size: 15px; margin: 3px 0; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { body { margin: 0; } }
"""


def standalone_html(sel: maps.MapSelection, data: Dataset, link: str = "", today: date | None = None) -> str:
    """One self-contained HTML file: title, view description, map, legend, member table, sources."""
    day = (today or date.today()).isoformat()
    svg = map_svg(sel, data).replace("<svg ", '<svg class="map" ', 1)
    safe_link = _safe_url(link)
    link_html = f'<a href="{escape(safe_link)}">{escape(safe_link)}</a>' if safe_link else "/map"
    sources = maps.view_sources(sel, data)
    source_items = "".join(
        f"<li>{escape(r.title)} — {escape(r.publisher)} ({escape(r.published or 'undated')}): "
        f'<a href="{escape(_safe_url(r.url))}">{escape(r.url)}</a></li>'
        for r in sources.itertuples(index=False)
    )
    table = maps.table_frame(sel).drop(columns=["All sources"])
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape('Map of connected regions — ' + sel.description)}</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>Map of connected regions: US smart-city coalitions</h1>"
        f'<p class="desc">{escape(sel.description)}</p>'
        f'<p class="meta">Data as of {escape(data.as_of)} · exported {escape(day)} · '
        f"interactive view: {link_html}</p>"
        f"{svg}"
        "<h2>Legend</h2>"
        f"{legend_html(maps.legend_rows(sel, data))}"
        f"<h2>Members shown ({len(table)} rows)</h2>"
        "<p class=\"meta\">'On the map' says how each was placed; rows marked 'not on the map' have no "
        "known location.</p>"
        f"{_table_html(table)}"
        "<h2>Sources</h2>"
        f"<ol>{source_items}</ol>"
        "</body></html>\n"
    )
