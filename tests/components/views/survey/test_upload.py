"""Reading respondent-level uploads: a table of bad files, each reported at file/row/column.

Test rows here are SYNTHETIC: invented respondents and answers, used only to check the code.
"""

from __future__ import annotations

import builtins
import tempfile

import pytest

from components.data.schema import problems_table
from components.views.survey import upload as survey_upload
from components.views.survey.template import TEMPLATE_NAMES
from components.views.survey.upload import MAX_BYTES, read_upload
from tests.components.views.survey.uploads import FIXTURE, GOOD, HEADER, csv_file, xlsx_file, zip_file

BAD_UPLOADS = [
    # (case, file name, content, expected row, expected column, words in the message)
    (
        "missing column",
        "s.csv",
        csv_file("r1,Plano,285000", header="respondent_id,jurisdiction,population"),
        1,
        "state",
        "missing",
    ),
    (
        "unknown state",
        "s.csv",
        csv_file(GOOD, "r2,Mesa,XX,500000,barriers,,Budget limitations,1"),
        3,
        "state",
        "not a US state",
    ),
    (
        "percent over 100 where a 1/0 belongs",
        "s.csv",
        csv_file(GOOD, "r2,Mesa,AZ,500000,barriers,,Budget limitations,150"),
        3,
        "selected",
        "not a percentage",
    ),
    (
        "percent sign",
        "s.csv",
        csv_file("r2,Mesa,AZ,500000,barriers,,Budget limitations,42%"),
        2,
        "selected",
        "not a percentage",
    ),
    (
        "population not a number",
        "s.csv",
        csv_file("r2,Mesa,AZ,lots,barriers,,Budget limitations,1"),
        2,
        "population",
        "not a number",
    ),
    (
        "population out of range",
        "s.csv",
        csv_file("r2,Mesa,AZ,0,barriers,,Budget limitations,1"),
        2,
        "population",
        "out of range",
    ),
    (
        "population too large",
        "s.csv",
        csv_file("r2,Mesa,AZ,30000000,barriers,,x,1"),
        2,
        "population",
        "out of range",
    ),
    (
        "population not whole",
        "s.csv",
        csv_file("r2,Mesa,AZ,1234.5,barriers,,x,1"),
        2,
        "population",
        "whole number",
    ),
    (
        "bad question id",
        "s.csv",
        csv_file("r2,Mesa,AZ,500000,Tech deployed!,,x,1"),
        2,
        "question_id",
        "not a valid id",
    ),
    (
        "empty required cell",
        "s.csv",
        csv_file("r2,,AZ,500000,barriers,,x,1"),
        2,
        "jurisdiction",
        "empty but required",
    ),
    (
        "unquoted comma",
        "s.csv",
        csv_file("r2,Mesa, AZ,AZ,500000,barriers,,x,1"),
        2,
        None,
        "cells but the header has",
    ),
    (
        "respondent changes state",
        "s.csv",
        csv_file(GOOD, "r1,Plano,OK,285000,barriers,,Need for more internal capacity,0"),
        3,
        "state",
        "different state",
    ),
    ("duplicate answer", "s.csv", csv_file(GOOD, GOOD), 3, "answer", "duplicate answer"),
    ("header only", "s.csv", csv_file(), 2, None, "no data rows"),
    ("empty file", "s.csv", b"", 1, None, "is empty"),
    ("whitespace only", "s.csv", b"  \n\n", 1, None, "is empty"),
    ("wrong type", "s.pdf", b"%PDF-1.4", None, None, "upload a .csv or .xlsx"),
    ("old excel", "s.xls", b"\xd0\xcf\x11\xe0", None, None, "Old .xls"),
    ("no extension", "survey", b"a,b", None, None, "without an extension"),
    ("oversized file", "s.csv", b"x" * (MAX_BYTES + 1), None, None, "the limit is 5 MB"),
    (
        "wrong encoding",
        "s.csv",
        csv_file(GOOD, "r2,Cañon City,CO,16000,barriers,,x,1").replace("ñ".encode(), b"\xf1"),
        3,
        None,
        "not UTF-8",
    ),
    ("binary posing as csv", "s.csv", b"a,b\x00c\n", 1, None, "NUL"),
    ("workbook named csv", "s.csv", zip_file({"a": b"b"}), None, None, "not CSV text"),
    (
        "semicolons",
        "s.csv",
        HEADER.replace(",", ";").encode() + b"\n" + GOOD.replace(",", ";").encode(),
        1,
        None,
        "uses ';'",
    ),
    (
        "duplicate header",
        "s.csv",
        csv_file(GOOD + ",x", header=HEADER + ",state"),
        1,
        "state",
        "appears twice",
    ),
    ("not a zip named xlsx", "s.xlsx", b"just text", None, None, "not a valid .xlsx"),
    (
        "zip that is no workbook",
        "s.xlsx",
        zip_file({"readme.txt": b"hello"}),
        None,
        None,
        "not an Excel workbook",
    ),
    (
        "zip bomb posing as xlsx",
        "s.xlsx",
        zip_file(
            {
                "[Content_Types].xml": b"<x/>",
                "xl/workbook.xml": b"<x/>",
                "xl/big.xml": b"0" * (60 * 1024 * 1024),
            }
        ),
        None,
        None,
        "expands to",
    ),
    (
        "xlsx unknown state at its spreadsheet row",
        "s.xlsx",
        xlsx_file(
            [
                list(TEMPLATE_NAMES),
                ["r1", "Plano", "TX", 285000, "barriers", None, "Budget limitations", 1],
                ["r2", "Mesa", "ZZ", 500000, "barriers", None, "Budget limitations", 0],
            ]
        ),
        3,
        "state",
        "not a US state",
    ),
    (
        "xlsx missing column",
        "s.xlsx",
        xlsx_file([["respondent_id", "jurisdiction", "state"], ["r1", "Plano", "TX"]]),
        1,
        "population",
        "missing",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "content", "row", "column", "words"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS]
)
def test_bad_upload_is_reported_at_file_row_column(case, name, content, row, column, words):
    result = read_upload(name, content)
    matching = [p for p in result.problems if p.row == row and p.column == column and words in str(p)]
    assert matching, [str(p) for p in result.problems]
    assert matching[0].file == name


