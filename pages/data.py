"""Data and sources: every table with its sources and dates, the dictionary, validation, downloads."""

import functools
from pathlib import Path

import streamlit as st

from components.data.schema import TABLES
from components.exports import dataset as exports
from components.ui.loader import get_dataset
from components.ui.widgets import init_from_url, problems_frame, share_panel, show_notices

data = get_dataset()

st.title("Data and sources")
st.caption(f"Data as of {data.as_of} · read from `{data.data_dir.name}/` · {len(data.sources)} sources")

init_from_url("data", [], data)  # this page has no parameters: anything in the link is reported
show_notices("data")

st.subheader("Validation report")
if data.ok:
    st.success(
        "No problems found: every row has a source and an as-of date, and every reference resolves.",
        icon=":material/check_circle:",
    )
else:
    st.error(
        f"{len(data.problems)} problems found. Rows with problems are left out of the views.",
        icon=":material/flag:",
    )
    st.dataframe(problems_frame(data), hide_index=True, width="stretch")

st.subheader("Downloads")
# Every file is built only when its button is clicked (Streamlit runs the callable then).
c1, c2 = st.columns(2)
c1.download_button(
    "Full dataset (ZIP of CSV tables and data dictionary)",
    data=lambda: exports.dataset_zip(data),
    file_name=f"coalitions_data_{data.as_of}.zip",
    mime="application/zip",
    key="data.zip",
    on_click="ignore",
)
c2.download_button(
    "Sources (CSV)",
    data=lambda: exports.table_csv(data, "sources"),
    file_name="sources.csv",
    mime="text/csv",
    key="data.sources_csv",
    on_click="ignore",
)

st.subheader("Tables")
for spec in TABLES:
    rows = len(data.tables[spec.name])
    # Drawn only while open (opening one reruns the page), so a closed table costs nothing per rerun.
    table = st.expander(
        f"{spec.file} — {rows:,} rows · {spec.description}", key=f"data.table.{spec.name}", on_change="rerun"
    )
    if table.open:
        with table:
            # Lazy: the browser gets the rows in view and asks for more as it scrolls or sorts.
            st.dataframe(exports.table_arrow(data, spec.name), hide_index=True, width="stretch", lazy=True)
            st.download_button(
                f"Download {spec.file}",
                data=functools.partial(exports.table_csv, data, spec.name),
                file_name=spec.file,
                mime="text/csv",
                key=f"data.dl.{spec.name}",
                on_click="ignore",
            )

st.subheader("Data dictionary")
readme = Path(__file__).resolve().parent.parent / "coalitions_data" / "README.md"
dictionary = st.expander("coalitions_data/README.md", key="data.dictionary", on_change="rerun")
if dictionary.open:
    with dictionary:
        st.markdown(readme.read_text(encoding="utf-8"))

share_panel(
    page_path="data",
    title="Data and sources",
    params={"v": ["1"], "data": [data.as_of]},
    description=f"Every table of the dataset with its {len(data.sources)} sources and the validation report",
    sources=["coalitions_data/sources.csv"],
    data=data,
)
