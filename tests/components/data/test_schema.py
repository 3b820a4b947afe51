"""The one schema: every table and column the loader, the validator and the exports agree on."""

from __future__ import annotations

import pytest

from components.data.schema import PROBLEM_COLUMNS, TABLES, TABLES_BY_NAME, Problem, problems_table


def test_table_names_and_files_are_unique():
    assert len({t.name for t in TABLES}) == len(TABLES)
    assert len({t.file for t in TABLES}) == len(TABLES)
    assert set(TABLES_BY_NAME) == {t.name for t in TABLES}


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.name)
def test_every_key_and_reference_names_a_column_of_its_table(spec):
    columns = {c.name for c in spec.columns}
    assert set(spec.key) <= columns
    for ref in spec.references:
        assert ref.column in columns
        for table, target in ref.targets:
            assert target in {c.name for c in TABLES_BY_NAME[table].columns}


def test_problems_table_has_one_row_per_problem_in_spreadsheet_terms():
    problems = [
        Problem("entities.csv", "no name", 4, "name", "write the name"),
        Problem("sources.csv", "empty"),
    ]
    table = problems_table(problems)
    assert list(table.columns) == PROBLEM_COLUMNS == ["file", "row", "column", "problem", "how to fix"]
    assert table.iloc[0].tolist() == ["entities.csv", 4, "name", "no name", "write the name"]
    assert table.iloc[1]["column"] == "" and table.iloc[1]["how to fix"] == ""


def test_problems_table_of_nothing_keeps_its_columns():
    assert list(problems_table([]).columns) == PROBLEM_COLUMNS
