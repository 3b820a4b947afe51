"""The legend pydeck lacks, as HTML with a small inline SVG per symbol: exact colours and shapes of the
view, in large type for a projector. Built once per view (shown.map_shown) and drawn the same in the
app and in the offline export (static.py); it needs no chart library in the browser (a Vega-Lite
legend cost a first visit ~300 kB of JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from components.data.filters import group_names
from components.data.load import Dataset
from components.views.html_table import inline_html
from components.views.map.counts import MAX_POINTS
from components.views.map.icons import OUTLINE, SHAPE_LABELS, SHAPE_PATHS
from components.views.map.layers import FOOTPRINTS, HUB_LINKS, MEMBERS, PARTNERSHIPS
from components.views.map.selection import MapSelection
from components.views.palette import colour_of

LEGEND_LABEL_CHARS = 48
_ARC_COLOUR_NAME = {"nscp": "Black", "region-of-regions": "Grey"}


def _legend_name(group_id: str, names: Mapping[str, str], short: Mapping[str, str]) -> str:
    """'NTXIA — North Texas Innovation Alliance', or the shorter name when that would be too long."""
    name, abbr = names[group_id], short.get(group_id, group_id)
    if name.startswith(abbr):
        return name if len(name) <= LEGEND_LABEL_CHARS else abbr
    both = f"{abbr} — {name}"
    return both if len(both) <= LEGEND_LABEL_CHARS else abbr


def _entry(label: str, kind: str, colour: str = OUTLINE, shape: str = "") -> dict[str, Any]:
    # Symbols are SVG paths in [-1, 1] (drawn by legend_symbol_svg and the offline export).
    return {"label": label, "kind": kind, "colour": colour, "shape": SHAPE_PATHS.get(shape, "")}


def _colour_entries(sel: MapSelection, data: Dataset) -> list[dict[str, Any]]:
    """One swatch per coalition or network whose colour is on the map."""
    hidden = set(sel.view.hidden)
    names = dict(zip(data.coalitions["coalition_id"], data.coalitions["name"], strict=True))
    names.update(zip(data.networks["network_id"], data.networks["name"], strict=True))
    short = group_names(data)
    coloured = set(sel.groups)
    # With count marks, members are not drawn one by one: only hubs and county footprints are coloured.
    if sel.aggregated:
        coloured = set(sel.hubs["coalition_id"]) if MEMBERS not in hidden else set()
        if FOOTPRINTS not in hidden:
            coloured |= {f["properties"]["group_id"] for f in sel.footprints}
    groups = [g for g in sel.groups if g in names and g in coloured]
    if not groups:
        return []
    swatches = [_entry(_legend_name(g, names, short), "swatch", colour_of(g), "square") for g in groups]
    return [_entry("Colour: coalition or network", "heading"), *swatches]


def _shape_entries(sel: MapSelection, points: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry per member-type shape drawn, the hub star first."""
    shapes = [s for s in SHAPE_LABELS if s in set(points["shape"])]
    hubs = not sel.hubs.empty and MEMBERS not in set(sel.view.hidden)
    if not (shapes or hubs):
        return []
    out = [_entry("Shape: member type", "heading")]
    if hubs:
        out.append(_entry(SHAPE_LABELS["star"], "shape", "#FFFFFF", "star"))
    out.extend(_entry(SHAPE_LABELS[s], "shape", "#FFFFFF", s) for s in shapes)
    return out


def _mark_entries(sel: MapSelection, data: Dataset, points: pd.DataFrame) -> list[dict[str, Any]]:
    """Count discs, arcs, shaded counties, rings, faded partners and the state outlines."""
    hidden = set(sel.view.hidden)
    short = group_names(data)
    out = [_entry("Lines and other marks", "heading")]
    if not sel.aggregates.empty:
        out.append(_entry(f"White disc with a number: members per {sel.level}", "count", "#FFFFFF"))
        out.append(_entry(f"(over {MAX_POINTS:,} in view; area grows with count)", "note"))
    if sel.hub_links and HUB_LINKS not in hidden and MEMBERS not in hidden:
        label = (
            f"Coloured arc: hub → its members in a {sel.link_level}"
            if sel.link_level
            else "Coloured arc: hub → member (fades at member)"
        )
        out.append(_entry(label, "line", colour_of(sel.hub_links[0]["group_id"])))
    if PARTNERSHIPS not in hidden:
        for net in dict.fromkeys(a["network_id"] for a in sel.partnerships):
            colour_name = _ARC_COLOUR_NAME.get(net, "Dark")
            out.append(_entry(f"{colour_name} arc: {short.get(net, net)}", "line", colour_of(net)))
    if sel.footprints and FOOTPRINTS not in hidden:
        colour = colour_of(sel.footprints[0]["properties"]["group_id"])
        out.append(_entry("Shaded county: a county member", "area", colour))
    if points["shared"].any():
        out.append(_entry("Black ring: also in another coalition/network", "ring"))
    if (~points["is_member"]).any():
        out.append(_entry("Faded symbol: named partner, not a member", "faded", "#6B6B6B", "circle"))
    out.append(_entry("Light grey: US states (Census outlines)", "area", "#D9D9D9"))
    return out


