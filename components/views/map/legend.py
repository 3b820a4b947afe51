"""The legend pydeck lacks, as a Vega-Lite chart: exact colours and shapes of the view, in large
type for a projector. Built and validated by Altair once per view (shown.map_shown)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from components.data.filters import group_names
from components.data.load import Dataset
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
    # Vega draws custom shapes from SVG paths in [-1, 1].
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


LEGEND_ROW_PX = 26
LEGEND_PANEL_PX = 420


def _legend_panel(rows: pd.DataFrame, panel: int, n_rows: int) -> alt.LayerChart:
    height = LEGEND_ROW_PX * n_rows
    # The panel's rows, filter and row position are stated once, on the layer, for all its marks:
    # every panel reads the same dataset, so the spec carries the rows once.
    y = alt.Y("order:O", axis=None, sort="ascending", scale=alt.Scale(domain=list(range(n_rows))))
    base = alt.Chart()
    colour = alt.Color("colour:N", scale=None, legend=None)
    symbols = (
        base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=["swatch", "shape", "faded"]))
        .mark_point(filled=True, size=260, stroke=OUTLINE, strokeWidth=1.2)
        .encode(
            x=alt.value(14),
            shape=alt.Shape("shape:N", scale=None, legend=None),
            color=colour,
            opacity=alt.condition(alt.datum.kind == "faded", alt.value(0.55), alt.value(1.0)),
        )
    )
    areas = (
        base.transform_filter(alt.datum.kind == "area")
        .mark_point(filled=True, shape="square", size=300, opacity=0.7, stroke="#8C8C8C")
        .encode(x=alt.value(14), color=colour)
    )
    lines = (
        base.transform_filter(alt.datum.kind == "line")
        .mark_rule(strokeWidth=3.5)
        .encode(x=alt.value(2), x2=alt.value(27), color=colour)
    )
    rings = (
        base.transform_filter(alt.datum.kind == "ring")
        .mark_point(shape="circle", filled=False, size=320, strokeWidth=2.2, color=OUTLINE)
        .encode(x=alt.value(14))
    )
    counts = (
        base.transform_filter(alt.datum.kind == "count")
        .mark_point(shape="circle", filled=True, size=320, strokeWidth=2, color="#FFFFFF", stroke=OUTLINE)
        .encode(x=alt.value(14))
    )
    labels = (
        base.transform_filter(alt.datum.kind != "heading")
        .mark_text(align="left", baseline="middle", fontSize=15, color="#111111", limit=LEGEND_PANEL_PX - 40)
        .encode(x=alt.value(36), text="label:N")
    )
    headings = (
        base.transform_filter(alt.datum.kind == "heading")
        .mark_text(align="left", baseline="middle", fontSize=15, fontWeight="bold", color="#000000")
        .encode(x=alt.value(0), text="label:N")
    )
    marks = [areas, lines, rings, symbols, labels, headings]
    if ((rows["panel"] == panel) & (rows["kind"] == "count")).any():
        marks.insert(3, counts)
    return (
        alt.layer(*marks, data=rows)
        .transform_filter(alt.datum.panel == panel)
        .encode(y=y)
        .properties(height=height, width=LEGEND_PANEL_PX)
    )


def legend_chart(rows: pd.DataFrame) -> alt.HConcatChart:
    """The legend pydeck lacks, as an Altair chart: exact colours and shapes, large type for a projector.

    Two panels side by side: colours and shapes, then lines and other marks.
    """
    n_rows = int(rows.groupby("panel").size().max()) if len(rows) else 1
    panels = [_legend_panel(rows, p, n_rows) for p in sorted(set(rows["panel"]))]
    described = "; ".join(r.label for r in rows.itertuples(index=False) if r.kind != "heading")
    return (
        alt.hconcat(*panels, spacing=24)
        .properties(
            title=alt.TitleParams("Legend", anchor="start", fontSize=17),
            description=f"Map legend. {described}",
        )
        .configure_view(stroke=None)
        # The chart's description carries every entry; the marks themselves (some layers are
        # empty) would otherwise be exposed as unnamed graphics to screen readers.
        .configure_mark(aria=False)
    )


# Altair's default theme adds these view sizes; Streamlit draws Altair charts with its "none" theme
# instead, and every legend panel has its own width and height, so they are left out.
_THEME_VIEW_SIZES = ("continuousWidth", "continuousHeight")


def legend_spec(rows: pd.DataFrame) -> dict[str, Any]:
    """The legend chart as the Vega-Lite dict st.altair_chart would send (st.vega_lite_chart draws it).

    Built and validated by Altair once per view (shown.map_shown), not on every rerun.
    """
    spec = legend_chart(rows).to_dict()
    view = spec.get("config", {}).get("view", {})
    for key in _THEME_VIEW_SIZES:
        view.pop(key, None)
    return spec
