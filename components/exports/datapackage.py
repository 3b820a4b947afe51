"""The open-data package: a Frictionless Data Package descriptor for the CSV tables.

`coalitions_data/datapackage.json` lets open-data portals and the `frictionless` tools read the
tables with their types, constraints and keys. It is generated from the one schema in code
(components/data/schema.py: TABLES, their columns, keys and references), never written by hand:

    python -m components.exports.datapackage            # regenerate coalitions_data/datapackage.json
    python -m components.exports.datapackage --check    # exit 1 if the committed file is out of date

How the schema maps onto Table Schema (https://specs.frictionlessdata.io/table-schema/):
- column kinds → field types: text → string; id → string with the id pattern; url → string, format
  uri; usps → string limited to the USPS codes; number → number; yesno → boolean written yes/no;
  date → string with a date pattern, because the tables hold partial dates (2016, 2016-05) beside
  full ones and Table Schema's date, yearmonth and year types each accept only one of those forms.
- `required` → constraints.required; `choices` → constraints.enum; `help` → the field description.
- primaryKey: the table's id column, or else the logical key under which the validator reports a
  row as a duplicate (schema.DUPLICATE_KEYS), so frictionless also refuses a row pasted twice.
- foreignKeys: one per reference with a single target table. A reference to either of two tables
  (`group_id`: a coalition or a network) cannot be a Table Schema foreign key, which points at one
  resource; it is stated in the field's description and checked by `python -m components.validate`.

The full-dataset ZIP (exports.dataset.dataset_zip) carries a descriptor of its own files, made by
`frames_descriptor` from the same schema: those CSVs are the tables as loaded, with the columns
the loader adds (coordinates) and yes/no columns written True/False.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from components.data.load import DEFAULT_DATA_DIR, USPS_CODES
from components.data.schema import (
    DATE,
    DUPLICATE_KEYS,
    ID,
    NUMBER,
    TABLES,
    TEXT,
    URL,
    USPS,
    YESNO,
    Column,
    Reference,
    TableSpec,
)

DESCRIPTOR_NAME = "datapackage.json"
DESCRIPTOR_PATH = DEFAULT_DATA_DIR / DESCRIPTOR_NAME
REGENERATE = "python -m components.exports.datapackage"

# Table Schema patterns are implicitly anchored (the whole cell must match). They accept what the
# validator (components/data/load.py) accepts; a date pattern cannot check the calendar (2021-02-30)
# or the validator's year range, which `python -m components.validate` still does.
ID_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*"
DATE_PATTERN = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
URL_PATTERN = "[Hh][Tt][Tt][Pp][Ss]?://[^\\s/$.?#]\\S*"

# Kind → (Table Schema field properties, sentence added to the description).
KIND_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    TEXT: ({"type": "string"}, ""),
    ID: (
        {"type": "string", "constraints": {"pattern": ID_PATTERN}},
        "An id: lower-case letters, digits and hyphens.",
    ),
    DATE: (
        {"type": "string", "constraints": {"pattern": DATE_PATTERN}},
        "A date written YYYY-MM-DD, or YYYY-MM or YYYY where only the month or year is known "
        "(so typed string: Table Schema's date types do not take partial dates).",
    ),
    URL: (
        {"type": "string", "format": "uri", "constraints": {"pattern": URL_PATTERN}},
        "A web address starting with http:// or https://.",
    ),
    USPS: (
        {"type": "string", "constraints": {"enum": sorted(USPS_CODES)}},
        "Two-letter USPS code of a state, DC or territory.",
    ),
    NUMBER: ({"type": "number"}, ""),
    YESNO: ({"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}, "yes or no."),
}

# Columns the loader adds to the tables it reads (not in the CSV files): their description in the ZIP.
LOADER_COLUMNS: dict[str, str] = {
    "lon": "Longitude (WGS84) added by the app's loader from the packaged gazetteer or boundaries; "
    "not a column of the published CSV.",
    "lat": "Latitude (WGS84) added by the app's loader from the packaged gazetteer or boundaries; "
    "not a column of the published CSV.",
    "county_fips": "Five-digit county FIPS code added by the app's loader for rows placed by county; "
    "not a column of the published CSV.",
}

PACKAGE_NAME = "us-smart-city-coalitions"
PACKAGE_TITLE = "US regional smart-city coalitions: members, focus areas, networks and the 2016 survey"
# What coalitions_data/README.md (the data dictionary) says of the data, and what it does not say.
PACKAGE_DESCRIPTION = (
    "The tables behind the US smart-city coalitions dashboard: the seven regional coalitions of the "
    "National Smart Coalitions Partnership (NSCP), the national networks (US Ignite, Project OVERCOME), "
    "their members and partners, their focus areas with the evidence for each, and the published results of "
    "the 2016 ICMA / Smart Cities Council survey. Every fact carries its source (source_id, a row of "
    "sources.csv with the public address) and two dates, never confused: as_of, the fact's own date as "
    "its source gives it (empty when the source gives none), and sources.accessed, when the source was "
    "last checked. Nothing is invented: every member, focus area, initiative and figure was read in a "
    "public source listed in sources.csv. Where sources "
    "disagree, each version is its own row with its own source. Listed rosters are incomplete where no "
    "public roster exists (coalitions.roster_note says how complete each is). The data dictionary is "
    "README.md in this folder. Licence: the repository states no licence for these tables, so this "
    "descriptor declares none; the facts are read from the publishers' pages listed in sources.csv."
)
ZIP_NOTE = (
    " This copy is the dashboard's full download: the tables as loaded and validated (rows with a "
    "problem left out), text cells that a spreadsheet would run as a formula prefixed with an "
    "apostrophe, yes/no columns written True/False, and the coordinates the loader adds."
)
SOURCES = [
    {
        "title": "The public articles, pages and documents listed in sources.csv "
        "(title, publisher, address, publication date and the date each was read)",
        "path": "sources.csv",
    }
]

SHIPPED_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
ZIP_DIALECT = {**SHIPPED_DIALECT, "lineTerminator": "\r\n"}


def _reference_note(ref: Reference) -> str:
    targets = " or ".join(f"{table}.{column}" for table, column in ref.targets)
    if len(ref.targets) == 1:
        return f"Must match {targets}."
    return (
        f"Must match {targets}. Not declared as a foreign key (a Table Schema foreign key points at "
        "one table); `python -m components.validate` checks it."
    )


def column_field(spec: TableSpec, col: Column, *, written_as_bool: bool = False) -> dict[str, Any]:
    """The Table Schema field for one column of the schema.

    `written_as_bool`: a yes/no column that pandas wrote as True/False (the ZIP's CSVs).
    """
    if col.kind not in KIND_FIELDS:
        raise ValueError(
            f"{spec.file}: column '{col.name}' has kind '{col.kind}', which "
            "components/exports/datapackage.py does not map to a Table Schema type; add it to KIND_FIELDS."
        )
    props, kind_note = KIND_FIELDS[col.kind]
    field: dict[str, Any] = {"name": col.name, **copy.deepcopy(props)}
    if written_as_bool and col.kind == YESNO:
        field.update(trueValues=["True"], falseValues=["False"])
        kind_note = "yes or no, written True or False in this copy."
    constraints = field.pop("constraints", {})
    if col.required:
        constraints["required"] = True
    if col.choices:
        constraints["enum"] = list(col.choices)
    refs = [_reference_note(r) for r in spec.references if r.column == col.name]
    description = " ".join(part for part in (col.help, kind_note, *refs) if part)
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def primary_key(spec: TableSpec) -> list[str]:
    """The table's id column(s), or else its logical duplicate key (when every part is required)."""
    key = spec.key or DUPLICATE_KEYS.get(spec.name, ())
    columns = {c.name: c for c in spec.columns}
    if key and all(name in columns and columns[name].required for name in key):
        return list(key)
    return []


def foreign_keys(spec: TableSpec) -> list[dict[str, Any]]:
    """One foreign key per single-target reference (see the module docstring for two targets)."""
    return [
        {"fields": [ref.column], "reference": {"resource": ref.targets[0][0], "fields": [ref.targets[0][1]]}}
        for ref in spec.references
        if len(ref.targets) == 1
    ]


def _resource(spec: TableSpec, fields: list[dict[str, Any]], dialect: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if key := primary_key(spec):
        schema["primaryKey"] = key
    if fks := foreign_keys(spec):
        schema["foreignKeys"] = fks
    description = spec.description
    if spec.optional:
        description += " (An optional file: the app works without it.)"
    return {
        "profile": "tabular-data-resource",
        "name": spec.name,
        "path": spec.file,
        "title": spec.file,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dict(dialect),
        "schema": schema,
    }


def _package(resources: list[dict[str, Any]], description: str) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": description,
        "sources": [dict(s) for s in SOURCES],
        "keywords": ["smart cities", "regional coalitions", "local government", "United States", "NSCP"],
        "resources": resources,
    }


def package_descriptor(tables: Sequence[TableSpec] = TABLES) -> dict[str, Any]:
    """The descriptor of the shipped folder: one resource per table of the schema."""
    resources = [
        _resource(spec, [column_field(spec, c) for c in spec.columns], SHIPPED_DIALECT) for spec in tables
    ]
    return _package(resources, PACKAGE_DESCRIPTION)


def _frame_field(spec: TableSpec, name: str, dtype: Any) -> dict[str, Any]:
    """A field for one column of a table as the loader returns it."""
    names = {c.name for c in spec.columns}
    if name in names:
        return column_field(spec, spec.column(name), written_as_bool=pd.api.types.is_bool_dtype(dtype))
    if pd.api.types.is_bool_dtype(dtype):
        props: dict[str, Any] = {"type": "boolean", "trueValues": ["True"], "falseValues": ["False"]}
    elif pd.api.types.is_integer_dtype(dtype):
        props = {"type": "integer"}
    elif pd.api.types.is_numeric_dtype(dtype):
        props = {"type": "number"}
    else:
        props = {"type": "string"}
    description = LOADER_COLUMNS.get(name, "Added by the app's loader; not a column of the published CSV.")
    return {"name": name, **props, "description": description}


def frames_descriptor(
    frames: Mapping[str, pd.DataFrame], tables: Sequence[TableSpec] = TABLES
) -> dict[str, Any]:
    """The descriptor of tables written by pandas (the ZIP): their columns, CRLF lines, True/False."""
    resources = [
        _resource(
            spec,
            [_frame_field(spec, str(name), dtype) for name, dtype in frames[spec.name].dtypes.items()],
            ZIP_DIALECT,
        )
        for spec in tables
    ]
    return _package(resources, PACKAGE_DESCRIPTION + ZIP_NOTE)


def descriptor_json(descriptor: Mapping[str, Any]) -> str:
    """The descriptor as written to datapackage.json: indented, UTF-8 text, one trailing newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def stale_message(path: Path = DESCRIPTOR_PATH, tables: Sequence[TableSpec] = TABLES) -> str | None:
    """Why the descriptor at `path` is not what the schema generates (with the command to fix it), or None."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == descriptor_json(package_descriptor(tables)):
        return None
    what = "is missing" if current is None else "is out of date with components/data/schema.py"
    return f"{path} {what}; regenerate it with: {REGENERATE}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=REGENERATE,
        description="Write coalitions_data/datapackage.json from the schema in components/data/schema.py.",
    )
    parser.add_argument(
        "--out", type=Path, default=DESCRIPTOR_PATH, help="where to write (default: %(default)s)"
    )
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file is out of date"
    )
    args = parser.parse_args(argv)
    if args.check:
        problem = stale_message(args.out)
        print(problem or f"{args.out} is up to date.", file=sys.stderr if problem else sys.stdout)
        return 1 if problem else 0
    args.out.write_text(descriptor_json(package_descriptor()), encoding="utf-8")
    print(f"Wrote {args.out} ({len(TABLES)} tables).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
