"""The map of connected regions as data: filtered member rows → a tile-free pydeck deck, its legend,
named extents, arcs, plain-text tooltips, the table twin, the downloads and the details panel.

No Streamlit here (tests/test_architecture.py). Everything is a function of the Dataset, the member
table (filters.members_table) and a `MapView` value object, so the page stays thin and the deck spec
is unit-tested and pinned as golden JSON.

Why the deck looks the way it does:
- No basemap by default: `map_provider=None` with pydeck's default style sentinel makes Streamlit draw
  no tiles at all (`map_style=None` would make it fetch Carto). The bundled state outlines are always
  drawn, so the map is legible on a locked-down network; Carto 'light' is an opt-in context layer.
- The deck JSON is sent as text whenever the view changes, so it carries only what a layer draws or
  its tooltip shows, written compactly, positions rounded to 0.001° (~100 m). The state outlines
  (simplified once, ~135 kB) are not in it: they are a static file (`static/states.json`, written by
  `python -m components.views.map.maps` from the bundled boundaries) that the browser fetches once and caches.
- Above `MAX_POINTS` points in view, members are drawn as one count mark per county (per state when
  that would be more than `MAX_COUNTY_MARKS` marks): thousands of 15-px symbols on a 520-px map
  hide one another, and the deck would grow by ~200 bytes a member.
- Everything a view shows is computed once per (dataset, view) and shared by every session
  (`render_view`, components/data/memo.py): a link opened by a room full of people costs one computation.
- Layer ids and the camera only change when what they show changes: Streamlit keeps the user's
  pan/zoom unless `initialViewState` changes, so an unrelated control never resets the camera.
- Member type is a shape (pydeck's ScatterplotLayer has only circles): one SVG atlas of every icon in
  every palette colour, served from the app like the outlines (`static/icons.svg`, same writer), so it
  needs no internet. The same shapes are used by the legend and the static export
  (components/views/map/static.py), which embeds everything and needs no server.
- Tooltips are `{"text": ...}` templates: deck.gl puts text tooltips in the page as text, never HTML.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize, lower_camel_case_keys

from components.data import summaries
from components.data.filters import Filters, apply, describe, group_names
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.schema import ENTITY_TYPES
from components.exports import dataset as exports
from components.geo import boundaries as geo
from components.views.palette import FALLBACK, GROUP_COLOURS, colour_of, hex_to_rgb

# ---- layers -------------------------------------------------------------------------------------

STATES = "states"
FOOTPRINTS = "footprints"
PARTNERSHIPS = "partnerships"
HUB_LINKS = "hub-links"
SHARED = "shared-rings"
HUBS = "hubs"
HUB_LABELS = "hub-labels"
MEMBERS = "coalition-members"
COUNTS = "member-counts"
COUNT_LABELS = "member-count-labels"

# The state outlines are served by Streamlit's static file server (server.enableStaticServing):
# static/ next to dashboard.py is served at app/static/. The URL is relative, so it also works when
# the app is served under a path prefix; from /map it resolves to /app/static/states.json.
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
STATES_FILE = STATIC_DIR / "states.json"
STATES_URL = "app/static/states.json"
ICONS_FILE = STATIC_DIR / "icons.svg"
ICONS_URL = "app/static/icons.svg"

# Individual symbols while at most this many are in view. The map is ~520×480 px and a member
# symbol ~15 px across (~180 px²): 1,500 symbols would cover the whole map once over, so above it
# they mostly hide one another and a click lands on a pile. It also bounds the member layer to
# ~250 kB. The largest single state of the 22,010-place stress data (PA, 1,479) still shows its
# members one by one.
MAX_POINTS = 1_500
# Count marks per county while that is at most this many marks; per state above (the national view).
MAX_COUNTY_MARKS = 400

FIXED_TOGGLES: dict[str, str] = {
    MEMBERS: "Coalition members and hubs",
    FOOTPRINTS: "County footprints",
    HUB_LINKS: "Hub–member links",
    PARTNERSHIPS: "Partnerships between coalitions",
}

# ---- shapes: one per member-type family, in a [-1, 1] box (Vega custom-shape convention) ---------


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

STATE_FILL = [236, 236, 236, 255]
STATE_LINE = [140, 140, 140, 255]
OUTLINE = "#000000"

PLACED = {
    "city": "at its city",
    "county": "at the centre of its county (county shaded)",
    "state": "at the centre of its state",
    "coalition-hub": "at its coalition's hub city (its own location is not given in the sources)",
    "none": "not on the map: location unknown",
}

# The map element's size assumed when framing a view (the map column at 1280 px wide, with the
# sidebar open). Smaller than most screens, so a framed selection fits everywhere.
MAP_WIDTH_PX = 520
MAP_HEIGHT_PX = 480
MAP_PADDING = 0.1
# A fitted view spans at least this many degrees, so one metro area keeps its state borders as
# context instead of filling the screen with a single county.
MIN_SPAN_DEG = 1.5
CONUS: geo.Bounds = (-124.8, 24.4, -66.9, 49.4)

# ---- value objects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapView:
    """What the URL says about the map: filters, named extent, basemap and hidden layers."""

    filters: Filters = Filters()
    extent: str = ""  # "" fits the selection; "us", "TX", "coalition:ntxia", "network:us-ignite"
    basemap: str = ""  # "" = outlines only; "carto" = Carto light tiles (needs internet)
    hidden: tuple[str, ...] = ()

    @classmethod
    def from_values(cls, values: Mapping[str, Sequence[str]]) -> MapView:
        def one(key: str) -> str:
            return (tuple(values.get(key, ())) or ("",))[0]

        return cls(
            filters=Filters.from_values(dict(values)),
            extent=one("extent"),
            basemap=one("basemap"),
            hidden=tuple(values.get("hide", ())),
        )


AGGREGATE_COLUMNS = [
    "key",
    "level",
    "place",
    "lon",
    "lat",
    "members",
    "partners",
    "group_id",
    "tip",
    "radius",
]


def _no_aggregates() -> pd.DataFrame:
    return pd.DataFrame(columns=AGGREGATE_COLUMNS)


@dataclass(frozen=True)
class MapSelection:
    """Everything the map, legend, table and exports show for one view.

    Computed once per (dataset, view) and shared by every session that shows the view: read-only.
    """

    view: MapView
    rows: pd.DataFrame  # member-table rows the filters select (with or without coordinates)
    points: pd.DataFrame  # the rows that can be drawn, with tooltip text and shape
    hubs: pd.DataFrame  # coalitions in view with a hub
    hub_links: list[dict[str, Any]]
    partnerships: list[dict[str, Any]]
    footprints: list[dict[str, Any]]
    bounds: geo.Bounds
    camera: dict[str, float]
    description: str
    not_mapped: int = 0
    groups: tuple[str, ...] = field(default_factory=tuple)
    # One count mark per county or state when more than MAX_POINTS points are in view (else empty):
    # the deck then draws these instead of the visible points.
    aggregates: pd.DataFrame = field(default_factory=_no_aggregates)
    level: str = ""  # "", "county" or "state": what one count mark stands for
    link_level: str = ""  # "": one hub link per member; "county"/"state": one per hub and area

    @property
    def empty(self) -> bool:
        return self.rows.empty

    @property
    def aggregated(self) -> bool:
        return bool(self.level)

    @property
    def drawn_points(self) -> pd.DataFrame:
        """The points drawn one by one: those of the layers shown, none when counts are drawn."""
        if self.aggregated:
            return self.points.iloc[0:0]
        return visible_points(self.points, self.view.hidden)


# ---- geometry (cached per process) --------------------------------------------------------------


def _simplify(points: Sequence[Sequence[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker on one ring, iterative, in planar lon/lat."""
    if len(points) < 4:
        return [list(p[:2]) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a][0], points[a][1]
        bx, by = points[b][0], points[b][1]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i][0], points[i][1]
            d = (
                abs(dy * px - dx * py + bx * ay - by * ax) / length
                if length > 0
                else math.hypot(px - ax, py - ay)
            )
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend(((a, index), (index, b)))
    return [list(p[:2]) for p, k in zip(points, keep, strict=True) if k]


