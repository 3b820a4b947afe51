"""Roster completeness and overview counts, checked against counts taken straight from the CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
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


# --- Two dates, never confused (issue 13) ----------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "accessed", "label"),
    [
        ("2021-10-04", "2026-11-21", "stated 2021-10-04"),
        ("2013-03", "2026-12", "stated 2013-03"),
        ("", "2026-11-21", "undated source, checked 2026-11-21"),
        ("", "", "undated source"),
        (float("nan"), "2026-12", "undated source, checked 2026-12"),
    ],
)
def test_date_label_says_which_date_it_is(as_of, accessed, label):
    assert S.date_label(as_of, accessed) == label


def test_the_other_labels():
    assert S.checked_label("2026-11-21") == "source checked 2026-11-21"
    assert S.stated_label("") == ""
    assert S.published_label("2021-11-12", "2026-11-21") == "published 2021-11-12, checked 2026-11-21"
    assert S.published_label("", "2026-11-21") == "undated, checked 2026-11-21"
    assert S.latest_label(["", "2019", "2021-02"], ["2026-12"]) == "stated 2021-02"
    assert S.latest_label(["", ""], ["2026-11-21", "2026-12"]) == "undated source, checked 2026-12"
    assert S.cited("GovTech", "", "2026-11-21") == "GovTech, undated source, checked 2026-11-21"
    assert S.vintage_label("2026-12") == "Data as of 2026-12 (latest source check)"


@pytest.mark.parametrize(
    ("wording", "shown"),
    [
        ("quote", "“smart corridors”"),
        ("paraphrase", "smart corridors (paraphrase)"),
        ("", "smart corridors (wording not checked)"),
    ],
)
def test_words_shown_quotes_only_the_sources_words(wording, shown):
    assert S.words_shown("smart corridors", wording) == shown


def test_with_dates_names_both_dates_of_a_row_with_several_sources():
    data = load_dataset()
    accessed = dict(zip(data.sources["source_id"], data.sources["accessed"], strict=True))
    frame = pd.DataFrame(
        {"as_of": ["", "2021-10-04"], "ids": ["govtech-nscp; urbansdk-nscp", "urbansdk-nscp"]}
    )
    out = S.with_dates(data, frame, "ids")
    assert "as_of" not in out.columns
    latest = max(accessed["govtech-nscp"], accessed["urbansdk-nscp"])
    assert list(out["stated"]) == ["", "2021-10-04"]
    assert list(out["source_checked"]) == [latest, accessed["urbansdk-nscp"]]
    assert list(out["date"]) == [f"undated source, checked {latest}", "stated 2021-10-04"]
