"""The upload applied to the published data in memory, validated by the loader, problems in the upload's terms."""

from __future__ import annotations

import pytest

from components.views.contribute import apply
from components.views.contribute.template import FACTS, template_csv
from components.views.contribute.upload import read_files
from tests.components.views.contribute.edits import (
    COALITION,
    NEW_ENTITY,
    NEW_SOURCE,
    join_template,
    sample_edit,
    split_template,
)

FILE = "ntxia_roster.csv"


def _propose(data, content: bytes, name: str = FILE) -> apply.Proposal:
    return apply.propose(data, COALITION, read_files([(name, content)]))


def _edited(roster_csv: bytes, change) -> tuple[bytes, int]:
    """The template with `change(rows)` applied, and the spreadsheet row of its first data row."""
    notes, header, rows = split_template(roster_csv)
    change(rows)
    return join_template(notes, header, rows), len(notes) + 2


def test_the_unchanged_template_changes_nothing(data, roster_csv):
    proposal = _propose(data, roster_csv)
    assert proposal.ok, proposal.problems
    assert apply.changed_files(proposal, data) == {}
    assert proposal.data is not data and len(proposal.data.memberships) == len(data.memberships)


def test_the_sample_edit_is_applied_and_mapped(data, roster_csv):
    edited, changed = sample_edit(roster_csv)
    proposal = _propose(data, edited)
    assert proposal.ok, proposal.problems
    new = proposal.data
    entity = new.entities.set_index("entity_id").loc[NEW_ENTITY]
    assert entity["name"] == "Synthetic Member (test)" and entity["lon"] == entity["lon"]  # placed, not NaN
    assert NEW_SOURCE in set(new.sources["source_id"])
    roles = new.memberships[
        (new.memberships["entity_id"] == changed["entity_id"]) & (new.memberships["group_id"] == COALITION)
    ]
    assert list(roles["role"]) == ["member"]
    assert set(apply.changed_files(proposal, data)) == {"sources.csv", "entities.csv", "memberships.csv"}
    # Published data is untouched: the shared dataset and its raw tables.
    assert NEW_ENTITY not in set(data.entities["entity_id"])
    assert all(r.get("entity_id") != NEW_ENTITY for r in apply.published_tables(data)["entities"].rows)


def test_rows_of_other_groups_keep_their_place(data, roster_csv):
    proposal = _propose(data, sample_edit(roster_csv)[0])
    before = apply.published_tables(data)["memberships"].rows
    after = [
        r
        for r in apply.edited_tables(data, COALITION, proposal.upload)["memberships"].rows
        if r["group_id"] != COALITION
    ]
    assert after == [r for r in before if r["group_id"] != COALITION]


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({"joined": "last spring"}, "joined", "is not a date"),
        ({"role": "friend"}, "role", "is not one of the allowed values"),
        (
            {"source_id": "no-such-source", "source_title": ""},
            "source_title",
            "a new source, so its title is needed",
        ),
        (
            {"source_url": "not a web address", "source_id": "other-source"},
            "source_url",
            "is not a web address",
        ),
        ({"entity_type": ""}, "entity_type", "is empty but required"),
    ],
)
def test_a_bad_cell_is_named_by_upload_file_row_and_template_column(data, roster_csv, change, column, words):
    edited, first = _edited(roster_csv, lambda rows: rows[0].update(change))
    proposal = _propose(data, edited)
    assert not proposal.ok and proposal.data is None  # nothing applied
    assert any(
        p.file == FILE and p.row == first and p.column == column and words in p.message
        for p in proposal.problems
    ), [str(p) for p in proposal.problems]


def test_a_place_that_cannot_be_found_is_the_entity_rows(data, roster_csv):
    def change(rows):
        entity = rows[0]["entity_id"]
        for row in rows:
            if row["entity_id"] == entity:
                row["place"] = "Nowhereville Xyz"

    edited, first = _edited(roster_csv, change)
    proposal = _propose(data, edited)
    assert any(
        p.row == first and p.column == "place" and "not found" in p.message for p in proposal.problems
    ), [str(p) for p in proposal.problems]


