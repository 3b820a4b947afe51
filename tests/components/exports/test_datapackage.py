"""The open-data package: coalitions_data/datapackage.json is generated from the schema and
`frictionless` (the Frictionless Data reference tool, as an open-data portal would use it) accepts
the shipped tables with it and refuses corrupted ones."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from components.data.load import load_dataset
from components.data.schema import TABLES, TABLES_BY_NAME, Column
from components.exports import datapackage as dp

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "coalitions_data"


def _errors(report: frictionless.Report) -> list[tuple[str, int | None, str | None, str]]:
    """(resource, row, field, error type) of every error frictionless reports ("package" for its own)."""
    found = [("package", None, None, e.type) for e in report.errors]
    for task in report.tasks:
        for error in task.errors:
            d = error.to_descriptor()
            found.append((task.name, d.get("rowNumber"), d.get("fieldName"), d["type"]))
    return found


def _report_text(report: frictionless.Report) -> str:
    return "\n".join(
        f"{task.name}: {e.to_descriptor().get('rowNumber')} {e.message}"
        for task in report.tasks
        for e in task.errors
    )[:4000] + "\n".join(e.message for e in report.errors)


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _field(descriptor: dict, table: str, column: str) -> dict:
    return next(f for f in _resource(descriptor, table)["schema"]["fields"] if f["name"] == column)


# --- The committed file is the generated one --------------------------------------------------


def test_committed_datapackage_json_is_what_the_schema_generates():
    committed = (SHIPPED / "datapackage.json").read_text(encoding="utf-8")
    assert committed == dp.descriptor_json(dp.package_descriptor()), (
        "coalitions_data/datapackage.json is out of date with components/data/schema.py; "
        f"regenerate it with: {dp.REGENERATE}"
    )
    assert dp.stale_message() is None


def test_a_schema_change_makes_the_committed_file_stale():
    """The check above can fail: one more column in the schema and the committed file no longer matches."""
    memberships = TABLES_BY_NAME["memberships"]
    changed = dataclasses.replace(
        memberships, columns=(*memberships.columns, Column("checked", "date", required=False))
    )
    tables = tuple(changed if t.name == "memberships" else t for t in TABLES)
    message = dp.stale_message(SHIPPED / "datapackage.json", tables)
    assert message is not None
    assert "python -m components.exports.datapackage" in message
    assert "checked" in [
        f["name"] for f in _resource(dp.package_descriptor(tables), "memberships")["schema"]["fields"]
    ]


def test_the_command_writes_and_checks_the_file(tmp_path):
    out = tmp_path / "datapackage.json"
    assert dp.main(["--check", "--out", str(out)]) == 1  # missing
    assert dp.main(["--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "us-smart-city-coalitions"
    assert dp.main(["--check", "--out", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace('"number"', '"string"'), encoding="utf-8")
    assert dp.main(["--check", "--out", str(out)]) == 1


def test_python_dash_m_checks_the_committed_file():
    done = subprocess.run(
        [sys.executable, "-m", "components.exports.datapackage", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout


# --- What the descriptor says --------------------------------------------------------------------


def test_one_resource_per_table_with_its_csv_file_and_columns_in_order():
    descriptor = json.loads((SHIPPED / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert [r["path"] for r in descriptor["resources"]] == [
        "sources.csv",
        "coalitions.csv",
        "networks.csv",
        "network_coalitions.csv",
        "coalition_facts.csv",
        "entities.csv",
        "memberships.csv",
        "focus_areas.csv",
        "focus_evidence.csv",
        "survey_facts.csv",
        "survey_results.csv",
    ]
    for resource in descriptor["resources"]:
        assert (resource["format"], resource["encoding"], resource["dialect"]["delimiter"]) == (
            "csv",
            "utf-8",
            ",",
        )
        header = _csv_rows(SHIPPED / resource["path"])[0]
        assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["path"]


def test_no_licence_is_invented():
    descriptor = dp.package_descriptor()
    assert "licenses" not in descriptor
    assert "states no licence" in descriptor["description"]
    assert descriptor["sources"][0]["path"] == "sources.csv"


def test_keys_types_and_constraints_follow_the_schema():
    d = dp.package_descriptor()
    assert _resource(d, "sources")["schema"]["primaryKey"] == ["source_id"]
    assert _resource(d, "entities")["schema"]["primaryKey"] == ["entity_id"]
    # Tables without an id column: the key under which the validator reports a duplicate row.
    assert _resource(d, "memberships")["schema"]["primaryKey"] == [
        "entity_id",
        "group_id",
        "role",
        "source_id",
    ]
    assert _resource(d, "memberships")["schema"]["foreignKeys"] == [
        {"fields": ["entity_id"], "reference": {"resource": "entities", "fields": ["entity_id"]}},
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
    ]
    group = _field(d, "memberships", "group_id")
    assert "coalitions.coalition_id or networks.network_id" in group["description"]
    assert "Not declared as a foreign key" in group["description"]
    shared = _field(d, "focus_areas", "nscp_shared")
    assert shared | {"description": ""} == {
        "name": "nscp_shared",
        "type": "boolean",
        "trueValues": ["yes"],
        "falseValues": ["no"],
        "description": "",
        "constraints": {"required": True},
    }
    # Field descriptions are the columns' help from the schema.
    assert shared["description"].startswith(TABLES_BY_NAME["focus_areas"].column("nscp_shared").help)
    assert _field(d, "survey_results", "percent")["type"] == "number"
    assert _field(d, "sources", "url")["format"] == "uri"
    assert _field(d, "entities", "entity_type")["constraints"]["enum"][:3] == ["city", "county", "community"]
    assert "required" not in _field(d, "entities", "state").get("constraints", {})
    assert {"TX", "DC", "PR"} <= set(_field(d, "entities", "state")["constraints"]["enum"])
    assert (
        _field(d, "coalitions", "hub_basis")["description"]
        == TABLES_BY_NAME["coalitions"].column("hub_basis").help
    )


def test_an_unknown_column_kind_is_refused_by_name():
    spec = dataclasses.replace(TABLES_BY_NAME["networks"], columns=(Column("budget", "money"),))
    with pytest.raises(ValueError, match=r"networks.csv: column 'budget' has kind 'money'"):
        dp.package_descriptor((spec,))


def _reads(field: dict, cell: str) -> bool:
    """Whether frictionless accepts `cell` in a column described by `field`."""
    _, notes = frictionless.Field.from_descriptor(field).read_cell(cell)
    return not notes


@pytest.mark.parametrize(
    ("table", "column", "good", "bad"),
    [
        (
            "memberships",
            "joined",
            ["2016", "2016-05", "2016-05-21", ""],
            ["16", "2016-5", "2016-13", "May 2016", "2016/05/21"],
        ),
        ("memberships", "as_of", ["2026-11-21", "2021", ""], ["2026-11-21 ", "2026-11-21T00:00"]),
        ("entities", "entity_id", ["plano-tx", "a1"], ["Plano", "plano_tx", "-plano", "plano-"]),
        (
            "sources",
            "url",
            ["https://example.org/a?b=1", "HTTP://x.org"],
            ["example.org", "ftp://x.org", "https:// x"],
        ),
        ("entities", "state", ["TX", "DC", "PR", ""], ["Texas", "tx", "XX"]),
        ("focus_areas", "nscp_shared", ["yes", "no"], ["Yes", "true", "1", ""]),
        ("coalition_facts", "number", ["120", "59.5", ""], ["about 120", "1,200"]),
        ("coalition_facts", "qualifier", ["about", ""], ["around"]),
        ("coalitions", "name", ["North Texas Innovation Alliance"], [""]),
    ],
)
def test_frictionless_reads_each_kind_as_the_validator_does(table, column, good, bad):
    field = _field(dp.package_descriptor(), table, column)
    assert [c for c in good if not _reads(field, c)] == []
    assert [c for c in bad if _reads(field, c)] == []


# --- frictionless validates the shipped tables, and can fail ------------------------------------


def test_frictionless_validates_the_shipped_package():
    report = frictionless.validate(SHIPPED / "datapackage.json")
    assert report.valid, _report_text(report)
    # Every table was read, every row of it: a package that validated nothing would fail here.
    assert [t.name for t in report.tasks] == [t.name for t in TABLES]
    for task in report.tasks:
        rows = len(_csv_rows(SHIPPED / f"{task.name}.csv")) - 1
        assert task.stats["rows"] == rows > 0, task.name


def _edit(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell (spreadsheet row numbering: the header is row 1)."""
    rows = _csv_rows(folder / f"{table}.csv")
    rows[row - 1][rows[0].index(column)] = value
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _paste_twice(folder: Path, table: str, row: int) -> None:
    rows = _csv_rows(folder / f"{table}.csv")
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([*rows, rows[row - 1]])


