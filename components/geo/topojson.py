"""Decode TopoJSON polygons into GeoJSON, in pure Python.

Only what the bundled boundaries need: quantized (delta-encoded) or plain arcs,
Polygon, MultiPolygon and null geometries. See
https://github.com/topojson/topojson-specification for the format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Position = tuple[float, float]
Ring = list[list[float]]

PropertiesFn = Callable[[dict[str, Any]], dict[str, Any]]


def decode_arcs(topology: dict[str, Any], ndigits: int | None = None) -> list[list[Position]]:
    """Return every arc of ``topology`` as absolute (lon, lat) positions.

    A topology with a ``transform`` stores each arc delta-encoded in integer
    units: positions are cumulative sums, then scaled and translated. Without a
    transform the positions are already absolute. ``ndigits`` rounds the result.
    """
    transform = topology.get("transform")
    if transform is not None:
        scale_x, scale_y = transform["scale"]
        translate_x, translate_y = transform["translate"]
    decoded: list[list[Position]] = []
    for arc in topology["arcs"]:
        if transform is None:
            positions = [(float(p[0]), float(p[1])) for p in arc]
        else:
            x = y = 0
            positions = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                positions.append((x * scale_x + translate_x, y * scale_y + translate_y))
        if ndigits is not None:
            positions = [(round(px, ndigits), round(py, ndigits)) for px, py in positions]
        decoded.append(positions)
    return decoded


def arc_positions(index: int, arcs: Sequence[Sequence[Position]]) -> list[Position]:
    """Return the positions of arc ``index``; ``~i`` means arc ``i`` reversed."""
    if index >= 0:
        return list(arcs[index])
    return list(reversed(arcs[~index]))


def ring_coordinates(arc_indexes: Sequence[int], arcs: Sequence[Sequence[Position]]) -> Ring:
    """Stitch the arcs of one ring into a closed GeoJSON linear ring.

    Consecutive arcs share an end point, which is kept once. Like
    topojson-client, a degenerate ring is padded to the four positions GeoJSON
    requires.
    """
    positions: list[Position] = []
    for index in arc_indexes:
        arc = arc_positions(index, arcs)
        positions.extend(arc if not positions else arc[1:])
    while positions and len(positions) < 4:
        positions.append(positions[0])
    return [[x, y] for x, y in positions]


def geometry_to_geojson(
    geometry: dict[str, Any], arcs: Sequence[Sequence[Position]]
) -> dict[str, Any] | None:
    """Convert a TopoJSON Polygon or MultiPolygon to GeoJSON (None for a null one)."""
    kind = geometry.get("type")
    if kind is None:
        return None
    if kind == "Polygon":
        coordinates: list[Any] = [ring_coordinates(ring, arcs) for ring in geometry["arcs"]]
    elif kind == "MultiPolygon":
        coordinates = [[ring_coordinates(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    else:
        raise ValueError(f"unsupported TopoJSON geometry type: {kind!r}")
    return {"type": kind, "coordinates": coordinates}


def feature_collection(
    topology: dict[str, Any],
    object_name: str,
    properties: PropertiesFn | None = None,
    ndigits: int | None = None,
) -> dict[str, Any]:
    """Convert the GeometryCollection ``object_name`` to a GeoJSON FeatureCollection.

    ``properties`` receives each TopoJSON geometry (with its ``id`` and
    ``properties``) and returns the feature's properties; by default the
    geometry's own properties are kept. Feature ids are carried over.
    """
    collection = topology["objects"][object_name]
    if collection.get("type") != "GeometryCollection":
        raise ValueError(f"object {object_name!r} is not a GeometryCollection")
    arcs = decode_arcs(topology, ndigits=ndigits)
    features = []
    for geometry in collection["geometries"]:
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in geometry:
            feature["id"] = geometry["id"]
        feature["properties"] = properties(geometry) if properties else dict(geometry.get("properties") or {})
        feature["geometry"] = geometry_to_geojson(geometry, arcs)
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}
