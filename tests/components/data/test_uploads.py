"""Upload guards shared by every page that reads an uploaded table: type, size, encoding, zip bombs."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from components.data import uploads
from components.data.schema import Problem


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("C:\\Users\\me\\roster.csv", "roster.csv"),
        ("/home/me/roster.csv", "roster.csv"),
        ("ros\x00ter\x1b.csv", "roster.csv"),
        ("", "uploaded file"),
        ("a" * 80 + ".csv", "a" * 60 + "…"),
    ],
)
def test_display_name_is_a_short_printable_base_name(name, shown):
    assert uploads.display_name(name) == shown


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("roster.xls", b"x", "Old .xls"),
        ("roster.txt", b"x", "'.txt' file"),
        ("roster", b"x", "without an extension"),
        ("roster.csv", b"a" * (uploads.MAX_BYTES + 1), "the limit is 5 MB"),
        ("roster.csv", b"  \n ", "is empty"),
    ],
)
def test_file_problem_refuses_before_reading(name, content, words):
    problem = uploads.file_problem(name, content)
    assert isinstance(problem, Problem) and problem.file == name
    assert words in str(problem)


def test_file_problem_accepts_csv_and_xlsx():
    assert uploads.file_problem("a.csv", b"x,y\n") is None
    assert uploads.file_problem("a.XLSX", b"PK") is None


def test_csv_text_names_the_line_that_is_not_utf8():
    problem = uploads.csv_text("a.csv", "a,b\nok,ok\nCaf\u00e9,x\n".encode("latin-1"))
    assert isinstance(problem, Problem) and problem.row == 3 and "0xe9" in problem.message
    assert "CSV UTF-8" in problem.fix


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"PK\x03\x04rest", "not CSV text"), (b"a,b\n\x00\x00", "NUL bytes")],
)
def test_csv_text_refuses_binary(content, words):
    problem = uploads.csv_text("a.csv", content)
    assert isinstance(problem, Problem) and words in problem.message


def test_csv_text_drops_the_byte_order_mark():
    assert uploads.csv_text("a.csv", "\ufeffa,b\n".encode()) == "a,b\n"


def test_zip_problem_refuses_a_zip_bomb():
    bomb = _zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"\0" * (uploads.MAX_UNZIPPED + 1)})
    assert len(bomb) < 1_000_000  # small on the wire, huge when unzipped
    problem = uploads.zip_problem("a.xlsx", bomb)
    assert problem is not None and "expands to" in problem.message


def test_zip_problem_refuses_too_many_parts_and_non_workbooks():
    many = _zip({f"f{i}": b"" for i in range(uploads.MAX_ZIP_ENTRIES + 1)})
    assert "parts" in uploads.zip_problem("a.xlsx", many).message
    assert "not an Excel workbook" in uploads.zip_problem("a.xlsx", _zip({"a.txt": b"x"})).message
    assert "not a zip package" in uploads.zip_problem("a.xlsx", b"PK\x03\x04 broken").message
    assert uploads.zip_problem("a.xlsx", _xlsx({"s": [["a"]]})) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "yes"),
        (12.0, "12"),
        (0.5, "0.5"),
        (datetime(2021, 6, 17), "2021-06-17"),
        (datetime(2021, 6, 17, 9, 30), "2021-06-17T09:30:00"),
        (date(2021, 6, 17), "2021-06-17"),
        ("x", "x"),
    ],
)
def test_cell_text(value, text):
    assert uploads.cell_text(value) == text


def test_collect_skips_notes_and_blank_lines_before_the_header():
    rows = [(1, ["# note"]), (2, ["", ""]), (3, ["a", "b", ""]), (4, ["1", "2"]), (5, ["3", "4"])]
    found = uploads.collect(rows, trim_header=True)
    assert found.header == ["a", "b"] and found.header_row == 3
    assert found.rows == [(4, ["1", "2"]), (5, ["3", "4"])]
    assert uploads.collect(rows, trim_header=True, max_rows=1).too_many


def test_csv_records_numbers_rows_as_a_spreadsheet_does():
    found = uploads.csv_records("a.csv", b'# note\na,b\n1,"two\nlines"\n3,4\n')
    assert found.header == ["a", "b"] and found.header_row == 2
    assert [n for n, _ in found.rows] == [4, 5]  # a quoted line break is one row, ending on line 4


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"a;b\n1;2\n", "uses ';'"),
        (b"# only a note\n", "no header row"),
        (b"a\n" + b"1\n" * 5, "more than 3 rows"),
    ],
)
def test_csv_records_refusals(content, words):
    problem = uploads.csv_records("a.csv", content, max_rows=3)
    assert isinstance(problem, Problem) and words in problem.message


def test_xlsx_records_reads_every_sheet_with_a_header():
    found = uploads.xlsx_records(
        "a.xlsx", _xlsx({"roster": [["a", "b"], [1, "x"]], "empty": [], "facts": [["c"]]})
    )
    assert set(found) == {"roster", "facts"}
    assert found["roster"].rows == [(2, ["1", "x"])]


def test_xlsx_records_limits_rows_across_sheets():
    content = _xlsx({"one": [["a"], [1], [2]], "two": [["a"], [3], [4]]})
    problem = uploads.xlsx_records("a.xlsx", content, max_rows=3)
    assert isinstance(problem, Problem) and "more than 3 rows" in problem.message


def test_xlsx_records_reports_a_broken_workbook():
    broken = _zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"not xml"})
    problem = uploads.xlsx_records("a.xlsx", broken)
    assert isinstance(problem, Problem) and "could not be read as an Excel workbook" in problem.message


def test_sheet_cells_reads_at_most_max_columns_and_drops_trailing_blanks():
    assert uploads.sheet_cells(("a", None, "b", None, None)) == ["a", "", "b"]
    assert (
        len(uploads.sheet_cells(tuple("x" for _ in range(uploads.MAX_COLUMNS + 50)))) == uploads.MAX_COLUMNS
    )


def test_a_sheet_claiming_a_huge_dimension_is_read_by_what_it_holds():
    content = _xlsx({"roster": [["a", "b"], [1, 2]]})
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    xml = parts[sheet].decode("utf-8")
    start = xml.index('<dimension ref="')
    end = xml.index('"', start + len('<dimension ref="'))
    parts[sheet] = (xml[:start] + '<dimension ref="A1:XFD1048576' + xml[end:]).encode("utf-8")
    found = uploads.xlsx_records("a.xlsx", _zip(parts))
    assert found["roster"].header == ["a", "b"] and found["roster"].rows == [(2, ["1", "2"])]
