"""PageState alone in a tiny app: URL → widget state, current values, and the canonical URL back."""

from __future__ import annotations

from ast import literal_eval

import pytest
from streamlit.testing.v1 import AppTest

from components.ui.page_state import PageState
from tests.components.ui.apptest import rerun, run_app


def state_app(data, extra=None):
    """Two widgets bound to a PageState; what it reports is printed as text, in a fixed order."""
    import streamlit as st

    from components.ui.page_state import PageState
    from components.url.view_state import Param

    params = [
        Param("state", "state", ("TX", "OK", "CA")),
        Param("sort", "sort order", ("name", "size"), multi=False, default=("name",)),
    ]
    state = PageState("demo", params, data)
    fresh = state.load()
    st.multiselect("State", ["TX", "OK", "CA"], key=state.key("state"))
    st.selectbox("Sort", ["name", "size"], key=state.key("sort"))
    st.text(f"fresh={fresh}")
    st.text(repr(state.values()))
    st.text(repr(state.values(params[1:])))
    st.text(state.first("sort") + "|" + state.first("state", "none"))
    st.text(repr(state.notices()))
    st.text(repr(state.write_url(extra=extra)))


def run(data, params: dict[str, str | list[str]], extra=None) -> AppTest:
    return run_app(state_app, params, data=data, extra=extra)


def shown(at: AppTest) -> dict[str, str]:
    names = ["fresh", "values", "sort_values", "first", "notices", "canonical"]
    return dict(zip(names, (t.value for t in at.text), strict=True))


