"""The /survey controls alone in a tiny app (AppTest.from_function, STYLE habit 9).

The uploaded rows are SYNTHETIC (tests/fixtures/synthetic_survey_respondents.csv).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.data import filters
from components.ui.controls import survey as survey_controls

TIMEOUT = 30
FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "synthetic_survey_respondents.csv"


def controls_app(data, members):
    import streamlit as st

    from components.ui.controls import survey as survey_controls

    controls = survey_controls.sidebar(data)
    st.session_state["test.controls"] = controls
    if controls.has_data:
        st.session_state["test.shown"] = survey_controls.respondent_shown(controls, data, members)
    controls.upload_box()
    st.button("Clear", key="test.clear", on_click=controls.clear_filters)


def _app(data, params: dict[str, str] | None = None) -> AppTest:
    members = filters.members_table(data)
    at = AppTest.from_function(
        controls_app, default_timeout=TIMEOUT, kwargs={"data": data, "members": members}
    )
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="survey.upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_link_becomes_typed_filters_and_a_canonical_url(data):
    at = _app(data, {"state": ["TX", "AZ"], "pop": "50k-100k", "by": "state", "compare": "2016"})
    controls = at.session_state["test.controls"]
    assert controls.filters.states == ("TX", "AZ") and controls.filters.pop_groups == ("50k-100k",)
    assert controls.filters.by == "state" and controls.compare_2016
    assert controls.canonical["state"] == ["TX", "AZ"] and controls.canonical["by"] == ["state"]
    assert at.radio(key="survey.by").value == "state"
    assert at.sidebar.subheader[0].value == "Respondent-data filters"


def test_a_bad_link_value_is_dropped_with_a_notice(data):
    at = _app(data, {"pop": "<script>"})
    assert at.session_state["test.controls"].filters.pop_groups == ()
    assert "Ignored population group" in at.warning[0].value


def test_filters_without_respondent_data_apply_to_national_figures_only(data):
    at = _app(data, {"state": "TX"})
    controls = at.session_state["test.controls"]
    assert controls.respondents is None and not controls.has_data and controls.national_only


def test_the_upload_is_read_before_its_box_is_drawn_and_parsed_once(data):
    at = _upload(_app(data, {"state": "TX"}), FIXTURE.name, FIXTURE.read_bytes())
    controls = at.session_state["test.controls"]
    assert controls.has_data and not controls.national_only and not controls.from_folder
    assert controls.respondents.respondents == 30
    # The state filter offers the states in the file.
    assert at.multiselect(key="survey.state").options == ["AZ", "CO", "IL", "TX"]
    at.run()
    assert at.session_state["test.controls"].respondents is controls.respondents  # parsed once


def test_the_charts_are_kept_for_the_session_until_the_view_changes(data):
    at = _upload(_app(data), FIXTURE.name, FIXTURE.read_bytes())
    shown = at.session_state["test.shown"]
    assert "30 respondents" in shown.view_text
    at.run()
    assert at.session_state["test.shown"] is shown
    at.multiselect(key="survey.state").set_value(["AZ"]).run()
    assert at.session_state["test.shown"].view_text.startswith("8 respondents in AZ")


def test_removing_the_upload_leaves_nothing_in_the_session(data):
    at = _upload(_app(data), FIXTURE.name, FIXTURE.read_bytes())
    assert "survey.__parsed" in at.session_state and "survey.__shown" in at.session_state
    at.file_uploader(key="survey.upload").set_value(None).run()
    assert "survey.__parsed" not in at.session_state and "survey.__shown" not in at.session_state
    assert at.session_state["test.controls"].respondents is None


def test_clear_filters_empties_state_population_and_coalition(data):
    at = _app(data, {"state": "TX", "pop": "25k-50k", "coalition": "ntxia", "by": "state"})
    at.button(key="test.clear").click().run()
    controls = at.session_state["test.controls"]
    assert not controls.filters.active and controls.filters.by == "state"


def test_the_operator_file_is_used_when_nothing_is_uploaded(data, data_copy, monkeypatch):
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    at = _app(data)
    controls = at.session_state["test.controls"]
    assert controls.from_folder and controls.respondents.origin == "folder"
    assert any("survey_respondents.csv from the data folder" in c.value for c in at.caption)


def test_params_are_the_shared_filters_then_population_breakdown_comparison(data):
    params = survey_controls.survey_params(data)
    assert [p.key for p in params] == ["state", "pop", "coalition", "by", "compare"]
    assert [p.multi for p in params] == [True, True, True, False, False]
