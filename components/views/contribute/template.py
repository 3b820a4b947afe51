"""The roster and facts templates of one coalition, pre-filled with what is published, with a README.

A template is one flat sheet a person can edit in any spreadsheet program: the roster joins each
membership row with its entity (name, place, type) and its source (title, address, dates); the facts
sheet joins each coalition fact with its source. Its columns come from the one schema
(components/data/schema.py), so a column added there appears here, explained by its `help`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.schema import DATE, ID, NUMBER, TABLES_BY_NAME, URL, USPS, YESNO, Column

ENTITY_PREFIX = "entity_"  # an entities column whose name a membership column already uses
SOURCE_PREFIX = "source_"
KIND_WORDS = {
    ID: "id: lower-case letters, digits and hyphens (e.g. plano-tx)",
    DATE: "date: YYYY-MM-DD, YYYY-MM or YYYY",
    URL: "web address starting with https:// or http://",
    USPS: "two-letter USPS state code (e.g. TX)",
    NUMBER: "number",
    YESNO: "yes or no",
}
# A cell a spreadsheet would run as a formula is written with a leading apostrophe (OWASP "CSV
# injection"); reading the file back removes it again (upload.py), so a round trip changes nothing.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


@dataclass(frozen=True)
class Part:
    """One template column: where its value lives in the data tables."""

    flat: str  # the template's column name
    table: str  # the data table
    column: Column  # its column there


@dataclass(frozen=True)
class TemplateSpec:
    """A flat template: the main table's rows, each joined with its entity and its source."""

    name: str  # 'roster' or 'facts': the sheet name and the CSV's file stem
    main: str  # the data table one template row is a row of
    group_column: str  # the main table's column that names the coalition
    parts: tuple[Part, ...]
    title: str

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(p.flat for p in self.parts)

    def part(self, flat: str) -> Part:
        return next(p for p in self.parts if p.flat == flat)

    def parts_of(self, table: str) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.table == table)

    def file(self, coalition_id: str, suffix: str = ".csv") -> str:
        return f"{coalition_id}_{self.name}{suffix}"


def _parts(main: str, joins: tuple[str, ...]) -> tuple[Part, ...]:
    """The main table's columns, then each joined table's columns that are not already there."""
    parts = [Part(c.name, main, c) for c in TABLES_BY_NAME[main].columns]
    for table in joins:
        spec = TABLES_BY_NAME[table]
        for col in spec.columns:
            if col.name in spec.key:
                continue  # the join key: the main table's column of the same name
            taken = {p.flat for p in parts}
            prefix = SOURCE_PREFIX if table == "sources" else ENTITY_PREFIX
            flat = col.name if (table == "entities" and col.name not in taken) else prefix + col.name
            parts.append(Part(flat, table, col))
    return tuple(parts)


ROSTER = TemplateSpec(
    "roster",
    "memberships",
    "group_id",
    _parts("memberships", ("entities", "sources")),
    "Roster: one row per member or partner and source",
)
FACTS = TemplateSpec(
    "facts",
    "coalition_facts",
    "coalition_id",
    _parts("coalition_facts", ("sources",)),
    "Facts: one row per fact and source",
)
TEMPLATES = (ROSTER, FACTS)


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def cell_value(column: Column, value: object) -> str:
    """A loaded cell as the text its CSV holds (numbers without a trailing .0, yes/no)."""
    if column.kind == YESNO:
        return "yes" if bool(value) else "no"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if column.kind == NUMBER:
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def template_rows(data: Dataset, spec: TemplateSpec, coalition_id: str) -> list[list[str]]:
    """The coalition's published rows of `spec`, each joined with its entity and its source, as text."""
    main = data.tables[spec.main]
    rows = main[main[spec.group_column] == coalition_id]
    entities = data.entities.set_index("entity_id", drop=False)
    sources = data.sources.set_index("source_id", drop=False)
    out = []
    for rec in rows.to_dict("records"):
        joined = {"entities": entities, "sources": sources}
        cells = []
        for part in spec.parts:
            if part.table == spec.main:
                value = rec.get(part.column.name)
            else:
                frame = joined[part.table]
                key = rec.get("entity_id" if part.table == "entities" else "source_id")
                value = frame.at[key, part.column.name] if key in frame.index else ""
            cells.append(cell_value(part.column, value))
        out.append(cells)
    return out


