"""Reading respondent-level survey data: an upload or the operator's file, validated row by row.

A file is read from memory only — nothing is written to disk — and checked with the loader's
precision: every problem names the file, the spreadsheet row and the column; bad rows are left out
and the rest is used. CSV and Excel differ only in how cells are read: both go through one record
collector (header search, row limit) and one validator.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from components.data.load import USPS_CODES
from components.data.schema import ID, NUMBER, USPS, Column, Problem
from components.views.survey.template import FLAG, TEMPLATE_COLUMNS, TEMPLATE_NAMES, population_group

FOLDER_FILE = "survey_respondents.csv"  # an operator may place respondent data here
MAX_BYTES = 5 * 1024 * 1024  # below Streamlit's server.maxUploadSize (10 MB)
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 100_000  # 493 respondents × 200 answer rows would still fit
MAX_UNZIPPED = 50 * 1024 * 1024  # an .xlsx larger than this once unzipped is refused (zip bomb)
MAX_ZIP_ENTRIES = 1_000
MAX_CELL_CHARS = 300
MAX_POPULATION = 20_000_000  # larger than any US local government
TRUE_WORDS = frozenset({"1", "yes", "y", "true"})
FALSE_WORDS = frozenset({"0", "no", "n", "false"})
EXTENSIONS = (".csv", ".xlsx")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class RespondentData:
    """Validated respondent rows (bad rows left out), every problem, and notices."""

    file: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    origin: str = "upload"  # 'upload' (this session only) or 'folder' (placed by the operator)

    @property
    def source_line(self) -> str:
        if self.origin == "folder":
            return f"Source: {self.file} in the data folder (respondent-level data placed by the operator)."
        return f"Source: respondent-level file {self.file} (uploaded in this session; not published data)."

    @property
    def respondents(self) -> int:
        return int(self.frame["respondent_id"].nunique()) if len(self.frame) else 0

    @property
    def usable(self) -> bool:
        return not self.frame.empty


FRAME_COLUMNS = ("row", *TEMPLATE_NAMES, "pop_group")


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FRAME_COLUMNS})


def display_name(name: str) -> str:
    """The file's base name, printable and short, for messages (never a path)."""
    base = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C",)).strip()
    return (clean[:60] + "…") if len(clean) > 60 else (clean or "uploaded file")


def _fail(file: str, message: str, fix: str = "", row: int | None = None) -> RespondentData:
    return RespondentData(file, _empty_frame(), [Problem(file, message, row=row, fix=fix)])


def read_upload(name: str, content: bytes) -> RespondentData:
    """Validate an uploaded .csv or .xlsx held in memory; never raises on bad input."""
    file = display_name(name)
    suffix = Path(file).suffix.lower()
    if suffix not in EXTENSIONS:
        kind = f"a '{suffix}' file" if suffix else "a file without an extension"
        fix = "Save it as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
        if suffix == ".xls":
            fix = "Old .xls workbooks are not read: save it as .xlsx or as 'CSV UTF-8'."
        return _fail(file, f"is {kind}; upload a .csv or .xlsx file.", fix)
    if len(content) > MAX_BYTES:
        return _fail(
            file,
            f"is {len(content) / 1024 / 1024:.1f} MB; the limit is {MAX_MB} MB.",
            f"Split it into smaller files or leave out columns the template does not use (limit {MAX_ROWS:,} rows).",
        )
    if not content.strip():
        return _fail(file, "is empty: it needs a header row.", row=1)
    if suffix == ".xlsx":
        return _read_xlsx(file, content)
    return _read_csv(file, content)


def read_folder(folder: Path) -> RespondentData | None:
    """survey_respondents.csv in the data folder, validated like an upload; None when absent."""
    path = Path(folder) / FOLDER_FILE
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_BYTES:
        return _fail(FOLDER_FILE, f"is larger than {MAX_MB} MB.", "Split it into smaller files.")
    result = read_upload(FOLDER_FILE, path.read_bytes())
    result.origin = "folder"
    return result


@dataclass
class _Records:
    """The header row a file's rows were read against, and the numbered rows after it."""

    header: list[str] | None = None
    header_row: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    too_many: bool = False  # more than MAX_ROWS rows: reading stopped


def _collect(numbered: Iterable[tuple[int, list[str]]], *, trim_header: bool) -> _Records:
    """Find the header (the first row that is neither blank nor a '# ' note), then keep the rows."""
    found = _Records()
    for number, cells in numbered:
        if found.header is None:
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue  # blank lines and '# ' notes (our own exports) before the header
            while trim_header and cells and not cells[-1].strip():
                cells.pop()  # a sheet's header row ends at its last filled cell
            found.header, found.header_row = cells, number
            continue
        if len(found.rows) >= MAX_ROWS:
            found.too_many = True
            break
        found.rows.append((number, cells))
    return found


