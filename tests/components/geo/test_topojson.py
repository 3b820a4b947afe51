"""TopoJSON decoding (us-atlas → GeoJSON) and the boundary build script that uses it."""

import importlib.util
from pathlib import Path

import pytest

from components.geo.topojson import (
    arc_positions,
    decode_arcs,
    feature_collection,
    geometry_to_geojson,
    ring_coordinates,
)

REPO_ROOT = Path(__file__).resolve().parents[3]

# A 2x2-unit square split into two arcs, plus a closed triangle; quantized with
# scale 0.5 and translate (10, 20), so the square spans (10, 20)-(11, 21).
TINY_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[0, 0], [2, 0], [0, 2]],
        [[2, 2], [-2, 0], [0, -2]],
        [[4, 0], [1, 0], [0, 1], [-1, -1]],
    ],
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "id": "48",
                    "properties": {"name": "Texas"},
                    "arcs": [[0, 1]],
                },
                {
                    "type": "Polygon",
                    "id": "72",
                    "properties": {"name": "Puerto Rico"},
                    "arcs": [[~1, ~0]],
                },
                {
                    "type": "MultiPolygon",
                    "id": "02",
                    "properties": {"name": "Alaska"},
                    "arcs": [[[0, 1]], [[2]]],
                },
                {
                    "type": None,
                    "id": "11",
                    "properties": {"name": "District of Columbia"},
                },
            ],
        }
    },
}


SQUARE = [[10.0, 20.0], [11.0, 20.0], [11.0, 21.0], [10.0, 21.0], [10.0, 20.0]]


SQUARE_REVERSED = [[10.0, 20.0], [10.0, 21.0], [11.0, 21.0], [11.0, 20.0], [10.0, 20.0]]


TRIANGLE = [[12.0, 20.0], [12.5, 20.0], [12.5, 20.5], [12.0, 20.0]]


def test_decode_arcs_undoes_delta_encoding_and_transform():
    arcs = decode_arcs(TINY_TOPOLOGY)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    assert arcs[1] == [(11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert arcs[2] == [(12.0, 20.0), (12.5, 20.0), (12.5, 20.5), (12.0, 20.0)]


def test_decode_arcs_without_transform_keeps_absolute_positions():
    topology = {"arcs": [[[1.5, 2.5], [3.25, 4.0]]]}
    assert decode_arcs(topology) == [[(1.5, 2.5), (3.25, 4.0)]]


def test_decode_arcs_rounds_to_ndigits():
    topology = {
        "transform": {"scale": [1 / 3, 1 / 3], "translate": [0, 0]},
        "arcs": [[[1, 2]]],
    }
    assert decode_arcs(topology, ndigits=4) == [[(0.3333, 0.6667)]]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]),
        (~0, [(11.0, 21.0), (11.0, 20.0), (10.0, 20.0)]),
        (-2, [(10.0, 20.0), (10.0, 21.0), (11.0, 21.0)]),
    ],
)
def test_arc_positions_reverses_negative_indexes(index, expected):
    assert arc_positions(index, decode_arcs(TINY_TOPOLOGY)) == expected


@pytest.mark.parametrize(
    ("arc_indexes", "expected"),
    [
        ([0, 1], SQUARE),
        ([~1, ~0], SQUARE_REVERSED),
        ([2], TRIANGLE),
    ],
)
def test_ring_coordinates_stitches_arcs_sharing_end_points(arc_indexes, expected):
    assert ring_coordinates(arc_indexes, decode_arcs(TINY_TOPOLOGY)) == expected


def test_ring_coordinates_pads_degenerate_ring_to_four_positions():
    assert ring_coordinates([0], [[(1.0, 1.0), (2.0, 2.0)]]) == [
        [1.0, 1.0],
        [2.0, 2.0],
        [1.0, 1.0],
        [1.0, 1.0],
    ]


def test_geometry_to_geojson_rejects_unsupported_types():
    with pytest.raises(ValueError, match="LineString"):
        geometry_to_geojson({"type": "LineString", "arcs": [0]}, decode_arcs(TINY_TOPOLOGY))


def test_feature_collection_decodes_polygons_multipolygons_and_nulls():
    collection = feature_collection(TINY_TOPOLOGY, "shapes")
    assert collection["type"] == "FeatureCollection"
    assert [(f["id"], f["properties"]["name"]) for f in collection["features"]] == [
        ("48", "Texas"),
        ("72", "Puerto Rico"),
        ("02", "Alaska"),
        ("11", "District of Columbia"),
    ]
    assert [f["geometry"] for f in collection["features"]] == [
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "Polygon", "coordinates": [SQUARE_REVERSED]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [TRIANGLE]]},
        None,
    ]


def test_feature_collection_uses_the_properties_function():
    collection = feature_collection(TINY_TOPOLOGY, "shapes", properties=lambda g: {"fips": g["id"]})
    assert [f["properties"] for f in collection["features"]] == [
        {"fips": "48"},
        {"fips": "72"},
        {"fips": "02"},
        {"fips": "11"},
    ]


def test_build_script_adds_fips_name_and_usps():
    spec = importlib.util.spec_from_file_location(
        "build_boundaries", REPO_ROOT / "scripts" / "build_boundaries.py"
    )
    build_boundaries = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_boundaries)
    topology = {
        **TINY_TOPOLOGY,
        "objects": {"states": TINY_TOPOLOGY["objects"]["shapes"]},
    }

    states = build_boundaries.build_states(topology)

    assert [f["properties"] for f in states["features"]] == [
        {"fips": "02", "name": "Alaska", "usps": "AK"},
        {"fips": "11", "name": "District of Columbia", "usps": "DC"},
        {"fips": "48", "name": "Texas", "usps": "TX"},
        {"fips": "72", "name": "Puerto Rico", "usps": "PR"},
    ]
