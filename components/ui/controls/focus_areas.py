"""/focus-areas' controls: the shared filters, sort, rows and picked cell, bound to the page's widgets.

The sidebar draws the filters; the chart's click and the cell picker below it share one URL-bound
value (`cell`): clicking a cell writes it into the picker, the source of truth for the evidence panel.
Session-state keys keep the "focus_areas." prefix (PageInfo.key_prefix), so no widget key changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.data.evidence import focus_labels
from components.data.filters import Filters, group_names
from components.data.load import Dataset
from components.ui import html_table, widgets
from components.ui.page_state import PageState
from components.url.pages import PAGES_BY_PATH
from components.url.params import filter_params
from components.url.view_state import Param, query_string
from components.views.focus_areas import matrix
from components.views.focus_areas.cells import (
    cell_choices,
    cell_label,
    cell_labels,
    cell_levels,
    cell_options,
)
from components.views.focus_areas.chart import selected_cell
from components.views.focus_areas.matrix import MatrixShown, MatrixView

PAGE = PAGES_BY_PATH["focus-areas"]
FILTERS = ("state", "coalition", "network", "focus")


def focus_areas_params(data: Dataset) -> list[Param]:
    """The shared filters this page understands, then sort, rows and the picked cell."""
    shared = {p.key: p for p in filter_params(data)}
    return [
        *(shared[key] for key in FILTERS),
        Param("sort", "sort order", lambda: matrix.sort_choices(data), multi=False, default=("name",)),
        Param("rows", "rows", tuple(matrix.ROWS), multi=False, default=("coalitions",)),
        Param("cell", "cell", lambda: cell_choices(data), multi=False),
    ]


@dataclass(frozen=True)
class FocusAreasControls:
    """The matrix view the link and the sidebar ask for, and the page's callbacks."""

    state: PageState
    view: MatrixView
    canonical: dict[str, list[str]]  # the URL written for this view
    link: str  # the view's relative link, as the CSV downloads cite it
    path: str = PAGE.path

    @property
    def chart_key(self) -> str:
        return self.state.key("chart")

    def key(self, name: str) -> str:
        return self.state.key(name)

    def on_cell_click(self) -> None:
        """The chart's on_select: a clicked cell goes into the URL-bound cell picker below."""
        cell = selected_cell((self.state.get("chart") or {}).get("selection", {}))
        if cell:
            self.state.set("cell", cell)

    def clear_filters(self) -> None:
        """The empty state's "Clear all filters" button."""
        self.state.clear(FILTERS)


def sidebar(data: Dataset, members: pd.DataFrame) -> FocusAreasControls:
    """Load the link, show its notices, draw the sidebar, write the URL; return the view."""
    state = PageState(PAGE.keys, focus_areas_params(data), data)
    state.load()
    widgets.show_notices(state)
    with st.sidebar:
        _filters(state, data, members)
    values = state.values()
    view = MatrixView(
        filters=Filters.from_values(values),
        sort=(values["sort"] or ("name",))[0],
        with_networks=(values["rows"] or ("coalitions",))[0] == "all",
    )
    canonical = state.write_url()
    return FocusAreasControls(state, view, canonical, f"/{PAGE.path}" + query_string(canonical))


def _filters(state: PageState, data: Dataset, members: pd.DataFrame) -> None:
    """The sidebar: the shared filters, the sort order and which rows to show."""
    params = {p.key: p for p in state.params}
    names, labels = group_names(data), focus_labels(data)
    st.header("Filter the matrix")
    for key, options, option_labels, help_text in (
        (
            "state",
            matrix.state_options(data, members),
            None,
            "A coalition is in a state when its hub, or a member or partner its sources list, is there.",
        ),
        ("coalition", list(data.coalitions["coalition_id"]), names, None),
        (
            "network",
            list(data.networks["network_id"]),
            names,
            "Keeps the coalitions that belong to the chosen networks.",
        ),
        (
            "focus",
            list(data.focus_areas["focus_id"]),
            labels,
            "Shows only these focus-area columns; every coalition row stays.",
        ),
    ):
        widgets.multiselect(state, params[key], options, option_labels, help=help_text)
    st.selectbox(
        "Sort rows by",
        matrix.sort_choices(data),
        key=state.key("sort"),
        format_func=lambda v: matrix.sort_label(v, data).capitalize(),
    )
    st.radio(
        "Rows",
        list(matrix.ROWS),
        key=state.key("rows"),
        format_func=matrix.ROWS.get,
        help="Networks with focus areas of their own (the NSCP, Project OVERCOME) are added below the "
        "coalitions and left out of the totals.",
    )


def cell_picker(controls: FocusAreasControls, shown: MatrixShown, data: Dataset) -> str:
    """The picker of the cell whose evidence is listed (the cells on screen, or the linked one); its value."""
    levels, names = cell_levels(data), cell_labels(data)
    return st.selectbox(
        "Coalition and focus area (or click a cell in the chart)",
        cell_options(shown.cells, controls.state.get("cell", "")),
        key=controls.key("cell"),
        format_func=lambda c: names.get(c) or cell_label(c, data, levels),
    )


def twin_and_evidence(controls: FocusAreasControls, shown: MatrixShown) -> None:
    """The matrix as a plain HTML table, then every piece of evidence in view, in an expander."""
    # Plain HTML: a first visit fetches no table code (st.table brings ~0.8 MB of JavaScript, issue 15).
    html_table.table(shown.twin, "Coalition by focus-area matrix: " + shown.sentence, key="focus_twin")
    # Drawn only while open (opening it reruns the page): the list grows with the evidence.
    evidence_list = st.expander(
        f"All {shown.evidence_count} pieces of evidence in this view, with sources",
        key=controls.key("evidence_list"),
        on_change="rerun",
    )
    if evidence_list.open:
        with evidence_list:
            st.table(shown.evidence_table, hide_index=True)
