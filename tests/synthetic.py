"""SYNTHETIC test data (never shipped): a small made-up dataset, and member rows for tests that need many.

SYNTHETIC_TABLES is a whole data folder of three made-up coalitions and three made-up focus areas,
so the focus-areas and compare tests work out every expected value by hand from it (their places are
real gazetteer names so they can be located). write_synthetic_members appends many member rows to a
copy of the shipped data, every row marked as synthetic.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from components.data.filters import members_table
from components.data.load import Dataset, load_dataset
from components.geo.gazetteer import us_places

SYNTHETIC_TABLES = {
    "sources.csv": [
        ["source_id", "title", "publisher", "url", "published", "accessed", "read_via"],
        [
            "src-a",
            "Synthetic source A",
            "Synthetic Press",
            "https://example.org/a",
            "2020-01-02",
            "2024-01-01",
            "",
        ],
        ["src-b", "Synthetic source B", "Synthetic Wire", "https://example.org/b", "", "2024-01-01", ""],
    ],
    "coalitions.csv": [
        ["coalition_id", "name", "short_name", "hub_place", "hub_state", "hub_basis", "roster_note"]
        + ["source_id", "as_of"],
        [
            "zeta",
            "Zeta Coalition (synthetic)",
            "Zeta",
            "Plano",
            "TX",
            "synthetic hub",
            "synthetic",
            "src-a",
            "2020",
        ],
        [
            "mu",
            "Mu Coalition (synthetic)",
            "Mu",
            "Tucson",
            "AZ",
            "synthetic hub",
            "synthetic",
            "src-a",
            "2020",
        ],
        ["alpha", "Alpha Coalition (synthetic)", "Alpha", "Denver", "CO", "synthetic hub", "synthetic"]
        + ["src-a", "2020"],
    ],
    "networks.csv": [
        ["network_id", "name", "kind", "description", "source_id", "as_of"],
        ["nscp", "Synthetic Partnership", "partnership of coalitions", "synthetic", "src-a", "2021"],
    ],
    "network_coalitions.csv": [
        ["network_id", "coalition_id", "role", "source_id", "as_of", "note"],
        ["nscp", "alpha", "member coalition", "src-a", "2021", ""],
    ],
    "coalition_facts.csv": [
        ["coalition_id", "fact", "value", "number", "qualifier", "counts", "source_id", "as_of", "note"],
        ["zeta", "founded", "2019", "", "", "", "src-a", "2020", ""],
        ["zeta", "founded", "2019-05-01", "", "", "", "src-b", "2024-01-01", ""],
        ["mu", "founded", "2018", "", "", "", "src-a", "2020", ""],
        ["mu", "founded", "2020", "", "", "", "src-b", "2024-01-01", ""],
        ["zeta", "members_reported", "3 founding members", "3", "exactly", "members", "src-a", "2020", ""],
        ["zeta", "leader", "Pat Example, Director", "", "", "", "src-a", "2020", ""],
    ],
    "entities.csv": [
        ["entity_id", "name", "entity_type", "place", "state", "country", "located_by", "note"],
        ["plano-e", "Plano", "city", "Plano", "TX", "US", "city", ""],
        ["frisco-e", "Frisco", "city", "Frisco", "TX", "US", "city", ""],
        ["firm-e", "Example Firm", "company", "Plano", "TX", "US", "coalition-hub", ""],
        ["tucson-e", "Tucson", "city", "Tucson", "AZ", "US", "city", ""],
    ],
    "memberships.csv": [
        ["entity_id", "group_id", "role", "cohort", "joined", "source_id", "as_of", "note"],
        ["plano-e", "zeta", "founding member", "", "", "src-a", "2020", ""],
        ["frisco-e", "zeta", "founding member", "", "", "src-a", "2020", ""],
        ["firm-e", "zeta", "partner", "", "", "src-a", "2020", ""],
        ["plano-e", "mu", "member", "", "", "src-b", "2024-01-01", ""],
        ["tucson-e", "mu", "member", "", "", "src-b", "2024-01-01", ""],
    ],
    "focus_areas.csv": [
        ["focus_id", "label", "description", "nscp_shared"],
        ["f-three", "Three", "synthetic", "no"],
        ["f-one", "One", "synthetic", "yes"],
        ["f-two", "Two", "synthetic", "yes"],
    ],
    "focus_evidence.csv": [
        ["group_id", "focus_id", "evidence", "own_words", "source_id", "as_of", "note"],
        ["zeta", "f-one", "programme", "the one programme", "src-b", "2024-01-01", ""],
        ["zeta", "f-one", "stated", "we state one", "src-a", "2020", ""],
        ["zeta", "f-three", "programme", "a three project", "src-a", "2020", ""],
        ["mu", "f-one", "programme", "mu's one pilot", "src-b", "2024-01-01", ""],
        ["alpha", "f-three", "stated", "alpha says three", "src-a", "2020", ""],
        ["nscp", "f-two", "stated", "partnership states two", "src-a", "2021", ""],
    ],
}


def write_synthetic_dataset(folder: Path) -> Path:
    """Write the SYNTHETIC_TABLES to `folder` (boundaries come from the shipped copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in SYNTHETIC_TABLES.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def synthetic_dataset(folder: Path) -> tuple[Dataset, pd.DataFrame]:
    """The SYNTHETIC dataset loaded from `folder` (written first), with its member table."""
    data = load_dataset(write_synthetic_dataset(folder))
    assert data.ok, [str(p) for p in data.problems]
    return data, members_table(data)


# Fixtures for the test packages that use this dataset; their conftest.py imports them.
@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    return synthetic_dataset(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def shipped():
    data = load_dataset()
    return data, members_table(data)


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def write_synthetic_members(folder: Path, states: tuple[str, ...], n: int, group_id: str = "ntxia") -> int:
    """Append up to n gazetteer places of `states` to a copy of the data as SYNTHETIC members of
    `group_id`; returns how many (a state has only so many places)."""
    places = us_places()
    places = places[places["state"].isin(states)].drop_duplicates(["state", "key"]).head(n)
    _append(
        folder / "sources.csv",
        [
            {
                "source_id": "synthetic-test",
                "title": "SYNTHETIC test rows - not a real source",
                "publisher": "tests/synthetic.py",
                "url": "https://example.invalid/synthetic-test",
                "accessed": "2026-01-01",
                "read_via": "generated by the test",
            }
        ],
    )
    _append(
        folder / "entities.csv",
        [
            {
                "entity_id": f"syn-{p.geonameid}",
                "name": f"SYNTHETIC {p.name}",
                "entity_type": "city",
                "place": p.name,
                "state": p.state,
                "country": "US",
                "located_by": "city",
                "note": "SYNTHETIC test row",
            }
            for p in places.itertuples()
        ],
    )
    _append(
        folder / "memberships.csv",
        [
            {
                "entity_id": f"syn-{p.geonameid}",
                "group_id": group_id,
                "role": "member",
                "source_id": "synthetic-test",
                "as_of": "2026-01-01",
                "note": "SYNTHETIC test row",
            }
            for p in places.itertuples()
        ],
    )
    return len(places)
