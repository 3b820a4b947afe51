"""/focus-areas' controls alone in a tiny app: link → MatrixView, the callbacks, the cell picker."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.components.ui.apptest import run_app


def controls_app(data):
    """The sidebar, a button per callback, the cell picker, and the view as text."""
    import streamlit as st

    from components.data.filters import members_table
    from components.ui.controls import focus_areas as focus_controls
    from components.views.focus_areas import matrix

    members = members_table(data)
    controls = focus_controls.sidebar(data, members)
    shown = matrix.matrix_shown(data, members, controls.view, matrix.TITLE)
    st.button("Clear", key="test.clear", on_click=controls.clear_filters)
    st.button("Click", key="test.click", on_click=controls.on_cell_click)
    cell = focus_controls.cell_picker(controls, shown, data)
    st.text(repr(controls.view))
    st.text(controls.link)
    st.text(cell)


def run(data, params: dict[str, str | list[str]]) -> AppTest:
    return run_app(controls_app, params, data=data)


def test_the_link_becomes_the_matrix_view(data):
    at = run(data, {"state": "TX", "focus": "transportation", "sort": "count", "rows": "all"})
    view = at.text[0].value
    assert "states=('TX',)" in view and "focus=('transportation',)" in view
    assert "sort='count'" in view and "with_networks=True" in view
    assert at.multiselect(key="focus_areas.state").value == ["TX"]
    assert at.text[1].value.startswith("/focus-areas?") and "sort=count" in at.text[1].value


def test_clear_filters_empties_the_four_filters(data):
    at = run(data, {"state": "TX", "coalition": "ntxia", "sort": "count"})
    at.button(key="test.clear").click().run()
    assert at.multiselect(key="focus_areas.state").value == []
    assert at.multiselect(key="focus_areas.coalition").value == []
    assert at.selectbox(key="focus_areas.sort").value == "count"  # not a filter


def test_a_clicked_chart_cell_goes_into_the_cell_picker(data):
    at = run(data, {})
    at.session_state["focus_areas.chart"] = {
        "selection": {"cell": [{"group_id": "snf", "focus_id": "transportation"}]}
    }
    at.button(key="test.click").click().run()
    assert at.selectbox(key="focus_areas.cell").value == "snf:transportation"
    assert at.text[2].value == "snf:transportation"


def test_a_linked_cell_outside_the_view_stays_pickable(data):
    at = run(data, {"cell": "snf:transportation", "coalition": "ntxia"})
    options = at.selectbox(key="focus_areas.cell").options
    assert (
        options[0] == "— pick a cell —" and at.selectbox(key="focus_areas.cell").value == "snf:transportation"
    )
