"""The bundled boundaries: loading, label points, county names, plausible coordinates."""

import ast
from pathlib import Path

import pytest

from components.geo import boundaries as geo

REPO_ROOT = Path(__file__).resolve().parents[3]


def _polygon(*rings):
    return {"type": "Polygon", "coordinates": [list(map(list, ring)) for ring in rings]}


UNIT_SQUARE = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (_polygon(UNIT_SQUARE), (0.5, 0.5)),
        (_polygon(list(reversed(UNIT_SQUARE))), (0.5, 0.5)),
        (_polygon([(x - 100, y + 40) for x, y in UNIT_SQUARE]), (-99.5, 40.5)),
        (_polygon([(0, 0), (3, 0), (0, 3), (0, 0)]), (1.0, 1.0)),
        # A 4x4 square with a 2x2 hole in its lower left corner: area 12.
        (
            _polygon(
                [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)],
                [(0, 0), (0, 2), (2, 2), (2, 0), (0, 0)],
            ),
            (7 / 3, 7 / 3),
        ),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [
                    [[[5, 5], [5.1, 5], [5.1, 5.1], [5, 5]]],
                    [list(map(list, UNIT_SQUARE))],
                ],
            },
            (0.5, 0.5),
        ),
        (_polygon([(0, 0), (2, 0), (4, 0), (0, 0)]), (2.0, 0.0)),
    ],
    ids=[
        "unit-square",
        "clockwise",
        "offset",
        "triangle",
        "hole",
        "largest-of-multipolygon",
        "no-area",
    ],
)
def test_polygon_centroid(geometry, expected):
    assert geo.polygon_centroid(geometry) == pytest.approx(expected)


def test_polygon_centroid_rejects_other_geometries():
    with pytest.raises(ValueError, match="Point"):
        geo.polygon_centroid({"type": "Point", "coordinates": [0, 0]})


@pytest.fixture(scope="module")
def counties():
    return geo.county_index(geo.BOUNDARIES_DIR)


def test_county_index_columns(counties):
    assert list(counties.columns) == [
        "fips",
        "name",
        "usps",
        "state_fips",
        "lon",
        "lat",
        "name_key",
    ]
    assert counties["fips"].is_unique
    assert (counties["fips"].str[:2] == counties["state_fips"]).all()


@pytest.mark.parametrize(
    ("name", "usps", "fips"),
    [
        ("Dallas County", "TX", "48113"),
        ("Maricopa County", "AZ", "04013"),
        ("Miami-Dade County", "FL", "12086"),
        ("Clinton County", "MO", "29049"),
        ("dallas county", "tx", "48113"),
        ("  DALLAS   COUNTY ", "TX", "48113"),
        ("Dallas", "TX", "48113"),
        ("Miami Dade County", "FL", "12086"),
        ("Orleans Parish", "LA", "22071"),
        ("East Baton Rouge Parish", "LA", "22033"),
        ("Juneau City and Borough", "AK", "02110"),
        ("Fairbanks North Star Borough", "AK", "02090"),
        ("Anchorage Municipality", "AK", "02020"),
        ("Kusilvak Census Area", "AK", "02158"),
        ("Baltimore city", "MD", "24510"),
        ("Baltimore County", "MD", "24005"),
        ("Baltimore", "MD", "24005"),
        ("St. Louis city", "MO", "29510"),
        ("St. Louis County", "MO", "29189"),
        ("Saint Louis County", "MO", "29189"),
        ("Richmond city", "VA", "51760"),
        ("Richmond County", "VA", "51159"),
        ("Alexandria city", "VA", "51510"),
        ("James City County", "VA", "51095"),
        ("Carson City", "NV", "32510"),
        ("Doña Ana County", "NM", "35013"),
        ("Dona Ana County", "NM", "35013"),
        ("Prince George's County", "MD", "24033"),
        ("District of Columbia", "DC", "11001"),
        ("San Juan Municipio", "PR", "72127"),
    ],
)
def test_find_county(counties, name, usps, fips):
    row = geo.find_county(counties, name, usps)
    assert row is not None
    assert row["fips"] == fips


@pytest.mark.parametrize(
    ("name", "usps"),
    [
        ("Dallas County", "OK"),
        ("Dallas city", "TX"),
        ("Nowhere County", "TX"),
        ("Dallas County", "XX"),
        ("", "TX"),
    ],
)
def test_find_county_returns_none_when_nothing_matches(counties, name, usps):
    assert geo.find_county(counties, name, usps) is None


