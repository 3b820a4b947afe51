"""Filters: apply to the member table and describe the view in words."""

from __future__ import annotations

import pandas as pd
import pytest

from components.data import filters as F
from components.data.load import load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def members(data):
    return F.members_table(data)


def test_members_table_has_one_row_per_entity_and_group(members):
    assert not members.duplicated(["entity_id", "group_id"]).any()


def test_sources_of_a_membership_are_combined(members):
    allen = members[(members["entity_id"] == "allen-tx") & (members["group_id"] == "ntxia")].iloc[0]
    assert "fortworthbusiness.com" in allen["sources"] and "starlocalmedia.com" in allen["sources"]


@pytest.mark.parametrize(
    ("filters", "present", "absent"),
    [
        (F.Filters(coalitions=("ntxia",)), {"plano-tx", "dallas-tx"}, {"mesa-az"}),
        (F.Filters(states=("AZ",)), {"mesa-az", "pag"}, {"plano-tx"}),
        (F.Filters(types=("county",)), {"dallas-county-tx", "maricopa-county-az"}, {"plano-tx"}),
        (F.Filters(networks=("project-overcome",)), {"yonkers-ny"}, {"plano-tx"}),
        (F.Filters(networks=("nscp",)), {"plano-tx", "mesa-az"}, {"yonkers-ny"}),
        (F.Filters(focus=("water",)), {"plano-tx", "pag"}, {"mesa-az"}),
        (F.Filters(states=("TX",), focus=("transportation",)), {"plano-tx"}, {"mesa-az", "pag"}),
    ],
)
def test_apply(members, data, filters, present, absent):
    ids = set(F.apply(members, data, filters)["entity_id"])
    assert present <= ids
    assert not (absent & ids)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (F.Filters(coalitions=("ntxia",)), "24 members of 1 coalition · coalition: NTXIA"),
        (F.Filters(states=("WY",)), "0 members in WY"),
    ],
)
def test_describe(members, data, filters, expected):
    assert F.describe(F.apply(members, data, filters), data, filters) == expected


def test_describe_counts_partners_separately(members, data):
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "coalitions_data" / "memberships.csv"
    with path.open(encoding="utf-8") as fh:
        partners = {r["entity_id"] for r in csv.DictReader(fh) if r["group_id"] == "snf"}
    f = F.Filters(coalitions=("snf",))
    text = F.describe(F.apply(members, data, f), data, f)
    assert text.startswith(f"0 members and {len(partners)} partners of 1 coalition")


def test_describe_names_every_active_filter(members, data):
    f = F.Filters(states=("TX", "AZ"), focus=("transportation",), types=("city",), networks=("nscp",))
    text = F.describe(F.apply(members, data, f), data, f)
    assert "in TX, AZ" in text and "focus: transportation" in text and "type: city" in text
    assert "network: National Smart Coalitions Partnership" in text


def test_rows_matching_narrows_by_every_condition_that_is_set():
    frame = pd.DataFrame({"state": ["TX", "AZ", "TX"], "kind": ["city", "city", "county"]})
    assert list(F.rows_matching(frame, [("state", ["TX"]), ("kind", None)]).index) == [0, 2]
    assert list(F.rows_matching(frame, [("state", ["TX"]), ("kind", ["county"])]).index) == [2]
    assert list(F.rows_matching(frame, [("state", None)]).index) == [0, 1, 2]
    assert F.rows_matching(frame, [("state", [])]).empty  # an empty allow-list matches nothing
