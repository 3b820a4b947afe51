"""Point in county polygon, pinned before the two lookups became one (issue 12).

Every place the tests use, and every located member of the shipped data, gets the same county as
before: the expected FIPS below were computed by the code at git 8c28c6d (counties_of from
components/views/map/maps.py, county_at from components/views/compare/comparison.py), never by the
code under test. The gazetteer sets the map tests draw SYNTHETIC members from are pinned by a digest.
"""

from __future__ import annotations

import hashlib

import pytest

from components.data.filters import members_table
from components.data.load import load_dataset
from components.geo import polygons
from components.geo.gazetteer import find_place, us_places

# (lon, lat, state, counties_of FIPS, county_at) for the coordinates the tests pass.
COORDINATES = [
    (-96.797, 32.776, "TX", "48113", ("48113", "Dallas", "TX")),
    (-96.797, 32.777, "TX", "48113", ("48113", "Dallas", "TX")),
    (-97.743, 30.267, "TX", "48453", ("48453", "Travis", "TX")),
    (-95.363, 29.763, "TX", "48201", ("48201", "Harris", "TX")),
    (-76.612, 39.29, "MD", "24510", ("24510", "Baltimore", "MD")),
    (-70.935, 42.519, "MA", "25009", ("25009", "Essex", "MA")),
    (-40.0, 30.0, "", "", None),
]
# (place, state, counties_of FIPS, county_at) for the gazetteer places the tests name.
GAZETTEER_PLACES = [
    ("Tulsa", "OK", "40143", ("40143", "Tulsa", "OK")),
    ("Boise", "ID", "16001", ("16001", "Ada", "ID")),
    ("St. Louis", "MO", "29510", ("29510", "St. Louis", "MO")),
    ("Dallas", "TX", "48113", ("48113", "Dallas", "TX")),
    ("Plano", "TX", "48085", ("48085", "Collin", "TX")),
    ("Richardson", "TX", "48113", ("48113", "Dallas", "TX")),
    ("Austin", "TX", "48453", ("48453", "Travis", "TX")),
    ("Houston", "TX", "48201", ("48201", "Harris", "TX")),
    ("Tucson", "AZ", "04019", ("04019", "Pima", "AZ")),
    ("Phoenix", "AZ", "04013", ("04013", "Maricopa", "AZ")),
    ("Mesa", "AZ", "04013", ("04013", "Maricopa", "AZ")),
    ("Baltimore", "MD", "24510", ("24510", "Baltimore", "MD")),
    ("Salem", "MA", "25009", ("25009", "Essex", "MA")),
    ("Denver", "CO", "08031", ("08031", "Denver", "CO")),
    ("Loíza", "PR", "72087", ("72087", "Loíza", "PR")),
]
# entity_id: (state, counties_of FIPS of a member placed at its city, county_at FIPS).
SHIPPED_MEMBERS = {
    "addison-tx": ("TX", "48113", "48113"),
    "albuquerque-nm": ("NM", "35001", "35001"),
    "allen-tx": ("TX", "48085", "48085"),
    "apache-junction-az": ("AZ", "04021", "04021"),
    "arlington-tx": ("TX", "48439", "48439"),
    "aurora-co": ("CO", "08005", "08005"),
    "austin-tx": ("TX", "48453", "48453"),
    "boulder-co": ("CO", "08013", "08013"),
    "buckeye-az": ("AZ", "04013", "04013"),
    "buffalo-ny": ("NY", "36029", "36029"),
    "burlington-vt": ("VT", "50007", "50007"),
    "casa-grande-az": ("AZ", "04021", "04021"),
    "chandler-az": ("AZ", "04013", "04013"),
    "charlotte-nc": ("NC", "37119", "37119"),
    "chattanooga-tn": ("TN", "47065", "47065"),
    "clay-county-fl": ("FL", None, "12019"),
    "cleveland-oh": ("OH", "39035", "39035"),
    "clinton-county-mo": ("MO", None, "29049"),
    "colorado-springs-co": ("CO", "08041", "08041"),
    "cook-county-il": ("IL", None, "17031"),
    "coppell-tx": ("TX", "48113", "48113"),
    "corinth-tx": ("TX", "48121", "48121"),
    "dallas-county-tx": ("TX", None, "48113"),
    "dallas-innovation-alliance": ("TX", "48113", "48113"),
    "dallas-regional-chamber": ("TX", "48113", "48113"),
    "dallas-tx": ("TX", "48113", "48113"),
    "dart": ("TX", "48113", "48113"),
    "denver-co": ("CO", "08031", "08031"),
    "detroit-mi": ("MI", "26163", "26163"),
    "digitalc": ("OH", "39035", "39035"),
    "duluth-mn": ("MN", "27137", "27137"),
    "el-mirage-az": ("AZ", "04013", "04013"),
    "eugene-springfield-or": ("OR", "41039", "41039"),
    "flint-mi": ("MI", "26049", "26049"),
    "fort-collins-co": ("CO", "08069", "08069"),
    "fort-worth-chamber": ("TX", "48439", "48439"),
    "fort-worth-tx": ("TX", "48439", "48439"),
    "fountain-hills-az": ("AZ", "04013", "04013"),
    "frisco-tx": ("TX", "48085", "48085"),
    "garland-tx": ("TX", "48113", "48113"),
    "gilbert-az": ("AZ", "04013", "04013"),
    "glendale-az": ("AZ", "04013", "04013"),
    "goodyear-az": ("AZ", "04013", "04013"),
    "grand-junction-co": ("CO", "08077", "08077"),
    "greenwood-village-co": ("CO", "08005", "08005"),
    "irving-tx": ("TX", "48113", "48113"),
    "jackson-energy-authority": ("TN", "47113", "47113"),
    "jackson-tn": ("TN", "47113", "47113"),
    "kansas-city-ks": ("KS", "20209", "20209"),
    "kansas-city-mo": ("MO", "29095", "29095"),
    "lafayette-la": ("LA", "22055", "22055"),
    "las-vegas-nv": ("NV", "32003", "32003"),
    "lexington-ky": ("KY", "21067", "21067"),
    "lincoln-ne": ("NE", "31109", "31109"),
    "littleton-co": ("CO", "08005", "08005"),
    "loiza-pr": ("PR", "72087", "72087"),
    "lone-tree-co": ("CO", "08035", "08035"),
    "long-beach-ca": ("CA", "06037", "06037"),
    "longmont-co": ("CO", "08013", "08013"),
    "madison-wi": ("WI", "55025", "55025"),
    "maricopa-county-az": ("AZ", None, "04013"),
    "mckinney-edc": ("TX", "48085", "48085"),
    "mckinney-tx": ("TX", "48085", "48085"),
    "mesa-az": ("AZ", "04013", "04013"),
    "miami-dade-county-fl": ("FL", None, "12086"),
    "nassau-county-fl": ("FL", None, "12089"),
    "neptune-beach-fl": ("FL", "12031", "12031"),
    "onward-eugene": ("OR", "41039", "41039"),
    "pag": ("AZ", "04019", "04019"),
    "peoria-az": ("AZ", "04013", "04013"),
    "philadelphia-pa": ("PA", "42101", "42101"),
    "phoenix-az": ("AZ", "04013", "04013"),
    "plano-tx": ("TX", "48085", "48085"),
    "queen-creek-az": ("AZ", "04013", "04013"),
    "red-wing-mn": ("MN", "27049", "27049"),
    "richardson-tx": ("TX", "48113", "48113"),
    "salisbury-nc": ("NC", "37159", "37159"),
    "san-diego-ca": ("CA", "06073", "06073"),
    "san-francisco-ca": ("CA", "06075", "06075"),
    "san-jose-ca": ("CA", "06085", "06085"),
    "scottsdale-az": ("AZ", "04013", "04013"),
    "st-augustine-fl": ("FL", "12109", "12109"),
    "surprise-az": ("AZ", "04013", "04013"),
    "tempe-az": ("AZ", "04013", "04013"),
    "tolleson-az": ("AZ", "04013", "04013"),
    "university-at-buffalo": ("NY", "36029", "36029"),
    "urbana-champaign-il": ("IL", "17019", "17019"),
    "utah-ignite": ("UT", "49035", "49035"),
    "washington-dc": ("DC", "11001", "11001"),
    "wilmer-tx": ("TX", "48113", "48113"),
    "yonkers-ny": ("NY", "36119", "36119"),
    "youngtown-az": ("AZ", "04013", "04013"),
}