def _simplify_geometry(geometry: Mapping[str, Any], tolerance: float, digits: int) -> list:
    """MultiPolygon coordinates simplified and rounded; rings that collapse are dropped."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            simple = []
            for x, y in _simplify(ring, tolerance):
                p = [round(x, digits), round(y, digits)]
                if not simple or simple[-1] != p:
                    simple.append(p)
            if len(simple) >= 4:
                rings.append(simple)
        if rings:
            out.append(rings)
    return out


@lru_cache(maxsize=1)
def _state_outlines() -> tuple[dict[str, Any], dict[str, geo.Bounds], dict[str, str]]:
    """Simplified state features (2 km tolerance, 0.01° grid), each state's bounds, and names."""
    states = geo.load_states(geo.BOUNDARIES_DIR)
    features, bounds, names = [], {}, {}
    for feature in states["features"]:
        props = feature["properties"]
        coords = _simplify_geometry(feature["geometry"], 0.02, 2)
        features.append(
            {
                "type": "Feature",
                "properties": {"usps": props["usps"], "name": props["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
        bounds[props["usps"]] = _geometry_bounds(feature["geometry"])
        names[props["usps"]] = props["name"]
    return {"type": "FeatureCollection", "features": features}, bounds, names


def _geometry_bounds(geometry: Mapping[str, Any]) -> geo.Bounds:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    xs = [p[0] for poly in polygons for ring in poly for p in ring]
    ys = [p[1] for poly in polygons for ring in poly for p in ring]
    if max(xs) - min(xs) > 180:  # crosses the antimeridian (Alaska's Aleutians): keep the west side
        pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if x < 0]
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    return min(xs), min(ys), max(xs), max(ys)


def state_outlines() -> dict[str, Any]:
    """The bundled state boundaries, simplified for the map (shared: do not mutate)."""
    return _state_outlines()[0]


def state_bounds() -> dict[str, geo.Bounds]:
    return _state_outlines()[1]


def state_names() -> dict[str, str]:
    return _state_outlines()[2]


@lru_cache(maxsize=1)
def _county_geometries() -> dict[str, list]:
    return {
        f["properties"]["fips"]: _simplify_geometry(f["geometry"], 0.004, 3)
        for f in geo.load_counties(geo.BOUNDARIES_DIR)["features"]
    }


def county_geometry(fips: str) -> list | None:
    """MultiPolygon coordinates of one county, simplified (only footprint counties are shipped)."""
    return _county_geometries().get(fips)


def state_outlines_json() -> bytes:
    """The simplified state outlines as compact JSON: the content of static/states.json."""
    return json.dumps(state_outlines(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def static_files() -> dict[Path, bytes]:
    """What static/ must hold: the state outlines and the icon atlas, both generated here."""
    return {STATES_FILE: state_outlines_json(), ICONS_FILE: icons_svg()}


def write_static_files(folder: Path = STATIC_DIR) -> dict[Path, int]:
    """Write static/states.json and static/icons.svg (into `folder`); returns each file's size."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for path, blob in static_files().items():
        (folder / path.name).write_bytes(blob)
        sizes[folder / path.name] = len(blob)
    return sizes


# ---- counties of points (for count marks) -------------------------------------------------------


@lru_cache(maxsize=1)
def _county_rings() -> dict[str, list[tuple[str, geo.Bounds, list[np.ndarray]]]]:
    """Per state: (fips, bounds, rings as n×2 arrays) of each bundled county, unsimplified."""
    out: dict[str, list[tuple[str, geo.Bounds, list[np.ndarray]]]] = {}
    for f in geo.load_counties(geo.BOUNDARIES_DIR)["features"]:
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        rings = [np.asarray(ring, dtype=float)[:, :2] for poly in polygons for ring in poly]
        xs = np.concatenate([r[:, 0] for r in rings])
        ys = np.concatenate([r[:, 1] for r in rings])
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        out.setdefault(f["properties"]["usps"], []).append((f["properties"]["fips"], box, rings))
    return out


def _inside(rings: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Even-odd rule over every ring (holes and islands included), vectorised over the points."""
    inside = np.zeros(len(x), dtype=bool)
    for ring in rings:
        x0, y0 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
        x1, y1 = ring[1:, 0][:, None], ring[1:, 1][:, None]
        straddles = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        inside ^= (straddles & (x < cross_x)).sum(axis=0) % 2 == 1
    return inside


def counties_of(lons: Sequence[float], lats: Sequence[float], states: Sequence[str]) -> list[str]:
    """The county FIPS code of each point, looked up in the bundled boundaries of its state.

    A point just off its state's simplified coast (a harbour town) gets the county whose boundary
    is nearest; a point in a state without bundled counties gets "".
    """
    x_all, y_all = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    out = np.full(len(x_all), "", dtype=object)
    state_of = np.asarray(list(states), dtype=object)
    rings_by_state = _county_rings()
    for usps in dict.fromkeys(states):
        counties = rings_by_state.get(usps)
        if not counties:
            continue
        idx = np.flatnonzero(state_of == usps)
        x, y = x_all[idx], y_all[idx]
        found = np.zeros(len(idx), dtype=bool)
        for fips, (x0, y0, x1, y1), rings in counties:
            near = ~found & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
            if not near.any():
                continue
            hit = np.flatnonzero(near)[_inside(rings, x[near], y[near])]
            out[idx[hit]] = fips
            found[hit] = True
        for i in np.flatnonzero(~found):
            out[idx[i]] = min(
                counties,
                key=lambda c: min(float(np.min((r[:, 0] - x[i]) ** 2 + (r[:, 1] - y[i]) ** 2)) for r in c[2]),
            )[0]
    return list(out)


# Counties whose Census name takes no "County" after it.
_COUNTY_WORD = {"LA": " Parish", "AK": "", "PR": "", "DC": "", "AS": "", "GU": "", "MP": "", "VI": ""}


@lru_cache(maxsize=1)
def _county_names() -> dict[str, str]:
    """FIPS → 'Travis County, TX', 'Orleans Parish, LA', 'Baltimore city, MD', 'Juneau, AK'."""
    names = {}
    for f in geo.load_counties(geo.BOUNDARIES_DIR)["features"]:
        props = f["properties"]
        name, usps = props["name"], props["usps"]
        word = _COUNTY_WORD.get(usps, " County")
        if word and int(props["fips"][2:]) >= 510 and usps in ("VA", "MD", "MO", "NV"):
            word = "" if name.endswith("City") else " city"  # independent cities (Census codes 510+)
        names[props["fips"]] = f"{name}{word}, {usps}"
    return names


def county_label(fips: str) -> str:
    return _county_names().get(fips, "")


# ---- extents ------------------------------------------------------------------------------------


def is_extent(value: str, data: Dataset) -> bool:
    """True for 'us', a state code with bundled boundaries, 'coalition:<id>' or 'network:<id>'."""
    if value == "us" or value in state_bounds():
        return True
    kind, _, ident = value.partition(":")
    if kind == "coalition":
        return ident in set(data.coalitions["coalition_id"])
    if kind == "network":
        return ident in set(data.networks["network_id"])
    return False


@per_dataset
def extent_options(data: Dataset) -> tuple[str, ...]:
    """'' (fit the selection), the country, every coalition and network, then every state."""
    return (
        "",
        "us",
        *(f"coalition:{c}" for c in data.coalitions["coalition_id"]),
        *(f"network:{n}" for n in data.networks["network_id"]),
        *sorted(state_bounds(), key=lambda s: state_names()[s]),
    )


def extent_label(value: str, data: Dataset) -> str:
    if value == "":
        return "Fit the selection"
    if value == "us":
        return "United States (lower 48)"
    if value in state_names():
        return state_names()[value]
    kind, _, ident = value.partition(":")
    return f"{group_names(data).get(ident, ident)} ({kind} area)"


@per_dataset
def extent_labels(data: Dataset) -> dict[str, str]:
    """extent_label of every extent option (the framing selectbox asks for each on every rerun)."""
    return {value: extent_label(value, data) for value in extent_options(data)}


def _group_bounds(group_id: str, data: Dataset, members: pd.DataFrame) -> geo.Bounds | None:
    """Bounds of a coalition's (or network's) located members and hubs."""
    nc = data.network_coalitions
    coalitions = [group_id, *nc.loc[nc["network_id"] == group_id, "coalition_id"]]
    rows = members[members["group_id"].isin(coalitions)]
    hubs = data.coalitions[data.coalitions["coalition_id"].isin(coalitions)]
    lons = [*rows["lon"], *hubs["lon"]]
    lats = [*rows["lat"], *hubs["lat"]]
    try:
        return widen(geo.bounds_of(lons, lats))
    except ValueError:
        return None


def extent_bounds(value: str, data: Dataset, members: pd.DataFrame) -> geo.Bounds | None:
    """The bounds a named extent frames, or None when it frames nothing."""
    if value == "us":
        return CONUS
    if value in state_bounds():
        return state_bounds()[value]
    kind, _, ident = value.partition(":")
    if kind in ("coalition", "network"):
        return _group_bounds(ident, data, members)
    return None


def widen(bounds: geo.Bounds, min_span: float = MIN_SPAN_DEG) -> geo.Bounds:
    """The bounds grown about their centre to at least `min_span` degrees each way."""
    min_lon, min_lat, max_lon, max_lat = bounds
    half_x = max(max_lon - min_lon, min_span) / 2
    half_y = max(max_lat - min_lat, min_span) / 2
    cx, cy = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return cx - half_x, cy - half_y, cx + half_x, cy + half_y


def _in_conus(lon: float, lat: float) -> bool:
    return CONUS[0] <= lon <= CONUS[2] and CONUS[1] <= lat <= CONUS[3]


def fit_bounds(points: pd.DataFrame, hubs: pd.DataFrame) -> tuple[geo.Bounds, list[str]]:
    """Bounds that frame the selection, and the members left off the frame.

    When the selection is mostly in the lower 48, a member in Puerto Rico, Alaska or Hawaii would
    shrink the whole map to a strip; it is left off the frame and named instead.
    """
    lons = [*points["lon"], *hubs["lon"]]
    lats = [*points["lat"], *hubs["lat"]]
    if not lons:
        return CONUS, []
    inside = [_in_conus(x, y) for x, y in zip(lons, lats, strict=True)]
    off: list[str] = []
    if any(inside) and not all(inside):
        outside = points[[not _in_conus(x, y) for x, y in zip(points["lon"], points["lat"], strict=True)]]
        off = list(dict.fromkeys(f"{r.name} ({r.state})" for r in outside.itertuples(index=False)))
        lons = [x for x, i in zip(lons, inside, strict=True) if i]
        lats = [y for y, i in zip(lats, inside, strict=True) if i]
    return widen(geo.bounds_of(lons, lats)), off


def camera_for(bounds: geo.Bounds) -> dict[str, float]:
    return geo.view_for_bounds(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, MAP_PADDING)


def extent_after_filter_change(extent: str, before: Filters | None, after: Filters, url_loaded: bool) -> str:
    """A named extent holds until the user changes a filter; then the map fits what they select.

    A link (`url_loaded`) always keeps the extent it carries.
    """
    if url_loaded or before is None or before == after:
        return extent
    return ""


# ---- text helpers -------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Markdown-inert text: every character markdown or HTML could act on is backslash-escaped."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>&~$:=" else ch for ch in str(text))


def type_label(entity_type: str) -> str:
    return entity_type.replace("-", " ")


@per_dataset
def _source_titles(data: Dataset) -> dict[str, str]:
    s = data.sources
    out = {}
    for row in s.itertuples(index=False):
        date = row.published or f"undated, read {row.accessed}"
        out[row.source_id] = f"{row.title} ({row.publisher}, {date})"
    return out


def _split_ids(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").split(";") if v.strip()]


def _first_url(value: str) -> str:
    return next((u.strip() for u in str(value or "").split("|") if u.strip()), "")


# ---- the selection ------------------------------------------------------------------------------


@per_dataset
def _other_groups(data: Dataset, members: pd.DataFrame) -> dict[str, list[str]]:
    """entity_id → every group it is listed in (names), for rings and tooltips."""
    return {e: list(dict.fromkeys(g)) for e, g in members.groupby("entity_id", sort=False)["group_name"]}


def _member_tip(row: Mapping[str, Any], also: list[str], titles: Mapping[str, str]) -> str:
    kind = "coalition" if row["group_kind"] == "coalition" else "network"
    lines = [
        str(row["name"]),
        f"{type_label(row['entity_type']).capitalize()} · {row['group_name']} ({kind})",
    ]
    place = f"State: {row['state']}" if row["state"] else "State: not given"
    place += f" · joined {row['joined']}" if row["joined"] else " · joining date not given"
    lines.append(place)
    lines.append(f"Role: {row['role']}" + ("" if row["is_member"] else " (partner, not counted as a member)"))
    lines.append("On the map: " + PLACED.get(row["located_by"], row["located_by"]))
    others = [g for g in also if g != row["group_name"]]
    if others:
        lines.append("Also listed in: " + ", ".join(others))
    sources = [titles.get(s, s) for s in _split_ids(row["source_ids"])]
    lines.append(("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources))
    return "\n".join(lines)


@per_dataset
def _member_marks(data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """Shape, colour, ring and tooltip of every located member row (same index as `members`).

    None of it depends on the view, so it is computed once per dataset, not per filter change.
    """
    located = members[members["lon"].notna() & members["lat"].notna()]
    titles = _source_titles(data)
    groups_of = _other_groups(data, members)
    return pd.DataFrame(
        {
            "shape": [SHAPE_OF_TYPE.get(t, FALLBACK_SHAPE) for t in located["entity_type"]],
            "colour": [_colour(g) for g in located["group_id"]],
            "shared": [len(groups_of.get(e, [])) > 1 for e in located["entity_id"]],
            "tip": [
                _member_tip(r, groups_of.get(r["entity_id"], []), titles) for r in located.to_dict("records")
            ],
        },
        index=located.index,
    )


def _points(rows: pd.DataFrame, members: pd.DataFrame, data: Dataset) -> pd.DataFrame:
    located = rows[rows["lon"].notna() & rows["lat"].notna()]
    marks = _member_marks(data, members)
    return pd.concat([located, marks.loc[located.index]], axis=1)


def visible_points(points: pd.DataFrame, hidden: Iterable[str]) -> pd.DataFrame:
    """The points of the layers shown: coalition members unless hidden, each network unless hidden."""
    hidden = set(hidden)
    return points[
        ((points["group_kind"] == "coalition") & (MEMBERS not in hidden))
        | ((points["group_kind"] == "network") & ~points["group_id"].isin(hidden))
    ]


def _colour(group_id: str) -> str:
    return colour_of(group_id)


def _rgba(colour: str, alpha: int = 255) -> list[int]:
    return hex_to_rgb(colour, alpha)


def _pos(lon: float, lat: float) -> list[float]:
    return [round(float(lon), 4), round(float(lat), 4)]


def _hubs(rows: pd.DataFrame, data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    in_view = set(rows.loc[rows["group_kind"] == "coalition", "group_id"])
    hubs = data.coalitions[data.coalitions["coalition_id"].isin(in_view) & data.coalitions["lon"].notna()]
    hubs = hubs.copy()
    roster = summaries.roster_completeness(data, members).set_index("coalition_id")["completeness"]
    hubs["tip"] = [
        f"{h.short_name} — {h.name}\nCoalition hub, drawn at {h.hub_place}, {h.hub_state} ({h.hub_basis})\n"
        f"{roster.get(h.coalition_id, '')}\nClick for members, focus areas and sources"
        for h in hubs.itertuples(index=False)
    ]
    hubs["colour"] = [_colour(c) for c in hubs["coalition_id"]]
    # A hub with another hub just north of it gets its label below the star, so names don't collide.
    hubs["label_below"] = [
        any(
            0 < o.lat - h.lat < LABEL_CLASH_DEG[1] and abs(o.lon - h.lon) < LABEL_CLASH_DEG[0]
            for o in hubs.itertuples(index=False)
        )
        for h in hubs.itertuples(index=False)
    ]
    return hubs


LABEL_CLASH_DEG = (6.0, 2.5)  # (lon, lat) distance within which two hub labels would overlap


def _hub_links(points: pd.DataFrame, hubs: pd.DataFrame) -> list[dict[str, Any]]:
    where = {h.coalition_id: (h.lon, h.lat, h.short_name) for h in hubs.itertuples(index=False)}
    links = []
    for p in points[points["group_kind"] == "coalition"].itertuples(index=False):
        if p.group_id not in where or p.located_by == "coalition-hub":
            continue
        hx, hy, short = where[p.group_id]
        if abs(hx - p.lon) < 0.01 and abs(hy - p.lat) < 0.01:
            continue  # a member in the hub city itself: nothing to draw
        colour = _colour(p.group_id)
        links.append(
            {
                "kind": "hub-link",
                "group_id": p.group_id,
                "entity_id": p.entity_id,
                "source": _pos(hx, hy),
                "target": _pos(p.lon, p.lat),
                "source_color": _rgba(colour, 230),
                "target_color": _rgba(colour, 80),
                "tip": f"{short} hub → {p.name}\n{p.role} of {p.group_name}",
                "from_name": short,
                "to_name": p.name,
            }
        )
    return links


# Partnerships drawn higher than narrower ones, so a pair linked twice shows two arcs.
_ARC_HEIGHT = {"nscp": 1.0, "region-of-regions": 0.45}


def _partnerships(hubs: pd.DataFrame, data: Dataset, filters: Filters) -> list[dict[str, Any]]:
    """Coalition ↔ coalition arcs for each partnership of coalitions, between hubs in view."""
    where = {h.coalition_id: (h.lon, h.lat, h.short_name) for h in hubs.itertuples(index=False)}
    nets = data.networks[data.networks["kind"] == "partnership of coalitions"]
    nc = data.network_coalitions
    titles = _source_titles(data)
    arcs = []
    for net in nets.itertuples(index=False):
        if filters.networks and net.network_id not in filters.networks:
            continue
        rows = nc[(nc["network_id"] == net.network_id) & nc["coalition_id"].isin(list(where))]
        ids = list(dict.fromkeys(rows["coalition_id"]))
        sources = "; ".join(titles.get(s, s) for s in dict.fromkeys(rows["source_id"]))
        colour = _colour(net.network_id)
        for a, b in itertools.combinations(ids, 2):
            (ax, ay, an), (bx, by, bn) = where[a], where[b]
            arcs.append(
                {
                    "kind": "partnership",
                    "group_id": net.network_id,
                    "network_id": net.network_id,
                    "a": a,
                    "b": b,
                    "source": _pos(ax, ay),
                    "target": _pos(bx, by),
                    "color": _rgba(colour, 170),
                    "height": _ARC_HEIGHT.get(net.network_id, 0.7),
                    "tip": f"{net.name}\n{an} ↔ {bn}: both listed as members\nSources: {sources}",
                    "from_name": an,
                    "to_name": bn,
                }
            )
    return arcs


def _footprints(points: pd.DataFrame) -> list[dict[str, Any]]:
    feats = []
    for p in points[points["county_fips"].astype(bool)].itertuples(index=False):
        coords = county_geometry(p.county_fips)
        if coords is None:
            continue
        colour = _colour(p.group_id)
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
                "properties": {
                    "group_id": p.group_id,
                    "entity_id": p.entity_id,
                    "fill": _rgba(colour, 110),
                    "line": _rgba(colour, 255),
                    "tip": p.tip,
                },
            }
        )
    return feats


# ---- count marks (many points in view) ----------------------------------------------------------


@per_dataset
def _member_counties(data: Dataset, members: pd.DataFrame) -> pd.Series:
    """County FIPS of each located member placed at its city or county ("" otherwise), by index.

    A county member carries its FIPS; a city is looked up in the bundled county boundaries from its
    coordinates. Members placed at their state's centre or at a coalition hub have no county.
    """
    located = members[members["lon"].notna() & members["lat"].notna()]
    out = pd.Series("", index=located.index, dtype=object)
    county = located["located_by"] == "county"
    out[county] = located.loc[county, "county_fips"]
    city = located[located["located_by"] == "city"]
    if len(city):
        out[city.index] = counties_of(city["lon"], city["lat"], city["state"])
    return out


@lru_cache(maxsize=1)
def _area_points() -> dict[str, tuple[float, float]]:
    """Label point (lon, lat) of every bundled county (by FIPS) and state (by 'state:USPS')."""
    counties = geo.county_index(geo.BOUNDARIES_DIR)
    states = geo.state_centroids(geo.BOUNDARIES_DIR)
    out = {f: (x, y) for f, x, y in zip(counties["fips"], counties["lon"], counties["lat"], strict=True)}
    out.update(
        {f"state:{u}": (x, y) for u, x, y in zip(states["usps"], states["lon"], states["lat"], strict=True)}
    )
    return out


def _area_keys(data: Dataset, members: pd.DataFrame, visible: pd.DataFrame) -> tuple[str, pd.Series]:
    """('county' or 'state', the area key of each visible point): per county while that stays legible."""
    by_state = "state:" + visible["state"].astype(str)
    counties = _member_counties(data, members).reindex(visible.index).fillna("")
    by_county = counties.where(counties.astype(bool), by_state)
    if by_county.nunique() <= MAX_COUNTY_MARKS:
        return "county", by_county
    return "state", by_state


def _area_label(key: str) -> str:
    if key.startswith("state:"):
        return state_names().get(key[6:], key[6:])
    return county_label(key)


def _count_words(members_n: int, partners_n: int, coalitions_n: int, networks_n: int) -> str:
    """'1,234 members and 2 partners of 3 coalitions and 1 network' (the wording of describe())."""

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    text = plural(members_n, "member")
    if partners_n:
        text += " and " + plural(partners_n, "partner")
    of = [plural(n, w) for n, w in ((coalitions_n, "coalition"), (networks_n, "network")) if n]
    return text + (" of " + " and ".join(of) if of else "")


COUNT_RADIUS_PX = (9.0, 30.0)  # the smallest and the largest count mark of a view


def _aggregate(
    data: Dataset, members: pd.DataFrame, visible: pd.DataFrame
) -> tuple[str, pd.DataFrame, pd.Series]:
    """One count mark per county (or state) of the visible points: (level, marks, key of each point)."""
    level, keys = _area_keys(data, members, visible)
    names = group_names(data)
    where = _area_points()
    marks = []
    for key, grp in visible.groupby(keys, sort=True):
        member_ids = set(grp.loc[grp["is_member"], "entity_id"])
        partners = grp.loc[~grp["entity_id"].isin(member_ids), "entity_id"].nunique()
        sizes = (
            grp.groupby("group_id", sort=False)["entity_id"]
            .nunique()
            .sort_values(ascending=False, kind="stable")
        )
        kinds = grp.drop_duplicates("group_id")["group_kind"]
        place = _area_label(str(key))
        if level == "county" and str(key).startswith("state:"):
            place += " (county not known: placed at the state's centre or a coalition hub)"
        lon, lat = where.get(str(key), (float(grp["lon"].mean()), float(grp["lat"].mean())))
        by_group = " · ".join(f"{names.get(g, g)}: {n:,}" for g, n in sizes.head(6).items())
        if len(sizes) > 6:
            by_group += f" · {len(sizes) - 6} more"
        top = str(sizes.index[0])
        tip = "\n".join(
            [
                _count_words(
                    len(member_ids),
                    partners,
                    int((kinds == "coalition").sum()),
                    int((kinds == "network").sum()),
                )
                + f" in {place}",
                by_group,
                f"More than {MAX_POINTS:,} points in view: members counted per {level}. "
                "Filter or frame the map on fewer to see each one.",
                f"Click for {names.get(top, top)}'s members, focus areas and sources",
            ]
        )
        marks.append(
            {
                "key": str(key),
                "level": level,
                "place": place,
                "lon": lon,
                "lat": lat,
                "members": len(member_ids),
                "partners": int(partners),
                "group_id": top,
                "tip": tip,
                "radius": 0.0,
            }
        )
    frame = pd.DataFrame(marks, columns=AGGREGATE_COLUMNS)
    if len(frame):
        # Largest first: drawn in this order, a small count stays on top of a large neighbour.
        total = frame["members"] + frame["partners"]
        frame = frame.iloc[total.sort_values(ascending=False, kind="stable").index].reset_index(drop=True)
        total = frame["members"] + frame["partners"]
        small, large = COUNT_RADIUS_PX
        # Area grows with the count; never too small for its own number.
        frame["radius"] = [
            round(max(small + (large - small) * math.sqrt(n / total.max()), 4 + 3.3 * len(f"{n:,}")), 1)
            for n in total
        ]
    return level, frame, keys


def _aggregate_links(
    visible: pd.DataFrame, keys: pd.Series, marks: pd.DataFrame, hubs: pd.DataFrame
) -> list[dict[str, Any]]:
    """One hub link per (coalition hub, count mark holding members of that coalition)."""
    where = {h.coalition_id: (h.lon, h.lat, h.short_name) for h in hubs.itertuples(index=False)}
    at = {m.key: m for m in marks.itertuples(index=False)}
    coalition = visible[(visible["group_kind"] == "coalition") & (visible["located_by"] != "coalition-hub")]
    links = []
    counts = coalition.groupby([coalition["group_id"], keys.reindex(coalition.index)], sort=True)[
        "entity_id"
    ].nunique()
    for (group_id, key), n in counts.items():
        if group_id not in where or key not in at:
            continue
        hx, hy, short = where[group_id]
        mark = at[key]
        if abs(hx - mark.lon) < 0.01 and abs(hy - mark.lat) < 0.01:
            continue
        colour = _colour(group_id)
        noun = "member" if n == 1 else "members"
        links.append(
            {
                "kind": "hub-link",
                "group_id": group_id,
                "entity_id": "",
                "source": _pos(hx, hy),
                "target": _pos(mark.lon, mark.lat),
                "source_color": _rgba(colour, 230),
                "target_color": _rgba(colour, 80),
                "tip": f"{short} hub → {n:,} {noun} in {mark.place}",
                "from_name": short,
                "to_name": f"{n:,} {noun} in {mark.place}",
            }
        )
    return links


def _area_places(level: str, visible: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """key, place and label point of each area the points fall in (for links drawn per area)."""
    where = _area_points()
    out = []
    for key, grp in visible.groupby(keys, sort=True):
        place = _area_label(str(key))
        if level == "county" and str(key).startswith("state:"):
            place += " (county not known)"
        lon, lat = where.get(str(key), (float(grp["lon"].mean()), float(grp["lat"].mean())))
        out.append({"key": str(key), "place": place, "lon": lon, "lat": lat})
    return pd.DataFrame(out, columns=["key", "place", "lon", "lat"])


# More hub–member arcs than this fan out from a hub into a tangle in which no single link can be
# followed or picked (and each costs ~230 bytes): above it, one arc per (hub, county) is drawn.
MAX_MEMBER_LINKS = 300


# ---- the selection, once per view ---------------------------------------------------------------

OFF_FRAME_NAMED = 5  # name up to this many members left off the frame; count them beyond


def _off_frame_text(off: list[str], points: pd.DataFrame) -> str:
    if len(off) <= OFF_FRAME_NAMED:
        verb = "is" if len(off) == 1 else "are"
        return f"{', '.join(off)} {verb} outside that frame"
    outside = points[[not _in_conus(x, y) for x, y in zip(points["lon"], points["lat"], strict=True)]]
    states = ", ".join(sorted(set(outside["state"])))
    return f"{len(off):,} members in {states} are outside that frame"


@per_dataset
def select(data: Dataset, members: pd.DataFrame, view: MapView) -> MapSelection:
    """Apply the filters and compute every mark of the view (members is the full member table).

    Memoized per (dataset, members, view): pass the process-wide member table; the result is shared.
    """
    rows = apply(members, data, view.filters)
    points = _points(rows, members, data)
    hubs = _hubs(rows, data, members)
    visible = visible_points(points, view.hidden)
    level, link_level, aggregates = "", "", _no_aggregates()
    if len(visible) > MAX_POINTS:
        level, aggregates, keys = _aggregate(data, members, visible)
        hub_links = _aggregate_links(visible, keys, aggregates, hubs)
        link_level = level
    else:
        hub_links = _hub_links(points, hubs)
        if len(hub_links) > MAX_MEMBER_LINKS:
            link_level, keys = _area_keys(data, members, visible)
            hub_links = _aggregate_links(visible, keys, _area_places(link_level, visible, keys), hubs)
    partnerships = _partnerships(hubs, data, view.filters)
    footprints = _footprints(points)
    bounds = extent_bounds(view.extent, data, members) if view.extent else None
    off_frame: list[str] = []
    if bounds is None:
        bounds, off_frame = fit_bounds(points, hubs)
    not_mapped = int(rows.loc[rows["lon"].isna() | rows["lat"].isna(), "entity_id"].nunique())
    text = describe(rows, data, view.filters)
    if view.extent:
        text += " · framed on " + extent_label(view.extent, data)
    if off_frame:
        text += " · map framed on the lower 48 states; " + _off_frame_text(off_frame, points)
    if not_mapped:
        text += f" · {not_mapped} not on the map (location unknown; listed in the table)"
    if level:
        text += f" · {len(visible):,} points in view, drawn as counts per {level}"
    return MapSelection(
        view=view,
        rows=rows,
        points=points,
        hubs=hubs,
        hub_links=hub_links,
        partnerships=partnerships,
        footprints=footprints,
        bounds=bounds,
        camera=camera_for(bounds),
        description=text,
        not_mapped=not_mapped,
        groups=tuple(dict.fromkeys(rows["group_id"])),
        aggregates=aggregates,
        level=level,
        link_level=link_level,
    )


# ---- icons --------------------------------------------------------------------------------------

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
def _static_atlas() -> tuple[str, dict[str, dict[str, Any]]]:
    """One atlas of every icon any view can need: each member shape and the hub star, in every
    palette colour. Served as static/icons.svg: the browser fetches it once instead of an atlas
    riding in the deck JSON of every view."""
    keys = [(shape, colour, MEMBER_ICON_PX) for colour in palette_colours() for shape in MEMBER_SHAPES]
    keys += [("star", colour, ICON_PX["star"]) for colour in palette_colours()]
    return atlas_svg(keys)


def icons_svg() -> bytes:
    """The content of static/icons.svg."""
    return _static_atlas()[0].encode("utf-8")


def icon_mapping(names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """deck.gl's mapping of the named icons in static/icons.svg (only those a layer uses)."""
    full = _static_atlas()[1]
    return {name: full[name] for name in sorted(set(names))}


DECK_DIGITS = 3  # positions in the deck: 0.001° (~100 m), finer than a city's gazetteer point


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


# ---- the deck -----------------------------------------------------------------------------------


# Arcs rise above the ground, so with the depth test they would hide (and steal clicks from) the
# member symbols they pass over; drawn without it, layer order decides and symbols stay on top.
ARCS_UNDER_MARKS = {"depthCompare": "always", "depthWriteEnabled": False}


def _literal(value: str) -> str:
    """A string pydeck passes through as a value (pydeck turns bare strings into JS expressions)."""
    return f'"{value}"'


_JSON_CACHE = "_json_text"


def _serialize(o: Any) -> Any:
    attrs = default_serialize(o, remap_function=None)
    if isinstance(attrs, dict):
        attrs.pop(_JSON_CACHE, None)
        lower_camel_case_keys(attrs)
    return attrs


class CompactDeck(pdk.Deck):
    """A pydeck Deck written as compact JSON, once: Streamlit asks for it on every rerun.

    A deck is built per view and shared by every session showing it (render_view), so it is never
    changed after its first to_json().
    """

    def to_json(self) -> str:
        text = self.__dict__.get(_JSON_CACHE)
        if text is None:
            text = json.dumps(
                self, sort_keys=True, default=_serialize, separators=(",", ":"), ensure_ascii=False
            )
            self.__dict__[_JSON_CACHE] = text
        return text


def shown_layers(sel: MapSelection, toggles: Iterable[str]) -> list[str]:
    return [t for t in toggles if t not in sel.view.hidden]


@per_dataset
def layer_toggles(data: Dataset) -> dict[str, str]:
    """Toggleable layers: the fixed ones, then one per network that has members of its own."""
    toggles = dict(FIXED_TOGGLES)
    with_members = set(data.memberships["group_id"])
    for net in data.networks.itertuples(index=False):
        if net.network_id in with_members and net.network_id not in toggles:
            toggles[net.network_id] = f"{net.name}"
    return toggles


COUNT_FILL = [255, 255, 255, 235]  # white discs outlined in black: unlike every coloured symbol


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


def build_deck(sel: MapSelection) -> CompactDeck:
    """The tile-free deck: state outlines, footprints, arcs, rings, hubs and member icons or counts.

    The state outlines are referenced by URL (static/states.json), not carried in the JSON.
    """
    hidden = set(sel.view.hidden)
    points = sel.drawn_points
    layers: list[pdk.Layer] = [
        pdk.Layer(
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
    ]
    coalition_points = points[points["group_kind"] == "coalition"]
    if FOOTPRINTS not in hidden and sel.footprints:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id=FOOTPRINTS,
                data={"type": "FeatureCollection", "features": sel.footprints},
                stroked=True,
                filled=True,
                get_fill_color="properties.fill",
                get_line_color="properties.line",
                line_width_min_pixels=1.5,
                pickable=True,
            )
        )
    if PARTNERSHIPS not in hidden and sel.partnerships:
        layers.append(_arc_layer(PARTNERSHIPS, sel.partnerships, ("color", "color"), 2.5, height=True))
    if HUB_LINKS not in hidden and MEMBERS not in hidden and sel.hub_links:
        layers.append(_arc_layer(HUB_LINKS, sel.hub_links, ("source_color", "target_color"), 1.5))
    rings = points[points["shared"]].drop_duplicates(["lon", "lat", "entity_id"])
    if not rings.empty:
        layers.append(
            pdk.Layer(
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
        )
    networks = points[points["group_kind"] == "network"]
    for network_id in dict.fromkeys(networks["group_id"]):
        layers.append(_icon_layer(network_id, networks[networks["group_id"] == network_id]))
    if not sel.aggregates.empty:
        layers.extend(_count_layers(sel))
    if MEMBERS not in hidden and not sel.hubs.empty:
        hubs = sel.hubs
        layers.append(
            pdk.Layer(
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
        )
    if not coalition_points.empty:
        layers.append(_icon_layer(MEMBERS, coalition_points))
    if MEMBERS not in hidden and not sel.hubs.empty:
        layers.append(
            pdk.Layer(
                "TextLayer",
                id=HUB_LABELS,
                data=[
                    {
                        "position": _xy(h.lon, h.lat),
                        "label": h.short_name,
                        "offset": [0, 22 if h.label_below else -22],
                    }
                    for h in sel.hubs.itertuples(index=False)
                ],
                get_position="position",
                get_text="label",
                get_size=14,
                get_color=[0, 0, 0, 255],
                get_pixel_offset="offset",
                font_family=_literal("sans-serif"),
                font_weight=700,
                max_width=10,  # in font sizes: long names wrap onto a second line
                word_break=_literal("break-word"),
                background=True,
                get_background_color=[255, 255, 255, 220],
                background_padding=[3, 1],
                character_set=_literal("auto"),
                pickable=False,
            )
        )
    carto = sel.view.basemap == "carto"
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**sel.camera, pitch=0, bearing=0, min_zoom=1, max_zoom=12),
        views=[pdk.View(type="MapView", controller=True)],
        map_provider="carto" if carto else None,
        map_style="light" if carto else "__MAP_STYLE__",  # pydeck's sentinel: no basemap at all
        tooltip={
            "text": "{tip}",
            "style": {"fontSize": "14px", "maxWidth": "300px", "whiteSpace": "pre-line"},
        },
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


def picked(objects: Mapping[str, Sequence[Mapping[str, Any]]] | None) -> tuple[str, str] | None:
    """(group_id, entity_id) of the first object a map click selected, if any."""
    for objs in (objects or {}).values():
        for obj in objs or ():
            props = obj.get("properties") if isinstance(obj.get("properties"), Mapping) else obj
            group = props.get("group_id") if isinstance(props, Mapping) else None
            if isinstance(group, str) and group:
                entity = props.get("entity_id")
                return group, entity if isinstance(entity, str) else ""
    return None


# ---- legend -------------------------------------------------------------------------------------


def _legend_name(group_id: str, names: Mapping[str, str], short: Mapping[str, str]) -> str:
    """'NTXIA — North Texas Innovation Alliance', or the shorter name when that would be too long."""
    name, abbr = names[group_id], short.get(group_id, group_id)
    if name.startswith(abbr):
        return name if len(name) <= LEGEND_LABEL_CHARS else abbr
    both = f"{abbr} — {name}"
    return both if len(both) <= LEGEND_LABEL_CHARS else abbr


LEGEND_LABEL_CHARS = 48
_ARC_COLOUR_NAME = {"nscp": "Black", "region-of-regions": "Grey"}


def legend_rows(sel: MapSelection, data: Dataset) -> pd.DataFrame:
    """The legend of the current view as rows: panel, label, kind, colour, shape (an SVG path)."""
    hidden = set(sel.view.hidden)
    names = dict(zip(data.coalitions["coalition_id"], data.coalitions["name"], strict=True))
    names.update(zip(data.networks["network_id"], data.networks["name"], strict=True))
    short = group_names(data)
    sections: list[list[dict[str, Any]]] = [[], [], []]

    def add(section: int, label: str, kind: str, colour: str = OUTLINE, shape: str = "") -> None:
        path = SHAPE_PATHS.get(shape, "")  # Vega draws custom shapes from SVG paths in [-1, 1]
        sections[section].append({"label": label, "kind": kind, "colour": colour, "shape": path})

    # With count marks, members are not drawn one by one: only hubs and county footprints are coloured.
    points = sel.points.iloc[0:0] if sel.aggregated else sel.points
    coloured = set(sel.groups)
    if sel.aggregated:
        coloured = set(sel.hubs["coalition_id"]) if MEMBERS not in hidden else set()
        if FOOTPRINTS not in hidden:
            coloured |= {f["properties"]["group_id"] for f in sel.footprints}
    groups = [g for g in sel.groups if g in names and g in coloured]
    if groups:
        add(0, "Colour: coalition or network", "heading")
        for g in groups:
            add(0, _legend_name(g, names, short), "swatch", _colour(g), "square")
    shapes = [s for s in SHAPE_LABELS if s in set(points["shape"])]
    hubs = not sel.hubs.empty and MEMBERS not in hidden
    if shapes or hubs:
        add(1, "Shape: member type", "heading")
        if hubs:
            add(1, SHAPE_LABELS["star"], "shape", "#FFFFFF", "star")
        for s in shapes:
            add(1, SHAPE_LABELS[s], "shape", "#FFFFFF", s)
    add(2, "Lines and other marks", "heading")
    if not sel.aggregates.empty:
        add(2, f"White disc with a number: members per {sel.level}", "count", "#FFFFFF")
        add(2, f"(over {MAX_POINTS:,} in view; area grows with count)", "note")
    if sel.hub_links and HUB_LINKS not in hidden and MEMBERS not in hidden:
        label = (
            f"Coloured arc: hub → its members in a {sel.link_level}"
            if sel.link_level
            else "Coloured arc: hub → member (fades at member)"
        )
        add(2, label, "line", _colour(sel.hub_links[0]["group_id"]))
    if PARTNERSHIPS not in hidden:
        for net in dict.fromkeys(a["network_id"] for a in sel.partnerships):
            colour_name = _ARC_COLOUR_NAME.get(net, "Dark")
            add(2, f"{colour_name} arc: {short.get(net, net)}", "line", _colour(net))
    if sel.footprints and FOOTPRINTS not in hidden:
        add(2, "Shaded county: a county member", "area", _colour(sel.footprints[0]["properties"]["group_id"]))
    if points["shared"].any():
        add(2, "Black ring: also in another coalition/network", "ring")
    if (~points["is_member"]).any():
        add(2, "Faded symbol: named partner, not a member", "faded", "#6B6B6B", "circle")
    add(2, "Light grey: US states (Census outlines)", "area", "#D9D9D9")
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

    Built and validated by Altair once per view (render_view), not on every rerun.
    """
    spec = legend_chart(rows).to_dict()
    view = spec.get("config", {}).get("view", {})
    for key in _THEME_VIEW_SIZES:
        view.pop(key, None)
    return spec


# ---- table twin and downloads -------------------------------------------------------------------

TABLE_COLUMNS = {
    "name": "Name",
    "entity_type": "Type",
    "group_name": "Coalition or network",
    "role": "Role",
    "state": "State",
    "joined": "Joined",
    "on_map": "On the map",
    "as_of": "As of",
    "source": "Source",
    "source_ids": "All sources",
}


def table_frame(sel: MapSelection) -> pd.DataFrame:
    """The map's accessible twin: one row per member shown (or not mappable), with its source."""
    rows = sel.rows
    frame = pd.DataFrame(
        {
            "name": rows["name"],
            "entity_type": [type_label(t) for t in rows["entity_type"]],
            "group_name": rows["group_name"],
            "role": rows["role"],
            "state": rows["state"],
            "joined": rows["joined"],
            "on_map": [PLACED.get(v, v) for v in rows["located_by"]],
            "as_of": rows["as_of"],
            "source": [_first_url(v) for v in rows["sources"]],
            "source_ids": rows["source_ids"],
        }
    )
    # Plain Python strings: Arrow sends them with 32-bit offsets (pandas' own string dtype becomes
    # large_string, 64-bit), which keeps the table ~13 % smaller on the wire; it looks the same.
    return (
        frame.rename(columns=TABLE_COLUMNS)
        .sort_values(["Coalition or network", "Name"], ignore_index=True)
        .astype(object)
    )


TABLE_ROW_PX = 35
TABLE_ALL_ROWS_UP_TO = 30
# st.dataframe sends every row it is given; a page of 500 rows is ~100 kB. The full list is in the
# "What I see (CSV)" download.
TABLE_PAGE_ROWS = 500


def table_height(n_rows: int) -> int:
    """Tall enough to show every row of a small selection without scrolling inside the table."""
    return TABLE_ROW_PX * (min(n_rows, TABLE_ALL_ROWS_UP_TO) + 1) + 3


def table_pages(n_rows: int) -> int:
    """How many pages of TABLE_PAGE_ROWS the table twin has (at least one)."""
    return max(1, math.ceil(n_rows / TABLE_PAGE_ROWS))


def table_page(table: pd.DataFrame, page: int) -> pd.DataFrame:
    """Rows of page `page` (1-based, clamped to the pages there are)."""
    if len(table) <= TABLE_PAGE_ROWS:
        return table
    page = min(max(1, page), table_pages(len(table)))
    rows = table.iloc[(page - 1) * TABLE_PAGE_ROWS : page * TABLE_PAGE_ROWS]
    shared = [c for c in rows.columns if isinstance(rows[c].dtype, pd.CategoricalDtype)]
    return rows.assign(**{c: rows[c].cat.remove_unused_categories() for c in shared})


# Columns whose values repeat row after row. Sent as categories, each value travels once (Arrow
# dictionary encoding): the shipped national table drops from ~37 kB to ~16 kB, drawn the same.
# A column with an empty cell stays text, since the table would show an empty category as "None".
_REPEATED_COLUMNS = ("Type", "Coalition or network", "Role", "On the map", "As of", "Source", "All sources")


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table twin as the page sends it: repeated values as categories (same text on screen)."""
    out = table.copy()
    for column in _REPEATED_COLUMNS:
        if column in out and len(out) and out[column].astype(bool).all():
            out[column] = out[column].astype("category")
    return out


def rows_label(page: int, n_rows: int) -> str:
    """'rows 1–500 of 22,010' for a page of the table."""
    first = (page - 1) * TABLE_PAGE_ROWS + 1
    last = min(page * TABLE_PAGE_ROWS, n_rows)
    return f"rows {first:,}–{last:,} of {n_rows:,}"


def csv_header_lines(sel: MapSelection, data: Dataset, link: str) -> list[str]:
    return [
        f"Map of connected regions: {sel.description}",
        f"View: {link}" if link else "View: /map",
        f"Data as of {data.as_of}",
        "Sources: the Source column of each row; every source is listed in sources.csv of the full dataset.",
    ]


def members_csv(sel: MapSelection, data: Dataset, link: str) -> bytes:
    frame = table_frame(sel)
    frame["All source links"] = list(sel.rows.sort_values(["group_name", "name"])["sources"])
    return exports.to_csv_bytes(frame, csv_header_lines(sel, data, link))


def view_sources(sel: MapSelection, data: Dataset) -> pd.DataFrame:
    """The sources behind every mark in view: members, hubs, partnerships."""
    ids: list[str] = []
    for value in sel.rows["source_ids"]:
        ids.extend(_split_ids(value))
    ids.extend(sel.hubs["source_id"])
    nc = data.network_coalitions
    for net in dict.fromkeys(a["network_id"] for a in sel.partnerships):
        ids.extend(nc.loc[nc["network_id"] == net, "source_id"])
    order = list(dict.fromkeys(ids))
    s = data.sources.set_index("source_id")
    s = s.loc[[i for i in order if i in s.index]].reset_index()
    return s[["source_id", "title", "publisher", "published", "accessed", "url"]]


def source_lines(sel: MapSelection, data: Dataset) -> list[str]:
    return [f"{r.title} — {r.publisher} ({r.url})" for r in view_sources(sel, data).itertuples(index=False)]


def view_geojson(sel: MapSelection, data: Dataset, link: str) -> bytes:
    """Members, hubs and arcs of the view as GeoJSON, with the view description and as-of."""

    def props(d: Mapping[str, Any]) -> dict[str, Any]:
        return {k: exports.neutralise(v) for k, v in d.items()}

    features = []
    for p in sel.points.sort_values(["group_name", "name"]).itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": _pos(p.lon, p.lat)},
                "properties": props(
                    {
                        "kind": "member" if p.is_member else "partner",
                        "name": p.name,
                        "entity_id": p.entity_id,
                        "entity_type": p.entity_type,
                        "group_id": p.group_id,
                        "group_name": p.group_name,
                        "role": p.role,
                        "state": p.state,
                        "joined": p.joined,
                        "located_by": p.located_by,
                        "as_of": p.as_of,
                        "sources": p.sources,
                    }
                ),
            }
        )
    for h in sel.hubs.itertuples(index=False):
        url = data.sources.set_index("source_id")["url"].get(h.source_id, "")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": _pos(h.lon, h.lat)},
                "properties": props(
                    {
                        "kind": "hub",
                        "name": h.name,
                        "group_id": h.coalition_id,
                        "hub_place": f"{h.hub_place}, {h.hub_state}",
                        "hub_basis": h.hub_basis,
                        "as_of": h.as_of,
                        "sources": url,
                    }
                ),
            }
        )
    for arc in [*sel.partnerships, *sel.hub_links]:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [arc["source"], arc["target"]]},
                "properties": props(
                    {
                        "kind": arc["kind"],
                        "group_id": arc["group_id"],
                        "from": arc["from_name"],
                        "to": arc["to_name"],
                        "entity_id": arc.get("entity_id", ""),
                    }
                ),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "description": f"Map of connected regions: {sel.description}",
        "view": link,
        "data_as_of": data.as_of,
        "sources": source_lines(sel, data),
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


# ---- details panel ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupDetails:
    """What the details panel shows for one coalition or network."""

    group_id: str
    title: str
    kind: str
    lines: tuple[str, ...]
    members: pd.DataFrame
    focus: pd.DataFrame
    links: pd.DataFrame
    shared: pd.DataFrame
    sources: pd.DataFrame


@per_dataset
def details_options(data: Dataset) -> tuple[str, ...]:
    return ("", *data.coalitions["coalition_id"], *data.networks["network_id"])


def _sources_frame(data: Dataset, ids: Iterable[str]) -> pd.DataFrame:
    order = [i for i in dict.fromkeys(ids) if i]
    s = data.sources.set_index("source_id")
    s = s.loc[[i for i in order if i in s.index]].reset_index()
    return pd.DataFrame(
        {
            "Source": s["title"],
            "Publisher": s["publisher"],
            "Published": [p or "undated" for p in s["published"]],
            "Link": s["url"],
        }
    )


def _members_frame(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.sort_values(["is_member", "name"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Name": rows["name"],
            "Type": [type_label(t) for t in rows["entity_type"]],
            "Role": rows["role"],
            "State": rows["state"],
            "Joined": rows["joined"],
            "Source": [_first_url(v) for v in rows["sources"]],
        }
    ).reset_index(drop=True)


def _shared_frame(data: Dataset, rows: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    groups_of = _other_groups(data, members)
    out = []
    for r in rows.drop_duplicates("entity_id").itertuples(index=False):
        others = [g for g in groups_of.get(r.entity_id, []) if g != r.group_name]
        if others:
            out.append({"Member": r.name, "Also listed in": ", ".join(others)})
    return pd.DataFrame(out, columns=["Member", "Also listed in"])


@per_dataset
def group_details(data: Dataset, members: pd.DataFrame, group_id: str) -> GroupDetails | None:
    """Members, focus areas, roster completeness, partnerships and sources of one group."""
    names = group_names(data)
    rows = members[members["group_id"] == group_id]
    ev = data.focus_evidence[data.focus_evidence["group_id"] == group_id]
    labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
    src_url = data.sources.set_index("source_id")["url"]
    focus = pd.DataFrame(
        {
            "Focus area": [labels.get(f, f) for f in ev["focus_id"]],
            "In their words": ev["own_words"],
            "Evidence": ev["evidence"],
            "As of": ev["as_of"],
            "Source": [src_url.get(s, "") for s in ev["source_id"]],
        }
    ).reset_index(drop=True)
    nc = data.network_coalitions
    source_ids = [*ev["source_id"]]
    for value in rows["source_ids"]:
        source_ids.extend(_split_ids(value))
    coalition = data.coalitions[data.coalitions["coalition_id"] == group_id]
    network = data.networks[data.networks["network_id"] == group_id]
    if not coalition.empty:
        c = coalition.iloc[0]
        roster = summaries.roster_completeness(data, members).set_index("coalition_id")
        mine = nc[nc["coalition_id"] == group_id]
        links = pd.DataFrame(
            {
                "Partnership": [names.get(n, n) for n in mine["network_id"]],
                "Role": mine["role"],
                "As of": mine["as_of"],
                "Source": [src_url.get(s, "") for s in mine["source_id"]],
            }
        ).reset_index(drop=True)
        lines = (
            f"Roster: {roster.loc[group_id, 'completeness']}.",
            c["roster_note"],
            f"Drawn on the map at {c['hub_place']}, {c['hub_state']}: {c['hub_basis']}.",
        )
        source_ids = [c["source_id"], *source_ids, *mine["source_id"]]
        return GroupDetails(
            group_id,
            str(c["name"]),
            "coalition",
            lines,
            _members_frame(rows),
            focus,
            links,
            _shared_frame(data, rows, members),
            _sources_frame(data, source_ids),
        )
    if not network.empty:
        n = network.iloc[0]
        mine = nc[nc["network_id"] == group_id]
        links = pd.DataFrame(
            {
                "Coalition": [names.get(c, c) for c in mine["coalition_id"]],
                "Role": mine["role"],
                "As of": mine["as_of"],
                "Source": [src_url.get(s, "") for s in mine["source_id"]],
            }
        ).reset_index(drop=True)
        listed = int(rows.loc[rows["is_member"], "entity_id"].nunique())
        partners = int(rows.loc[~rows["is_member"], "entity_id"].nunique())
        count = f"{listed} members listed" + (f" and {partners} named partners" if partners else "")
        lines = (
            f"{n['kind'].capitalize()}. {n['description']}",
            count + "." if len(rows) else f"{len(mine)} coalitions listed; no members of its own.",
        )
        source_ids = [n["source_id"], *source_ids, *mine["source_id"]]
        return GroupDetails(
            group_id,
            str(n["name"]),
            str(n["kind"]),
            lines,
            _members_frame(rows),
            focus,
            links,
            _shared_frame(data, rows, members),
            _sources_frame(data, source_ids),
        )
    return None


@per_dataset
def member_lines(data: Dataset, members: pd.DataFrame, entity_id: str, group_id: str) -> tuple[str, ...]:
    """Plain-text facts about a clicked member, for the top of the details panel."""
    rows = members[(members["entity_id"] == entity_id) & (members["group_id"] == group_id)]
    if rows.empty:
        return ()
    r = rows.iloc[0]
    titles = _source_titles(data)
    where = ", ".join(v for v in (type_label(r["entity_type"]), r["state"]) if v)
    role = f"{r['role'].capitalize()} of {r['group_name']}"
    if r["joined"]:
        role += f", joined {r['joined']}"
    if not r["is_member"]:
        role += " (a named partner, not counted as a member)"
    others = [g for g in _other_groups(data, members).get(entity_id, []) if g != r["group_name"]]
    lines = [f"{r['name']} ({where})", role + ".", "On the map: " + PLACED.get(r["located_by"], "") + "."]
    if others:
        lines.append("Also listed in: " + ", ".join(others) + ".")
    if r["note"]:
        lines.append(f"Note: {r['note']}")
    lines.extend("Source: " + titles.get(s, s) for s in _split_ids(r["source_ids"]))
    return tuple(lines)


# ---- one view, computed once ----------------------------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    """The options of the page's filters that depend on the data."""

    states: tuple[str, ...]
    types: tuple[str, ...]


@per_dataset
def filter_choices(data: Dataset, members: pd.DataFrame) -> FilterChoices:
    present = set(members["entity_type"])
    return FilterChoices(
        states=tuple(sorted(s for s in set(members["state"]) if s)),
        types=tuple(t for t in ENTITY_TYPES if t in present),
    )


@dataclass(frozen=True)
class MapRender:
    """Everything the page draws for one view; shared by every session showing it (read-only)."""

    sel: MapSelection
    deck: CompactDeck  # its JSON is written once, here
    legend: dict[str, Any]  # Vega-Lite
    table: pd.DataFrame  # the table twin, every row, as display_table (the page shows a page at a time)
    source_lines: tuple[str, ...]
    alt_text: str


@per_dataset
def render_view(data: Dataset, members: pd.DataFrame, view: MapView) -> MapRender:
    """The selection, deck, legend, table twin and sources of a view, once per (dataset, view)."""
    sel = select(data, members, view)
    deck = build_deck(sel)
    deck.to_json()
    return MapRender(
        sel=sel,
        deck=deck,
        legend=legend_spec(legend_rows(sel, data)),
        table=display_table(table_frame(sel)),
        source_lines=tuple(source_lines(sel, data)),
        alt_text=map_alt_text(sel),
    )


if __name__ == "__main__":  # python -m components.views.map.maps [folder]: regenerate static/
    for written, size in write_static_files(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR).items():
        print(f"wrote {written} ({size:,} bytes)")
