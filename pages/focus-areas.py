"""Focus areas: which coalition works on what, how sure we are, and the evidence behind every cell."""

import streamlit as st

from components.data.filters import Filters, group_names
from components.exports.charts import chart_png, chart_svg
from components.ui.loader import get_dataset, get_members
from components.ui.widgets import (
    current_values,
    empty_state,
    init_from_url,
    multiselect,
    problems_banner,
    share_panel,
    show_notices,
    write_url,
)
from components.url.params import filter_params
from components.url.view_state import Param, query_string
from components.views.focus_areas import matrix as mx

PAGE = "focus_areas"
CHART_KEY = f"{PAGE}.chart"
TITLE = "Which coalitions work on which focus areas"

data = get_dataset()
members = get_members()
shared = {p.key: p for p in filter_params(data)}
PARAMS = [
    shared["state"],
    shared["coalition"],
    shared["network"],
    shared["focus"],
    Param("sort", "sort order", lambda: mx.sort_choices(data), multi=False, default=("name",)),
    Param("rows", "rows", tuple(mx.ROWS), multi=False, default=("coalitions",)),
    Param("cell", "cell", lambda: mx.cell_choices(data), multi=False),
]
init_from_url(PAGE, PARAMS, data)

st.title("Focus areas")
st.caption(
    "Who works on what, in the coalitions' own words. Each cell shows the strongest evidence found in "
    "the coalition's public sources: ● a stated focus area, ◐ a named programme or project, · none "
    "found in the sources read (which is not proof that the coalition does no work on it). "
    f"★ marks the NSCP's five shared focus areas. Data as of {data.as_of}."
)
problems_banner(data)
show_notices(PAGE)


def _on_cell_click() -> None:
    # Clicking a cell writes it into the URL-bound picker below, the source of truth for the panel.
    cell = mx.selected_cell(st.session_state[CHART_KEY].get("selection", {}))
    if cell:
        st.session_state[f"{PAGE}.cell"] = cell


def _clear_filters() -> None:
    for key in ("state", "coalition", "network", "focus"):
        st.session_state[f"{PAGE}.{key}"] = []


names = group_names(data)
labels = mx.focus_labels(data)
in_state = mx.group_states(data, members)
with st.sidebar:
    st.header("Filter the matrix")
    multiselect(
        PAGE,
        shared["state"],
        sorted(set().union(*in_state.values())),
        help="A coalition is in a state when its hub, or a member or partner its sources list, is there.",
    )
    multiselect(PAGE, shared["coalition"], list(data.coalitions["coalition_id"]), names)
    multiselect(
        PAGE,
        shared["network"],
        list(data.networks["network_id"]),
        names,
        help="Keeps the coalitions that belong to the chosen networks.",
    )
    multiselect(
        PAGE,
        shared["focus"],
        list(data.focus_areas["focus_id"]),
        labels,
        help="Shows only these focus-area columns; every coalition row stays.",
    )
    st.selectbox(
        "Sort rows by",
        mx.sort_choices(data),
        key=f"{PAGE}.sort",
        format_func=lambda v: mx.sort_label(v, data).capitalize(),
    )
    st.radio(
        "Rows",
        list(mx.ROWS),
        key=f"{PAGE}.rows",
        format_func=mx.ROWS.get,
        help="Networks with focus areas of their own (the NSCP, Project OVERCOME) are added below the "
        "coalitions and left out of the totals.",
    )

values = current_values(PAGE, PARAMS)
view = mx.MatrixView(
    filters=Filters.from_values(values),
    sort=(values["sort"] or ("name",))[0],
    with_networks=(values["rows"] or ("coalitions",))[0] == "all",
)
# One memoized builder for the view: a rerun of a view anyone has seen does no pandas or Altair work.
shown = mx.matrix_shown(data, members, view, TITLE)
matrix = shown.matrix
canonical = write_url(PAGE, PARAMS, data)
link = "/focus-areas" + query_string(canonical)

st.caption("Showing " + mx.md_text(shown.summary))

if matrix.empty:
    empty_state(
        "No coalition matches these filters. Try another state or network, or clear the filters.",
        _clear_filters,
        key=f"{PAGE}.clear",
    )
    st.stop()

st.markdown("**" + mx.md_text(shown.sentence) + "**")

# The chart goes in as its cached Vega-Lite dict: st.altair_chart would convert and validate the
# Altair object again on every rerun (about a quarter of this page's time).
st.vega_lite_chart(
    shown.spec,
    key=CHART_KEY,
    on_select=_on_cell_click,
    selection_mode=mx.SELECTION,
    width="content",
)
st.caption("Hover a cell for the coalition's own words and source; click it to list the evidence below.")

st.subheader("Evidence behind a cell")
levels = mx.cell_levels(data)
cell_names = mx.cell_labels(data)
chosen = st.session_state.get(f"{PAGE}.cell", "")
options = ["", *shown.cells, *([chosen] if chosen and chosen not in shown.cells else [])]
cell = st.selectbox(
    "Coalition and focus area (or click a cell in the chart)",
    options,
    key=f"{PAGE}.cell",
    format_func=lambda c: cell_names.get(c) or mx.cell_label(c, data, levels),
)
if cell:
    evidence = mx.cell_evidence(data, cell)
    if evidence.empty:
        st.info(
            mx.md_text(cell_names.get(cell) or mx.cell_label(cell, data, levels))
            + ". Nothing in the sources read links them; that is not proof of no work, "
            "only that no public source read for this dataset says so.",
            icon="ℹ️",
        )
    else:
        st.table(mx.evidence_markdown_table(evidence), hide_index=True)

st.subheader("The same matrix as a table")
st.table(
    shown.twin,
    hide_index=True,
    alt="Table twin of the coalition by focus-area matrix: " + shown.sentence,
)
with st.expander(f"All {len(matrix.evidence)} pieces of evidence in this view, with sources"):
    st.table(shown.evidence_table, hide_index=True)

st.subheader("Download what you see")
# Every file is built only when its button is clicked (Streamlit runs the callable then).
c1, c2, c3, c4 = st.columns(4)
c1.download_button(
    "Matrix (CSV)",
    data=lambda: mx.matrix_csv(data, members, view, link),
    file_name=f"focus_matrix_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_csv",
    on_click="ignore",
)
c2.download_button(
    "Evidence with sources (CSV)",
    data=lambda: mx.evidence_csv(data, members, view, link),
    file_name=f"focus_evidence_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_evidence",
    on_click="ignore",
)
c3.download_button(
    "Chart (SVG)",
    data=lambda: chart_svg(mx.export_spec(data, members, view, TITLE)),
    file_name=f"focus_matrix_{data.as_of}.svg",
    mime="image/svg+xml",
    key=f"{PAGE}.dl_svg",
    on_click="ignore",
)
c4.download_button(
    "Chart (PNG)",
    data=lambda: chart_png(mx.export_spec(data, members, view, TITLE)),
    file_name=f"focus_matrix_{data.as_of}.png",
    mime="image/png",
    key=f"{PAGE}.dl_png",
    on_click="ignore",
)
st.caption("Every download starts with this view's description, the data as-of date, a link and the sources.")

share_panel(
    page_path="focus-areas",
    title="Focus areas: " + TITLE.lower(),
    params=canonical,
    description=f"{shown.summary}. {shown.sentence}",
    sources=list(shown.sources),
    data=data,
    figure_png=lambda: chart_png(mx.export_spec(data, members, view, TITLE)),
)