def _too_many_rows(file: str) -> RespondentData:
    return _fail(
        file,
        f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.",
        "Split it into smaller files.",
    )


def _csv_text(file: str, content: bytes) -> str | RespondentData:
    """The file as text, or the failure that says why it is not CSV text."""
    if content[:4] == b"PK\x03\x04":
        return _fail(
            file, "is a zip archive or Excel workbook, not CSV text.", "Name it .xlsx, or save as CSV UTF-8."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        return _fail(
            file,
            f"is not UTF-8 text (byte 0x{content[err.start]:02x} cannot be decoded).",
            "Save the file as 'CSV UTF-8' from your spreadsheet program.",
            row=line,
        )
    if "\x00" in text:
        return _fail(file, "contains binary data (NUL bytes); it is not a CSV text file.", row=1)
    return text


def _read_csv(file: str, content: bytes) -> RespondentData:
    text = _csv_text(file, content)
    if isinstance(text, RespondentData):
        return text
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        found = _collect(((reader.line_num, cells) for cells in reader), trim_header=False)
    except csv.Error as err:
        return _fail(file, f"cannot be read as CSV ({err}).", row=reader.line_num)
    if found.too_many:
        return _too_many_rows(file)
    if found.header is None:
        return _fail(file, "has no header row.", row=1)
    if len(found.header) == 1 and ";" in found.header[0]:
        return _fail(
            file,
            "uses ';' between cells; the template is comma-separated.",
            "Save it as 'CSV UTF-8 (comma delimited)'.",
            row=found.header_row,
        )
    return _validate(file, found.header, found.header_row, found.rows, strict_width=True)


def _check_zip(file: str, content: bytes) -> Problem | None:
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
                file, f"holds {len(entries):,} parts; an .xlsx workbook of survey rows has far fewer."
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


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _not_a_workbook(file: str, err: Exception) -> RespondentData:
    return _fail(
        file, f"could not be read as an Excel workbook ({type(err).__name__}).", "Save it again as .xlsx."
    )


def _read_xlsx(file: str, content: bytes) -> RespondentData:
    problem = _check_zip(file, content)
    if problem:
        return RespondentData(file, _empty_frame(), [problem])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any parser failure is a bad upload, reported not raised
        return _not_a_workbook(file, err)
    try:
        sheet = book["respondents"] if "respondents" in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        numbered = ((n, [_cell_text(v) for v in values]) for n, values in enumerate(rows, start=1))
        found = _collect(numbered, trim_header=True)
    except Exception as err:  # noqa: BLE001
        return _not_a_workbook(file, err)
    finally:
        book.close()
    if found.too_many:
        return _too_many_rows(file)
    if found.header is None:
        return _fail(file, "has no header row in its first sheet.", row=1)
    return _validate(file, found.header, found.header_row, found.rows, strict_width=False)


def _check_state(value: str) -> tuple[str | None, object]:
    code = value.upper()
    if code not in USPS_CODES:
        return f"'{value}' is not a US state or territory code; use a two-letter USPS code such as TX.", None
    return None, code


def _check_population(value: str) -> tuple[str | None, object]:
    try:
        number = float(value.replace(",", "").replace(" ", ""))
    except ValueError:
        return f"'{value}' is not a number.", None
    if not math.isfinite(number) or not number.is_integer():
        return f"'{value}' is not a whole number.", None
    if not 1 <= number <= MAX_POPULATION:
        return (
            f"'{value}' is out of range: a population is a whole number from 1 to {MAX_POPULATION:,}.",
            None,
        )
    return None, int(number)


def _check_slug(value: str) -> tuple[str | None, object]:
    slug = value.lower()
    if not _ID_RE.match(slug):
        return (
            f"'{value}' is not a valid id; use lower-case letters, digits and hyphens (e.g. 'tech-deployed').",
            None,
        )
    return None, slug


def _check_flag(value: str) -> tuple[str | None, object]:
    word = value.lower()
    if word in TRUE_WORDS:
        return None, True
    if word in FALSE_WORDS:
        return None, False
    hint = ""
    if word.rstrip("%").replace(".", "", 1).isdigit():
        hint = " Each row is one respondent's answer, not a percentage or a count."
    return f"'{value}' should be 1 or 0 (or yes / no).{hint}", None


_CHECKS: dict[str, Callable[[str], tuple[str | None, object]]] = {
    USPS: _check_state,
    NUMBER: _check_population,
    ID: _check_slug,
    FLAG: _check_flag,
}


def _check(col: Column, value: str) -> tuple[str | None, object]:
    """(problem message or None, parsed value) for one cell."""
    if len(value) > MAX_CELL_CHARS:
        return f"is {len(value)} characters long; the limit is {MAX_CELL_CHARS}.", None
    check = _CHECKS.get(col.kind)
    if check is None:
        return None, " ".join(value.split())
    return check(value)


def _header_problems(file: str, names: list[str], header_row: int) -> list[Problem]:
    """Columns named twice, and required columns that are missing."""
    problems = [
        Problem(file, "the column appears twice in the header.", header_row, name, "Keep one.")
        for name in dict.fromkeys(n for n in names if n and names.count(n) > 1)
    ]
    problems += [
        Problem(
            file,
            "the required column is missing from the header.",
            header_row,
            col.name,
            f"Add a column headed '{col.name}' (see the blank template).",
        )
        for col in TEMPLATE_COLUMNS
        if col.required and col.name not in names
    ]
    return problems


def _parse_row(
    file: str, number: int, cells: list[str], position: dict[str, int], problems: list[Problem]
) -> dict[str, object] | None:
    """One row's parsed cells, or None when a cell is bad (its problems are added to `problems`)."""
    row: dict[str, object] = {"row": number}
    bad = False
    for col in TEMPLATE_COLUMNS:
        i = position.get(col.name)
        value = cells[i].strip() if i is not None and i < len(cells) else ""
        if not value:
            if col.required:
                problems.append(Problem(file, "is empty but required.", number, col.name, col.help))
                bad = True
            row[col.name] = ""
            continue
        message, parsed = _check(col, value)
        if message:
            problems.append(Problem(file, message, number, col.name))
            bad = True
        row[col.name] = parsed
    return None if bad else row


def _parse_rows(
    file: str,
    names: list[str],
    records: list[tuple[int, list[str]]],
    problems: list[Problem],
    *,
    strict_width: bool,
) -> list[dict[str, object]]:
    """The rows whose every cell is good; blank rows are skipped, bad ones reported."""
    position = {n: i for i, n in enumerate(names) if n in TEMPLATE_NAMES}
    rows: list[dict[str, object]] = []
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if strict_width and len(cells) != len(names):
            problems.append(
                Problem(
                    file,
                    f"has {len(cells)} cells but the header has {len(names)}.",
                    number,
                    fix="Put text that contains commas in double quotes.",
                )
            )
            continue
        row = _parse_row(file, number, cells, position, problems)
        if row is not None:
            rows.append(row)
    return rows


def _respondent_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS[:-1]))
    frame["population"] = frame["population"].astype(int)
    frame["selected"] = frame["selected"].astype(bool)
    frame["pop_group"] = frame["population"].map(population_group)
    # One wording per answer: 'budget limitations' and 'Budget Limitations' are the same answer.
    folded = frame["answer"].str.casefold()
    frame["answer"] = frame.groupby([frame["question_id"], folded])["answer"].transform("first")
    return frame


