"""/map's controls alone in a tiny app: URL → view, the framing after a filter change, the layers
mirror and the callbacks (clear the filters, a click on the map, another group in "Details for")."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.ui.controls.map import FILTERS, map_params
from tests.components.ui.apptest import rerun, run_app


def map_app(data):
    """The map's sidebar, its view printed as text, and buttons that fire the page's callbacks."""
    import streamlit as st

    from components.data.filters import members_table
    from components.ui.controls import map as map_controls

    controls = map_controls.sidebar(data, members_table(data))
    view = controls.view
    st.text(f"{view.filters.coalitions}|{view.extent}|{view.basemap}|{view.hidden}|{view.camera}")
    st.text(f"{controls.state.get('details')}|{controls.state.get('member')}")
    st.text(controls.link)
    st.button("Clear", key="clear", on_click=controls.clear_filters)
    st.button("Pick", key="pick", on_click=controls.show_picked)
    st.button("Forget", key="forget", on_click=controls.forget_member)
    st.button("Moved", key="moved", on_click=controls.keep_camera)


def run(data, params: dict[str, str | list[str]]) -> AppTest:
    return run_app(map_app, params, data=data)


def view(at: AppTest) -> list[str]:
    return at.text[0].value.split("|")


def test_the_params_are_the_shared_filters_then_the_maps_own(data):
    keys = [p.key for p in map_params(data)]
    assert keys == [*FILTERS, "extent", "view", "basemap", "hide", "details", "member"]


def test_a_link_sets_the_view_and_the_layers_shown(data):
    at = run(data, {"coalition": "ntxia", "extent": "TX", "basemap": "carto", "hide": "footprints"})
    assert view(at) == ["('ntxia',)", "TX", "carto", "('footprints',)", "None"]
    pills = at.get("button_group")[0]
    assert (
        pills.key == "map.layers" and "footprints" not in pills.value and "coalition-members" in pills.value
    )
    assert at.text[2].value.endswith(
        "/map?coalition=ntxia&extent=TX&basemap=carto&hide=footprints&v=1&data=" + data.as_of
    )
    pills.set_value(list(pills.options)).run()  # show every layer again: nothing hidden
    assert view(at)[3] == "()" and "hide" not in at.query_params


def test_a_filter_change_fits_the_map_again(data):
    at = run(data, {"coalition": "ntxia", "extent": "TX"})
    assert view(at)[1] == "TX"  # a link keeps the extent it carries
    at.multiselect(key="map.coalition").set_value(["ntxia", "csca"])
    rerun(at)
    assert view(at)[:2] == ["('ntxia', 'csca')", ""]
    assert at.selectbox(key="map.extent").value == ""


def test_clear_filters_empties_the_filters_and_the_framing(data):
    at = run(data, {"state": "HI", "coalition": "ntxia", "extent": "TX"})
    at.button(key="clear").click()
    rerun(at)
    assert view(at)[:2] == ["()", ""]
    assert at.multiselect(key="map.state").value == [] and "state" not in at.query_params


def test_a_click_on_the_map_opens_its_group_and_another_group_forgets_the_member(data):
    at = run(data, {})
    at.session_state["map.deck"] = {"click": {"group_id": "ntxia", "entity_id": "plano-tx"}}
    at.button(key="pick").click()
    rerun(at)
    assert at.text[1].value == "ntxia|plano-tx"
    assert at.query_params["details"] in ("ntxia", ["ntxia"]) and at.query_params["member"] in (
        "plano-tx",
        ["plano-tx"],
    )
    at.button(key="forget").click()
    rerun(at)
    assert at.text[1].value == "ntxia|" and "member" not in at.query_params


def test_a_moved_map_puts_its_camera_in_the_link(data):
    at = run(data, {"coalition": "ntxia"})
    at.session_state["map.deck"] = {"view": "-98.2355,32.263,-96.2592,33.761"}
    at.button(key="moved").click()
    rerun(at)
    assert view(at)[4] == "(-98.2355, 32.263, -96.2592, 33.761)"
    assert at.query_params["view"] == "-98.2355,32.2630,-96.2592,33.7610"  # one spelling: 4 decimals
    assert "&view=-98.2355%2C32.2630%2C-96.2592%2C33.7610&" in at.text[2].value


def test_a_link_keeps_its_camera_until_a_filter_or_the_framing_changes(data):
    camera = "-98.2355,32.2630,-96.2592,33.7610"
    at = run(data, {"coalition": "ntxia", "view": camera})
    assert view(at)[4] == "(-98.2355, 32.263, -96.2592, 33.761)"
    at.radio(key="map.basemap").set_value("carto")
    rerun(at)
    assert at.query_params["view"] == camera  # another layer or basemap keeps the camera
    at.multiselect(key="map.coalition").set_value(["ntxia", "csca"])
    rerun(at)
    assert view(at)[4] == "None" and "view" not in at.query_params  # a filter change fits again

    at = run(data, {"coalition": "ntxia", "view": camera})
    at.selectbox(key="map.extent").set_value("TX")
    rerun(at)
    assert view(at)[1] == "TX" and view(at)[4] == "None" and "view" not in at.query_params


def test_a_moved_event_that_is_not_a_camera_changes_nothing(data):
    at = run(data, {"coalition": "ntxia"})
    for bad in ("-98,32,-99,33", "1,2,3", "nan,1,2,3", {"w": 1}, None):
        at.session_state["map.deck"] = {"view": bad}
        at.button(key="moved").click()
        rerun(at)
        assert view(at)[4] == "None" and "view" not in at.query_params, bad


def test_an_invalid_camera_in_a_link_is_dropped_with_a_notice_naming_it(data):
    at = run(data, {"coalition": "ntxia", "view": "-98,95,-96,99"})
    assert view(at)[4] == "None" and "view" not in at.query_params
    notices = " ".join(c.value for c in at.caption) + " ".join(w.value for w in at.warning)
    assert "map camera" in notices and "view" in notices


def test_fit_again_forgets_the_camera_and_a_typed_box_is_written_in_the_link_spelling(data):
    at = run(data, {"coalition": "ntxia"})
    assert at.button(key="map.refit").disabled  # nothing to forget
    at = run(data, {"coalition": "ntxia", "view": "-97.5,32.5,-96.5, 33.2"})
    assert at.query_params["view"] == "-97.5000,32.5000,-96.5000,33.2000"
    refit = at.button(key="map.refit")
    assert not refit.disabled
    refit.click()
    rerun(at)
    assert view(at)[4] == "None" and "view" not in at.query_params
    assert view(at)[0] == "('ntxia',)"  # the filters stay
