"""A page with no view parameters reports whatever a link carried, and links to itself plainly."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.components.ui.apptest import run_app


def app(data):
    import streamlit as st

    from components.ui.controls.common import no_parameters

    st.text(repr(no_parameters("overview", data)))


def run(data, params) -> AppTest:
    return run_app(app, params, data=data)


def test_a_plain_link_shows_no_notice_and_gives_version_and_as_of(data):
    at = run(data, {})
    assert not at.warning
    assert at.text[0].value == repr({"v": ["1"], "data": [data.as_of]})


def test_a_parameter_this_page_does_not_have_is_reported_by_name(data):
    at = run(data, {"state": "TX"})
    assert len(at.warning) == 1
    assert "state" in at.warning[0].value
