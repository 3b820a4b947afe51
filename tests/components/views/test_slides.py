"""What a slide shows where a page runs past one screen: the overview's roster counts, the Data page's
tables with their rows (the SYNTHETIC dataset of tests/synthetic.py)."""

from __future__ import annotations

import pytest

from components.views import slides
from components.views.data_tables import tables_shown
from components.views.overview import overview_shown
from tests.synthetic import synthetic_dataset


@pytest.fixture(scope="module")
def syn(tmp_path_factory):
    return synthetic_dataset(tmp_path_factory.mktemp("synthetic"))


def test_roster_counts_are_the_overview_roster_without_its_notes(syn):
    data, members = syn
    counts = slides.roster_counts(data, members)
    roster = overview_shown(data, members).roster
    assert list(counts.columns) == [slides.ROSTER_COUNTS] and list(roster.columns) == [
        slides.ROSTER_COUNTS,
        "Note",
    ]
    assert counts.index.equals(roster.index)
    assert counts.loc["Zeta Coalition (synthetic)", slides.ROSTER_COUNTS].startswith("2 of 3 members listed")


def test_table_counts_list_every_table_with_its_rows(syn):
    data, _ = syn
    counts = slides.table_counts(data)
    assert [c.file for c in counts] == [t.file for t in tables_shown(data)]
    by_file = {c.file: c for c in counts}
    assert by_file["sources.csv"].rows == "2 rows" and by_file["coalitions.csv"].rows == "3 rows"
    assert by_file["sources.csv"].about.startswith("sources.csv — 2 rows · Every source")
    assert slides.table_counts(data) is counts
