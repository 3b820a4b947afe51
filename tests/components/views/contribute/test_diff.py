"""The plain diff: one sentence, then every changed row with its source."""

from __future__ import annotations

import pandas as pd

from components.data.schema import TABLES_BY_NAME
from components.views.contribute import diff
from components.views.contribute.apply import propose
from components.views.contribute.upload import read_files
from tests.components.views.contribute.edits import (
    COALITION,
    EXPECTED_SUMMARY,
    NEW_ENTITY,
    NEW_SOURCE,
    join_template,
    sample_edit,
    split_template,
)


def _edited(data, content):
    proposal = propose(data, COALITION, read_files([("r.csv", content)]))
    assert proposal.ok, proposal.problems
    return proposal.data


def test_the_sample_edit_in_one_sentence_and_four_rows(data, roster_csv):
    edited, changed = sample_edit(roster_csv)
    result = diff.dataset_diff(data, _edited(data, edited))
    assert result.summary == EXPECTED_SUMMARY
    table = diff.diff_table(result)
    assert list(table.columns) == diff.DIFF_COLUMNS
    kinds = sorted(zip(table["table"], table["change"], strict=True))
    assert kinds == [
        ("entities.csv", "added"),
        ("memberships.csv", "added"),
        ("memberships.csv", "changed"),
        ("sources.csv", "added"),
    ]
    row = table[table["change"] == "changed"].iloc[0]
    assert row["detail"] == "role: 'founding member' → 'member'"
    assert changed["entity_id"] in row["what"] and "in NTXIA (ntxia) as member" in row["what"]
    added = table[(table["table"] == "memberships.csv") & (table["change"] == "added")].iloc[0]
    assert NEW_ENTITY in added["what"] and "https://example.org/synthetic-roster" in added["source"]
    entity = table[table["table"] == "entities.csv"].iloc[0]
    assert entity["source"] == added["source"]  # an entity is sourced by its memberships


def test_no_change_says_so(data):
    result = diff.dataset_diff(data, data)
    assert result.empty and result.summary == "No changes"


def test_removing_a_member_and_changing_a_place(data, roster_csv):
    notes, header, rows = split_template(roster_csv)
    gone = rows[-1]["entity_id"]
    moved = rows[0]["entity_id"]
    rows = [r for r in rows if r["entity_id"] != gone]
    for r in rows:
        if r["entity_id"] == moved:
            r["entity_note"] = "Synthetic note."
    result = diff.dataset_diff(data, _edited(data, join_template(notes, header, rows)))
    assert "1 member removed" in result.summary or "1 partner removed" in result.summary
    assert "1 member detail changed" in result.summary


def test_table_changes_pairs_a_reworded_row_one_to_one():
    spec = TABLES_BY_NAME["memberships"]
    base = {c.name: "" for c in spec.columns} | {"entity_id": "a", "group_id": "g", "source_id": "s"}
    old = [base | {"role": "member"}, base | {"entity_id": "b", "role": "member"}]
    new = [base | {"role": "founding member"}, base | {"entity_id": "b", "role": "member", "note": "n"}]
    changes = diff.table_changes(spec, old, new)
    assert [(c.kind, c.columns) for c in changes] == [("changed", ("note",)), ("changed", ("role",))]


def test_table_changes_without_a_unique_pair_is_removed_and_added():
    spec = TABLES_BY_NAME["memberships"]
    base = {c.name: "" for c in spec.columns} | {"entity_id": "a", "group_id": "g", "source_id": "s"}
    old = [base | {"role": "member"}, base | {"role": "partner"}]
    new = [base | {"role": "founder"}]
    kinds = sorted(c.kind for c in diff.table_changes(spec, old, new))
    assert kinds == ["added", "removed", "removed"]


def test_diff_text_is_the_sentence_then_each_change_with_its_source(data, roster_csv):
    result = diff.dataset_diff(data, _edited(data, sample_edit(roster_csv)[0]))
    lines = diff.diff_text(result).splitlines()
    assert lines[0] == EXPECTED_SUMMARY + "."
    assert any(line.startswith("+ sources.csv: " + NEW_SOURCE) for line in lines)
    assert sum(1 for line in lines if line.startswith("    source: ")) == len(result.changes)


def test_diff_table_of_no_change_keeps_its_columns(data):
    assert list(diff.diff_table(diff.dataset_diff(data, data)).columns) == diff.DIFF_COLUMNS
    assert isinstance(diff.diff_table(diff.dataset_diff(data, data)), pd.DataFrame)
