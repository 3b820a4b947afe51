"""The /survey controls alone in a tiny app (AppTest.from_function, STYLE habit 9).

The uploaded rows are SYNTHETIC (tests/fixtures/synthetic_survey_respondents.csv).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data import filters
from components.data.text import md_text
from components.ui.controls import survey as survey_controls
from components.ui.loader import FOLDER_FILE_ENV, MIN_GROUP_ENV, SurveySettings, survey_settings
from components.views.survey import upload
from tests.components.ui.apptest import rerun, run_app

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


def _app(data, params: dict[str, str | list[str]] | None = None) -> AppTest:
    return run_app(controls_app, params, data=data, members=filters.members_table(data))


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="survey.upload").set_value((name, content, "text/csv"))
    return rerun(at)


def test_the_link_becomes_typed_filters_and_a_canonical_url(data):
    at = _app(data, {"state": ["TX", "AZ"], "pop": "50k-100k", "by": "state", "compare": "2016"})
    controls = at.session_state["test.controls"]
    assert controls.filters.states == ("TX", "AZ") and controls.filters.pop_groups == ("50k-100k",)
    assert controls.filters.by == "state" and controls.compare_2016
    assert controls.canonical["state"] == ["TX", "AZ"] and controls.canonical["by"] == ["state"]
    assert at.radio(key="survey.by").value == "state"
    assert at.sidebar.header[0].value == "Respondent-data filters"


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


def test_the_operator_file_is_used_when_nothing_is_uploaded_and_the_operator_turned_it_on(
    data, data_copy, monkeypatch
):
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    monkeypatch.setenv(FOLDER_FILE_ENV, "on")
    at = _app(data)
    controls = at.session_state["test.controls"]
    assert controls.from_folder and controls.respondents.origin == "folder"
    said = " ".join(i.value for i in at.info)
    assert "survey_respondents.csv from the data folder to every visitor" in said and FOLDER_FILE_ENV in said
    assert "published to every visitor by the operator" in controls.share_note


@pytest.mark.parametrize("setting", [None, "", "off", "0", "no", "maybe"])
def test_the_operator_file_is_not_read_unless_turned_on(data, data_copy, monkeypatch, setting):
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    if setting is None:
        monkeypatch.delenv(FOLDER_FILE_ENV, raising=False)
    else:
        monkeypatch.setenv(FOLDER_FILE_ENV, setting)
    read = []
    monkeypatch.setattr(upload, "read_folder", lambda folder: read.append(folder))
    at = _app(data)
    controls = at.session_state["test.controls"]
    assert controls.respondents is None and not controls.from_folder
    assert read == [], "the file is not even opened"
    assert not any("data folder" in i.value for i in at.info)
    assert "each viewer uploads their own" in controls.share_note


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, SurveySettings(5, False)),
        ({MIN_GROUP_ENV: "10"}, SurveySettings(10, False)),
        ({MIN_GROUP_ENV: " 3 ", FOLDER_FILE_ENV: "ON"}, SurveySettings(3, True)),
        ({FOLDER_FILE_ENV: "true"}, SurveySettings(5, True)),
        ({FOLDER_FILE_ENV: "1"}, SurveySettings(5, True)),
    ],
)
def test_survey_settings_are_read_from_the_environment(monkeypatch, env, expected):
    for name in (MIN_GROUP_ENV, FOLDER_FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert survey_settings() == expected


@pytest.mark.parametrize("value", ["0", "-1", "five", "2.5", "1001", "<b>x</b>"])
def test_a_bad_threshold_keeps_the_default_and_says_so(data, monkeypatch, value):
    monkeypatch.setenv(MIN_GROUP_ENV, value)
    settings = survey_settings()
    assert settings.min_group == 5 and MIN_GROUP_ENV in settings.problem
    at = _app(data)
    assert at.session_state["test.controls"].min_group == 5
    assert md_text(settings.problem) in [w.value for w in at.warning]


def test_the_threshold_reaches_the_charts(data, monkeypatch):
    monkeypatch.setenv(MIN_GROUP_ENV, "3")
    at = _upload(_app(data, {"by": "state"}), FIXTURE.name, FIXTURE.read_bytes())
    shown = at.session_state["test.shown"]
    assert at.session_state["test.controls"].min_group == 3
    assert all(set(v.table["Group"]) == {"TX", "AZ", "CO", "IL"} for v in shown.views)
    monkeypatch.setenv(MIN_GROUP_ENV, "5")
    at.run()  # the operator's new setting applies at the next run, not from a stale session copy
    assert all(set(v.table["Group"]) == {"TX", "AZ"} for v in at.session_state["test.shown"].views)


def test_params_are_the_shared_filters_then_population_breakdown_comparison(data):
    params = survey_controls.survey_params(data)
    assert [p.key for p in params] == ["state", "pop", "coalition", "by", "compare"]
    assert [p.multi for p in params] == [True, True, True, False, False]


def test_an_upload_the_server_no_longer_holds_says_upload_it_again(data, data_copy, monkeypatch):
    """After a restart or a move to another replica the browser still lists the file; the server has none."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    # The operator's file is on: it must not be shown in place of the person's own lost upload.
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    monkeypatch.setenv(FOLDER_FILE_ENV, "on")
    at = _upload(_app(data), "mine <b>.csv", FIXTURE.read_bytes())
    assert at.session_state["test.controls"].has_data and not at.session_state["test.controls"].lost_upload
    monkeypatch.setattr(MemoryUploadedFileManager, "get_files", lambda self, session_id, file_ids: [])
    rerun(at)
    controls = at.session_state["test.controls"]
    # AppTest keeps widget values deserialized (a DeletedFile here), so the browser's file name is not
    # available to it; the browser test (tests/browser/test_restart_journey.py) sees it named.
    assert controls.lost_upload == survey_controls.LOST_UNNAMED
    assert controls.respondents is None and not controls.has_data and not controls.from_folder
    warning = " ".join(w.value for w in at.warning)
    assert "The file you uploaded is no longer on the server" in warning and "upload it again" in warning
    assert "survey.__parsed" not in at.session_state and "survey.__shown" not in at.session_state