def test_another_groups_row_is_refused(data, roster_csv):
    edited, first = _edited(roster_csv, lambda rows: rows[0].update({"group_id": "snf"}))
    [problem] = _propose(data, edited).problems
    assert (problem.row, problem.column) == (
        first,
        "group_id",
    ) and "this template is for ntxia" in problem.message


def test_one_entity_must_read_the_same_on_every_row(data, roster_csv):
    def change(rows):
        rows.append(dict(rows[0]) | {"name": "Another name", "source_id": rows[-1]["source_id"]})

    edited, first = _edited(roster_csv, change)
    problems = _propose(data, edited).problems
    assert any(p.column == "name" and f"on row {first}" in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_a_row_pasted_twice_names_both_rows(data, roster_csv):
    edited, first = _edited(roster_csv, lambda rows: rows.append(dict(rows[0])))
    problems = _propose(data, edited).problems
    assert any(f"repeats row {first}" in p.message for p in problems), [str(p) for p in problems]


def test_an_entity_left_in_no_membership_is_removed(data, roster_csv):
    only_here = set(data.memberships.groupby("entity_id")["group_id"].nunique().loc[lambda s: s == 1].index)
    mine = data.memberships[
        (data.memberships["group_id"] == COALITION) & data.memberships["entity_id"].isin(only_here)
    ]
    gone = mine["entity_id"].iloc[0]
    edited, _ = _edited(
        roster_csv, lambda rows: rows.__setitem__(slice(None), [r for r in rows if r["entity_id"] != gone])
    )
    proposal = _propose(data, edited)
    assert proposal.ok, proposal.problems
    assert gone not in set(proposal.data.entities["entity_id"])


def test_an_empty_entity_id_is_made_from_name_and_state(data, roster_csv):
    def change(rows):
        rows.append(
            rows[0]
            | {
                "entity_id": "",
                "name": "Waxahachie",
                "place": "Waxahachie",
                "state": "TX",
                "entity_type": "city",
                "located_by": "city",
                "role": "member",
            }
        )

    edited, _ = _edited(roster_csv, change)
    proposal = _propose(data, edited)
    assert proposal.ok, proposal.problems
    assert "waxahachie-tx" in set(proposal.data.entities["entity_id"])
    assert any("waxahachie-tx" in n for n in proposal.upload.notices)


def test_a_facts_file_replaces_the_coalitions_facts(data):
    notes, header, rows = split_template(template_csv(data, FACTS, COALITION))
    rows[0]["note"] = "Edited note (synthetic)."
    proposal = apply.propose(data, COALITION, read_files([("f.csv", join_template(notes, header, rows))]))
    assert proposal.ok, proposal.problems
    assert set(apply.changed_files(proposal, data)) == {"coalition_facts.csv"}
    assert "Edited note (synthetic)." in set(proposal.data.coalition_facts["note"])


def test_an_unreadable_upload_applies_nothing(data):
    proposal = _propose(data, b"\xff\xfe broken", "r.csv")
    assert not proposal.ok and proposal.data is None and proposal.files == {}


def test_table_csv_gives_the_spreadsheet_row_of_each_row():
    table = apply.RawTable(["a", "b"], [{"a": "1", "b": "two\nlines"}, {"a": "2", "b": "x"}])
    content, lines = apply.table_csv(table)
    assert content == b'a,b\n1,"two\nlines"\n2,x\n'
    assert lines == [3, 4]


def test_load_tables_validates_in_memory_exactly_as_a_folder(data):
    """components.data.load.load_tables: the published files as bytes load to the same tables and problems."""
    from components.data.load import load_tables
    from components.data.schema import TABLES

    files = {
        s.file: (data.data_dir / s.file).read_bytes() for s in TABLES if (data.data_dir / s.file).is_file()
    }
    again = load_tables(files, label="memory")
    assert [str(p) for p in again.problems] == [
        str(p).replace(str(data.data_dir), "memory") for p in data.problems
    ]
    for name, frame in data.tables.items():
        assert again.tables[name].equals(frame), name
    missing = load_tables({k: v for k, v in files.items() if k != "entities.csv"}, label="memory")
    assert "entities.csv: is missing from memory." in [str(p) for p in missing.problems]
