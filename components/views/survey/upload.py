"""Reading respondent-level survey data: an upload or the operator's file, validated row by row.

A file is read from memory only — nothing is written to disk — and checked with the loader's
precision: every problem names the file, the spreadsheet row and the column; bad rows are left out
and the rest is used. CSV and Excel differ only in how cells are read: both go through one record
collector (header search, row limit) and one validator.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components.data import uploads
from components.data.load import USPS_CODES
from components.data.schema import ID, NUMBER, USPS, Column, Problem
from components.views.survey.template import FLAG, TEMPLATE_COLUMNS, TEMPLATE_NAMES, population_group

FOLDER_FILE = "survey_respondents.csv"  # an operator may place respondent data here
# The limits every upload shares (components/data/uploads.py); 100,000 rows: 493 respondents × 200
# answer rows would still fit.
MAX_BYTES, MAX_MB, MAX_ROWS = uploads.MAX_BYTES, uploads.MAX_MB, uploads.MAX_ROWS
MAX_UNZIPPED, MAX_ZIP_ENTRIES = uploads.MAX_UNZIPPED, uploads.MAX_ZIP_ENTRIES
MAX_CELL_CHARS, MAX_COLUMNS = uploads.MAX_CELL_CHARS, uploads.MAX_COLUMNS
display_name = uploads.display_name
MAX_POPULATION = 20_000_000  # larger than any US local government
TRUE_WORDS = frozenset({"1", "yes", "y", "true"})
FALSE_WORDS = frozenset({"0", "no", "n", "false"})
EXTENSIONS = uploads.EXTENSIONS
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


def _fail(file: str, message: str, fix: str = "", row: int | None = None) -> RespondentData:
    return RespondentData(file, _empty_frame(), [Problem(file, message, row=row, fix=fix)])


def read_upload(name: str, content: bytes) -> RespondentData:
    """Validate an uploaded .csv or .xlsx held in memory; never raises on bad input."""
    file = display_name(name)
    problem = uploads.file_problem(file, content)
    if problem:
        return RespondentData(file, _empty_frame(), [problem])
    if Path(file).suffix.lower() == ".xlsx":
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


def _read_csv(file: str, content: bytes) -> RespondentData:
    found = uploads.csv_records(file, content, MAX_ROWS)
    if isinstance(found, Problem):
        return RespondentData(file, _empty_frame(), [found])
    return _validate(file, found.header or [], found.header_row, found.rows, strict_width=True)


def _read_xlsx(file: str, content: bytes) -> RespondentData:
    sheets = uploads.xlsx_records(file, content, MAX_ROWS)
    if isinstance(sheets, Problem):
        return RespondentData(file, _empty_frame(), [sheets])
    found = sheets.get("respondents") or next(iter(sheets.values()), None)
    if found is None or found.header is None:
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
    counts = Counter(names)  # not names.count per name: quadratic in a header of a million cells
    problems = [
        Problem(file, "the column appears twice in the header.", header_row, name, "Keep one.")
        for name in dict.fromkeys(n for n in names if n and counts[n] > 1)
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
