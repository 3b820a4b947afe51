"""2016 ICMA / Smart Cities Council survey: the published national results, and respondent-level uploads."""

import streamlit as st

from components.exports.charts import chart_png
from components.ui import survey_panels as panels
from components.ui import widgets
from components.ui.controls import survey as survey_controls
from components.ui.loader import get_dataset, get_members
from components.ui.share_panel import share_panel
from components.views.overview import vintage_line
from components.views.survey import published as survey
from components.views.survey import template
from components.views.survey.upload import MAX_MB, MAX_ROWS

TITLE = "2016 ICMA / Smart Cities Council survey"
data, members = get_dataset(), get_members()
design = survey.survey_design(data)

st.title(TITLE)
with widgets.fold_away("intro"):
    st.caption(
        "What ICMA and the Smart Cities Council published from their 2016 survey of US local governments, "
        f"with the source of every figure · coalition {vintage_line(data).lower()}."
    )
widgets.problems_banner(data)
# Link notices, the respondent file (an upload, or the operator's), the sidebar filters, the URL.
controls = survey_controls.sidebar(data)
views = survey.published_views(data)

# A slide shows the first published chart, its title and takeaway (survey_panels); figures and notes fold.
with widgets.fold_away("design"):
    panels.design_figures(data, design)
panels.national_note(controls)
with widgets.fold_away("about"):
    panels.about_the_survey(data)

st.header("Published results (national, 2016)")
if views:
    with widgets.fold_away("note"):
        widgets.data_text(
            f"{survey.NATIONAL_NOTE} Base: {design.base_line()}. "
            "Where the sources publish only the top of a list, the chart says the list is partial."
        )
    with widgets.enlarge_on_slide("published"):
        with widgets.main_visual():
            panels.chart_with_table(views[0], "published")
        for view in views[1:]:
            panels.chart_with_table(view, "published")
else:
    st.info(
        "The published survey figures (survey_results.csv) are not in the data folder, so there is nothing "
        "to chart here.",
        icon="ℹ️",
    )

with widgets.fold_away("respondents"):
    st.header("Your respondent-level data")
    st.markdown(
        "Officials who hold ICMA's licensed 2016 file, and coalitions that survey their own members, can draw "
        "the same charts from respondent-level data, broken down by state, population group and coalition "
        "membership, and compare them with the 2016 national figures."
    )
    st.markdown(
        f"Fill in the blank template (one row per respondent × question × answer; every column is described in "
        f"the data dictionary on the Data page) and upload it as CSV (UTF-8) or Excel (.xlsx), up to "
        f"{MAX_MB} MB and {MAX_ROWS:,} rows."
    )
    st.caption(
        "Privacy: an uploaded file stays in this browser session only. It is read in memory and nothing is "
        "written to the server; remove the file or close the tab and it is gone. Respondent files are licensed "
        f"not to be redistributed, so groups with fewer than {controls.min_group} respondents are never shown "
        "and no download holds a respondent's rows."
    )
    widgets.download_row(
        [
            widgets.Download(
                "Blank template (CSV)",
                template.template_csv,
                template.TEMPLATE_FILE,
                controls.key("template_csv"),
            ),
            widgets.Download(
                "Blank template with the 2016 answers (Excel)",
                lambda: template.template_xlsx(data),
                template.TEMPLATE_XLSX,
                controls.key("template_xlsx"),
            ),
        ]
    )
    controls.upload_box()
    panels.upload_problems(controls.respondents)

    if controls.respondents is None and not controls.lost_upload:
        st.info(
            "No respondent-level data loaded yet: upload a file above to see your own breakdowns.", icon="📄"
        )
# Outside the fold: a slide of an operator's respondent file shows its charts too.
if controls.has_data:
    shown = survey_controls.respondent_shown(controls, data, members)
    panels.showing(shown, controls.respondents)
    if shown.empty:
        widgets.empty_state(
            "No respondent matches these filters.", controls.clear_filters, key=controls.key("clear")
        )
    else:
        panels.respondent_charts(shown, controls)

share_panel(
    page_path="survey",
    title=TITLE,
    params=controls.canonical,
    description=survey.share_description(views, design),
    sources=survey.share_sources(data),
    data=data,
    figure_png=lambda: chart_png(views[0].chart) if views else None,  # no figure when nothing is published
    notes=[survey.NATIONAL_NOTE, controls.share_note],
)
