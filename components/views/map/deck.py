"""The tile-free pydeck deck of a selection, written as compact JSON once per view.

- No basemap by default: `map_provider=None` with pydeck's default style sentinel makes Streamlit
  draw no tiles at all (`map_style=None` would make it fetch Carto). The bundled state outlines are
  always drawn, so the map is legible on a locked-down network; Carto 'light' is an opt-in layer.
- The deck JSON is sent as text whenever the view changes, so it carries only what a layer draws or
  its tooltip shows, written compactly, positions rounded to 0.001° (~100 m). The state outlines
  and the icon atlas are static files (static_files.py) the browser fetches once and caches.
- Hub and member names (labels.py) ride in one TextLayer, "member-labels", one name per mark
  position with its priority (hubs first); the browser component gives that layer deck.gl's
  CollisionFilterExtension, so at every zoom only names that overlap no higher-priority one are drawn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize, lower_camel_case_keys

from components.views.map.icons import FADED_COLOUR, ICON_PX, MEMBER_ICON_PX, icon_mapping, icon_name
from components.views.map.labels import HUB_PRIORITY, HUB_PX, MEMBER_PX, WRAP_EM, hub_labels, member_labels
from components.views.map.layers import (
    COUNT_LABELS,
    COUNTS,
    FOOTPRINTS,
    HUB_LINKS,
    HUBS,
    LABELS,
    MEMBERS,
    PARTNERSHIPS,
    SHARED,
    STATES,
)
from components.views.map.selection import MapSelection
from components.views.map.static_files import ICONS_URL, STATES_URL

STATE_FILL = [236, 236, 236, 255]
STATE_LINE = [140, 140, 140, 255]
COUNT_FILL = [255, 255, 255, 235]  # white discs outlined in black: unlike every coloured symbol
# Arcs rise above the ground, so with the depth test they would hide (and steal clicks from) the
# member symbols they pass over; drawn without it, layer order decides and symbols stay on top.
ARCS_UNDER_MARKS = {"depthCompare": "always", "depthWriteEnabled": False}
DECK_DIGITS = 3  # positions in the deck: 0.001° (~100 m), finer than a city's gazetteer point
LABEL_OFFSET_PX = 11  # a name starts this far right of its mark's centre (member icons are 16 px)
HUB_OFFSET_PX = ICON_PX["star"] // 2 + 3
# deck.gl's collision filter draws every label's shape, higher priority on top, and keeps a label
# only where its own shape is what lies at its anchor (the mark's centre). The shape is an invisible
# background around the name: it reaches back over the mark to the anchor, and further left and
# up and down by about one other name (LABEL_CLEAR_PX wide, half a line high), so a lower-priority
# name whose text would run into this one has its anchor under it, and is hidden.
LABEL_CLEAR_PX = 60
LABEL_REACH_PX = [LABEL_OFFSET_PX + LABEL_CLEAR_PX, 6, 2, 6]  # left, top, right, bottom
# A label budget: the best names only (~30 kB) when a view draws up to 1,500 marks (counts.MAX_POINTS),
# of which a few dozen fit on screen at once.
MAX_LABELS = 500
# A white outline ~2 px wide at 13 px. deck.gl draws it from the signed-distance font atlas (64-px
# glyphs): it can reach 0.75 × radius atlas pixels beyond a glyph, inside a `buffer` as wide; the
# outline width is in atlas pixels, relative to the radius (13/16 of it: ~10 atlas px, ~2 px drawn).
LABEL_FONT = {"sdf": True, "radius": 16, "buffer": 16}
LABEL_HALO = 13
_JSON_CACHE = "_json_text"
# Every pickable mark's `tip` field, as plain text (the map canvas never renders it as HTML).
TOOLTIP = {"text": "{tip}", "style": {"fontSize": "14px", "maxWidth": "300px", "whiteSpace": "pre-line"}}


def _literal(value: str) -> str:
    """A string pydeck passes through as a value (pydeck turns bare strings into JS expressions)."""
    return f'"{value}"'


def _serialize(o: Any) -> Any:
    attrs = default_serialize(o, remap_function=None)
    if isinstance(attrs, dict):
        attrs.pop(_JSON_CACHE, None)
        lower_camel_case_keys(attrs)
    return attrs


class CompactDeck(pdk.Deck):
    """A pydeck Deck written as compact JSON, once: Streamlit asks for it on every rerun.

    A deck is built per view and shared by every session showing it (shown.map_shown), so it is
    never changed after its first to_json().
    """

    def to_json(self) -> str:
        text = self.__dict__.get(_JSON_CACHE)
        if text is None:
            text = json.dumps(
                self, sort_keys=True, default=_serialize, separators=(",", ":"), ensure_ascii=False
            )
            self.__dict__[_JSON_CACHE] = text
        return text


def _xy(lon: float, lat: float) -> list[float]:
    return [round(float(lon), DECK_DIGITS), round(float(lat), DECK_DIGITS)]


def _icon_rows(points: pd.DataFrame) -> list[dict[str, Any]]:
    """Only what the layer draws (position, icon, fading) and what a hover or click needs."""
    rows = []
    for lon, lat, shape, colour, is_member, entity_id, group_id, tip in zip(
        points["lon"],
        points["lat"],
        points["shape"],
        points["colour"],
        points["is_member"],
        points["entity_id"],
        points["group_id"],
        points["tip"],
        strict=True,
    ):
        row = {"position": _xy(lon, lat), "icon": icon_name(shape, colour)}
        if not is_member:
            row["faded"] = True
        rows.append({**row, "entity_id": entity_id, "group_id": group_id, "tip": tip})
    return rows


def _icon_layer(layer_id: str, points: pd.DataFrame) -> pdk.Layer:
    rows = _icon_rows(points)
    return pdk.Layer(
        "IconLayer",
        id=layer_id,
        data=rows,
        icon_atlas=_literal(ICONS_URL),
        icon_mapping=icon_mapping(r["icon"] for r in rows),
        get_icon="icon",
        get_position="position",
        get_size=MEMBER_ICON_PX,
        get_color=FADED_COLOUR,
        size_units=_literal("pixels"),
        pickable=True,
        auto_highlight=True,
    )


def _count_layers(sel: MapSelection) -> list[pdk.Layer]:
    marks = sel.aggregates
    rows = [
        {"position": _xy(m.lon, m.lat), "radius": m.radius, "group_id": m.group_id, "tip": m.tip}
        for m in marks.itertuples(index=False)
    ]
    labels = [
        {"position": _xy(m.lon, m.lat), "label": f"{m.members + m.partners:,}"}
        for m in marks.itertuples(index=False)
    ]
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id=COUNTS,
            data=rows,
            get_position="position",
            get_radius="radius",
            radius_units=_literal("pixels"),
            filled=True,
            get_fill_color=COUNT_FILL,
            stroked=True,
            get_line_color=[0, 0, 0, 255],
            line_width_units=_literal("pixels"),
            get_line_width=2,
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "TextLayer",
            id=COUNT_LABELS,
            data=labels,
            get_position="position",
            get_text="label",
            get_size=12,
            get_color=[0, 0, 0, 255],
            font_family=_literal("sans-serif"),
            font_weight=700,
            character_set=_literal("0123456789,"),
            pickable=False,
        ),
    ]


def _states_layer() -> pdk.Layer:
    """The state outlines, by URL (static/states.json), not carried in the JSON."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=STATES,
        data=STATES_URL,
        stroked=True,
        filled=True,
        get_fill_color=STATE_FILL,
        get_line_color=STATE_LINE,
        line_width_min_pixels=1,
        pickable=False,
    )


