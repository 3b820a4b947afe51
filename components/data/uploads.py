"""Guards every uploaded table file passes before its rows are read: type, size, encoding, zip bombs.

Shared by the uploads of two pages (the survey's respondent file and the contribution page's
roster), which are different view packages and may not import each other: the limits and checks
live here, one layer down, so both refuse the same files with the same messages. A file is read
from memory only; nothing here writes to disk. Every refusal is a `Problem` naming the file (and
the row where there is one) with a fix.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from components.data.schema import Problem

MAX_BYTES = 5 * 1024 * 1024  # below Streamlit's server.maxUploadSize (10 MB)
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 100_000
MAX_UNZIPPED = 50 * 1024 * 1024  # an .xlsx larger than this once unzipped is refused (zip bomb)
MAX_ZIP_ENTRIES = 1_000
MAX_CELL_CHARS = 300
MAX_COLUMNS = 200  # a sheet row's cells past this are not read (the templates have at most ~25 columns)
EXTENSIONS = (".csv", ".xlsx")


def display_name(name: str) -> str:
    """The file's base name, printable and short, for messages (never a path)."""
    base = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C",)).strip()
    return (clean[:60] + "…") if len(clean) > 60 else (clean or "uploaded file")


def file_problem(file: str, content: bytes) -> Problem | None:
    """A file that is refused before it is read: wrong type, too large, or empty."""
    suffix = Path(file).suffix.lower()
    if suffix not in EXTENSIONS:
        kind = f"a '{suffix}' file" if suffix else "a file without an extension"
        fix = "Save it as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
        if suffix == ".xls":
            fix = "Old .xls workbooks are not read: save it as .xlsx or as 'CSV UTF-8'."
        return Problem(file, f"is {kind}; upload a .csv or .xlsx file.", fix=fix)
    if len(content) > MAX_BYTES:
        return Problem(
            file,
            f"is {len(content) / 1024 / 1024:.1f} MB; the limit is {MAX_MB} MB.",
            fix=f"Split it into smaller files or leave out columns the template does not use (limit {MAX_ROWS:,} rows).",
        )
    if not content.strip():
        return Problem(file, "is empty: it needs a header row.", row=1)
    return None


def csv_text(file: str, content: bytes) -> str | Problem:
    """The file as text, or the problem that says why it is not CSV text."""
    if content[:4] == b"PK\x03\x04":
        return Problem(
            file,
            "is a zip archive or Excel workbook, not CSV text.",
            fix="Name it .xlsx, or save as CSV UTF-8.",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        return Problem(
            file,
            f"is not UTF-8 text (byte 0x{content[err.start]:02x} cannot be decoded).",
            row=line,
            fix="Save the file as 'CSV UTF-8' from your spreadsheet program.",
        )
    if "\x00" in text:
        return Problem(file, "contains binary data (NUL bytes); it is not a CSV text file.", row=1)
    return text


def zip_problem(file: str, content: bytes) -> Problem | None:
    """Refuse what is not an .xlsx package, or what would expand too far (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return Problem(
            file,
            "is not a valid .xlsx workbook (it is not a zip package).",
            fix="Save it again from Excel as .xlsx.",
        )
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            return Problem(
                file, f"holds {len(entries):,} parts; an .xlsx workbook of table rows has far fewer."
            )
        total = sum(e.file_size for e in entries)
        if total > MAX_UNZIPPED:
            return Problem(
                file,
                f"expands to {total / 1024 / 1024:,.0f} MB when unzipped; the limit is {MAX_UNZIPPED // 1024 // 1024} MB.",
                fix="Save it as CSV UTF-8, or split it into smaller workbooks.",
            )
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            return Problem(
                file, "is a zip archive but not an Excel workbook.", fix="Upload a .xlsx or .csv file."
            )
    return None


def sheet_cells(values: tuple[object, ...]) -> list[str]:
    """A sheet row's first MAX_COLUMNS cells as text, without the empty cells that end it."""
    cells = [cell_text(v) for v in values[:MAX_COLUMNS]]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates as YYYY-MM-DD, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Records:
    """The header row a file's rows were read against, and the numbered rows after it."""

    header: list[str] | None = None
    header_row: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    too_many: bool = False  # more than max_rows rows: reading stopped


def collect(
    numbered: Iterable[tuple[int, list[str]]], *, trim_header: bool, max_rows: int = MAX_ROWS
) -> Records:
    """Find the header (the first row that is neither blank nor a '# ' note), then keep the rows."""
    found = Records()
    for number, cells in numbered:
        if found.header is None:
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue  # blank lines and '# ' notes (our own templates and exports) before the header
            while trim_header and cells and not cells[-1].strip():
                cells.pop()  # a sheet's header row ends at its last filled cell
            found.header, found.header_row = cells, number
            continue
        if len(found.rows) >= max_rows:
            found.too_many = True
            break
        found.rows.append((number, cells))
    return found


def too_many_rows(file: str, max_rows: int = MAX_ROWS) -> Problem:
    return Problem(
        file,
        f"has more than {max_rows:,} rows; the limit is {max_rows:,}.",
        fix="Split it into smaller files.",
    )


def not_a_workbook(file: str, err: Exception) -> Problem:
    return Problem(
        file,
        f"could not be read as an Excel workbook ({type(err).__name__}).",
        fix="Save it again as .xlsx.",
    )


def csv_records(file: str, content: bytes, max_rows: int = MAX_ROWS) -> Records | Problem:
    """The header and numbered rows of a CSV upload (spreadsheet row numbers), or why it cannot be read."""
    text = csv_text(file, content)
    if isinstance(text, Problem):
        return text
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        found = collect(((reader.line_num, cells) for cells in reader), trim_header=False, max_rows=max_rows)
    except csv.Error as err:
        return Problem(file, f"cannot be read as CSV ({err}).", row=reader.line_num)
    if found.too_many:
        return too_many_rows(file, max_rows)
    if found.header is None:
        return Problem(file, "has no header row.", row=1)
    if len(found.header) == 1 and ";" in found.header[0]:
        return Problem(
            file,
            "uses ';' between cells; the template is comma-separated.",
            row=found.header_row,
            fix="Save it as 'CSV UTF-8 (comma delimited)'.",
        )
    return found


def xlsx_records(file: str, content: bytes, max_rows: int = MAX_ROWS) -> dict[str, Records] | Problem:
    """Every sheet's header and numbered rows (sheets without a header are left out), or why not.

    The workbook is checked as a zip package first (zip_problem), then read in openpyxl's read-only
    mode, which streams rows instead of building the whole sheet; at most `max_rows` rows in all.
    """
    problem = zip_problem(file, content)
    if problem:
        return problem
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any parser failure is a bad upload, reported not raised
        return not_a_workbook(file, err)
    sheets: dict[str, Records] = {}
    budget = max_rows
    try:
        for sheet in book.worksheets:
            # A sheet's <dimension> is the file's claim (up to 16,384 × 1,048,576 cells, every row padded
            # to it), not what it holds: read the cells that are there, at most MAX_COLUMNS of each row.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            numbered = ((n, sheet_cells(values)) for n, values in enumerate(rows, start=1))
            found = collect(numbered, trim_header=True, max_rows=budget)
            if found.too_many:
                return too_many_rows(file, max_rows)
            budget -= len(found.rows)
            if found.header is not None:
                sheets[sheet.title] = found
    except Exception as err:  # noqa: BLE001
        return not_a_workbook(file, err)
    finally:
        book.close()
    return sheets