def test_find_county_row_has_a_centroid_inside_the_us(counties):
    row = geo.find_county(counties, "Dallas County", "TX")
    assert (-97.1, 32.5) < (row["lon"], row["lat"]) < (-96.5, 33.0)


def test_load_states_is_cached_and_has_postal_codes():
    states = geo.load_states(geo.BOUNDARIES_DIR)
    assert states is geo.load_states(geo.BOUNDARIES_DIR)
    postal_codes = {feature["properties"]["usps"] for feature in states["features"]}
    assert {"TX", "DC", "PR", "AK", "HI"} <= postal_codes
    assert len(postal_codes) == 56


def test_load_counties_properties():
    counties = geo.load_counties(geo.BOUNDARIES_DIR)
    dallas = next(f for f in counties["features"] if f["properties"]["fips"] == "48113")
    assert dallas["properties"] == {
        "fips": "48113",
        "name": "Dallas",
        "state_fips": "48",
        "usps": "TX",
    }


def test_state_centroids():
    centroids = geo.state_centroids(geo.BOUNDARIES_DIR)
    assert list(centroids.columns) == ["usps", "name", "fips", "lon", "lat"]
    texas = centroids.set_index("usps").loc["TX"]
    # Texas's bounding box.
    assert -106.65 < texas["lon"] < -93.51
    assert 25.84 < texas["lat"] < 36.5


def test_state_centroids_of_states_dc_and_pr_are_in_us_bounds():
    centroids = geo.state_centroids(geo.BOUNDARIES_DIR)
    in_scope = centroids[~centroids["usps"].isin(["AS", "GU", "MP"])]
    assert len(in_scope) == 53
    assert all(geo.in_us_bounds(lon, lat) for lon, lat in zip(in_scope["lon"], in_scope["lat"], strict=True))


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (-96.797, 32.7767, True),  # Dallas
        (-77.0369, 38.9072, True),  # Washington, DC
        (-81.78, 24.555, True),  # Key West
        (-124.7, 48.38, True),  # Cape Flattery
        (-67.0, 44.81, True),  # West Quoddy Head
        (-95.15, 49.36, True),  # Northwest Angle
        (-149.9003, 61.2181, True),  # Anchorage
        (-156.7886, 71.2906, True),  # Utqiagvik
        (-176.6581, 51.88, True),  # Adak
        (-157.8583, 21.3069, True),  # Honolulu
        (-155.5, 19.0, True),  # Big Island south
        (-66.1057, 18.4655, True),  # San Juan
        (-64.9307, 18.3419, True),  # St. Thomas
        (32.7767, -96.797, False),  # Dallas with lat/lon swapped
        (96.797, 32.7767, False),  # Dallas with the sign lost
        (0.0, 0.0, False),
        (-0.1276, 51.5072, False),  # London
        (-99.1332, 19.4326, False),  # Mexico City
        (144.7937, 13.4443, False),  # Guam
        (-170.7, -14.28, False),  # American Samoa
        (173.18, 52.93, False),  # Attu, west of 180°
        (float("nan"), 32.0, False),
        (-96.0, float("nan"), False),
    ],
)
def test_in_us_bounds(lon, lat, expected):
    assert geo.in_us_bounds(lon, lat) is expected


@pytest.mark.parametrize(
    ("lons", "lats", "expected"),
    [
        ([-97.0], [32.0], (-97.0, 32.0, -97.0, 32.0)),
        ([-97.0, -80.5, -120.25], [32.0, 25.0, 47.5], (-120.25, 25.0, -80.5, 47.5)),
        (
            [-97.0, float("nan"), None, -80.0],
            [32.0, 10.0, 10.0, 26.0],
            (-97.0, 26.0, -80.0, 32.0),
        ),
    ],
)
def test_bounds_of(lons, lats, expected):
    assert geo.bounds_of(lons, lats) == expected


@pytest.mark.parametrize(
    ("lons", "lats", "message"),
    [
        ([], [], "no points"),
        ([float("nan")], [32.0], "no points"),
        ([-97.0, -96.0], [32.0], "shorter"),
    ],
    ids=["empty", "all-missing", "different-lengths"],
)
def test_bounds_of_rejects_unusable_input(lons, lats, message):
    with pytest.raises(ValueError, match=message):
        geo.bounds_of(lons, lats)


@pytest.mark.parametrize(
    "module_path",
    [
        "components/geo/boundaries.py",
        "components/geo/topojson.py",
        "components/geo/projection.py",
        "components/geo/polygons.py",
    ],
)
def test_pure_modules_do_not_import_streamlit(module_path):
    tree = ast.parse((REPO_ROOT / module_path).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name == "streamlit" or name.startswith("streamlit.") for name in imported)
