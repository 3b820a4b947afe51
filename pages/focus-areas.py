"""Focus areas: which coalition works on what, how sure we are, and the evidence behind every cell."""

import streamlit as st

from components import exports
from components import matrix as mx
from components.app_data import get_dataset, get_members
from components.chart_export import chart_png, chart_svg
from components.filters import Filters, filter_params, group_names
from components.view_state import Param, query_string
from components.widgets import (
    current_values,
    empty_state,
    init_from_url,
    multiselect,
    problems_banner,
    share_panel,
    show_notices,
    write_url,
)

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
matrix = mx.build_matrix(data, members, view)
canonical = write_url(PAGE, PARAMS, data)
link = "/focus-areas" + query_string(canonical)

st.caption("Showing " + mx.md_text(mx.describe_view(matrix, data)))

if matrix.empty:
    empty_state(
        "No coalition matches these filters. Try another state or network, or clear the filters.",
        _clear_filters,
        key=f"{PAGE}.clear",
    )
    st.stop()

sentence = mx.takeaway(matrix, data)
st.markdown("**" + mx.md_text(sentence) + "**")

chart = mx.matrix_chart(matrix, title=TITLE, description=mx.chart_description(matrix, sentence))
st.altair_chart(
    chart,
    key=CHART_KEY,
    on_select=_on_cell_click,
    selection_mode=mx.SELECTION,
    width="content",
)
st.caption("Hover a cell for the coalition's own words and source; click it to list the evidence below.")

st.subheader("Evidence behind a cell")
levels = mx.cell_levels(data)
shown_cells = [f"{g}:{f}" for g in matrix.rows["group_id"] for f in matrix.columns["focus_id"]]
chosen = st.session_state.get(f"{PAGE}.cell", "")
options = ["", *shown_cells, *([chosen] if chosen and chosen not in shown_cells else [])]
cell = st.selectbox(
    "Coalition and focus area (or click a cell in the chart)",
    options,
    key=f"{PAGE}.cell",
    format_func=lambda c: mx.cell_label(c, data, levels),
)
if cell:
    evidence = mx.cell_evidence(data, cell)
    if evidence.empty:
        st.info(
            mx.md_text(mx.cell_label(cell, data, levels))
            + ". Nothing in the sources read links them; that is not proof of no work, "
            "only that no public source read for this dataset says so.",
            icon="ℹ️",
        )
    else:
        st.table(mx.evidence_markdown_table(evidence), hide_index=True)

st.subheader("The same matrix as a table")
st.table(
    mx.table_for_markdown(mx.matrix_table(matrix, by_focus=True)),
    hide_index=True,
    alt="Table twin of the coalition by focus-area matrix: " + sentence,
)
with st.expander(f"All {len(matrix.evidence)} pieces of evidence in this view, with sources"):
    st.table(mx.evidence_markdown_table(matrix.evidence, data), hide_index=True)

st.subheader("Download what you see")
lines = mx.header_lines(matrix, data, link)
export_chart = mx.matrix_chart(
    matrix,
    title=TITLE,
    description=mx.chart_description(matrix, sentence),
    selectable=False,
    notes=[sentence, f"{mx.describe_view(matrix, data)} · data as of {data.as_of} · sources: see the CSV"],
)
c1, c2, c3, c4 = st.columns(4)
c1.download_button(
    "Matrix (CSV)",
    data=exports.to_csv_bytes(mx.matrix_table(matrix, glyphs=False), lines),
    file_name=f"focus_matrix_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_csv",
    on_click="ignore",
)
c2.download_button(
    "Evidence with sources (CSV)",
    data=exports.to_csv_bytes(
        matrix.evidence[
            ["group_id", "focus_id", "level", "own_words", "note", "title", "publisher", "url", "as_of"]
        ],
        lines,
    ),
    file_name=f"focus_evidence_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_evidence",
    on_click="ignore",
)
c3.download_button(
    "Chart (SVG)",
    data=lambda: chart_svg(export_chart),
    file_name=f"focus_matrix_{data.as_of}.svg",
    mime="image/svg+xml",
    key=f"{PAGE}.dl_svg",
    on_click="ignore",
)
c4.download_button(
    "Chart (PNG)",
    data=lambda: chart_png(export_chart),
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
    description=f"{mx.describe_view(matrix, data)}. {sentence}",
    sources=mx.source_lines(matrix.evidence),
    data=data,
    figure_png=lambda: chart_png(export_chart),
)
