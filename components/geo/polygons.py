"""Point-in-polygon over the bundled Census county boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from components.geo import boundaries as geo


@lru_cache(maxsize=2)
def _county_shapes(boundaries_dir: str) -> tuple[tuple[str, str, str, tuple, list], ...]:
    """(fips, name, usps, bbox, polygons) per county, for point-in-polygon lookups."""
    shapes = []
    for feature in geo.load_counties(Path(boundaries_dir))["features"]:
        g = feature["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        xs = [p[0] for poly in polygons for p in poly[0]]
        ys = [p[1] for poly in polygons for p in poly[0]]
        props = feature["properties"]
        shapes.append(
            (props["fips"], props["name"], props["usps"], (min(xs), min(ys), max(xs), max(ys)), polygons)
        )
    return tuple(shapes)


def _in_ring(x: float, y: float, ring: Sequence[Sequence[float]]) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def county_at(
    lon: float, lat: float, boundaries_dir: Path = geo.BOUNDARIES_DIR
) -> tuple[str, str, str] | None:
    """(fips, name, usps) of the bundled Census county containing the point, or None."""
    for fips, name, usps, (x0, y0, x1, y1), polygons in _county_shapes(str(Path(boundaries_dir).resolve())):
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        for rings in polygons:
            if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, hole) for hole in rings[1:]):
                return fips, name, usps
    return None
