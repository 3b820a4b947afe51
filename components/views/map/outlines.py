"""The bundled boundaries as the map draws them: state outlines simplified once per process, their
bounds and names, county footprints, and county names as the map says them.

The outlines are not in any deck: static_files.py writes them to static/states.json, which the
browser fetches once and caches (~135 kB).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from components.geo import boundaries as geo
from components.geo.polygons import geometry_bounds, simplify_geometry
from components.geo.projection import Bounds


@lru_cache(maxsize=1)
def _state_outlines() -> tuple[dict[str, Any], dict[str, Bounds], dict[str, str]]:
    """Simplified state features (2 km tolerance, 0.01° grid), each state's bounds, and names."""
    states = geo.load_states(geo.BOUNDARIES_DIR)
    features, bounds, names = [], {}, {}
    for feature in states["features"]:
        props = feature["properties"]
        coords = simplify_geometry(feature["geometry"], 0.02, 2)
        features.append(
            {
                "type": "Feature",
                "properties": {"usps": props["usps"], "name": props["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
        bounds[props["usps"]] = geometry_bounds(feature["geometry"])
        names[props["usps"]] = props["name"]
    return {"type": "FeatureCollection", "features": features}, bounds, names


def state_outlines() -> dict[str, Any]:
    """The bundled state boundaries, simplified for the map (shared: do not mutate)."""
    return _state_outlines()[0]


def state_bounds() -> dict[str, Bounds]:
    return _state_outlines()[1]


def state_names() -> dict[str, str]:
    return _state_outlines()[2]


@lru_cache(maxsize=1)
def _county_geometries() -> dict[str, list]:
    return {
        f["properties"]["fips"]: simplify_geometry(f["geometry"], 0.004, 3)
        for f in geo.load_counties(geo.BOUNDARIES_DIR)["features"]
    }


def county_geometry(fips: str) -> list | None:
    """MultiPolygon coordinates of one county, simplified (only footprint counties are shipped)."""
    return _county_geometries().get(fips)


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
