"""Reading an edited template back: one workbook (roster and facts sheets) or CSV files, from memory.

The guards every upload passes (type, size, encoding, row limit, zip bombs) are shared with the
survey upload (components/data/uploads.py). A file that cannot be read fails as a whole with the
reason; then the rows are checked in the template's own terms (file, spreadsheet row, column):
the header, the coalition, and that one entity or one new source reads the same on every row.
The cell checks (ids, dates, addresses, places) are the loader's, run on the edited copy (apply.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from components.data import uploads
from components.data.schema import Problem
from components.views.contribute.template import FORMULA_TRIGGERS, TEMPLATES, TemplateSpec

MAX_FILES = 4
MAX_CELL_CHARS = 2_000  # a long note fits; a pasted document does not
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Row:
    """One template row: where it came from (file, spreadsheet row) and its cells by column."""

    file: str
    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    """The rows of one template (roster or facts) read from one file or sheet."""

    spec: TemplateSpec
    file: str  # 'ntxia_roster.csv', or 'edited.xlsx, sheet roster'
    rows: list[Row] = field(default_factory=list)


@dataclass
class RosterUpload:
    """What was read: the sheets found, every problem, and notices (ignored columns, derived ids)."""

    sheets: list[Sheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.sheets) and not self.problems

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.spec.name == name), None)

    @property
    def files(self) -> str:
        return ", ".join(dict.fromkeys(s.file for s in self.sheets))


def unneutralise(value: str) -> str:
    """Undo the template's formula guard: "'=x" → "=x" (any other leading apostrophe stays)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def slug(name: str, state: str) -> str:
    """An entity id made from a name and state: ('Fort Worth', 'TX') → 'fort-worth-tx'."""
    return _SLUG_RE.sub("-", f"{name} {state}".lower()).strip("-")


def _which_template(header: Sequence[str], sheet_name: str = "") -> TemplateSpec | None:
    named = {t.name: t for t in TEMPLATES}
    if sheet_name.strip().lower() in named:
        return named[sheet_name.strip().lower()]
    names = {h.strip().lower() for h in header}
    # A file is recognised by the columns only its template has (a renamed file, or one that lost a
    # column, still works: the missing column is then reported by name).
    scores = []
    for spec in TEMPLATES:
        own = set(spec.columns) - set().union(*(set(t.columns) for t in TEMPLATES if t is not spec))
        scores.append((len(own & names), spec))
    best, spec = max(scores, key=lambda s: s[0])
    return spec if best else None


def _sheet(file: str, spec: TemplateSpec, found: uploads.Records, result: RosterUpload) -> Sheet | None:
    """Check the header, then keep the non-blank rows as text (the formula guard undone)."""
    names = [h.strip().lstrip("\ufeff").lower() for h in found.header or []]
    counts = Counter(names)  # not names.count per name: quadratic in a header of a million cells
    twice = [n for n in counts if n and counts[n] > 1]
    problems = [
        Problem(file, "the column appears twice in the header.", found.header_row, n, "Keep one.")
        for n in twice
    ]
    problems += [
        Problem(
            file,
            "the template's column is missing from the header.",
            found.header_row,
            part.flat,
            f"Add a column headed '{part.flat}' (download the template again to see them all).",
        )
        for part in spec.parts
        if part.flat not in names and part.table != "sources"
    ]
    if problems:
        result.problems += problems
        return None
    extra = [n for n in names if n and n not in spec.columns]
    if extra:
        result.notices.append(f"{file}: columns not in the template were ignored: {', '.join(extra[:10])}.")
    position = {n: i for i, n in enumerate(names) if n in spec.columns}
    sheet = Sheet(spec, file)
    for number, cells in found.rows:
        if not any(c.strip() for c in cells):
            continue
        values = {}
        for column, i in position.items():
            value = unneutralise(cells[i].strip()) if i < len(cells) else ""
            if len(value) > MAX_CELL_CHARS:
                result.problems.append(
                    Problem(
                        file,
                        f"is {len(value):,} characters long; the limit is {MAX_CELL_CHARS:,}.",
                        number,
                        column,
                    )
                )
                value = value[:MAX_CELL_CHARS]
            values[column] = value
        sheet.rows.append(Row(file, number, values))
    return sheet


def _read_csv(file: str, content: bytes, result: RosterUpload) -> None:
    found = uploads.csv_records(file, content)
    if isinstance(found, Problem):
        result.problems.append(found)
        return
    spec = _which_template(found.header or [])
    if spec is None:
        result.problems.append(_unknown(file, found.header_row))
        return
    sheet = _sheet(file, spec, found, result)
    if sheet is not None:
        result.sheets.append(sheet)


def _unknown(file: str, row: int | None) -> Problem:
    return Problem(
        file,
        "is neither a roster nor a facts template: its header lacks their columns.",
        row,
        fix="Start from the template downloaded on this page and keep its header row.",
    )


def _read_xlsx(file: str, content: bytes, result: RosterUpload) -> None:
    found = uploads.xlsx_records(file, content)
    if isinstance(found, Problem):
        result.problems.append(found)
        return
    read = 0
    for name, records in found.items():
        if name.strip().lower() == "readme":
            continue
        spec = _which_template(records.header or [], name)
        if spec is None:
            continue
        sheet = _sheet(f"{file}, sheet {name}", spec, records, result)
        read += 1
        if sheet is not None:
            result.sheets.append(sheet)
    if not read:
        result.problems.append(
            Problem(
                file,
                "has no 'roster' or 'facts' sheet.",
                fix="Start from the workbook downloaded on this page and keep its sheet names.",
            )
        )


def read_files(files: Sequence[tuple[str, bytes]]) -> RosterUpload:
    """Read the uploaded files (name, content) in memory; never raises on bad input."""
    result = RosterUpload()
    if len(files) > MAX_FILES:
        result.problems.append(
            Problem(
                f"{len(files)} files",
                f"are too many; upload at most {MAX_FILES} (one workbook, or the roster and facts CSV files).",
            )
        )
        return result
    for name, content in files:
        file = uploads.display_name(name)
        problem = uploads.file_problem(file, content)
        if problem:
            result.problems.append(problem)
        elif Path(file).suffix.lower() == ".xlsx":
            _read_xlsx(file, content, result)
        else:
            _read_csv(file, content, result)
    _check_duplicates(result)
    return result


def _check_duplicates(result: RosterUpload) -> None:
    seen: dict[str, str] = {}
    for sheet in result.sheets:
        if sheet.spec.name in seen:
            result.problems.append(
                Problem(
                    sheet.file,
                    f"is a second {sheet.spec.name} template (the first is {seen[sheet.spec.name]}).",
                    fix="Upload one roster and at most one facts file.",
                )
            )
        seen.setdefault(sheet.spec.name, sheet.file)