def url(at: AppTest) -> dict[str, list[str]]:
    """The address bar after the run, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def test_load_seeds_the_widgets_from_the_link(data):
    at = run(data, {"state": ["TX", "OK"], "sort": "size"})
    assert at.multiselect(key="demo.state").value == ["TX", "OK"]
    assert at.selectbox(key="demo.sort").value == "size"
    assert shown(at)["fresh"] == "fresh=True"


def test_a_link_without_a_parameter_gives_its_default(data):
    at = run(data, {})
    assert at.multiselect(key="demo.state").value == []
    assert at.selectbox(key="demo.sort").value == "name"
    assert shown(at)["notices"] == "[]"


def test_load_keeps_the_valid_values_and_records_a_notice_for_each_invalid_one(data):
    at = run(data, {"state": ["TX", "<b>ZZ</b>"], "sort": ["bogus", "size"], "zzz": "1"})
    assert at.multiselect(key="demo.state").value == ["TX"]
    assert at.selectbox(key="demo.sort").value == "size"
    assert literal_eval(shown(at)["notices"]) == [
        "Ignored unknown link parameter 'zzz'.",
        r"Ignored state '\<b\>ZZ\</b\>': not a known value.",  # escaped: shown as typed, never as HTML
        "'sort' was given 2 times; used the first valid value.",
        "Ignored sort order 'bogus': not a known value.",
    ]


def test_a_link_made_with_older_data_gets_a_notice(data):
    at = run(data, {"v": "1", "data": "2020-01-01"})
    (notice,) = literal_eval(shown(at)["notices"])
    assert notice.startswith(r"This link was made with data as of 2020\-01\-01; you are seeing")
    assert url(at)["data"] == [data.as_of]


def test_values_are_tuples_of_the_current_widget_values(data):
    at = run(data, {"state": ["OK", "TX"], "sort": "size"})
    assert shown(at)["values"] == "{'state': ('OK', 'TX'), 'sort': ('size',)}"
    assert shown(at)["sort_values"] == "{'sort': ('size',)}"
    assert shown(at)["first"] == "size|OK"


def test_first_falls_back_to_its_default_for_an_empty_selection(data):
    at = run(data, {})
    assert shown(at)["first"] == "name|none"


def test_write_url_writes_the_canonical_query_string(data):
    at = run(data, {"sort": "size", "state": ["TX", "TX", "CA"], "zzz": "1"})
    expected = {"state": ["TX", "CA"], "sort": ["size"], "v": ["1"], "data": [data.as_of]}
    assert url(at) == expected
    assert shown(at)["canonical"] == repr(expected)


def test_write_url_drops_empty_parameters_and_adds_extra_ones(data):
    at = run(data, {"state": ""}, extra={"extent": ["TX"], "empty": []})
    assert url(at) == {"sort": ["name"], "extent": ["TX"], "v": ["1"], "data": [data.as_of]}


def test_write_url_follows_the_widgets(data):
    at = run(data, {"state": "TX"})
    at.multiselect(key="demo.state").select("CA")
    rerun(at)
    assert url(at)["state"] == ["TX", "CA"]


def test_write_url_keeps_the_presenter_playlist(data):
    at = run(data, {"state": "TX", "mode": "present", "slide": ["/map", "/compare"], "step": "2"})
    assert url(at) == {
        "state": ["TX"],
        "sort": ["name"],
        "mode": ["present"],
        "slide": ["/map", "/compare"],
        "step": ["2"],
        "v": ["1"],
        "data": [data.as_of],
    }


def test_write_url_drops_presenter_slides_that_are_not_pages(data):
    at = run(data, {"mode": "present", "slide": ["https://evil.example/x", "/nowhere"]})
    assert url(at)["mode"] == ["present"]
    assert "slide" not in url(at) and "step" not in url(at)


def test_write_url_keeps_no_presenter_state_outside_presenter_mode(data):
    at = run(data, {"slide": ["/map"], "step": "1"})
    assert "slide" not in url(at) and "step" not in url(at)


def test_a_second_run_with_the_same_url_does_not_reseed(data):
    at = run(data, {"state": "TX"})
    at.session_state["demo.state"] = ["OK"]  # the person changed the widget; the URL did not change
    rerun(at)
    assert shown(at)["fresh"] == "fresh=False"
    assert at.multiselect(key="demo.state").value == ["OK"]
    assert url(at)["state"] == ["OK"]


def test_a_new_url_from_outside_reseeds(data):
    at = run(data, {"state": "TX"})
    at.query_params["state"] = "CA"  # e.g. the person pasted another link into the address bar
    rerun(at)
    assert shown(at)["fresh"] == "fresh=True"
    assert at.multiselect(key="demo.state").value == ["CA"]


def test_notices_stay_until_the_next_link(data):
    at = run(data, {"state": "ZZ"})
    at.selectbox(key="demo.sort").select("size")
    rerun(at)
    assert "Ignored state 'ZZ'" in shown(at)["notices"]
    at.query_params.clear()
    at.query_params["state"] = "OK"
    rerun(at)
    assert shown(at)["notices"] == "[]"


@pytest.mark.parametrize(("name", "key"), [("state", "demo.state"), ("__url", "demo.__url")])
def test_every_session_key_is_namespaced_by_the_page(data, name, key):
    assert PageState("demo", [], data).key(name) == key


def clear_app(data):
    import streamlit as st

    from components.ui.page_state import PageState
    from components.url.view_state import Param

    state = PageState("demo", [Param("state", "state", ("TX", "OK")), Param("focus", "focus", ("a",))], data)
    state.load()
    st.multiselect("State", ["TX", "OK"], key=state.key("state"))
    st.multiselect("Focus", ["a"], key=state.key("focus"))
    st.button("Clear", key="demo.clear", on_click=lambda: state.clear(["state"]))
    st.button("Forget", key="demo.forget", on_click=lambda: state.pop("runs"))
    state.set("runs", state.get("runs", 0) + 1)


def test_clear_empties_only_the_named_parameters(data):
    at = run_app(clear_app, {"state": ["TX", "OK"], "focus": "a"}, data=data)
    at.button(key="demo.clear").click()
    rerun(at)
    assert at.multiselect(key="demo.state").value == []
    assert at.multiselect(key="demo.focus").value == ["a"]


def test_get_set_and_pop_use_the_page_key(data):
    at = run_app(clear_app, data=data)
    rerun(at)
    assert at.session_state["demo.runs"] == 2
    at.button(key="demo.forget").click()
    rerun(at)
    assert at.session_state["demo.runs"] == 1  # popped in the callback, counted again by the run