def _footprints_layer(footprints: list[dict[str, Any]]) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id=FOOTPRINTS,
        data={"type": "FeatureCollection", "features": footprints},
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        line_width_min_pixels=1.5,
        pickable=True,
    )


def _rings_layer(rings: pd.DataFrame) -> pdk.Layer:
    """A black ring around each member also listed in another coalition or network."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=SHARED,
        data=[{"position": _xy(x, y)} for x, y in zip(rings["lon"], rings["lat"], strict=True)],
        get_position="position",
        get_radius=12,
        radius_units=_literal("pixels"),
        stroked=True,
        filled=False,
        get_line_color=[0, 0, 0, 255],
        line_width_units=_literal("pixels"),
        get_line_width=2,
        pickable=False,
    )


def _hubs_layer(hubs: pd.DataFrame) -> pdk.Layer:
    return pdk.Layer(
        "IconLayer",
        id=HUBS,
        data=[
            {
                "position": _xy(h.lon, h.lat),
                "icon": icon_name("star", h.colour),
                "group_id": h.coalition_id,
                "tip": h.tip,
            }
            for h in hubs.itertuples(index=False)
        ],
        icon_atlas=_literal(ICONS_URL),
        icon_mapping=icon_mapping(icon_name("star", c) for c in hubs["colour"]),
        get_icon="icon",
        get_position="position",
        get_size=ICON_PX["star"],
        size_units=_literal("pixels"),
        pickable=True,
        auto_highlight=True,
    )


def _label_rows(sel: MapSelection, hubs_shown: bool) -> list[dict[str, Any]]:
    """Hub names, then members' names, best first, one per position (deck.gl tests a label's
    collision at its anchor, so of the names at one point only the first could ever show), at most
    MAX_LABELS."""
    labels = [*(hub_labels(sel.hubs) if hubs_shown else []), *member_labels(sel)]
    kept, seen = [], set()
    for label in labels:
        if len(kept) == MAX_LABELS:
            break
        position = _xy(label.lon, label.lat)
        if tuple(position) not in seen:
            seen.add(tuple(position))
            kept.append((position, label))
    # Short keys, and labels.py's order as the collision priority (its rank, best highest): the same
    # choice as its priorities, no two equal (equal ones could both be drawn where they overlap), and
    # a few bytes a name in the deck every view sends.
    return [
        {"p": position, "t": label.text, "r": len(kept) - i, "hub": label.priority >= HUB_PRIORITY}
        for i, (position, label) in enumerate(kept)
    ]


def _labels_layer(rows: list[dict[str, Any]]) -> pdk.Layer:
    """Names right of their marks, a hub's a little larger and clear of its star."""
    hub = f"r > {len(rows) - sum(row.pop('hub') for row in rows)}"  # the hubs' names come first
    return pdk.Layer(
        "TextLayer",
        id=LABELS,
        data=rows,
        get_position="p",
        get_text="t",
        get_collision_priority="r",
        get_size=f"{hub} ? {HUB_PX:g} : {MEMBER_PX:g}",
        get_color=[17, 17, 17, 255],
        get_text_anchor=_literal("start"),
        get_alignment_baseline=_literal("center"),
        get_pixel_offset=f"{hub} ? [{HUB_OFFSET_PX}, 0] : [{LABEL_OFFSET_PX}, 0]",
        font_family=_literal("sans-serif"),
        font_weight=700,
        font_settings=LABEL_FONT,
        outline_width=LABEL_HALO,
        outline_color=[255, 255, 255, 255],
        max_width=WRAP_EM,  # in font sizes: long names wrap onto further lines
        word_break=_literal("break-word"),
        background=True,
        get_background_color=[255, 255, 255, 0],
        background_padding=LABEL_REACH_PX,
        character_set=_literal("auto"),
        pickable=False,
    )