CORRUPTIONS = {
    "unknown source": (
        lambda f: _edit(f, "memberships", 3, "source_id", "no-such-source"),
        ("memberships", 3, None, "foreign-key"),
    ),
    "member pasted twice": (
        lambda f: _paste_twice(f, "memberships", 2),
        ("memberships", len(_csv_rows(SHIPPED / "memberships.csv")) + 1, None, "primary-key"),
    ),
    "id pasted twice": (
        lambda f: _paste_twice(f, "sources", 5),
        ("sources", len(_csv_rows(SHIPPED / "sources.csv")) + 1, None, "primary-key"),
    ),
    "value not in the list": (
        lambda f: _edit(f, "entities", 4, "entity_type", "spaceship"),
        ("entities", 4, "entity_type", "constraint-error"),
    ),
    "required cell emptied": (
        lambda f: _edit(f, "coalitions", 2, "name", ""),
        ("coalitions", 2, "name", "constraint-error"),
    ),
    "not yes or no": (
        lambda f: _edit(f, "focus_areas", 2, "nscp_shared", "maybe"),
        ("focus_areas", 2, "nscp_shared", "type-error"),
    ),
    "not a date": (
        lambda f: _edit(f, "memberships", 2, "as_of", "21/11/2026"),
        ("memberships", 2, "as_of", "constraint-error"),
    ),
    "not a number": (
        lambda f: _edit(f, "survey_results", 2, "percent", "about half"),
        ("survey_results", 2, "percent", "type-error"),
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_frictionless_reports_a_corrupted_copy(data_copy, case):
    corrupt, expected = CORRUPTIONS[case]
    corrupt(data_copy)
    report = frictionless.validate(data_copy / "datapackage.json")
    assert not report.valid
    assert expected in _errors(report), _report_text(report)
    # The app's own validator refuses the same edit.
    assert load_dataset(data_copy).problems


def test_frames_descriptor_describes_columns_as_pandas_wrote_them():
    """The ZIP's descriptor follows the frames: bool → True/False, yes/no text → yes/no, added columns."""
    data = load_dataset()
    frames = {name: frame.drop(columns=["csv_row"]) for name, frame in data.tables.items()}
    as_bool = dp.frames_descriptor(frames)
    assert _field(as_bool, "focus_areas", "nscp_shared")["trueValues"] == ["True"]
    assert [f["name"] for f in _resource(as_bool, "coalitions")["schema"]["fields"]][-2:] == ["lon", "lat"]
    assert _field(as_bool, "coalitions", "lon")["type"] == "number"
    assert _resource(as_bool, "coalitions")["dialect"]["lineTerminator"] == "\r\n"
    frames["focus_areas"] = frames["focus_areas"].assign(
        nscp_shared=frames["focus_areas"]["nscp_shared"].map({True: "yes", False: "no"})
    )
    as_text = dp.frames_descriptor(frames)
    assert _field(as_text, "focus_areas", "nscp_shared") == _field(
        dp.package_descriptor(), "focus_areas", "nscp_shared"
    )
