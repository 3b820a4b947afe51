"""Pure geography helpers: bundled boundaries, label points, county names, plausible coordinates.

No Streamlit here; the boundaries are cached with functools.lru_cache so every
caller shares one parsed copy. See coalitions_data/boundaries/README.md for the data.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from components.geo.projection import Bounds

BOUNDARIES_DIR = Path(__file__).resolve().parents[2] / "coalitions_data" / "boundaries"

# (min_lon, min_lat, max_lon, max_lat), a little wider than the bundled shapes. Coarse
# on purpose: they also cover bits of Canada, Mexico and open sea, which is fine for a
# plausibility check of coordinates (catches swapped lat/lon, lost signs, 0,0).
US_BOUNDING_BOXES: dict[str, Bounds] = {
    "conus": (-125.5, 24.0, -66.0, 49.6),
    # Aleutians west of the antimeridian (positive longitudes) are left out.
    "alaska": (-180.0, 51.0, -129.5, 71.6),
    # Main islands plus the Northwestern Hawaiian Islands.
    "hawaii": (-178.5, 18.5, -154.5, 28.5),
    "puerto_rico_usvi": (-68.1, 17.5, -64.4, 18.8),
}

# Longest first, so "city and borough" wins over "borough".
_COUNTY_SUFFIXES = (
    "city and borough",
    "census area",
    "municipality",
    "municipio",
    "borough",
    "parish",
    "county",
)
_CITY_SUFFIX = "city"
# Census codes independent cities (VA, Baltimore, St. Louis, Carson City) 510 and up.
_FIRST_INDEPENDENT_CITY_CODE = 510


def load_states(boundaries_dir: Path) -> dict[str, Any]:
    """Return the states FeatureCollection (properties fips, name, usps).

    The result is cached and shared by every caller: do not mutate it.
    """
    return _read_geojson(str((Path(boundaries_dir) / "states.geojson").resolve()))


def load_counties(boundaries_dir: Path) -> dict[str, Any]:
    """Return the counties FeatureCollection (properties fips, name, state_fips, usps).

    The result is cached and shared by every caller: do not mutate it.
    """
    return _read_geojson(str((Path(boundaries_dir) / "counties.geojson").resolve()))


@lru_cache(maxsize=8)
def _read_geojson(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def polygon_centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Return (lon, lat), the area-weighted centroid of the largest polygon.

    Works on a GeoJSON Polygon or MultiPolygon in planar lon/lat, holes
    subtracted: good enough for a label point, not for geodesy. A polygon with
    no area falls back to the mean of its outer ring's vertices.
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"expected a Polygon or MultiPolygon, got {kind!r}")
    if not polygons or not polygons[0]:
        raise ValueError("geometry has no coordinates")

    _, centroid = max(
        (_polygon_area_and_centroid(polygon) for polygon in polygons),
        key=lambda ac: ac[0],
    )
    return centroid


def _polygon_area_and_centroid(
    rings: Sequence[Sequence[Sequence[float]]],
) -> tuple[float, tuple[float, float]]:
    exterior = rings[0]
    # Coordinates relative to one vertex keep the cross products small and exact enough.
    origin_x, origin_y = exterior[0][0], exterior[0][1]
    total_area = moment_x = moment_y = 0.0
    for ring_number, ring in enumerate(rings):
        signed_area, ring_moment_x, ring_moment_y = _ring_area_and_moments(ring, origin_x, origin_y)
        # Orientation varies by source: count the exterior positive, holes negative.
        weight = math.copysign(1.0, signed_area) * (1.0 if ring_number == 0 else -1.0)
        total_area += weight * signed_area
        moment_x += weight * ring_moment_x
        moment_y += weight * ring_moment_y
    if total_area <= 0.0:
        vertices = exterior[:-1] if len(exterior) > 1 and exterior[0] == exterior[-1] else exterior
        mean_x = sum(p[0] for p in vertices) / len(vertices)
        mean_y = sum(p[1] for p in vertices) / len(vertices)
        return 0.0, (mean_x, mean_y)
    return total_area, (
        origin_x + moment_x / total_area,
        origin_y + moment_y / total_area,
    )


def _ring_area_and_moments(
    ring: Sequence[Sequence[float]], origin_x: float, origin_y: float
) -> tuple[float, float, float]:
    """Shoelace signed area and first moments (area times centroid) of one ring."""
    area = moment_x = moment_y = 0.0
    for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring):
        x0, y0, x1, y1 = x0 - origin_x, y0 - origin_y, x1 - origin_x, y1 - origin_y
        cross = x0 * y1 - x1 * y0
        area += cross
        moment_x += (x0 + x1) * cross
        moment_y += (y0 + y1) * cross
    return area / 2.0, moment_x / 6.0, moment_y / 6.0


def county_name_key(name: str) -> str:
    """Normalise a county name for lookup: drop accents, case, dots and apostrophes.

    Hyphens become spaces and "saint" becomes "st": "Miami-Dade" -> "miami dade",
    "St. Mary's" -> "st marys", "Saint Louis" -> "st louis".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = re.sub("[.'\u2019]", "", text)
    text = re.sub("[-\u2013\u2014]", " ", text)
    words = text.split()
    words = [{"saint": "st", "sainte": "ste"}.get(word, word) for word in words]
    return " ".join(words)