def coalition_name(data: Dataset, coalition_id: str) -> str:
    names = dict(zip(data.coalitions["coalition_id"], data.coalitions["name"], strict=True))
    return names.get(coalition_id, coalition_id)


def column_meaning(part: Part) -> str:
    """What a template column holds, from the schema: its help, kind, allowed values, required or not."""
    col = part.column
    words = [col.help or f"{part.table}.{col.name}."]
    if col.kind in KIND_WORDS:
        words.append(f"Format: {KIND_WORDS[col.kind]}.")
    if col.choices:
        words.append("One of: " + ", ".join(col.choices) + ".")
    if part.table == "sources" and col.name != "source_id":
        words.append("Needed for a new source_id; for a published source it may stay as it is.")
    elif part.table == "entities" and col.name != "entity_id":
        words.append("Of the entity: the same on every row of one entity_id.")
    words.append("Required." if col.required else "May be empty.")
    return " ".join(words)


def readme_rows(spec: TemplateSpec) -> list[tuple[str, str, str]]:
    """(column, where it is published, meaning) for every column of the template."""
    return [(p.flat, f"{p.table}.csv: {p.column.name}", column_meaning(p)) for p in spec.parts]


def readme_lines(data: Dataset, spec: TemplateSpec, coalition_id: str) -> list[str]:
    """The notes above the header of a CSV template (and the top of the README sheet)."""
    name = coalition_name(data, coalition_id)
    lines = [
        f"{spec.title} — {name} ({coalition_id}), as published (data as of {data.as_of}).",
        "Edit, add or delete rows; keep the header row and its column names. Every row needs a source: "
        "a source_id already used here, or a new source_id with its title, publisher, url and accessed date.",
        "Upload the edited file on the dashboard's 'Update your roster' page to check it, see the changes "
        "and the map with them, and download a change package for the maintainers. Lines starting with # are notes.",
    ]
    lines += [f"{column} ({where}): {meaning}" for column, where, meaning in readme_rows(spec)]
    return lines


def template_csv(data: Dataset, spec: TemplateSpec, coalition_id: str) -> bytes:
    """The pre-filled template as CSV (UTF-8 with BOM): '# ' notes explaining each column, then the rows."""
    buf = io.StringIO()
    for line in readme_lines(data, spec, coalition_id):
        buf.write("# " + " ".join(line.split()) + "\r\n")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(spec.columns)
    for cells in template_rows(data, spec, coalition_id):
        writer.writerow([neutralise(c) for c in cells])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_xlsx(data: Dataset, coalition_id: str) -> bytes:
    """One workbook: a README sheet explaining every column, then the roster and facts sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    readme = book.active
    readme.title = "README"
    for line in readme_lines(data, ROSTER, coalition_id)[:3]:
        readme.append([neutralise(line)])
    readme.append([])
    readme.append(["sheet", "column", "published in", "meaning"])
    readme.cell(readme.max_row, 1).font = Font(bold=True)
    for spec in TEMPLATES:
        for column, where, meaning in readme_rows(spec):
            readme.append([spec.name, column, where, neutralise(meaning)])
    readme.column_dimensions["B"].width = 22
    readme.column_dimensions["C"].width = 28
    readme.column_dimensions["D"].width = 100
    for spec in TEMPLATES:
        sheet = book.create_sheet(spec.name)
        sheet.append(list(spec.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=False)
        for cells in template_rows(data, spec, coalition_id):
            sheet.append([neutralise(c) for c in cells])
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
