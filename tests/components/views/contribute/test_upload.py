"""Reading an edited template back: CSV or workbook, refused as a whole or checked in the template's terms."""

from __future__ import annotations

import pytest

from components.views.contribute import upload
from components.views.contribute.template import ROSTER, template_xlsx
from tests.components.views.contribute.edits import COALITION, join_template, split_template


def test_the_template_reads_back_unchanged(data, roster_csv):
    result = upload.read_files([("ntxia_roster.csv", roster_csv)])
    assert result.ok and result.problems == []
    sheet = result.sheet("roster")
    _, _, rows = split_template(roster_csv)
    assert [r.cells for r in sheet.rows] == rows
    assert (
        sheet.rows[0].number
        == len([n for n in roster_csv.decode("utf-8-sig").splitlines() if n.startswith("#")]) + 2
    )


def test_a_workbook_gives_both_sheets(data):
    result = upload.read_files([("edited.xlsx", template_xlsx(data, COALITION))])
    assert result.ok
    assert [s.spec.name for s in result.sheets] == ["roster", "facts"]
    assert result.sheets[0].file == "edited.xlsx, sheet roster"


def test_a_renamed_csv_is_recognised_by_its_header(roster_csv):
    assert upload.read_files([("my file.csv", roster_csv)]).sheet("roster") is not None


def test_a_missing_column_is_named_with_the_header_row(roster_csv):
    notes, header, rows = split_template(roster_csv)
    header.remove("located_by")
    result = upload.read_files(
        [("r.csv", join_template(notes, header, [{h: r[h] for h in header} for r in rows]))]
    )
    assert not result.ok
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column) == ("r.csv", len(notes) + 1, "located_by")
    assert "Add a column headed 'located_by'" in problem.fix


def test_source_columns_may_be_left_out(roster_csv):
    notes, header, rows = split_template(roster_csv)
    kept = [h for h in header if h == "source_id" or not h.startswith("source_")]
    result = upload.read_files(
        [("r.csv", join_template(notes, kept, [{h: r[h] for h in kept} for r in rows]))]
    )
    assert result.ok


def test_extra_columns_are_ignored_with_a_notice(roster_csv):
    notes, header, rows = split_template(roster_csv)
    result = upload.read_files(
        [("r.csv", join_template(notes, [*header, "my notes"], [r | {"my notes": "x"} for r in rows]))]
    )
    assert result.ok and "my notes" in result.notices[0]


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ([("a.csv", b"x,y\n1,2\n")], "neither a roster nor a facts template"),
        ([("a.xls", b"x")], "Old .xls"),
        ([(f"a{i}.csv", b"x\n") for i in range(upload.MAX_FILES + 1)], "too many"),
        ([("a.csv", "name\nCafé\n".encode("latin-1"))], "not UTF-8"),
    ],
)
def test_unreadable_uploads_fail_with_the_reason(files, words):
    result = upload.read_files(files)
    assert not result.ok and words in str(result.problems[0])


def test_a_workbook_without_template_sheets_fails(data):
    from tests.components.data.test_uploads import _xlsx

    result = upload.read_files([("a.xlsx", _xlsx({"Sheet1": [["x"], [1]]}))])
    assert not result.ok and "no 'roster' or 'facts' sheet" in result.problems[0].message


def test_two_rosters_are_refused(roster_csv):
    result = upload.read_files([("a.csv", roster_csv), ("b.csv", roster_csv)])
    assert not result.ok and "second roster" in result.problems[0].message


def test_a_very_long_cell_is_a_problem_on_its_row(roster_csv):
    notes, header, rows = split_template(roster_csv)
    rows[0]["note"] = "x" * (upload.MAX_CELL_CHARS + 1)
    result = upload.read_files([("r.csv", join_template(notes, header, rows))])
    [problem] = result.problems
    assert (problem.row, problem.column) == (len(notes) + 2, "note")


def test_the_formula_guard_is_undone_on_the_way_back():
    assert upload.unneutralise("'=1+1") == "=1+1"
    assert upload.unneutralise("'tis") == "'tis"


@pytest.mark.parametrize(
    ("name", "state", "slug"),
    [("Fort Worth", "TX", "fort-worth-tx"), ("St. Mary's (Co.)", "", "st-mary-s-co")],
)
def test_slug(name, state, slug):
    assert upload.slug(name, state) == slug


def test_template_columns_are_unique():
    assert len(set(ROSTER.columns)) == len(ROSTER.columns)