def test_a_bad_row_leaves_the_good_rows_usable():
    result = read_upload(
        "s.csv",
        csv_file(
            GOOD,
            "r2,Mesa,XX,500000,barriers,,Budget limitations,1",
            "r3,Mesa,AZ,500000,barriers,,Budget limitations,0",
        ),
    )
    assert len(result.problems) == 1
    assert list(result.frame["respondent_id"]) == ["r1", "r3"]
    assert list(result.frame["row"]) == [2, 4]


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(survey_upload, "MAX_ROWS", 3)
    result = read_upload("s.csv", csv_file(*[f"r{i},Plano,TX,285000,barriers,,a{i},1" for i in range(5)]))
    assert not result.usable and "more than 3 rows" in str(result.problems[0])


@pytest.mark.parametrize(
    ("cell", "parsed"),
    [("1", True), ("0", False), ("yes", True), ("No", False), ("TRUE", True), ("false", False)],
)
def test_selected_accepts_1_0_yes_no(cell, parsed):
    result = read_upload("s.csv", csv_file(f"r1,Plano,TX,285000,barriers,,Budget limitations,{cell}"))
    assert result.problems == [] and bool(result.frame["selected"].iloc[0]) is parsed


def test_lenient_spellings_are_normalised():
    result = read_upload("s.csv", csv_file('r1,Plano,tx,"285,000",Barriers,,Budget limitations,1'))
    assert result.problems == []
    row = result.frame.iloc[0]
    assert (row["state"], row["population"], row["question_id"]) == ("TX", 285000, "barriers")


def test_comment_lines_before_the_header_are_skipped_and_rows_keep_their_numbers():
    content = b"# a note\n# another\n" + csv_file("r1,Plano,XX,285000,barriers,,Budget limitations,1")
    result = read_upload("s.csv", content)
    assert [(p.row, p.column) for p in result.problems] == [(4, "state")]


def test_extra_columns_are_ignored_with_a_notice():
    result = read_upload("s.csv", csv_file(GOOD + ",hello", header=HEADER + ",comment"))
    assert result.problems == [] and "comment" in result.notices[0]


def test_xlsx_upload_reads_numbers_and_uses_the_respondents_sheet():
    rows = [
        list(TEMPLATE_NAMES),
        ["r1", "Plano", "TX", 285000.0, "barriers", None, "Budget limitations", True],
    ]
    result = read_upload("s.xlsx", xlsx_file(rows))
    assert result.problems == []
    assert result.frame.iloc[0]["population"] == 285000 and bool(result.frame.iloc[0]["selected"])


def test_file_name_is_reduced_to_a_short_base_name():
    result = read_upload("C:\\Users\\me\\secret\\" + "x" * 200 + ".pdf", b"x")
    assert "\\" not in result.file and "secret" not in result.file and len(result.file) <= 61


def test_nothing_is_written_to_disk(monkeypatch, tmp_path):
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            raise AssertionError(f"write attempted: {file}")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(
        tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(AssertionError("temp file"))
    )
    monkeypatch.chdir(tmp_path)
    csv_result = read_upload("s.csv", FIXTURE.read_bytes())
    rows = [list(TEMPLATE_NAMES), ["r1", "Plano", "TX", 285000, "barriers", None, "Budget limitations", 1]]
    monkeypatch.setattr(builtins, "open", real_open)
    xlsx_bytes = xlsx_file(rows)
    monkeypatch.setattr(builtins, "open", guarded_open)
    xlsx_result = read_upload("s.xlsx", xlsx_bytes)
    assert csv_result.usable and xlsx_result.usable
    assert list(tmp_path.iterdir()) == []


def test_the_synthetic_fixture_is_labelled_and_valid():
    first = FIXTURE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "SYNTHETIC" in first
    result = read_upload(FIXTURE.name, FIXTURE.read_bytes())
    assert result.problems == [] and result.respondents == 30


def test_folder_file_is_read_with_the_same_checks(tmp_path):
    assert survey_upload.read_folder(tmp_path) is None
    (tmp_path / survey_upload.FOLDER_FILE).write_bytes(csv_file(GOOD, "r2,Mesa,XX,500000,barriers,,x,1"))
    result = survey_upload.read_folder(tmp_path)
    assert result.origin == "folder" and result.respondents == 1
    assert [(p.file, p.row, p.column) for p in result.problems] == [("survey_respondents.csv", 3, "state")]
    assert "data folder" in result.source_line


def test_problems_table_columns():
    result = read_upload("s.csv", csv_file("r2,Mesa,XX,500000,barriers,,x,1"))
    table = problems_table(result.problems)
    assert list(table.columns) == ["file", "row", "column", "problem", "how to fix"]
    assert table.iloc[0][["file", "row", "column"]].tolist() == ["s.csv", 2, "state"]
