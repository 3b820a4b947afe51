"""One person's edited copy of the data: the published tables with their coalition's rows replaced by
the upload's, validated by the loader exactly as a data folder is, every problem named in the
upload's terms (file, spreadsheet row, template column).

The copy is built in memory (components/data/load.load_tables) and never written to disk. Its
Dataset is a new object each time, so its memo (components/data/memo.py) is its own: the map and
matrix built on it by the shared per-dataset builders are keyed by that object and can only be
found through it. The controls module keeps it in that person's session state only, so no other
session can reach it.

How the upload replaces rows: the coalition's rows of the main table (memberships, or
coalition_facts) are replaced by the upload's, in place; each entity named is updated or added, and
an entity left in no membership at all is removed; a source is updated where the upload fills in
its columns differently, and added when its source_id is new.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from components.data.load import Dataset, load_tables
from components.data.memo import per_dataset
from components.data.schema import TABLES, DuplicateProblem, Problem
from components.views.contribute.template import TemplateSpec, cell_value, coalition_name
from components.views.contribute.upload import RosterUpload, Row, Sheet, slug


@dataclass
class RawTable:
    """A table as CSV text cells: its header (as in the file) and its rows."""

    header: list[str]
    rows: list[dict[str, str]]
    origins: list[Row | None] = field(default_factory=list)  # the upload row each row came from

    def copy(self) -> RawTable:
        return RawTable(list(self.header), [dict(r) for r in self.rows], [None] * len(self.rows))


@per_dataset
def published_tables(data: Dataset) -> dict[str, RawTable]:
    """Every table of the published data as text: the file's own cells where it is on disk (so the
    rows the loader left out and columns the schema does not know are kept), else the loaded rows.

    Shared by every session (it depends on the published data only): callers copy before editing.
    """
    tables: dict[str, RawTable] = {}
    for spec in TABLES:
        path = data.data_dir / spec.file
        if path.is_file():
            reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
            rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
            tables[spec.name] = RawTable(list(reader.fieldnames or []), rows)
        else:
            names = [c.name for c in spec.columns]
            frame = data.tables[spec.name]
            rows = [
                {c.name: cell_value(c, rec.get(c.name)) for c in spec.columns}
                for rec in frame.to_dict("records")
            ]
            tables[spec.name] = RawTable(names, rows)
    return tables


@dataclass
class Proposal:
    """The edited copy of the data (None when the upload could not be applied) and what is wrong with it."""

    coalition_id: str
    coalition: str  # its name
    upload: RosterUpload
    data: Dataset | None = None  # this session's edited dataset
    problems: list[Problem] = field(default_factory=list)  # the upload's problems, in its own terms
    inherited: int = 0  # problems the published data has already (not the upload's to fix)
    files: dict[str, bytes] = field(default_factory=dict)  # the edited tables, as CSV

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.problems


def _problem(row: Row, message: str, column: str = "", fix: str = "") -> Problem:
    return Problem(row.file, message, row.number, column or None, fix)


def _entity_id(row: Row, notices: list[str]) -> str:
    entity_id = row.cells.get("entity_id", "")
    if entity_id or not row.cells.get("name"):
        return entity_id
    made = slug(row.cells["name"], row.cells.get("state", ""))
    notices.append(
        f"{row.file}, row {row.number}: no entity_id, so '{made}' was made from the name and state."
    )
    row.cells["entity_id"] = made
    return made


def _check_group(sheet: Sheet, row: Row, coalition_id: str, problems: list[Problem]) -> bool:
    column = sheet.spec.group_column
    value = row.cells.get(column, "") or coalition_id
    row.cells[column] = value
    if value == coalition_id:
        return True
    problems.append(
        _problem(
            row,
            f"'{value}' is another group: this template is for {coalition_id}.",
            column,
            f"Write {coalition_id}, or send that group's rows with its own template.",
        )
    )
    return False


def _another_coalitions_file(sheet: Sheet, coalition_id: str, problems: list[Problem]) -> bool:
    """A whole file of another coalition's rows is one problem (the page is set to the wrong coalition)."""
    column = sheet.spec.group_column
    named = {row.cells.get(column, "") for row in sheet.rows} - {""}
    if len(named) != 1 or coalition_id in named:
        return False
    other = named.pop()
    problems.append(
        Problem(
            sheet.file,
            f"is the {sheet.spec.name} of '{other}', but this page is set to {coalition_id}.",
            column=column,
            fix=f"Choose '{other}' under 'Your coalition' above, or start from {coalition_id}'s template.",
        )
    )
    return True


