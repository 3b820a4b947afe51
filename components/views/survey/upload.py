"""Respondent-level survey data: the template, validation of an upload, breakdowns, comparison.

The template is tidy: one row per respondent × question × answer (see coalitions_data/README.md,
"Respondent-level survey data"). A file is read from memory only — nothing is written to disk —
and checked with the loader's precision: every problem names the file, the spreadsheet row and the
column; bad rows are left out and the rest is used. Percentages are computed, never typed: the
share of respondents answering a question who selected an answer, with the base n on every bar.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from components.data.load import USPS_CODES, Dataset
from components.data.schema import ID, NUMBER, TEXT, USPS, Column, Problem
from components.views.palette import OKABE_ITO
from components.views.survey import published as survey

TEMPLATE_FILE = "survey_template.csv"  # the blank template shipped in coalitions_data/
FOLDER_FILE = "survey_respondents.csv"  # an operator may place respondent data here
MAX_BYTES = 5 * 1024 * 1024  # below Streamlit's server.maxUploadSize (10 MB)
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 100_000  # 493 respondents × 200 answer rows would still fit
MAX_UNZIPPED = 50 * 1024 * 1024  # an .xlsx larger than this once unzipped is refused (zip bomb)
MAX_ZIP_ENTRIES = 1_000
MAX_CELL_CHARS = 300
MAX_POPULATION = 20_000_000  # larger than any US local government
MAX_GROUPS_CHARTED = 7  # more breakdown groups than this go to the table only
FLAG = "1/0"  # column kind of `selected`: 1/0, yes/no or true/false
TRUE_WORDS = frozenset({"1", "yes", "y", "true"})
FALSE_WORDS = frozenset({"0", "no", "n", "false"})
EXTENSIONS = (".csv", ".xlsx")

TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "respondent_id", TEXT, help="Your identifier for one responding government; the same on all its rows."
    ),
    Column(
        "jurisdiction",
        TEXT,
        help="Name of the local government as the coalition data writes it (e.g. Plano, Dallas County); "
        "used to find coalition members.",
    ),
    Column("state", USPS, help="Two-letter USPS code of its state, e.g. TX."),
    Column(
        "population",
        NUMBER,
        help="Population, a whole number from 1 to 20,000,000; sets the population group.",
    ),
    Column(
        "question_id",
        ID,
        help="Question slug. Use a 2016 question_id from survey_results.csv to compare with the national figures.",
    ),
    Column("question", TEXT, required=False, help="Wording of the question (optional)."),
    Column(
        "answer",
        TEXT,
        help="One answer option; write the 2016 wording (survey_results.csv) to compare with the national figures.",
    ),
    Column("selected", FLAG, help="1 (or yes) if the respondent chose this answer, 0 (or no) if not."),
)
TEMPLATE_NAMES = tuple(c.name for c in TEMPLATE_COLUMNS)


@dataclass(frozen=True)
class PopulationGroup:
    group_id: str
    label: str
    low: int  # inclusive
    high: float  # exclusive


POPULATION_GROUPS: tuple[PopulationGroup, ...] = (
    PopulationGroup("under-25k", "under 25,000", 0, 25_000),
    PopulationGroup("25k-50k", "25,000–49,999", 25_000, 50_000),
    PopulationGroup("50k-100k", "50,000–99,999", 50_000, 100_000),
    PopulationGroup("100k-250k", "100,000–249,999", 100_000, 250_000),
    PopulationGroup("250k-plus", "250,000 and over", 250_000, math.inf),
)
POPULATION_LABELS = {g.group_id: g.label for g in POPULATION_GROUPS}
BREAKDOWNS = {"state": "state", "population": "population group", "coalition": "coalition membership"}
NOT_A_MEMBER = "not a listed coalition member"
GROUP_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["grey"],
)
YOUR_DATA = "Your respondents"
NATIONAL = "2016 national (published)"
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def population_group(population: float) -> str:
    for g in POPULATION_GROUPS:
        if g.low <= population < g.high:
            return g.group_id
    return ""


# -- reading -----------------------------------------------------------------------------------


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


def _read_csv(file: str, content: bytes) -> RespondentData:
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
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_row = 0
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if header is None:
                if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                    continue  # blank lines and '# ' notes (our own exports) before the header
                header, header_row = cells, line
                continue
            if len(records) >= MAX_ROWS:
                return _fail(
                    file,
                    f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.",
                    "Split it into smaller files.",
                )
            records.append((line, cells))
    except csv.Error as err:
        return _fail(file, f"cannot be read as CSV ({err}).", row=reader.line_num)
    if header is None:
        return _fail(file, "has no header row.", row=1)
    if len(header) == 1 and ";" in header[0]:
        return _fail(
            file,
            "uses ';' between cells; the template is comma-separated.",
            "Save it as 'CSV UTF-8 (comma delimited)'.",
            row=header_row,
        )
    return _validate(file, header, header_row, records, strict_width=True)


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


def _read_xlsx(file: str, content: bytes) -> RespondentData:
    problem = _check_zip(file, content)
    if problem:
        return RespondentData(file, _empty_frame(), [problem])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any parser failure is a bad upload, reported not raised
        return _fail(
            file, f"could not be read as an Excel workbook ({type(err).__name__}).", "Save it again as .xlsx."
        )
    try:
        sheet = book["respondents"] if "respondents" in book.sheetnames else book.worksheets[0]
        header: list[str] | None = None
        header_row = 0
        records: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if header is None:
                if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                    continue
                while cells and not cells[-1].strip():
                    cells.pop()
                header, header_row = cells, number
                continue
            if len(records) >= MAX_ROWS:
                return _fail(
                    file,
                    f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}.",
                    "Split it into smaller files.",
                )
            records.append((number, cells))
    except Exception as err:  # noqa: BLE001
        return _fail(
            file, f"could not be read as an Excel workbook ({type(err).__name__}).", "Save it again as .xlsx."
        )
    finally:
        book.close()
    if header is None:
        return _fail(file, "has no header row in its first sheet.", row=1)
    return _validate(file, header, header_row, records, strict_width=False)


# -- validation --------------------------------------------------------------------------------


def _check(col: Column, value: str) -> tuple[str | None, object]:
    """(problem message or None, parsed value) for one cell."""
    if len(value) > MAX_CELL_CHARS:
        return f"is {len(value)} characters long; the limit is {MAX_CELL_CHARS}.", None
    if col.kind == USPS:
        code = value.upper()
        if code not in USPS_CODES:
            return (
                f"'{value}' is not a US state or territory code; use a two-letter USPS code such as TX.",
                None,
            )
        return None, code
    if col.kind == NUMBER:
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
    if col.kind == ID:
        slug = value.lower()
        if not _ID_RE.match(slug):
            return (
                f"'{value}' is not a valid id; use lower-case letters, digits and hyphens (e.g. 'tech-deployed').",
                None,
            )
        return None, slug
    if col.kind == FLAG:
        word = value.lower()
        if word in TRUE_WORDS:
            return None, True
        if word in FALSE_WORDS:
            return None, False
        hint = ""
        if word.rstrip("%").replace(".", "", 1).isdigit():
            hint = " Each row is one respondent's answer, not a percentage or a count."
        return f"'{value}' should be 1 or 0 (or yes / no).{hint}", None
    return None, " ".join(value.split())


def _validate(
    file: str,
    header: list[str],
    header_row: int,
    records: list[tuple[int, list[str]]],
    *,
    strict_width: bool,
) -> RespondentData:
    problems: list[Problem] = []
    notices: list[str] = []
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    for name in dict.fromkeys(n for n in names if n and names.count(n) > 1):
        problems.append(
            Problem(file, "the column appears twice in the header.", header_row, name, "Keep one.")
        )
    missing = [c for c in TEMPLATE_COLUMNS if c.required and c.name not in names]
    for col in missing:
        problems.append(
            Problem(
                file,
                "the required column is missing from the header.",
                header_row,
                col.name,
                f"Add a column headed '{col.name}' (see the blank template).",
            )
        )
    if missing or any(p.column for p in problems):
        return RespondentData(file, _empty_frame(), problems, notices)
    extra = [n for n in names if n and n not in TEMPLATE_NAMES]
    if extra:
        notices.append(f"Columns not in the template were ignored: {', '.join(extra[:10])}.")
    position = {n: i for i, n in enumerate(names) if n in TEMPLATE_NAMES}
    if not any(any(c.strip() for c in cells) for _, cells in records):
        return RespondentData(
            file, _empty_frame(), [Problem(file, "has a header but no data rows.", header_row + 1)], notices
        )
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
        if not bad:
            rows.append(row)
    kept = _check_consistency(file, rows, problems)
    if not kept:
        return RespondentData(file, _empty_frame(), problems, notices)
    frame = pd.DataFrame(kept, columns=list(FRAME_COLUMNS[:-1]))
    frame["population"] = frame["population"].astype(int)
    frame["selected"] = frame["selected"].astype(bool)
    frame["pop_group"] = frame["population"].map(population_group)
    # One wording per answer: 'budget limitations' and 'Budget Limitations' are the same answer.
    folded = frame["answer"].str.casefold()
    frame["answer"] = frame.groupby([frame["question_id"], folded])["answer"].transform("first")
    return RespondentData(file, frame, problems, notices)


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


# -- template ----------------------------------------------------------------------------------


def template_csv() -> bytes:
    """The blank template: the header row only (UTF-8)."""
    return (",".join(TEMPLATE_NAMES) + "\n").encode("utf-8")


def baseline_answers(data: Dataset) -> pd.DataFrame:
    """The 2016 question ids and answer wordings an upload can be compared against."""
    results = data.survey_results
    return results.drop_duplicates(["question_id", "answer"])[
        ["question_id", "question", "answer"]
    ].reset_index(drop=True)


def template_xlsx(data: Dataset) -> bytes:
    """A workbook: a blank 'respondents' sheet and a '2016 questions' sheet listing the baseline answers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "respondents"
    sheet.append(list(TEMPLATE_NAMES))
    ref = book.create_sheet("2016 questions")
    ref.append(["question_id", "question", "answer"])
    for row in baseline_answers(data).itertuples(index=False):
        ref.append([str(row.question_id), str(row.question), str(row.answer)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# -- coalition membership ------------------------------------------------------------------------

_PREFIXES = ("city of ", "town of ", "village of ", "township of ", "borough of ", "the ")


def normalise_name(name: str) -> str:
    """'City of Plano' / 'plano' / 'Plano.' -> 'plano'; 'Dallas County' stays 'dallas county'."""
    text = unicodedata.normalize("NFKC", str(name)).casefold().replace("&", " and ")
    text = re.sub(r"[.,'’()]", " ", text)
    text = " ".join(text.split())
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def membership(frame: pd.DataFrame, members: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """respondent_id -> coalition ids whose listed members match its jurisdiction and state by name."""
    coalition_members = members[(members["group_kind"] == "coalition") & members["is_member"]]
    index: dict[tuple[str, str], set[str]] = {}
    for row in coalition_members.itertuples(index=False):
        index.setdefault((normalise_name(row.name), str(row.state)), set()).add(row.group_id)
    out: dict[str, tuple[str, ...]] = {}
    people = frame.drop_duplicates("respondent_id")
    for row in people.itertuples(index=False):
        out[str(row.respondent_id)] = tuple(
            sorted(index.get((normalise_name(row.jurisdiction), row.state), ()))
        )
    return out


# -- filters and breakdowns -----------------------------------------------------------------------


@dataclass(frozen=True)
class RespondentFilters:
    states: tuple[str, ...] = ()
    pop_groups: tuple[str, ...] = ()
    coalitions: tuple[str, ...] = ()
    by: str = ""  # '', 'state', 'population' or 'coalition'

    @property
    def active(self) -> bool:
        return bool(self.states or self.pop_groups or self.coalitions)


def apply_filters(
    frame: pd.DataFrame, members_of: dict[str, tuple[str, ...]], filters: RespondentFilters
) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if filters.states:
        keep &= frame["state"].isin(filters.states)
    if filters.pop_groups:
        keep &= frame["pop_group"].isin(filters.pop_groups)
    if filters.coalitions:
        wanted = set(filters.coalitions)
        keep &= frame["respondent_id"].map(lambda r: bool(wanted & set(members_of.get(str(r), ()))))
    return frame[keep]


def describe(frame: pd.DataFrame, filters: RespondentFilters, names: dict[str, str], file: str = "") -> str:
    """'12 respondents in TX · population 50,000–99,999 · members of NTXIA · by state'."""
    n = int(frame["respondent_id"].nunique()) if len(frame) else 0
    text = f"{n} respondent{'s' if n != 1 else ''}"
    if file:
        text += f" from {file}"
    if filters.states:
        text += " in " + ", ".join(filters.states)
    parts = [text]
    if filters.pop_groups:
        parts.append("population " + ", ".join(POPULATION_LABELS.get(g, g) for g in filters.pop_groups))
    if filters.coalitions:
        parts.append("members of " + ", ".join(names.get(c, c) for c in filters.coalitions))
    if filters.by:
        parts.append("by " + BREAKDOWNS.get(filters.by, filters.by))
    return " · ".join(parts)


def _groups(
    frame: pd.DataFrame, members_of: dict[str, tuple[str, ...]], by: str, names: dict[str, str]
) -> pd.DataFrame:
    """frame with a 'group' column; a respondent in two coalitions appears once in each."""
    if by == "state":
        return frame.assign(group=frame["state"])
    if by == "population":
        return frame.assign(group=frame["pop_group"].map(lambda g: POPULATION_LABELS.get(g, g)))
    if by == "coalition":
        groups = frame["respondent_id"].map(
            lambda r: [names.get(c, c) for c in members_of.get(str(r), ())] or [NOT_A_MEMBER]
        )
        return frame.assign(group=groups).explode("group")
    return frame.assign(group="All respondents")


def question_results(
    frame: pd.DataFrame,
    members_of: dict[str, tuple[str, ...]],
    by: str = "",
    names: dict[str, str] | None = None,
    question_text: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Percent selecting each answer among respondents answering the question, per group.

    Columns: question_id, question, group, answer, selected_n, n, percent, small_base, label.
    """
    columns = [
        "question_id",
        "question",
        "group",
        "answer",
        "selected_n",
        "n",
        "percent",
        "small_base",
        "label",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = _groups(frame, members_of, by, names or {})
    n = grouped.groupby(["question_id", "group"], sort=False)["respondent_id"].nunique().rename("n")
    chosen = (
        grouped[grouped["selected"]]
        .groupby(["question_id", "group", "answer"], sort=False)["respondent_id"]
        .nunique()
        .rename("selected_n")
    )
    answers = grouped[["question_id", "group", "answer"]].drop_duplicates()
    out = answers.merge(n.reset_index(), on=["question_id", "group"]).merge(
        chosen.reset_index(), on=["question_id", "group", "answer"], how="left"
    )
    out["selected_n"] = out["selected_n"].fillna(0).astype(int)
    out["percent"] = (100 * out["selected_n"] / out["n"]).round(1)
    out["small_base"] = out["n"] < survey.SMALL_BASE
    given = frame[frame["question"] != ""].drop_duplicates("question_id").set_index("question_id")["question"]
    texts = {**(question_text or {}), **given.to_dict()}
    out["question"] = out["question_id"].map(lambda q: texts.get(q, q))
    out["label"] = [
        f"{survey.fmt_percent(p)} · {k} of {m}" + (" · small base" if s else "")
        for p, k, m, s in zip(out["percent"], out["selected_n"], out["n"], out["small_base"], strict=True)
    ]
    order = {q: i for i, q in enumerate(dict.fromkeys(frame["question_id"]))}
    out["_q"] = out["question_id"].map(order)
    out = out.sort_values(["_q", "group", "percent"], ascending=[True, True, False], kind="stable")
    return out.drop(columns="_q")[columns].reset_index(drop=True)


# -- chart views ---------------------------------------------------------------------------------

_UPLOAD_NOTE = (
    "Percent of respondents answering the question who selected the answer; unweighted; "
    f"bars with a base under {survey.SMALL_BASE} are pale and dashed (small base: treat with caution)."
)


def _respondent_takeaway(rows: pd.DataFrame, by: str) -> str:
    if rows.empty:
        return "No respondent answered this question in the current selection."
    if not by:
        n = int(rows["n"].iloc[0])
        if len(rows) == 1:
            only = rows.iloc[0]
            sentence = (
                f"{only['answer']}: {survey.fmt_percent(only['percent'])} of the {n} respondent"
                f"{'s' if n != 1 else ''} answering ({int(only['selected_n'])} of {n})."
            )
            if n < survey.SMALL_BASE:
                sentence += f" Small base: only {n} answered, so treat this with caution."
            return sentence
        ranked = rows.sort_values("percent", ascending=False, kind="stable")
        sentence = survey.takeaway(
            ranked, who=f"the {n} respondent{'s' if n != 1 else ''} answering"
        ).replace(" answers published", " answers")
        if n < survey.SMALL_BASE:
            sentence += f" Small base: only {n} respondent{'s' if n != 1 else ''} answered, so treat this with caution."
        return sentence
    totals = rows.groupby("answer", sort=False)["selected_n"].sum()
    top = str(totals.idxmax())
    spread = rows[rows["answer"] == top].sort_values("percent", ascending=False, kind="stable")
    hi, lo = spread.iloc[0], spread.iloc[-1]

    def part(r: pd.Series) -> str:
        flag = ", small base" if r["small_base"] else ""
        return f"{r['group']} ({survey.fmt_percent(r['percent'])}, n = {int(r['n'])}{flag})"

    if len(spread) == 1:
        return f"{top} is the most chosen answer; only one group answered: {part(hi)}."
    return f"{top} is the most chosen answer overall; it is highest in {part(hi)} and lowest in {part(lo)}."


def respondent_views(
    results: pd.DataFrame, *, by: str, view_text: str, source_line: str, data_as_of: str
) -> list[survey.ChartView]:
    """One chart view per question from `question_results` output."""
    views = []
    for question_id, rows in results.groupby("question_id", sort=False):
        title = str(rows["question"].iloc[0])
        sentence = _respondent_takeaway(rows, by)
        group_n = rows.drop_duplicates("group").set_index("group")["n"]
        biggest = list(group_n.sort_values(ascending=False, kind="stable").index[:MAX_GROUPS_CHARTED])
        charted = rows[rows["group"].isin(biggest)]
        series_names = {g: f"{g} (n = {int(group_n[g])})" for g in biggest}
        bars = charted.assign(series=charted["group"].map(series_names))
        subtitle = [f"Your data: {view_text}.", _UPLOAD_NOTE]
        if len(group_n) > len(biggest):
            subtitle.append(
                f"The chart shows the {len(biggest)} groups with most respondents; the table lists all {len(group_n)}."
            )
        footer = [source_line]
        description = survey.chart_description(
            title, rows.assign(answer=rows["group"] + ": " + rows["answer"]), sentence, subtitle + footer
        )
        chart = survey.bars_chart(
            bars,
            title=title,
            subtitle=subtitle,
            footer=footer,
            description=description,
            series_order=[series_names[g] for g in biggest],
            colours=GROUP_COLOURS,
        )
        table = rows.rename(
            columns={
                "group": "Group",
                "answer": "Answer",
                "percent": "Percent",
                "selected_n": "Selected",
                "n": "Base n",
                "small_base": f"Small base (n < {survey.SMALL_BASE})",
            }
        )[["Group", "Answer", "Percent", "Selected", "Base n", f"Small base (n < {survey.SMALL_BASE})"]]
        header = [
            f"Respondent-level survey data: {title}",
            f"View: {view_text}",
            _UPLOAD_NOTE,
            source_line,
            f"Coalition data as of {data_as_of}",
        ]
        views.append(
            survey.ChartView(
                str(question_id), title, chart, sentence, description, subtitle + footer, table, header
            )
        )
    return views


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def comparison(results: pd.DataFrame, data: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """Your overall percentages beside the 2016 published ones, where question_id and answer match.

    Returns the tidy comparison (question_id, question, answer, series, percent, label, small_base,
    n) and plain notes on what did not match.
    """
    columns = ["question_id", "question", "answer", "series", "percent", "label", "small_base", "n"]
    notes: list[str] = []
    rows = []
    mine = results[results["group"] == "All respondents"] if "group" in results else results
    baseline = survey.questions(data.survey_results)
    for qid, question in baseline:
        ours = mine[mine["question_id"] == qid]
        if ours.empty:
            continue
        published = survey.published_rows(data, qid)
        by_answer = {_key(a): r for a, r in zip(ours["answer"], ours.itertuples(index=False), strict=True)}
        matched = 0
        for pub in published.itertuples(index=False):
            hit = by_answer.get(_key(pub.answer))
            if hit is None:
                continue
            matched += 1
            rows.append(
                {
                    "question_id": qid,
                    "question": question,
                    "answer": pub.answer,
                    "series": YOUR_DATA,
                    "percent": hit.percent,
                    "label": hit.label,
                    "small_base": bool(hit.small_base),
                    "n": int(hit.n),
                }
            )
            rows.append(
                {
                    "question_id": qid,
                    "question": question,
                    "answer": pub.answer,
                    "series": NATIONAL,
                    "percent": pub.percent,
                    "label": pub.label,
                    "small_base": False,
                    "n": None,
                }
            )
        unmatched = sorted(
            set(ours["answer"])
            - {a for a in ours["answer"] if _key(a) in {_key(p) for p in published["answer"]}}
        )
        if unmatched:
            notes.append(
                f"{question}: your answers not among the published 2016 figures: {', '.join(unmatched)}."
            )
        if not matched:
            notes.append(f"{question}: no answer matches the 2016 wording, so nothing is compared.")
    others = [q for q in dict.fromkeys(mine["question_id"]) if q not in {b for b, _ in baseline}]
    if others:
        notes.append(f"Questions with no 2016 counterpart: {', '.join(others)}.")
    return pd.DataFrame(rows, columns=columns), notes


def comparison_views(
    compared: pd.DataFrame, data: Dataset, design: survey.SurveyDesign, *, view_text: str, file: str
) -> list[survey.ChartView]:
    views = []
    lookup = survey.source_lookup(data.sources)
    for question_id, rows in compared.groupby("question_id", sort=False):
        title = str(rows["question"].iloc[0])
        mine = rows[rows["series"] == YOUR_DATA].set_index("answer")
        national = rows[rows["series"] == NATIONAL].set_index("answer")
        gaps = (mine["percent"] - national["percent"]).dropna()
        n = int(mine["n"].iloc[0]) if len(mine) else 0
        answer = str(gaps.abs().idxmax())
        gap = float(gaps[answer])
        direction = "above" if gap > 0 else "below" if gap < 0 else "level with"
        sentence = (
            f"Largest difference: {answer} — {survey.fmt_percent(mine.loc[answer, 'percent'])} of your {n} "
            f"respondents answering vs {survey.fmt_percent(national.loc[answer, 'percent'])} nationally in 2016 "
            f"({abs(gap):.1f} points {direction})."
            if gap
            else f"Your respondents match the 2016 national figure for {answer} "
            f"({survey.fmt_percent(mine.loc[answer, 'percent'])})."
        )
        if n < survey.SMALL_BASE:
            sentence += f" Small base: only {n} of your respondents answered, so treat this with caution."
        published = survey.published_rows(data, str(question_id))
        partial = len(published) and not published["list_complete"].all()
        subtitle = [
            f"Your data ({view_text}) beside the 2016 national figures ({design.base_line()}).",
            "Different bases and years: yours are of respondents answering; 2016 figures are national, "
            "unweighted and self-reported.",
        ]
        if partial:
            subtitle.append("Only answers the 2016 sources publish can be compared.")
        sources = list(dict.fromkeys(published["source_id"]))
        footer = [
            f"Sources: your file {file}; 2016: "
            + "; ".join(f"{lookup[s]['short']} ({lookup[s]['date']})" for s in sources if s in lookup)
        ]
        description = survey.chart_description(
            title, rows.assign(answer=rows["series"] + ": " + rows["answer"]), sentence, subtitle + footer
        )
        chart = survey.bars_chart(
            rows,
            title=title,
            subtitle=subtitle,
            footer=footer,
            description=description,
            series_order=[YOUR_DATA, NATIONAL],
            colours=(survey.BAR_COLOUR, survey.BASELINE_COLOUR),
        )
        table = (
            rows.pivot_table(index="answer", columns="series", values="percent", sort=False)
            .reindex(columns=[YOUR_DATA, NATIONAL])
            .reset_index()
            .rename(
                columns={"answer": "Answer", YOUR_DATA: "Your respondents (%)", NATIONAL: "2016 national (%)"}
            )
        )
        table["Difference (points)"] = (table["Your respondents (%)"] - table["2016 national (%)"]).round(1)
        table["Your base n"] = n
        header = [
            f"Comparison with the 2016 ICMA / Smart Cities Council survey: {title}",
            f"Your data: {view_text} (file {file})",
            f"2016: {design.base_line()}; national, unweighted, self-reported",
            f"Coalition data as of {data.as_of}",
        ]
        views.append(
            survey.ChartView(
                str(question_id), title, chart, sentence, description, subtitle + footer, table, header
            )
        )
    return views


# -- everything the page shows for one upload and one set of filters -----------------------------


@dataclass(frozen=True)
class RespondentShown:
    """The respondent section of /survey for one file and one set of filters."""

    view_text: str  # describe() of the selected respondents
    empty: bool  # no respondent matches the filters
    comparison_notes: tuple[str, ...] = ()
    comparison_views: tuple[survey.ChartView, ...] = ()  # only when compared with 2016
    views: tuple[survey.ChartView, ...] = ()


def respondent_shown(
    respondents: RespondentData,
    members: pd.DataFrame,
    data: Dataset,
    filters: RespondentFilters,
    *,
    compare_2016: bool,
    names: dict[str, str],
) -> RespondentShown:
    """Match, filter, break down and chart the respondents, with every chart's spec converted.

    The page keeps the result in the session (uploads never leave it), so a rerun that changes
    nothing here redraws the charts without recomputing them.
    """
    members_of = membership(respondents.frame, members)
    selected = apply_filters(respondents.frame, members_of, filters)
    view_text = describe(selected, filters, names)
    if selected.empty:
        return RespondentShown(view_text, empty=True)
    question_text = dict(survey.questions(data.survey_results))
    results = question_results(selected, members_of, filters.by, names, question_text)
    notes: list[str] = []
    compared_views: list[survey.ChartView] = []
    if compare_2016:
        overall = question_results(selected, members_of, "", names, question_text)
        overall_text = describe(selected, replace(filters, by=""), names)
        compared, notes = comparison(overall, data)
        compared_views = comparison_views(
            compared, data, survey.survey_design(data), view_text=overall_text, file=respondents.file
        )
    views = respondent_views(
        results,
        by=filters.by,
        view_text=view_text,
        source_line=respondents.source_line,
        data_as_of=data.as_of,
    )
    for view in (*compared_views, *views):
        _ = view.spec, view.arrow_table  # convert once, here, not in every rerun that draws it
    return RespondentShown(view_text, False, tuple(notes), tuple(compared_views), tuple(views))
