"""The /contribute controls alone in a tiny app (AppTest.from_function, STYLE habit 9).

The uploaded roster is a SYNTHETIC edit of the shipped NTXIA template (tests/components/views/contribute/edits.py).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components.views.contribute.template import ROSTER, template_csv
from tests.components.views.contribute.edits import COALITION, EXPECTED_SUMMARY, sample_edit

TIMEOUT = 60


def controls_app(data):
    import streamlit as st

    from components.ui.controls import contribute as contribute_controls

    controls = contribute_controls.page_controls(data)
    st.session_state["test.controls"] = controls
    controls.upload_box()
    if controls.proposal is not None:
        contribute_controls.report(controls.proposal)
        if controls.proposal.ok:
            contribute_controls.changes(controls.diff)


def _app(data, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_function(controls_app, default_timeout=TIMEOUT, kwargs={"data": data})
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="contribute.upload").set_value([(n, c, "text/csv") for n, c in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _controls(at: AppTest):
    return at.session_state["test.controls"]


def test_the_first_coalition_is_chosen_and_written_to_the_link(data):
    at = _app(data)
    first = data.coalitions["coalition_id"].iloc[0]
    assert _controls(at).coalition_id == first
    assert at.query_params["coalition"] in (first, [first])
    assert _controls(at).proposal is None


def test_the_link_chooses_the_coalition(data):
    at = _app(data, {"coalition": "snf"})
    assert _controls(at).coalition_id == "snf"
    assert at.selectbox(key="contribute.coalition").value == "snf"


def test_an_unknown_coalition_in_the_link_is_reported_and_dropped(data):
    at = _app(data, {"coalition": "<b>nope</b>"})
    assert _controls(at).coalition_id == data.coalitions["coalition_id"].iloc[0]
    assert "not a known value" in at.warning[0].value


def test_an_upload_is_checked_diffed_and_kept_in_this_session_only(data):
    at = _app(data, {"coalition": COALITION})
    edited, _ = sample_edit(template_csv(data, ROSTER, COALITION))
    _upload(at, [("ntxia_roster.csv", edited)])
    controls = _controls(at)
    assert controls.proposal.ok and controls.diff.summary == EXPECTED_SUMMARY
    assert at.success and "No problems found" in at.success[0].value
    assert f"Changes against the published data: {EXPECTED_SUMMARY}." in at.markdown[0].value.replace(
        "\\", ""
    )
    assert controls.members is not None and set(controls.members["group_id"]) >= {COALITION}
    # A rerun with the same file reuses this session's copy instead of building it again.
    at.run()
    assert _controls(at).proposal is controls.proposal
    assert at.session_state["contribute.__proposal"][1][0] is controls.proposal


def test_removing_the_file_forgets_the_copy(data):
    at = _app(data, {"coalition": COALITION})
    _upload(at, [("ntxia_roster.csv", template_csv(data, ROSTER, COALITION))])
    assert _controls(at).proposal.ok
    _upload(at, [])
    assert _controls(at).proposal is None
    assert "contribute.__proposal" not in at.session_state


def test_a_bad_upload_shows_why_and_applies_nothing(data):
    at = _app(data, {"coalition": COALITION})
    _upload(at, [("roster.csv", b"name;role\nx;y\n")])
    controls = _controls(at)
    assert controls.proposal.data is None and controls.diff is None
    assert "nothing was applied" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["file", "row", "column", "problem", "how to fix"]
    assert table.iloc[0]["file"] == "roster.csv" and "';'" in table.iloc[0]["problem"]


def test_changing_coalition_reapplies_the_file_to_that_coalition(data):
    at = _app(data, {"coalition": COALITION})
    _upload(at, [("ntxia_roster.csv", template_csv(data, ROSTER, COALITION))])
    at.selectbox(key="contribute.coalition").set_value("snf").run()
    proposal = _controls(at).proposal
    assert proposal.coalition_id == "snf" and not proposal.ok
    [problem] = proposal.problems
    assert problem.message == "is the roster of 'ntxia', but this page is set to snf."
    assert "Choose 'ntxia' under 'Your coalition'" in problem.fix