def _record(sheet: Sheet, row: Row, table: str) -> dict[str, str]:
    return {p.column.name: row.cells.get(p.flat, "") for p in sheet.spec.parts_of(table)}


def _same_on_every_row(
    sheet: Sheet,
    table: str,
    key: str,
    row: Row,
    seen: dict[str, tuple[Row, dict[str, str]]],
    problems: list[Problem],
) -> None:
    """One entity (one source) must read the same on every row that names it."""
    value = row.cells.get(key, "")
    if not value:
        return  # the loader reports the missing id
    record = {k: v for k, v in _record(sheet, row, table).items() if v or table == "entities"}
    first = seen.setdefault(value, (row, record))
    if first[0] is row:
        return
    for part in sheet.spec.parts_of(table):
        a, b = first[1].get(part.column.name), record.get(part.column.name)
        if a is not None and b is not None and a != b:
            problems.append(
                _problem(
                    row,
                    f"{key} '{value}' has '{b}' here but '{a}' on row {first[0].number}.",
                    part.flat,
                    f"Write the same {part.flat} on every row of {key} '{value}'.",
                )
            )


def _check_new_sources(
    sheet: Sheet, seen: dict[str, tuple[Row, dict[str, str]]], published: set[str], problems: list[Problem]
) -> None:
    for source_id, (row, record) in seen.items():
        if not source_id or source_id in published:
            continue
        for part in sheet.spec.parts_of("sources"):
            if part.column.required and not record.get(part.column.name):
                problems.append(
                    _problem(
                        row,
                        f"'{source_id}' is a new source, so its {part.column.name} is needed.",
                        part.flat,
                        part.column.help or f"Fill in {part.flat}.",
                    )
                )


def _check_rows(upload: RosterUpload, coalition_id: str, published: dict[str, RawTable]) -> list[Problem]:
    """The template's own rules, row by row: the group, ids, one entity and one source per id."""
    problems: list[Problem] = []
    known_sources = {r.get("source_id", "") for r in published["sources"].rows}
    for sheet in upload.sheets:
        if _another_coalitions_file(sheet, coalition_id, problems):
            continue
        entities: dict[str, tuple[Row, dict[str, str]]] = {}
        sources: dict[str, tuple[Row, dict[str, str]]] = {}
        for row in sheet.rows:
            if not _check_group(sheet, row, coalition_id, problems):
                continue
            if sheet.spec.parts_of("entities"):
                _entity_id(row, upload.notices)
                _same_on_every_row(sheet, "entities", "entity_id", row, entities, problems)
            _same_on_every_row(sheet, "sources", "source_id", row, sources, problems)
        _check_new_sources(sheet, sources, known_sources, problems)
    return problems


def _replace_group(table: RawTable, spec: TemplateSpec, coalition_id: str, sheet: Sheet) -> None:
    """The coalition's rows of the main table replaced, in place, by the sheet's rows."""
    column = spec.group_column
    mine = [i for i, r in enumerate(table.rows) if r.get(column) == coalition_id]
    keep = [(r, o) for r, o in zip(table.rows, table.origins, strict=True) if r.get(column) != coalition_id]
    new = [({h: "" for h in table.header} | _record(sheet, row, spec.main), row) for row in sheet.rows]
    at = mine[0] if mine else len(keep)  # every row before the first replaced one is kept
    merged = keep[:at] + new + keep[at:]
    table.rows = [r for r, _ in merged]
    table.origins = [o for _, o in merged]


def _upsert(table: RawTable, key: str, sheet: Sheet, name: str) -> None:
    """Each record the sheet names updated with the cells it fills in (entities: every cell), or added."""
    index = {r.get(key, ""): i for i, r in enumerate(table.rows)}
    done: set[str] = set()
    for row in sheet.rows:
        value = row.cells.get(key, "")
        if not value or value in done:
            continue
        done.add(value)
        record = {k: v for k, v in _record(sheet, row, name).items() if v or name == "entities"}
        record[key] = value
        if value in index:
            i = index[value]
            if any(table.rows[i].get(k, "") != v for k, v in record.items()):
                table.rows[i] = table.rows[i] | record
                table.origins[i] = row
        else:
            table.rows.append({h: "" for h in table.header} | record)
            table.origins.append(row)


def _drop_orphans(tables: dict[str, RawTable], before: set[str]) -> None:
    """Entities that were the coalition's and are now in no membership at all are removed."""
    named = {r.get("entity_id", "") for r in tables["memberships"].rows}
    entities = tables["entities"]
    keep = [
        i
        for i, r in enumerate(entities.rows)
        if r.get("entity_id") in named or r.get("entity_id") not in before
    ]
    entities.rows = [entities.rows[i] for i in keep]
    entities.origins = [entities.origins[i] for i in keep]


