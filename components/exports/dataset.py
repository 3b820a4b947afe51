"""Downloads: CSV with spreadsheet formula triggers neutralised, the dataset ZIP, GeoJSON."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.schema import TABLES, TABLES_BY_NAME, YESNO
from components.exports.datapackage import DESCRIPTOR_NAME, descriptor_json, frames_descriptor

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV injection"); full-width forms are folded to them by some spreadsheet locales.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot start a formula."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame, header_lines: Sequence[str] = ()) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheets detect the encoding), formula-safe.

    `header_lines` (view description, sources, data as-of) are written first as '# ' comment rows.
    """
    buf = io.StringIO()
    for line in header_lines:
        buf.write("# " + " ".join(str(line).split()) + "\r\n")
    # CRLF (RFC 4180) also makes the writer quote cells holding a bare CR, which would
    # otherwise split a row in two when the file is read back.
    safe_frame(frame).to_csv(buf, index=False, lineterminator="\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_frame(data: Dataset, name: str) -> pd.DataFrame:
    """A table as loaded and validated, without the loader's csv_row column (yes/no as booleans)."""
    return data.tables[name].drop(columns=["csv_row"], errors="ignore")


def published_frame(data: Dataset, name: str) -> pd.DataFrame:
    """A table as the data folder writes it: yes/no columns as the words, so a download loads again."""
    frame = table_frame(data, name)
    yes_no = [c.name for c in TABLES_BY_NAME[name].columns if c.kind == YESNO and c.name in frame]
    if yes_no:
        frame = frame.assign(**{c: frame[c].map({True: "yes", False: "no"}).fillna("") for c in yes_no})
    return frame


@per_dataset
def table_arrow(data: Dataset, name: str) -> pa.Table:
    """table_frame as an Arrow table, converted once per dataset (shared: read-only).

    The Data page hands it to st.dataframe(lazy=True): Streamlit then sends the rows in view and
    fetches more on scroll, instead of converting and sending every row of every table each rerun.
    """
    return pa.Table.from_pandas(table_frame(data, name))


def table_csv(data: Dataset, name: str) -> bytes:
    """One table's CSV download: every row, formula-safe."""
    return to_csv_bytes(published_frame(data, name))


def dataset_zip(data: Dataset) -> bytes:
    """Every table as CSV, as loaded and validated, with the data dictionary and datapackage.json.

    datapackage.json is the Frictionless descriptor of these CSV files (their columns, as written
    here), so the unzipped folder is an open-data package that `frictionless validate` accepts.
    """
    frames = {spec.name: published_frame(data, spec.name) for spec in TABLES}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for spec in TABLES:
            zf.writestr(spec.file, to_csv_bytes(frames[spec.name]))
        zf.writestr(DESCRIPTOR_NAME, descriptor_json(frames_descriptor(frames)))
        readme = data.data_dir / "README.md"
        if readme.is_file():
            zf.writestr("README.md", readme.read_text(encoding="utf-8"))
    return buf.getvalue()


def points_geojson(frame: pd.DataFrame, properties: Sequence[str], *, description: str = "") -> bytes:
    """Rows with lon/lat as a GeoJSON FeatureCollection; rows without coordinates are left out."""
    features = []
    for row in frame.itertuples(index=False):
        rec = row._asdict()
        if pd.isna(rec.get("lon")) or pd.isna(rec.get("lat")):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(rec["lon"]), 5), round(float(rec["lat"]), 5)],
                },
                "properties": {k: neutralise(_plain(rec.get(k))) for k in properties},
            }
        )
    collection = {"type": "FeatureCollection", "description": description, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
