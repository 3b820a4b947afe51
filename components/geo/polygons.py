"""Points in polygons over the bundled Census county boundaries, and outline simplification.

One point-in-county test for the whole app, vectorised with numpy: the map counts members per
county (`counties_of`, thousands of points at once) and the compare page names the county around a
member (`county_at`). A point is in a county when it is inside one of its polygons: inside the outer
ring and not inside a hole. For valid polygons (holes inside their outer ring, polygons apart) that
is the even-odd rule over every ring of the county, which is what `inside` evaluates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from components.geo import boundaries as geo
from components.geo.projection import Bounds


@dataclass(frozen=True)
class Counties:
    """Bundled counties in file order: who they are, their boxes and their rings (unsimplified)."""

    fips: tuple[str, ...]
    names: tuple[str, ...]
    usps: tuple[str, ...]
    boxes: np.ndarray  # n×4: min_lon, min_lat, max_lon, max_lat
    rings: tuple[tuple[np.ndarray, ...], ...]  # per county, every ring as an m×2 array

    def subset(self, index: Sequence[int]) -> Counties:
        return Counties(
            tuple(self.fips[i] for i in index),
            tuple(self.names[i] for i in index),
            tuple(self.usps[i] for i in index),
            self.boxes[list(index)],
            tuple(self.rings[i] for i in index),
        )


def _polygons(geometry: Mapping[str, Any]) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


@lru_cache(maxsize=2)
def _counties(boundaries_dir: str) -> Counties:
    fips, names, usps, boxes, rings = [], [], [], [], []
    for feature in geo.load_counties(Path(boundaries_dir))["features"]:
        arrays = tuple(
            np.asarray(ring, dtype=float)[:, :2] for poly in _polygons(feature["geometry"]) for ring in poly
        )
        points = np.concatenate(arrays)
        boxes.append((*points.min(axis=0), *points.max(axis=0)))
        props = feature["properties"]
        fips.append(props["fips"])
        names.append(props["name"])
        usps.append(props["usps"])
        rings.append(arrays)
    return Counties(tuple(fips), tuple(names), tuple(usps), np.asarray(boxes, dtype=float), tuple(rings))


@lru_cache(maxsize=2)
def _counties_by_state(boundaries_dir: str) -> dict[str, Counties]:
    every = _counties(boundaries_dir)
    index: dict[str, list[int]] = {}
    for i, usps in enumerate(every.usps):
        index.setdefault(usps, []).append(i)
    return {usps: every.subset(rows) for usps, rows in index.items()}


def _folder(boundaries_dir: Path) -> str:
    return str(Path(boundaries_dir).resolve())


def inside(rings: Sequence[np.ndarray], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Even-odd rule over every ring (holes and islands included), vectorised over the points."""
    result = np.zeros(len(x), dtype=bool)
    for ring in rings:
        x0, y0 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
        x1, y1 = ring[1:, 0][:, None], ring[1:, 1][:, None]
        straddles = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        result ^= (straddles & (x < cross_x)).sum(axis=0) % 2 == 1
    return result


def _first_containing(counties: Counties, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point, the index of the first county (file order) that contains it; -1 for none."""
    found = np.full(len(x), -1, dtype=int)
    boxes = counties.boxes
    in_box = (
        (boxes[:, [0]] <= x) & (x <= boxes[:, [2]]) & (boxes[:, [1]] <= y) & (y <= boxes[:, [3]])
    )  # counties × points
    for i in np.flatnonzero(in_box.any(axis=1)):
        near = np.flatnonzero(in_box[i] & (found < 0))
        if len(near):
            found[near[inside(counties.rings[i], x[near], y[near])]] = i
    return found


def _nearest(counties: Counties, x: float, y: float) -> int:
    """The county whose boundary has the vertex nearest to the point."""
    return min(
        range(len(counties.fips)),
        key=lambda i: min(float(np.min((r[:, 0] - x) ** 2 + (r[:, 1] - y) ** 2)) for r in counties.rings[i]),
    )


def counties_of(
    lons: Sequence[float],
    lats: Sequence[float],
    states: Sequence[str],
    *,
    nearest: bool = True,
    boundaries_dir: Path = geo.BOUNDARIES_DIR,
) -> list[str]:
    """The county FIPS code of each point, looked up in the bundled boundaries of its state.

    A point in no county (a harbour town just off its state's simplified coast) gets the county
    whose boundary is nearest, or "" when `nearest` is False; a point in a state without bundled
    counties gets "".
    """
    x_all, y_all = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    out = np.full(len(x_all), "", dtype=object)
    state_of = np.asarray(list(states), dtype=object)
    by_state = _counties_by_state(_folder(boundaries_dir))
    for usps in dict.fromkeys(states):
        counties = by_state.get(usps)
        if counties is None:
            continue
        idx = np.flatnonzero(state_of == usps)
        found = _first_containing(counties, x_all[idx], y_all[idx])
        if nearest:
            for i in np.flatnonzero(found < 0):
                found[i] = _nearest(counties, x_all[idx[i]], y_all[idx[i]])
        hit = found >= 0
        out[idx[hit]] = [counties.fips[i] for i in found[hit]]
    return list(out)


def county_at(
    lon: float, lat: float, boundaries_dir: Path = geo.BOUNDARIES_DIR
) -> tuple[str, str, str] | None:
    """(fips, name, usps) of the bundled Census county containing the point, or None."""
    counties = _counties(_folder(boundaries_dir))
    i = int(_first_containing(counties, np.array([lon], dtype=float), np.array([lat], dtype=float))[0])
    if i < 0:
        return None
    return counties.fips[i], counties.names[i], counties.usps[i]


def simplify_ring(points: Sequence[Sequence[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker on one ring, iterative, in planar lon/lat."""
    if len(points) < 4:
        return [list(p[:2]) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        index, distance = _farthest(points, a, b)
        if index >= 0 and distance > tolerance:
            keep[index] = True
            stack.extend(((a, index), (index, b)))
    return [list(p[:2]) for p, k in zip(points, keep, strict=True) if k]


def _farthest(points: Sequence[Sequence[float]], a: int, b: int) -> tuple[int, float]:
    """The point strictly between a and b farthest from the line a–b, and its distance (-1 if none)."""
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
    return index, best


def simplify_geometry(geometry: Mapping[str, Any], tolerance: float, digits: int) -> list:
    """MultiPolygon coordinates simplified and rounded; rings that collapse are dropped."""
    out = []
    for polygon in _polygons(geometry):
        rings = []
        for ring in polygon:
            simple = []
            for x, y in simplify_ring(ring, tolerance):
                p = [round(x, digits), round(y, digits)]
                if not simple or simple[-1] != p:
                    simple.append(p)
            if len(simple) >= 4:
                rings.append(simple)
        if rings:
            out.append(rings)
    return out


def geometry_bounds(geometry: Mapping[str, Any]) -> Bounds:
    """(min_lon, min_lat, max_lon, max_lat) of a Polygon or MultiPolygon.

    A shape across the antimeridian (Alaska's Aleutians) keeps its western side only.
    """
    polygons = _polygons(geometry)
    xs = [p[0] for poly in polygons for ring in poly for p in ring]
    ys = [p[1] for poly in polygons for ring in poly for p in ring]
    if max(xs) - min(xs) > 180:
        pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if x < 0]
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    return min(xs), min(ys), max(xs), max(ys)
