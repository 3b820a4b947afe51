"""The pre-filled templates: every column from the schema, explained, with the coalition's published rows."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from components.data.schema import TABLES_BY_NAME
from components.views.contribute import template
from components.views.contribute.template import FACTS, ROSTER
from tests.components.views.contribute.edits import COALITION, split_template


def test_roster_columns_are_the_membership_entity_and_source_columns():
    names = {c.name for c in TABLES_BY_NAME["memberships"].columns}
    assert names <= set(ROSTER.columns)
    assert {"name", "entity_type", "place", "state", "located_by", "entity_note"} <= set(ROSTER.columns)
    assert {"source_title", "source_url", "source_accessed"} <= set(ROSTER.columns)
    assert ROSTER.part("entity_note").table == "entities" and ROSTER.part("note").table == "memberships"
    assert len(set(ROSTER.columns)) == len(ROSTER.columns)


def test_facts_columns_are_the_coalition_fact_and_source_columns():
    assert {c.name for c in TABLES_BY_NAME["coalition_facts"].columns} <= set(FACTS.columns)
    assert "source_title" in FACTS.columns and "name" not in FACTS.columns


def test_roster_rows_are_the_coalitions_memberships_joined_with_entities_and_sources(data):
    rows = template.template_rows(data, ROSTER, COALITION)
    published = data.memberships[data.memberships["group_id"] == COALITION]
    assert len(rows) == len(published) > 0
    names = dict(zip(data.entities["entity_id"], data.entities["name"], strict=True))
    urls = dict(zip(data.sources["source_id"], data.sources["url"], strict=True))
    col = {c: i for i, c in enumerate(ROSTER.columns)}
    for cells, rec in zip(rows, published.to_dict("records"), strict=True):
        assert cells[col["entity_id"]] == rec["entity_id"]
        assert cells[col["name"]] == names[rec["entity_id"]]
        assert cells[col["source_url"]] == urls[rec["source_id"]]
        assert cells[col["group_id"]] == COALITION


def test_numbers_are_written_as_the_csv_holds_them(data):
    column = TABLES_BY_NAME["coalition_facts"].column("number")
    assert template.cell_value(column, 21.0) == "21"
    assert template.cell_value(column, float("nan")) == ""
    assert template.cell_value(column, 2.5) == "2.5"


def test_csv_template_explains_every_column_in_notes_above_the_header(data, roster_csv):
    notes, header, rows = split_template(roster_csv)
    assert header == list(ROSTER.columns)
    assert len(rows) == len(template.template_rows(data, ROSTER, COALITION))
    for column in ROSTER.columns:
        assert sum(1 for n in notes if n.startswith(f"# {column} (")) == 1, column
    assert "North Texas Innovation Alliance" in notes[0]
    role_note = next(n for n in notes if n.startswith("# role ("))
    assert "founding member" in role_note and "Required." in role_note


def test_formula_cells_are_written_inert():
    assert template.neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert template.neutralise("Plano") == "Plano"


def test_workbook_has_a_readme_and_the_two_sheets(data):
    book = load_workbook(io.BytesIO(template.template_xlsx(data, COALITION)), read_only=True)
    assert book.sheetnames == ["README", "roster", "facts"]
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    explained = {(r[0], r[1]) for r in readme if r and len(r) > 1 and r[1]}
    assert {("roster", c) for c in ROSTER.columns} <= explained
    assert {("facts", c) for c in FACTS.columns} <= explained
    roster = list(book["roster"].iter_rows(values_only=True))
    assert list(roster[0]) == list(ROSTER.columns)
    assert len(roster) - 1 == len(template.template_rows(data, ROSTER, COALITION))
    facts = list(book["facts"].iter_rows(values_only=True))
    assert len(facts) - 1 == int((data.coalition_facts["coalition_id"] == COALITION).sum())