def county_index(boundaries_dir: Path) -> pd.DataFrame:
    """Return one row per county: fips, name, usps, state_fips, lon, lat, name_key.

    lon/lat is the label point from polygon_centroid; name_key is
    county_name_key(name), the bare Census name ("Dallas", "Miami-Dade", "Orleans").
    """
    return _county_index(str(Path(boundaries_dir).resolve())).copy()


@lru_cache(maxsize=4)
def _county_index(boundaries_dir: str) -> pd.DataFrame:
    features = load_counties(Path(boundaries_dir))["features"]
    frame = _label_points(features, ("fips", "name", "usps", "state_fips"))
    frame["name_key"] = [county_name_key(name) for name in frame["name"]]
    return frame.sort_values("fips", ignore_index=True)


def _label_points(features: Iterable[dict[str, Any]], properties: Sequence[str]) -> pd.DataFrame:
    """One row per feature: the named properties, then its label point (lon, lat)."""
    rows = []
    for feature in features:
        lon, lat = polygon_centroid(feature["geometry"])
        rows.append({**{name: feature["properties"][name] for name in properties}, "lon": lon, "lat": lat})
    return pd.DataFrame(rows, columns=[*properties, "lon", "lat"])


def find_county(index: pd.DataFrame, name: str, usps: str) -> pd.Series | None:
    """Return the county_index row for ``name`` in state ``usps``, or None.

    Case-insensitive. Accepts the bare Census name ("Dallas", "Carson City") or
    the name with its kind: "Dallas County", "Orleans Parish", "Juneau City and
    Borough", "Anchorage Municipality". "Baltimore city" / "Richmond city" mean
    the independent city; "Baltimore County" and a bare "Baltimore" mean the county.
    """
    in_state = index[index["usps"] == usps.strip().upper()]
    if in_state.empty:
        return None
    is_city = in_state["fips"].str[2:].astype(int) >= _FIRST_INDEPENDENT_CITY_CODE
    key = county_name_key(name)

    exact = in_state["name_key"] == key
    if exact.any():
        preferred = in_state[exact & ~is_city]
        return (preferred if not preferred.empty else in_state[exact]).iloc[0]

    for suffix in (*_COUNTY_SUFFIXES, _CITY_SUFFIX):
        if key.endswith(" " + suffix):
            bare = key.removesuffix(" " + suffix)
            wanted_city = is_city if suffix == _CITY_SUFFIX else ~is_city
            matches = in_state[(in_state["name_key"] == bare) & wanted_city]
            return matches.iloc[0] if not matches.empty else None
    return None


def state_centroids(boundaries_dir: Path) -> pd.DataFrame:
    """Return one row per state or territory: usps, name, fips, lon, lat (label)."""
    return _state_centroids(str(Path(boundaries_dir).resolve())).copy()


@lru_cache(maxsize=4)
def _state_centroids(boundaries_dir: str) -> pd.DataFrame:
    features = load_states(Path(boundaries_dir))["features"]
    return _label_points(features, ("usps", "name", "fips")).sort_values("fips", ignore_index=True)


def bounds_of(lons: Iterable[float | None], lats: Iterable[float | None]) -> Bounds:
    """Return (min_lon, min_lat, max_lon, max_lat) of the points.

    Pairs with a missing (None/NaN) coordinate are skipped; no usable point, or
    sequences of different lengths, raise ValueError.
    """
    points = [
        (float(lon), float(lat))
        for lon, lat in zip(lons, lats, strict=True)
        if not _is_missing(lon) and not _is_missing(lat)
    ]
    if not points:
        raise ValueError("no points with both a longitude and a latitude")
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def in_us_bounds(lon: float, lat: float) -> bool:
    """True when (lon, lat) is in a generous box around the states, DC, PR or USVI."""
    if _is_missing(lon) or _is_missing(lat):
        return False
    return any(
        min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
        for min_lon, min_lat, max_lon, max_lat in US_BOUNDING_BOXES.values()
    )
