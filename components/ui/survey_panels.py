"""The /survey page's rendering blocks: headline figures, context, one chart with its table twin, uploads.

Tables are plain HTML (components/ui/html_table.py): a first visit loads no data-grid JavaScript;
every table's rows are also in its CSV download.

Every data string reaches the screen through data.text.md_text (or comes pre-escaped from
views.survey.published.context_markdown).
"""

from __future__ import annotations

import streamlit as st

from components.data.load import Dataset
from components.data.schema import problems_table
from components.data.text import md_text
from components.exports import dataset as exports
from components.exports.charts import chart_png, chart_svg
from components.ui import html_table
from components.ui.controls.survey import PAGE, SurveyControls
from components.ui.reserve import METRIC_HEIGHT, chart_height, reserve, reserved_columns
from components.ui.widgets import Download, data_text, download_row
from components.views.survey import published as survey
from components.views.survey.charts import ChartView, fmt_percent
from components.views.survey.published import SurveyDesign
from components.views.survey.respondents import RespondentShown
from components.views.survey.upload import RespondentData

NATIONAL_ONLY = (
    "A state, population or coalition filter is set, but the published 2016 figures are national: the "
    "sources give no breakdown, so they cannot be filtered. The filters apply to respondent-level data "
    "once you upload it below."
)
COALITION_MATCHING = (
    "Coalition membership is matched by jurisdiction name and state against the members the "
    "public sources list; rosters are incomplete, so 'not a listed coalition member' may include "
    "members."
)


def design_figures(data: Dataset, design: SurveyDesign) -> None:
    """Surveyed, responses, response rate and threshold, their source, and what other sources say."""
    if not design.complete:
        return
    cols = reserved_columns("survey_design", 4, METRIC_HEIGHT)
    cols[0].metric("Local governments surveyed", survey.fmt_count(design.surveyed.number))
    cols[1].metric("Responses", survey.fmt_count(design.responses.number))
    cols[2].metric("Response rate", fmt_percent(design.rate.number))
    if design.threshold.found:
        cols[3].metric("Population threshold", f"{survey.fmt_count(design.threshold.number)}+")
    st.caption(md_text(survey.design_citation(data)))
    for other in (*design.surveyed.others, *design.responses.others):
        st.caption(md_text(f"Sources differ: {other}."))


def national_note(controls: SurveyControls) -> None:
    """Under the headline figures: the filters that are set cannot apply to national figures."""
    slot = st.container()  # always drawn, empty or not, as the page has always laid it out
    if controls.national_only:
        slot.warning(NATIONAL_ONLY, icon="ℹ️")


def about_the_survey(data: Dataset) -> None:
    with st.expander("About the survey: who was asked, when, what it covered, how to get the full dataset"):
        for point in survey.context_markdown(data):
            st.markdown("- " + point)
        html_table.table(
            survey.context_table(data),
            "What each source says about the survey, with its address",
            link_columns=("Address",),
        )


def chart_with_table(view: ChartView, prefix: str) -> None:
    """Title, takeaway, chart, then its table twin and downloads (each file built only on click)."""
    data_text(view.title, heading=3)
    data_text(view.takeaway)
    # The cached Vega-Lite dict, as exported; the spec's description is its accessible name.
    # The published charts are laid out once per dataset; respondent charts change with every filter.
    height = chart_height(view.spec, streamlit_theme=False) if prefix == "published" else 0
    with reserve(f"{prefix}_{view.question_id}", height):
        st.vega_lite_chart(view.spec, theme=None)
    with st.expander("Table of this chart, and downloads"):
        html_table.table(view.table, f"Table: {view.title}", link_columns=("Address",))
        key = f"{PAGE}.dl.{prefix}.{view.question_id}"
        name = f"survey_{prefix}_{view.question_id}"
        download_row(
            [
                Download(
                    "CSV",
                    lambda: exports.to_csv_bytes(view.table, view.header_lines),
                    f"{name}.csv",
                    f"{key}.csv",
                ),
                Download("SVG image", lambda: chart_svg(view.spec), f"{name}.svg", f"{key}.svg"),
                Download("PNG image", lambda: chart_png(view.spec), f"{name}.png", f"{key}.png"),
            ]
        )


def upload_problems(respondents: RespondentData | None) -> None:
    """What was wrong with the respondent file (file, row, column), and its notices."""
    if respondents is None:
        return
    if respondents.problems:
        n = len(respondents.problems)
        outcome = "The rows concerned are left out." if respondents.usable else "Nothing could be read."
        st.error(md_text(f"{respondents.file}: {n} problem{'s' if n != 1 else ''}. {outcome}"), icon="🚩")
        st.dataframe(problems_table(respondents.problems), hide_index=True, width="stretch")
    for notice in respondents.notices:
        st.info(md_text(notice), icon="ℹ️")


def respondent_charts(shown: RespondentShown, controls: SurveyControls) -> None:
    """Which respondents are shown, then the comparison with 2016 (when asked for) and every question."""
    for note in shown.disclosure_notes:
        st.info(md_text(note), icon="🔒")
    if controls.filters.by == "coalition":
        st.caption(COALITION_MATCHING)
    if controls.compare_2016:
        st.markdown("#### Beside the 2016 national figures")
        for note in shown.comparison_notes:
            st.caption(md_text(note))
        for view in shown.comparison_views:
            chart_with_table(view, "compare")
        st.markdown("#### Every question in your data")
    for view in shown.views:
        chart_with_table(view, "respondents")


def showing(shown: RespondentShown, respondents: RespondentData) -> None:
    """'Showing: 30 respondents · by state · file x.csv' above the respondent charts."""
    st.markdown(f"**Showing:** {md_text(shown.view_text)} · file {md_text(respondents.file)}")
