"""Downloads never start a cell with a spreadsheet formula trigger."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import frictionless
import pandas as pd
import pytest

from components.data.load import load_dataset
from components.data.schema import TABLES
from components.exports import dataset as exports
from tests.hostile import HOSTILE_VALUES

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise(payload):
    assert exports.neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Plano", "2021-06-17", "a=b", "", 42, None])
def test_harmless_values_unchanged(value):
    assert exports.neutralise(value) == value


def _cells(csv_bytes: bytes) -> list[str]:
    """Every cell of a CSV download, after its '# ' comment header lines."""
    text = csv_bytes.decode("utf-8-sig")
    while text.startswith("# "):
        text = text.split("\r\n", 1)[1]
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _formula_cells(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: starting with a trigger and not a plain number."""
    return [c for c in cells if c.startswith(exports.FORMULA_TRIGGERS) and not _is_number(c)]


def test_raw_csv_has_no_cell_starting_with_a_trigger():
    frame = pd.DataFrame({"name": PAYLOADS + HOSTILE_VALUES, "n": range(len(PAYLOADS) + len(HOSTILE_VALUES))})
    frame["=evil header"] = "x"
    cells = _cells(exports.to_csv_bytes(frame, header_lines=["View: test", "=not a formula either"]))
    assert cells
    assert not _formula_cells(cells)


def test_header_lines_are_comments():
    out = exports.to_csv_bytes(pd.DataFrame({"a": [1]}), header_lines=["Showing 1 member", "Sources: x"])
    assert out.decode("utf-8-sig").splitlines()[:2] == ["# Showing 1 member", "# Sources: x"]


def test_dataset_zip_has_every_table_and_no_trigger(data_copy):
    path = data_copy / "entities.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Plano,city,Plano", "=Plano,city,Plano"), encoding="utf-8"
    )
    data = load_dataset(data_copy)
    with zipfile.ZipFile(io.BytesIO(exports.dataset_zip(data))) as zf:
        names = set(zf.namelist())
        assert {"sources.csv", "entities.csv", "memberships.csv", "README.md"} <= names
        for name in names - {"README.md", "datapackage.json"}:
            cells = _cells(zf.read(name))
            assert not _formula_cells(cells), name
        assert "'=Plano" in zf.read("entities.csv").decode("utf-8-sig")


def test_points_geojson_skips_unplaced_and_neutralises():
    frame = pd.DataFrame({"name": ["=A", "B"], "lon": [-96.7, None], "lat": [33.0, None]})
    doc = json.loads(exports.points_geojson(frame, ["name"], description="d"))
    assert len(doc["features"]) == 1
    assert doc["features"][0]["properties"]["name"] == "'=A"


def test_table_csv_is_the_whole_table_without_the_loaders_row_numbers():
    data = load_dataset()
    frame = data.tables["entities"]
    assert "csv_row" in frame.columns
    body = exports.table_csv(data, "entities")
    assert body == exports.to_csv_bytes(frame.drop(columns=["csv_row"]))


def test_table_arrow_is_what_streamlit_would_send_converted_once():
    from streamlit import dataframe_util

    data = load_dataset()
    for name in data.tables:
        table = exports.table_arrow(data, name)
        assert exports.table_arrow(data, name) is table
        assert "csv_row" not in table.column_names
        # The same Arrow bytes st.dataframe makes from the pandas frame, so the table looks the same.
        frame = data.tables[name].drop(columns=["csv_row"], errors="ignore")
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(
            table
        ) == dataframe_util.convert_pandas_df_to_arrow_bytes(frame), name


def _unzip(data, folder):
    with zipfile.ZipFile(io.BytesIO(exports.dataset_zip(data))) as zf:
        zf.extractall(folder)
    return folder / "datapackage.json"


def _report_text(report):
    return "\n".join(f"{task.name}: {e.message}" for task in report.tasks for e in task.errors)[:4000]


def test_dataset_zip_is_an_open_data_package_that_validates_unzipped(tmp_path):
    data = load_dataset()
    descriptor_path = _unzip(data, tmp_path)
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == [t.file for t in TABLES]
    # The ZIP's files carry what the loader adds (coordinates), so its descriptor says so.
    entities = next(r for r in descriptor["resources"] if r["name"] == "entities")
    assert [f["name"] for f in entities["schema"]["fields"]][-3:] == ["lon", "lat", "county_fips"]
    report = frictionless.validate(descriptor_path)
    assert report.valid, _report_text(report)
    for task in report.tasks:
        assert task.stats["rows"] == len(data.tables[task.name]), task.name
    # ... and frictionless would notice if the ZIP's files did not match it.
    path = tmp_path / "focus_areas.csv"
    path.write_bytes(path.read_bytes().replace(b",yes", b",maybe", 1))
    report = frictionless.validate(descriptor_path)
    assert [(task.name, e.type) for task in report.tasks for e in task.errors] == [
        ("focus_areas", "type-error")
    ]


def test_the_unzipped_full_dataset_loads_again_without_problems(tmp_path):
    """The ZIP holds the tables as the data folder writes them (yes/no, not True/False)."""
    data = load_dataset()
    with zipfile.ZipFile(io.BytesIO(exports.dataset_zip(data))) as zf:
        zf.extractall(tmp_path)
    again = load_dataset(tmp_path)
    assert again.problems == []
    assert set(again.focus_areas["focus_id"]) == set(data.focus_areas["focus_id"])
    assert "yes" in (tmp_path / "focus_areas.csv").read_text(encoding="utf-8-sig")