def edited_tables(data: Dataset, coalition_id: str, upload: RosterUpload) -> dict[str, RawTable]:
    """The published tables with the upload applied (its rows remember where they came from)."""
    tables = {name: t.copy() for name, t in published_tables(data).items()}
    for sheet in upload.sheets:
        spec = sheet.spec
        main = tables[spec.main]
        before = {r.get("entity_id", "") for r in main.rows if r.get(spec.group_column) == coalition_id}
        _replace_group(main, spec, coalition_id, sheet)
        if spec.parts_of("entities"):
            _upsert(tables["entities"], "entity_id", sheet, "entities")
            _drop_orphans(tables, before)
        _upsert(tables["sources"], "source_id", sheet, "sources")
    return tables


def table_csv(table: RawTable) -> tuple[bytes, list[int]]:
    """The table as CSV (as the data folder writes it) and the spreadsheet row of each of its rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([row.get(h, "") for h in table.header])
    text = buf.getvalue()
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    lines = []
    for _ in reader:
        lines.append(reader.line_num)
    return text.encode("utf-8"), lines


def _flat_column(spec: TemplateSpec | None, table: str, column: str | None) -> str | None:
    """The template column a table column is edited in ('note' of entities → 'entity_note')."""
    if not column or spec is None:
        return column
    flat = {p.column.name: p.flat for p in spec.parts_of(table)}
    return ", ".join(flat.get(c.strip(), c.strip()) for c in column.split(","))


def _in_upload_terms(
    problem: Problem, origins: dict[tuple[str, int], Row], specs: dict[str, TemplateSpec]
) -> Problem | None:
    """The loader's problem located in the upload (file, row, template column); None if not the upload's."""
    origin = origins.get((problem.file, problem.row or 0))
    if origin is None:
        return None
    table = problem.file.removesuffix(".csv")
    spec = specs.get(origin.file)
    message = problem.message
    fix = problem.fix
    if isinstance(problem, DuplicateProblem):
        first = origins.get((problem.file, problem.first_row or 0))
        where = (
            f"row {first.number}" + (f" of {first.file}" if first.file != origin.file else "")
            if first
            else "a published row"
        )
        message = f"this row repeats {where}: the same {', '.join(problem.key)}."
        fix = "Remove one of the two rows, or give each its own source."
    return Problem(origin.file, message, origin.number, _flat_column(spec, table, problem.column), fix)


def _signature(problem: Problem) -> tuple[str, str, str]:
    return (problem.file, problem.message, problem.column or "")


def propose(data: Dataset, coalition_id: str, upload: RosterUpload) -> Proposal:
    """The upload applied to the published data and validated; nothing applied when anything is wrong."""
    proposal = Proposal(
        coalition_id, coalition_name(data, coalition_id), upload, problems=list(upload.problems)
    )
    if not upload.sheets or upload.problems:
        return proposal
    published = published_tables(data)
    proposal.problems = _check_rows(upload, coalition_id, published)
    if proposal.problems:
        return proposal
    tables = edited_tables(data, coalition_id, upload)
    origins: dict[tuple[str, int], Row] = {}
    for spec in TABLES:
        content, lines = table_csv(tables[spec.name])
        proposal.files[spec.file] = content
        origins.update(
            ((spec.file, line), origin)
            for line, origin in zip(lines, tables[spec.name].origins, strict=True)
            if origin
        )
    edited = load_tables(proposal.files, label=f"your edit of {coalition_id}")
    specs = {s.file: s.spec for s in upload.sheets}
    already = {_signature(p) for p in data.problems}
    for problem in edited.problems:
        mine = _in_upload_terms(problem, origins, specs)
        if mine is not None:
            proposal.problems.append(mine)
        elif _signature(problem) in already:
            proposal.inherited += 1
        else:
            proposal.problems.append(problem)  # caused by the edit, in a row it did not write
    if not proposal.problems:
        proposal.data = edited
    return proposal


def changed_files(proposal: Proposal, data: Dataset) -> dict[str, bytes]:
    """The edited tables whose rows differ from the published ones."""
    published = published_tables(data)
    return {
        spec.file: proposal.files[spec.file]
        for spec in TABLES
        if spec.file in proposal.files and table_csv(published[spec.name])[0] != proposal.files[spec.file]
    }