def legend_rows(sel: MapSelection, data: Dataset) -> pd.DataFrame:
    """The legend of the current view as rows: panel, label, kind, colour, shape (an SVG path)."""
    # With count marks, members are not drawn one by one: no member shapes, rings or faded symbols.
    points = sel.points.iloc[0:0] if sel.aggregated else sel.points
    sections = [_colour_entries(sel, data), _shape_entries(sel, points), _mark_entries(sel, data, points)]
    # Two panels side by side, split between sections where the taller panel is shortest.
    sizes = [len(x) for x in sections]
    split = min((1, 2), key=lambda k: max(sum(sizes[:k]), sum(sizes[k:])))
    rows = [{"panel": 0 if i < split else 1, **row} for i, section in enumerate(sections) for row in section]
    frame = pd.DataFrame(rows, columns=["panel", "label", "kind", "colour", "shape"])
    frame["order"] = frame.groupby("panel").cumcount()
    return frame


# The legend's look (constant text, no data): two panels side by side (one under the other on a
# narrow screen), 15 px type as the map's labels, headings in bold at the same size. The selectors
# name the legend twice so they outrank the app's heading and slide type sizes (components/ui/shell.py).
LEGEND_CSS = """<style>
section.map-legend.map-legend { color: #111111; font-size: 15px; line-height: 1.35; }
section.map-legend.map-legend h2 { font-size: 17px; font-weight: 700; margin: 0 0 4px; padding: 0; }
section.map-legend.map-legend h3 { font-size: 15px; font-weight: 700; margin: 8px 0 2px; padding: 0; color: #000000; }
.map-legend .panels { display: flex; flex-wrap: wrap; gap: 0 16px; }
.map-legend .panel { flex: 0 1 400px; min-width: 0; }
.map-legend ul { list-style: none; margin: 0; padding: 0; }
section.map-legend.map-legend li { display: flex; align-items: center; gap: 8px; margin: 0; padding: 1px 0;
  font-size: 15px; min-height: 26px; }
.map-legend svg, .map-legend .blank { flex: none; width: 28px; height: 22px; }
</style>"""
_ICON_W, _ICON_H = 28, 22


def legend_symbol_svg(kind: str, colour: str, shape: str) -> str:
    """The symbol of one legend entry as a small SVG, drawn as the map draws it ('' for a note).

    `shape` is an SVG path in [-1, 1] (icons.SHAPE_PATHS), as in legend_rows.
    """
    cx, cy = 14, _ICON_H / 2
    if kind in ("swatch", "shape", "faded"):
        fade = ' opacity="0.55"' if kind == "faded" else ""
        # Radius 8: the 260 px² symbols the map's legend has always drawn.
        mark = (
            f'<path transform="translate({cx} {cy:g}) scale(8)" d="{shape or SHAPE_PATHS["square"]}" '
            f'fill="{colour}" stroke="{OUTLINE}" stroke-width="0.15" stroke-linejoin="round"{fade}/>'
        )
    elif kind == "line":
        mark = f'<line x1="2" y1="{cy:g}" x2="27" y2="{cy:g}" stroke="{colour}" stroke-width="3.5"/>'
    elif kind == "ring":
        mark = f'<circle cx="{cx}" cy="{cy:g}" r="9" fill="none" stroke="{OUTLINE}" stroke-width="2.2"/>'
    elif kind == "count":
        mark = f'<circle cx="{cx}" cy="{cy:g}" r="9" fill="#FFFFFF" stroke="{OUTLINE}" stroke-width="2"/>'
    elif kind == "area":
        mark = (
            f'<rect x="5.5" y="{cy - 8.5:g}" width="17" height="17" fill="{colour}" fill-opacity="0.7" '
            'stroke="#8C8C8C"/>'
        )
    else:
        return ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_ICON_W}" height="{_ICON_H}" '
        f'viewBox="0 0 {_ICON_W} {_ICON_H}" aria-hidden="true">{mark}</svg>'
    )


def _legend_item(kind: str, label: str, colour: str, shape: str) -> str:
    # Each symbol is inline SVG (a third smaller than a base64 image, and nothing to fetch); its label
    # says what it means, so the symbol itself is hidden from screen readers.
    icon = legend_symbol_svg(kind, colour, shape) or '<span class="blank"></span>'
    return f"<li>{icon}<span>{inline_html(label)}</span></li>"


def legend_html(rows: pd.DataFrame) -> str:
    """The legend pydeck lacks, as one line of HTML for st.markdown (its stylesheet first): a 'Legend' heading, then
    per panel each section's heading and a list of its entries, each with the exact colour and shape
    the map draws.

    Two panels side by side: colours and shapes, then lines and other marks (legend_rows).
    """
    panels = []
    for _, panel in rows.groupby("panel", sort=True):
        parts: list[str] = []
        items: list[str] = []
        for row in panel.sort_values("order").itertuples(index=False):
            if row.kind == "heading":
                if items:
                    parts.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                parts.append(f"<h3>{inline_html(row.label)}</h3>")
            else:
                items.append(_legend_item(row.kind, row.label, row.colour, row.shape))
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
        panels.append('<div class="panel">' + "".join(parts) + "</div>")
    return (
        f'{LEGEND_CSS}<section class="map-legend" aria-label="Map legend"><h2>Legend</h2>'
        f'<div class="panels">{"".join(panels)}</div></section>'
    )