# Gazetteer places just off the bundled outline: in no county, so county_at gives None and
# counties_of the county whose boundary is nearest. (lon, lat, state, counties_of FIPS)
OFF_THE_OUTLINE = [
    (-94.88992, 29.66217, "TX", "48071"),  # Beach City, TX
    (-97.00555, 28.13946, "TX", "48007"),  # Lamar, TX
    (-95.28883, 28.94441, "TX", "48039"),  # Surfside Beach, TX
    (-74.42306, 39.36415, "NJ", "34001"),  # Atlantic City, NJ
    (-65.83294, 18.42495, "PR", "72087"),  # Vieques, PR
    (-87.76619, 42.78446, "WI", "55101"),  # Wind Point, WI
]

# (places, sha256 of "geonameid:counties_of FIPS" lines, sha256 of "geonameid:county_at FIPS" lines,
#  points county_at places in a county), the places sorted by geonameid.
GAZETTEER_SETS = {
    # Every Texas and Oklahoma place: the SYNTHETIC members of the map's count-mark tests.
    "TX and OK": (
        1637,
        "ceffb180faaf3813a4c45bbd062f93b5a81135adec96ca63c2f2a671c6e0116a",
        "77db96934ad52b644b07a1f46a862368480cffcd9e71d28dd77b769d61dd3560",
        1634,
    ),
    # Every 8th US place (us_places().iloc[::8]): the SYNTHETIC nationwide members.
    "every 8th": (
        2752,
        "0d904def7cf1c6acaa98038f2db68b10705bceba2b0ad068389bf704d585a21f",
        "debef2acec9c2cabb172043a55d6e0dfbb3097b1cb8bdacddcc5baf32f4ae1fe",
        2741,
    ),
}