def _layers(sel: MapSelection) -> list[pdk.Layer]:
    """Bottom to top: outlines, footprints, arcs, rings, network icons, counts, hubs, members, names."""
    hidden = set(sel.view.hidden)
    points = sel.drawn_points
    hubs_shown = MEMBERS not in hidden and not sel.hubs.empty
    layers = [_states_layer()]
    if FOOTPRINTS not in hidden and sel.footprints:
        layers.append(_footprints_layer(sel.footprints))
    if PARTNERSHIPS not in hidden and sel.partnerships:
        layers.append(_arc_layer(PARTNERSHIPS, sel.partnerships, ("color", "color"), 2.5, height=True))
    if HUB_LINKS not in hidden and MEMBERS not in hidden and sel.hub_links:
        layers.append(_arc_layer(HUB_LINKS, sel.hub_links, ("source_color", "target_color"), 1.5))
    rings = points[points["shared"]].drop_duplicates(["lon", "lat", "entity_id"])
    if not rings.empty:
        layers.append(_rings_layer(rings))
    networks = points[points["group_kind"] == "network"]
    for network_id in dict.fromkeys(networks["group_id"]):
        layers.append(_icon_layer(network_id, networks[networks["group_id"] == network_id]))
    if not sel.aggregates.empty:
        layers.extend(_count_layers(sel))
    if hubs_shown:
        layers.append(_hubs_layer(sel.hubs))
    coalition_points = points[points["group_kind"] == "coalition"]
    if not coalition_points.empty:
        layers.append(_icon_layer(MEMBERS, coalition_points))
    rows = _label_rows(sel, hubs_shown)
    if rows:
        layers.append(_labels_layer(rows))
    return layers


