"""/compare's controls alone in a tiny app: link → resolved coalitions, place and focus → canonical URL."""

from __future__ import annotations

from ast import literal_eval

from streamlit.testing.v1 import AppTest

from tests.components.ui.apptest import run_app


def controls_app(data):
    """The controls, the peer inputs, and what the controls report as text, in a fixed order."""
    import streamlit as st

    from components.data.filters import members_table
    from components.ui.controls import compare as compare_controls

    controls = compare_controls.controls(data, members_table(data))
    compare_controls.peer_inputs(controls, data)
    st.text(repr(controls.ids))
    st.text(repr(controls.notices))
    st.text(repr(controls.place.label if controls.place else None))
    st.text(repr((controls.focus, controls.asks_for_peers, controls.place_not_found)))
    st.text(controls.link)


def run(data, params: dict[str, str | list[str]]) -> AppTest:
    return run_app(controls_app, params, data=data)


def shown(at: AppTest) -> dict[str, object]:
    names = ["ids", "notices", "place", "focus"]
    values = dict(zip(names, (literal_eval(t.value) for t in at.text[:4]), strict=True))
    return {**values, "link": at.text[4].value}


def test_the_linked_coalitions_are_written_into_the_widget_and_the_url(data):
    at = run(data, {"coalition": ["ntxia", "connective"]})
    assert shown(at)["ids"] == ("ntxia", "connective")
    assert at.multiselect(key="compare.coalition").value == ["ntxia", "connective"]
    assert at.query_params["coalition"] == ["ntxia", "connective"]
    assert shown(at)["link"].startswith("/compare?") and "coalition=ntxia" in shown(at)["link"]


def test_one_coalition_gets_a_second_and_a_notice(data):
    at = run(data, {"coalition": "ntxia"})
    assert len(shown(at)["ids"]) == 2 and shown(at)["ids"][0] == "ntxia"
    (notice,) = shown(at)["notices"]
    assert "at least 2" in notice
    assert any("at least 2" in w.value for w in at.warning)


def test_a_known_place_and_a_focus_ask_for_peers_and_the_place_is_written_canonically(data):
    at = run(data, {"place": "tulsa, ok", "focus": "transportation"})
    assert shown(at)["place"] == "Tulsa, OK"
    assert shown(at)["focus"] == ("transportation", True, False)
    assert at.query_params["place"] == "Tulsa, OK"


def test_an_unknown_place_is_said_and_a_suggestion_fills_it_in(data):
    at = run(data, {})
    at.text_input(key="compare.place").set_value("Bois, ID").run()
    assert shown(at)["focus"] == ("", False, True)
    assert any("not found" in w.value for w in at.warning)
    at.button(key="compare.suggest.0").click().run()
    assert at.text_input(key="compare.place").value == "Boise, ID"
    assert shown(at)["place"] == "Boise, ID"


def test_presenter_mode_draws_no_inputs_and_keeps_the_view(data):
    at = run(data, {"coalition": ["ntxia", "connective"], "place": "Tulsa, OK", "mode": "present"})
    assert not at.multiselect and not at.text_input and not at.selectbox
    assert shown(at)["ids"] == ("ntxia", "connective") and shown(at)["place"] == "Tulsa, OK"


def results_app(data):
    """The controls and the peer finder's answer under them, as the page draws them."""
    from components.data.filters import members_table
    from components.ui.controls import compare as compare_controls
    from components.views.compare import peers

    members = members_table(data)
    controls = compare_controls.controls(data, members)
    found = (
        peers.peers_shown(data, members, controls.place, controls.focus) if controls.asks_for_peers else None
    )
    compare_controls.peer_inputs(controls, data)
    compare_controls.peer_results(found, controls)


def test_peer_results_ask_for_a_place_then_list_coalitions_and_members_nearest_first(data):
    at = run_app(results_app, {}, data=data)
    assert [i.value for i in at.info] == ["Type a place and pick a focus area to see who is nearest."]
    assert not at.table
    at = run_app(results_app, {"place": "Tulsa, OK", "focus": "transportation"}, data=data)
    assert at.markdown[0].value.startswith("**") and "Tulsa, OK" in at.markdown[0].value
    assert len(at.table) == 2  # the coalitions with evidence, then their nearest members
    assert "Nearest listed members and partners of those coalitions and networks" in [
        m.value for m in at.markdown
    ]


def test_peer_results_say_nothing_more_when_the_place_was_not_found(data):
    at = run_app(results_app, {}, data=data)
    at.text_input(key="compare.place").set_value("Bois, ID").run()
    assert any("not found" in w.value for w in at.warning)  # peer_inputs says how to write it
    assert not at.info and not at.table