@pytest.mark.parametrize(("lon", "lat", "state", "fips", "hit"), COORDINATES)
def test_coordinates_keep_their_county(lon, lat, state, fips, hit):
    assert polygons.counties_of([lon], [lat], [state]) == [fips]
    assert polygons.county_at(lon, lat) == hit


@pytest.mark.parametrize(("name", "state", "fips", "hit"), GAZETTEER_PLACES)
def test_gazetteer_places_keep_their_county(name, state, fips, hit):
    lon, lat, _ = find_place(name, state)
    assert polygons.counties_of([lon], [lat], [state]) == [fips]
    assert polygons.county_at(lon, lat) == hit


@pytest.mark.parametrize(("lon", "lat", "state", "fips"), OFF_THE_OUTLINE)
def test_a_point_off_the_outline_gets_the_nearest_county_only_when_asked(lon, lat, state, fips):
    assert polygons.county_at(lon, lat) is None
    assert polygons.counties_of([lon], [lat], [state]) == [fips]
    assert polygons.counties_of([lon], [lat], [state], nearest=False) == [""]


def test_shipped_members_keep_their_county():
    members = members_table(load_dataset())
    located = members[members["lon"].notna() & members["located_by"].isin(["city", "county"])]
    located = located.drop_duplicates("entity_id").set_index("entity_id")
    assert set(SHIPPED_MEMBERS) <= set(located.index)
    for entity_id, (state, fips, hit) in SHIPPED_MEMBERS.items():
        row = located.loc[entity_id]
        assert row["state"] == state
        if fips is not None:
            assert polygons.counties_of([row["lon"]], [row["lat"]], [state]) == [fips], entity_id
        assert polygons.county_at(float(row["lon"]), float(row["lat"]))[0] == hit, entity_id


def _digest(lines) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.mark.parametrize("name", list(GAZETTEER_SETS))
def test_gazetteer_sets_keep_their_counties(name):
    places = us_places()
    chosen = places[places["state"].isin(("TX", "OK"))] if name == "TX and OK" else places.iloc[::8]
    chosen = chosen.sort_values("geonameid")
    n, of_digest, at_digest, found = GAZETTEER_SETS[name]
    assert len(chosen) == n
    fips = polygons.counties_of(chosen["lon"], chosen["lat"], chosen["state"])
    assert _digest(f"{g}:{f}" for g, f in zip(chosen["geonameid"], fips, strict=True)) == of_digest
    hits = [polygons.county_at(x, y) for x, y in zip(chosen["lon"], chosen["lat"], strict=True)]
    assert sum(h is not None for h in hits) == found
    assert (
        _digest(f"{g}:{h[0] if h else ''}" for g, h in zip(chosen["geonameid"], hits, strict=True))
        == at_digest
    )
