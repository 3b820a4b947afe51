"""Data and sources: every table with its sources and dates, the dictionary, validation, downloads."""

import streamlit as st

from components.exports import dataset as exports
from components.ui.controls.common import no_parameters
from components.ui.loader import get_dataset
from components.ui.share_panel import share_panel
from components.ui.shell import presenting
from components.ui.widgets import Download, download_row, fold_away, main_visual, takeaway
from components.views.data_tables import dictionary_markdown, problems_shown, tables_shown
from components.views.overview import vintage_line
from components.views.slides import table_counts

data = get_dataset()

st.title("Data and sources")
with fold_away("intro"):
    st.caption(f"{vintage_line(data)} · read from `{data.data_dir.name}/` · {len(data.sources)} sources")
canonical = no_parameters("data", data)  # this page has no parameters: anything in the link is reported
verdict = (
    "No problems found: every row has a source, every fact's date is the one its source gives (empty "
    "when it gives none), and every reference resolves."
    if data.ok
    else f"{len(data.problems)} problems found. Rows with problems are left out of the views."
)

# A slide: the validation verdict, then every table with its number of rows; the page folds.
if presenting():
    takeaway(verdict)
    with main_visual():
        cols = st.columns(4)
        for i, table in enumerate(table_counts(data)):
            cols[i % 4].metric(table.file, table.rows, help=table.about)
with fold_away("page"):
    st.header("Validation report")
    if data.ok:
        st.success(verdict, icon=":material/check_circle:")
    else:
        st.error(verdict, icon=":material/flag:")
        st.dataframe(problems_shown(data), hide_index=True, width="stretch")

    st.header("Downloads")
    # Every file is built only when its button is clicked (Streamlit runs the callable then).
    download_row(
        [
            Download(
                "Full dataset (ZIP of CSV tables, data dictionary and datapackage.json)",
                lambda: exports.dataset_zip(data),
                f"coalitions_data_{data.as_of}.zip",
                "data.zip",
            ),
            Download(
                "Sources (CSV)", lambda: exports.table_csv(data, "sources"), "sources.csv", "data.sources_csv"
            ),
        ]
    )

    st.header("Tables")
    for table in tables_shown(data):
        # Drawn only while open (opening one reruns the page), so a closed table costs nothing per rerun.
        expander = st.expander(table.label, key=f"data.table.{table.name}", on_change="rerun")
        if expander.open:
            with expander:
                # Lazy: the browser gets the rows in view and asks for more as it scrolls or sorts.
                st.dataframe(
                    exports.table_arrow(data, table.name), hide_index=True, width="stretch", lazy=True
                )
                download_row(
                    [
                        Download(
                            f"Download {table.file}",
                            lambda name=table.name: exports.table_csv(data, name),
                            table.file,
                            f"data.dl.{table.name}",
                        )
                    ],
                    columns=1,
                )

    st.header("Data dictionary")
    dictionary = st.expander("coalitions_data/README.md", key="data.dictionary", on_change="rerun")
    if dictionary.open:
        with dictionary:
            st.markdown(dictionary_markdown())

share_panel(
    page_path="data",
    title="Data and sources",
    params=canonical,
    description=f"Every table of the dataset with its {len(data.sources)} sources and the validation report",
    sources=["coalitions_data/sources.csv"],
    data=data,
)