def _validate(
    file: str,
    header: list[str],
    header_row: int,
    records: list[tuple[int, list[str]]],
    *,
    strict_width: bool,
) -> RespondentData:
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    problems = _header_problems(file, names, header_row)
    notices: list[str] = []
    if problems:
        return RespondentData(file, _empty_frame(), problems, notices)
    extra = [n for n in names if n and n not in TEMPLATE_NAMES]
    if extra:
        notices.append(f"Columns not in the template were ignored: {', '.join(extra[:10])}.")
    if not any(any(c.strip() for c in cells) for _, cells in records):
        return RespondentData(
            file, _empty_frame(), [Problem(file, "has a header but no data rows.", header_row + 1)], notices
        )
    rows = _parse_rows(file, names, records, problems, strict_width=strict_width)
    kept = _check_consistency(file, rows, problems)
    if not kept:
        return RespondentData(file, _empty_frame(), problems, notices)
    return RespondentData(file, _respondent_frame(kept), problems, notices)


def _check_consistency(
    file: str, rows: list[dict[str, object]], problems: list[Problem]
) -> list[dict[str, object]]:
    """One jurisdiction, state and population per respondent; one row per respondent × question × answer."""
    profile: dict[str, tuple[tuple[object, ...], int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    kept = []
    for row in rows:
        rid = str(row["respondent_id"])
        facts = (str(row["jurisdiction"]).casefold(), row["state"], row["population"])
        first = profile.setdefault(rid, (facts, int(row["row"])))
        if first[0] != facts:
            column = next(
                name
                for name, a, b in zip(("jurisdiction", "state", "population"), first[0], facts, strict=True)
                if a != b
            )
            problems.append(
                Problem(
                    file,
                    f"respondent '{rid}' has a different {column} here than on row {first[1]}.",
                    int(row["row"]),
                    column,
                    "Use the same jurisdiction, state and population on every row of one respondent.",
                )
            )
            continue
        key = (rid, str(row["question_id"]), str(row["answer"]).casefold())
        if key in seen:
            problems.append(
                Problem(
                    file,
                    f"duplicate answer '{row['answer']}' to '{row['question_id']}' for respondent '{rid}' "
                    f"(first on row {seen[key]}).",
                    int(row["row"]),
                    "answer",
                    "Keep one row per respondent, question and answer.",
                )
            )
            continue
        seen[key] = int(row["row"])
        kept.append(row)
    return kept
