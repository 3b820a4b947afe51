"""Web Mercator, as deck.gl draws it: the camera that frames a lon/lat box, and the projection of a
point into a picture at that camera (the static SVG map matches the screen).

Also the plain bounds arithmetic the map framing uses. Pure math: no data, no pandas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Bounds = tuple[float, float, float, float]  # (min_lon, min_lat, max_lon, max_lat)

# deck.gl (math.gl web-mercator) draws the world 512 px wide at zoom 0.
TILE_SIZE_PX = 512
MIN_ZOOM = 1.0
MAX_ZOOM = 12.0
POINT_ZOOM = 9.0
MAX_MERCATOR_LAT = 85.051129


def mercator_x(lon: float) -> float:
    """Longitude to web-mercator x in world units (0 at -180°, 1 at 180°)."""
    return (lon + 180.0) / 360.0


def mercator_y(lat: float) -> float:
    """Latitude to web-mercator y in world units (0 at the top, grows southward)."""
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    return (1.0 - math.log(math.tan(math.pi / 4.0 + math.radians(lat) / 2.0)) / math.pi) / 2.0


def mercator_lat(y: float) -> float:
    """Inverse of mercator_y."""
    return math.degrees(2.0 * math.atan(math.exp(math.pi * (1.0 - 2.0 * y))) - math.pi / 2.0)


def view_for_bounds(
    bounds: Bounds, width_px: int = 900, height_px: int = 560, padding: float = 0.1
) -> dict[str, float]:
    """Return the web-mercator view {longitude, latitude, zoom} that fits ``bounds``.

    ``padding`` is the fraction of the viewport left empty on each side. A single
    point (zero-size bounds) gets POINT_ZOOM; zoom is clamped to MIN_ZOOM..MAX_ZOOM
    and rounded down to 2 decimals so the bounds still fit.
    """
    min_lon, min_lat, max_lon, max_lat = bounds
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError(f"bounds must be (min_lon, min_lat, max_lon, max_lat), got {bounds}")
    if width_px <= 0 or height_px <= 0:
        raise ValueError("width_px and height_px must be positive")
    if not 0.0 <= padding < 0.5:
        raise ValueError("padding must be in [0, 0.5)")

    left, right = mercator_x(min_lon), mercator_x(max_lon)
    top, bottom = mercator_y(max_lat), mercator_y(min_lat)
    span_x, span_y = right - left, bottom - top
    if span_x <= 0.0 and span_y <= 0.0:
        zoom = POINT_ZOOM
    else:
        usable_width = width_px * (1.0 - 2.0 * padding)
        usable_height = height_px * (1.0 - 2.0 * padding)
        scales = []
        if span_x > 0.0:
            scales.append(usable_width / (span_x * TILE_SIZE_PX))
        if span_y > 0.0:
            scales.append(usable_height / (span_y * TILE_SIZE_PX))
        zoom = math.floor(math.log2(min(scales)) * 100.0) / 100.0
    return {
        "longitude": round((min_lon + max_lon) / 2.0, 4),
        "latitude": round(mercator_lat((top + bottom) / 2.0), 4),
        "zoom": min(MAX_ZOOM, max(MIN_ZOOM, zoom)),
    }


@dataclass(frozen=True)
class Projection:
    """Web Mercator at a deck.gl zoom, centred in a width×height picture (pixels)."""

    longitude: float
    latitude: float
    zoom: float
    width: int
    height: int

    @property
    def scale(self) -> float:
        return TILE_SIZE_PX * 2.0**self.zoom

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (mercator_x(lon) - mercator_x(self.longitude)) * self.scale + self.width / 2
        y = (mercator_y(lat) - mercator_y(self.latitude)) * self.scale + self.height / 2
        return x, y

    def visible(self, bounds: Bounds, margin: float = 40) -> bool:
        """True when a lon/lat box can show in the picture (used to skip far-away states)."""
        x0, y1 = self(bounds[0], bounds[1])
        x1, y0 = self(bounds[2], bounds[3])
        return x1 >= -margin and x0 <= self.width + margin and y1 >= -margin and y0 <= self.height + margin


def projection_for(bounds: Bounds, width: int, height: int, padding: float) -> Projection:
    """The projection of a width×height picture framed on `bounds` as the deck would frame it."""
    view = view_for_bounds(bounds, width, height, padding)
    return Projection(view["longitude"], view["latitude"], view["zoom"], width, height)


def widen(bounds: Bounds, min_span: float) -> Bounds:
    """The bounds grown about their centre to at least `min_span` degrees each way."""
    min_lon, min_lat, max_lon, max_lat = bounds
    half_x = max(max_lon - min_lon, min_span) / 2
    half_y = max(max_lat - min_lat, min_span) / 2
    cx, cy = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return cx - half_x, cy - half_y, cx + half_x, cy + half_y


def contains(bounds: Bounds, lon: float, lat: float) -> bool:
    """True when (lon, lat) is inside the box, edges included."""
    return bounds[0] <= lon <= bounds[2] and bounds[1] <= lat <= bounds[3]


# The camera in a link (`view=<west>,<south>,<east>,<north>`): the visible area, not a zoom level, so a
# phone, a projector and a printed page each show at least what the person who shared it saw.
CAMERA_DIGITS = 4  # 0.0001° (about 10 m)
MIN_CAMERA_SPAN = 0.001  # degrees: closer than any gazetteer point means anything


def parse_camera(value: str) -> Bounds | None:
    """The bounds a link's `view=` value names, or None when it is not four numbers making a box on Earth."""
    parts = value.split(",")
    if len(parts) != 4 or len(value) > 80:
        return None
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None
    if not (-180 <= west < east <= 180 and -MAX_MERCATOR_LAT <= south < north <= MAX_MERCATOR_LAT):
        return None
    # (with a hair of slack: -96.799 - -96.8 is 0.000999… in floating point)
    if min(east - west, north - south) < MIN_CAMERA_SPAN - 1e-9:
        return None
    return west, south, east, north


def camera_value(bounds: Bounds) -> str:
    """The `view=` value of a visible area (what the browser reports, in the same format)."""
    return ",".join(f"{v:.{CAMERA_DIGITS}f}" for v in bounds)
