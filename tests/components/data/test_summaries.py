"""Roster completeness and overview counts, checked against counts taken straight from the CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from components.data import filters as F
from components.data import summaries as S
from components.data.load import load_dataset

DATA = Path(__file__).resolve().parents[3] / "coalitions_data"


@pytest.fixture(scope="module")
def roster():
    data = load_dataset()
    return S.roster_completeness(data, F.members_table(data)).set_index("coalition_id")


def _listed(coalition: str) -> int:
    member_roles = {"founding member", "member", "member city", "launch municipality", "community"}
    with (DATA / "memberships.csv").open(encoding="utf-8") as fh:
        return len(
            {
                r["entity_id"]
                for r in csv.DictReader(fh)
                if r["group_id"] == coalition and r["role"] in member_roles
            }
        )


@pytest.mark.parametrize(
    ("number", "qualifier", "label"),
    [(40, "more than", "40+"), (30, "nearly", "nearly 30"), (21, "exactly", "21"), (12, "about", "about 12")],
)
def test_reported_label(number, qualifier, label):
    assert S.reported_label(number, qualifier) == label


def test_ntxia_listed_against_largest_reported(roster):
    row = roster.loc["ntxia"]
    assert row["listed"] == _listed("ntxia")
    assert row["completeness"].startswith(
        f"{_listed('ntxia')} of 40+ members listed; full roster not published"
    )


def test_coalition_without_a_count_says_so(roster):
    assert "no member count or roster published" in roster.loc["kcdd", "completeness"]


def test_municipality_counts_compare_cities(roster):
    assert roster.loc["connective", "completeness"].startswith("18 of 22 municipalities listed")
