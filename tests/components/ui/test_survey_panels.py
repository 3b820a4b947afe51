"""The /survey rendering blocks alone in a tiny app (AppTest.from_function, STYLE habit 9)."""

from __future__ import annotations

import pytest

from components.data.text import md_text
from components.exports import dataset as exports
from components.views.survey import published as survey
from tests.components.ui.apptest import run_app
from tests.hostile import HOSTILE_VALUES
from tests.pages.helpers import html_tables

HOSTILE = "<script>alert(1)</script> **[x](javascript:alert(1))**"


def chart_app(data, title):
    import dataclasses

    from components.ui import survey_panels
    from components.views.survey import published as survey

    view = survey.published_views(data)[1]
    survey_panels.chart_with_table(dataclasses.replace(view, title=title or view.title), "published")


def test_chart_with_table_draws_title_takeaway_chart_table_and_three_downloads(data, deferred):
    view = survey.published_views(data)[1]
    at = run_app(chart_app, data=data, title="")
    text = [m.value for m in at.markdown if not m.proto.allow_html]  # the table is HTML, read below
    assert text == [f"### {md_text(view.title)}", md_text(view.takeaway)]
    assert len(at.get("vega_lite_chart")) == 1
    assert not at.dataframe  # the table twin is plain HTML: no data-grid JavaScript to fetch
    (table,) = html_tables(at)
    assert list(table.columns) == list(view.table.columns)
    assert table.attrs["caption"] == f"Table: {view.title}"
    assert table["Answer"].tolist() == view.table["Answer"].tolist()
    assert table.attrs["hrefs"]["Address"] == view.table["Address"].tolist()  # each source, linked
    key = f"survey.dl.published.{view.question_id}"
    buttons = at.get("download_button")
    assert [(b.key, b.proto.label) for b in buttons] == [
        (f"{key}.csv", "CSV"),
        (f"{key}.svg", "SVG image"),
        (f"{key}.png", "PNG image"),
    ]
    assert all(b.proto.HasField("deferred_file_id") for b in buttons)  # built only on click
    build, mime = deferred[f"survey_published_{view.question_id}.csv"]
    assert (build(), mime) == (exports.to_csv_bytes(view.table, view.header_lines), "text/csv")
    assert deferred[f"survey_published_{view.question_id}.svg"][1] == "image/svg+xml"
    assert deferred[f"survey_published_{view.question_id}.png"][1] == "image/png"


def test_chart_title_from_data_is_shown_literally(data):
    at = run_app(chart_app, data=data, title=HOSTILE)
    assert at.markdown[0].value == "### " + md_text(HOSTILE)
    assert html_tables(at)[0].attrs["caption"] == f"Table: {HOSTILE}"  # escaped, read back literally


def about_app(data):
    from components.ui import survey_panels

    survey_panels.about_the_survey(data)


def test_about_the_survey_lists_each_fact_with_its_source_as_an_html_table(data):
    at = run_app(about_app, data=data)
    assert not at.dataframe
    (table,) = html_tables(at)
    expected = survey.context_table(data)
    assert table["Topic"].tolist() == expected["Topic"].tolist()
    assert table.attrs["hrefs"]["Address"] == expected["Address"].tolist()
    assert "(source: " in at.markdown[0].value and "*(" not in at.markdown[0].value  # no italic font


def notes_app(national_only):
    import streamlit as st

    from components.ui import survey_panels
    from components.ui.controls.survey import SurveyControls
    from components.views.survey.respondents import RespondentFilters

    controls = SurveyControls(
        state=None,
        respondents=None,
        from_folder=False,
        filters=RespondentFilters(states=("TX",) if national_only else ()),
        compare_2016=False,
        names={},
        canonical={},
        clear_filters=lambda: None,
    )
    st.text("before")
    survey_panels.national_note(controls)
    st.text("after")


@pytest.mark.parametrize("national_only", [True, False])
def test_national_note_keeps_its_place_and_warns_only_when_a_filter_cannot_apply(national_only):
    at = run_app(notes_app, national_only=national_only)
    assert [type(n).__name__ for n in at.main.children.values()] == ["Text", "Block", "Text"]
    warnings = [w.value for w in at.warning]
    assert bool(warnings) is national_only
    if national_only:
        assert "national" in warnings[0] and "cannot be filtered" in warnings[0]


def problems_app(name, notice):
    from components.ui import survey_panels
    from components.views.survey.upload import read_upload

    header = "respondent_id,jurisdiction,state,population,question_id,question,answer,selected,extra"
    rows = [header, f"s1,Plano,XX,285000,barriers,,Budget limitations,1,{notice}"]
    respondents = read_upload(name, ("\n".join(rows) + "\n").encode())
    survey_panels.upload_problems(respondents)
    survey_panels.upload_problems(None)  # nothing loaded: nothing drawn


def test_upload_problems_name_file_row_and_column_and_escape_the_file_name():
    at = run_app(problems_app, name="**bad**.csv", notice="x")
    assert at.error[0].value == md_text("**bad**.csv: 1 problem. Nothing could be read.")
    table = at.dataframe[0].value
    assert table.iloc[0][["file", "row", "column"]].tolist() == ["**bad**.csv", 2, "state"]
    assert at.info[0].value == md_text("Columns not in the template were ignored: extra.")


def design_app(data):
    from components.ui import survey_panels
    from components.views.survey import published as survey

    survey_panels.design_figures(data, survey.survey_design(data))


def test_design_figures_show_the_headline_numbers_and_where_sources_differ(data):
    at = run_app(design_app, data=data)
    assert {m.label: m.value for m in at.metric} == {
        "Local governments surveyed": "3,423",
        "Responses": "493",
        "Response rate": "14.4%",
        "Population threshold": "25,000+",
    }
    captions = [c.value for c in at.caption]
    assert captions[0] == md_text(survey.design_citation(data))
    assert all(c.startswith(md_text("Sources differ:")) for c in captions[1:]) and len(captions) > 1


def showing_app(text, file):
    from components.ui import survey_panels
    from components.views.survey.respondents import RespondentShown
    from components.views.survey.upload import RespondentData, _empty_frame

    survey_panels.showing(RespondentShown(text, empty=True), RespondentData(file, _empty_frame()))


@pytest.mark.parametrize("value", HOSTILE_VALUES[:12])
def test_showing_line_escapes_the_view_and_the_file_name(value):
    at = run_app(showing_app, text=value, file=value)
    assert at.markdown[0].value == f"**Showing:** {md_text(value)} · file {md_text(value)}"


def disclosure_app(notes):
    from components.ui import survey_panels
    from components.ui.controls.survey import SurveyControls
    from components.views.survey.respondents import RespondentFilters, RespondentShown

    controls = SurveyControls(
        state=None,
        respondents=None,
        from_folder=False,
        filters=RespondentFilters(by="state"),
        compare_2016=False,
        names={},
        canonical={},
        clear_filters=lambda: None,
    )
    survey_panels.respondent_charts(RespondentShown("v", False, disclosure_notes=tuple(notes)), controls)


def test_the_groups_left_out_are_said_above_the_charts_in_plain_words():
    notes = ["3 groups with fewer than 5 respondents are not shown: …", "Barriers: not shown, because …"]
    at = run_app(disclosure_app, notes=notes)
    assert [i.value for i in at.info] == [md_text(n) for n in notes]
    assert not at.get("vega_lite_chart")
