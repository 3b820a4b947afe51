"""Focus areas: which coalition works on what, how sure we are, and the evidence behind every cell."""

import streamlit as st

from components.exports.charts import chart_png, chart_svg
from components.ui import shell, widgets
from components.ui.controls import focus_areas as focus_controls
from components.ui.loader import get_dataset, get_members
from components.ui.reserve import INPUT_HEIGHT, chart_height, reserve
from components.ui.share_panel import share_panel
from components.views.focus_areas import cells, chart, matrix
from components.views.overview import vintage_line

data = get_dataset()
members = get_members()

st.title("Focus areas")
with widgets.fold_away("intro"):
    st.caption(
        "Who works on what, in the coalitions' own words. Each cell shows the strongest evidence found in "
        "the coalition's public sources: ● a stated focus area, ◐ a named programme or project, · none "
        "found in the sources read (which is not proof that the coalition does no work on it). "
        f"★ marks the NSCP's five shared focus areas. {vintage_line(data)}."
    )
widgets.problems_banner(data)
controls = focus_controls.sidebar(data, members)

# One memoized builder for the view: a rerun of a view anyone has seen does no pandas or Altair work.
shown = matrix.matrix_shown(data, members, controls.view, matrix.TITLE)
with widgets.fold_away("showing"):
    st.caption(shown.caption)

if shown.matrix.empty:
    widgets.empty_state(
        "No coalition matches these filters. Try another state or network, or clear the filters.",
        controls.clear_filters,
        key=controls.key("clear"),
    )
    st.stop()

widgets.takeaway(shown.sentence)

# The cached Vega-Lite dict (st.altair_chart would validate it again on every rerun); a slide's is larger.
spec = matrix.slide_spec(data, members, controls.view, matrix.TITLE) if shell.presenting() else shown.spec
with widgets.main_visual(), reserve("matrix", chart_height(spec)):
    st.vega_lite_chart(
        spec,
        key=controls.chart_key,
        on_select=controls.on_cell_click,
        selection_mode=chart.SELECTION,
        width="content",
    )
with widgets.fold_away("hint"):
    st.caption("Hover a cell for the coalition's own words and source; click it to list the evidence below.")

with widgets.fold_away("evidence"):
    st.header("Evidence behind a cell")
    with reserve("cell_picker", INPUT_HEIGHT):
        cell = focus_controls.cell_picker(controls, shown, data)
    if cell:
        evidence = cells.cell_shown(data, cell)
        if evidence.empty:
            st.info(evidence.none_found, icon="ℹ️")
        else:
            st.table(evidence.table, hide_index=True)

with widgets.fold_away("twin"):
    st.header("The same matrix as a table")
    focus_controls.twin_and_evidence(controls, shown)

with widgets.fold_away("downloads"):
    st.header("Download what you see")
    # Every file is built only when its button is clicked (Streamlit runs the callable then).
    widgets.download_row(
        [
            widgets.Download(
                "Matrix (CSV)",
                lambda: matrix.matrix_csv(data, members, controls.view, controls.link),
                f"focus_matrix_{data.as_of}.csv",
                controls.key("dl_csv"),
            ),
            widgets.Download(
                "Evidence with sources (CSV)",
                lambda: matrix.evidence_csv(data, members, controls.view, controls.link),
                f"focus_evidence_{data.as_of}.csv",
                controls.key("dl_evidence"),
            ),
            widgets.Download(
                "Chart (SVG)",
                lambda: chart_svg(matrix.export_spec(data, members, controls.view, matrix.TITLE)),
                f"focus_matrix_{data.as_of}.svg",
                controls.key("dl_svg"),
            ),
            widgets.Download(
                "Chart (PNG)",
                lambda: chart_png(matrix.export_spec(data, members, controls.view, matrix.TITLE)),
                f"focus_matrix_{data.as_of}.png",
                controls.key("dl_png"),
            ),
        ]
    )
    st.caption(
        "Every download starts with this view's description, the data as-of date, a link and the sources."
    )

share_panel(
    page_path=controls.path,
    title="Focus areas: " + matrix.TITLE.lower(),
    params=controls.canonical,
    description=f"{shown.summary}. {shown.sentence}",
    sources=list(shown.sources),
    data=data,
    figure_png=lambda: chart_png(matrix.export_spec(data, members, controls.view, matrix.TITLE)),
)