def build_deck(sel: MapSelection) -> CompactDeck:
    """The tile-free deck: state outlines, footprints, arcs, rings, hubs and member icons or counts."""
    carto = sel.view.basemap == "carto"
    return CompactDeck(
        layers=_layers(sel),
        initial_view_state=pdk.ViewState(**sel.camera, pitch=0, bearing=0, min_zoom=1, max_zoom=12),
        views=[pdk.View(type="MapView", controller=True)],
        map_provider="carto" if carto else None,
        map_style="light" if carto else "__MAP_STYLE__",  # pydeck's sentinel: no basemap at all
        tooltip=TOOLTIP,
    )


def _arc_layer(
    layer_id: str, arcs: list[dict[str, Any]], colours: tuple[str, str], width: float, height: bool = False
) -> pdk.Layer:
    """Arcs drawn under the marks (source and target colour fields), pickable for their tooltip."""
    fields = tuple(dict.fromkeys((*colours, *(("height",) if height else ()))))
    return pdk.Layer(
        "ArcLayer",
        id=layer_id,
        data=_arc_rows(arcs, fields),
        get_source_position="source",
        get_target_position="target",
        get_source_color=colours[0],
        get_target_color=colours[1],
        get_width=width,
        width_units=_literal("pixels"),
        parameters=ARCS_UNDER_MARKS,
        pickable=True,
        auto_highlight=True,
        **({"get_height": "height"} if height else {}),
    )


def _arc_rows(arcs: list[dict[str, Any]], extra: Sequence[str]) -> list[dict[str, Any]]:
    # entity_id too: an arc ends on its member, and a click there may pick the arc (it is drawn
    # above the ground), which should select that member.
    keys = ("group_id", "entity_id", "tip", *extra)
    return [
        {"source": _xy(*a["source"]), "target": _xy(*a["target"]), **{k: a[k] for k in keys if a.get(k)}}
        for a in arcs
    ]


def map_alt_text(sel: MapSelection) -> str:
    """A short accessible name for the map canvas; the table beside it is the full alternative."""
    counts = f"{len(sel.aggregates)} count marks (members per {sel.level}), " if sel.aggregated else ""
    return (
        f"Map of US smart-city coalitions: {sel.description}. {counts}"
        f"{len(sel.hubs)} coalition hubs, {len(sel.partnerships)} partnership links, "
        f"{len(sel.hub_links)} hub–member links. The table below lists every member shown."
    )
