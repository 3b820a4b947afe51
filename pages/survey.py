"""2016 ICMA / Smart Cities Council survey: the published national results, and respondent-level uploads."""

from pathlib import Path

import streamlit as st

from components.data import filters
from components.data.load import data_dir_from_env
from components.exports import dataset as exports
from components.exports.charts import chart_png, chart_svg
from components.ui.loader import get_dataset, get_members
from components.ui.widgets import (
    current_values,
    empty_state,
    init_from_url,
    multiselect,
    problems_banner,
    share_panel,
    show_notices,
    write_url,
)
from components.url.params import filter_params
from components.url.view_state import Param
from components.views.survey import published as survey
from components.views.survey import upload as survey_upload
from components.views.survey.published import md_escape

PAGE = "survey"
data = get_dataset()
shared = {p.key: p for p in filter_params(data)}
PARAMS = [
    shared["state"],
    Param("pop", "population group", tuple(g.group_id for g in survey_upload.POPULATION_GROUPS)),
    shared["coalition"],
    Param("by", "breakdown", tuple(survey_upload.BREAKDOWNS), multi=False),
    Param("compare", "comparison", ("2016",), multi=False),
]
init_from_url(PAGE, PARAMS, data)
names = filters.group_names(data)
design = survey.survey_design(data)


def render(view: survey.ChartView, prefix: str) -> None:
    """Title, takeaway, chart, then its table twin and downloads (each file built only on click)."""
    st.markdown(f"#### {md_escape(view.title)}")
    st.markdown(md_escape(view.takeaway))
    # The cached Vega-Lite dict, as exported; the spec's description is its accessible name.
    st.vega_lite_chart(view.spec, theme=None)
    with st.expander("Table of this chart, and downloads"):
        st.dataframe(
            view.arrow_table,
            hide_index=True,
            width="stretch",
            column_config={"Address": st.column_config.LinkColumn("Address")},
        )
        c1, c2, c3 = st.columns(3)
        key = f"{PAGE}.dl.{prefix}.{view.question_id}"
        c1.download_button(
            "CSV",
            data=lambda: exports.to_csv_bytes(view.table, view.header_lines),
            file_name=f"survey_{prefix}_{view.question_id}.csv",
            mime="text/csv",
            key=key + ".csv",
            on_click="ignore",
        )
        c2.download_button(
            "SVG image",
            data=lambda: chart_svg(view.spec),
            file_name=f"survey_{prefix}_{view.question_id}.svg",
            mime="image/svg+xml",
            key=key + ".svg",
            on_click="ignore",
        )
        c3.download_button(
            "PNG image",
            data=lambda: chart_png(view.spec),
            file_name=f"survey_{prefix}_{view.question_id}.png",
            mime="image/png",
            key=key + ".png",
            on_click="ignore",
        )


@st.cache_resource(max_entries=4, show_spinner=False)
def _folder_respondents(folder: str, modified: float) -> survey_upload.RespondentData | None:
    return survey_upload.read_folder(Path(folder))


st.title("2016 ICMA / Smart Cities Council survey")
st.caption(
    "What ICMA and the Smart Cities Council published from their 2016 survey of US local governments, "
    f"with the source of every figure · coalition data as of {data.as_of}."
)
problems_banner(data)
show_notices(PAGE)

if design.complete:
    cols = st.columns(4)
    cols[0].metric("Local governments surveyed", survey.fmt_count(design.surveyed.number))
    cols[1].metric("Responses", survey.fmt_count(design.responses.number))
    cols[2].metric("Response rate", survey.fmt_percent(design.rate.number))
    if design.threshold.found:
        cols[3].metric("Population threshold", f"{survey.fmt_count(design.threshold.number)}+")
    st.caption(md_escape(survey.design_citation(data)))
    for other in (*design.surveyed.others, *design.responses.others):
        st.caption(md_escape(f"Sources differ: {other}."))
national_slot = st.container()

with st.expander("About the survey: who was asked, when, what it covered, how to get the full dataset"):
    for point in survey.context_markdown(data):
        st.markdown("- " + point)
    st.dataframe(
        survey.context_table(data),
        hide_index=True,
        width="stretch",
        column_config={"Address": st.column_config.LinkColumn("Address")},
    )

st.subheader("Published results (national, 2016)")
views = survey.published_views(data)
if views:
    st.markdown(
        md_escape(
            f"{survey.NATIONAL_NOTE} Base: {design.base_line()}. "
            "Where the sources publish only the top of a list, the chart says the list is partial."
        )
    )
    for view in views:
        render(view, "published")
else:
    st.info(
        "The published survey figures (survey_results.csv) are not in the data folder, so there is nothing "
        "to chart here.",
        icon="ℹ️",
    )

st.subheader("Your respondent-level data")
st.markdown(
    "Officials who hold ICMA's licensed 2016 file, and coalitions that survey their own members, can draw "
    "the same charts from respondent-level data, broken down by state, population group and coalition "
    "membership, and compare them with the 2016 national figures."
)
st.markdown(
    f"Fill in the blank template (one row per respondent × question × answer; every column is described in "
    f"the data dictionary on the Data page) and upload it as CSV (UTF-8) or Excel (.xlsx), up to "
    f"{survey_upload.MAX_MB} MB and {survey_upload.MAX_ROWS:,} rows."
)
st.caption(
    "Privacy: an uploaded file stays in this browser session only. It is read in memory and nothing is "
    "written to the server; remove the file or close the tab and it is gone. An operator can publish "
    "respondent data for everyone by placing survey_respondents.csv in the data folder."
)
t1, t2 = st.columns(2)
t1.download_button(
    "Blank template (CSV)",
    data=survey_upload.template_csv,
    file_name=survey_upload.TEMPLATE_FILE,
    mime="text/csv",
    key=f"{PAGE}.template_csv",
    on_click="ignore",
)
t2.download_button(
    "Blank template with the 2016 answers (Excel)",
    data=lambda: survey_upload.template_xlsx(data),
    file_name="survey_template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=f"{PAGE}.template_xlsx",
    on_click="ignore",
)
# No `type=` list: Streamlit would raise on a disallowed name sent past the browser; our own check
# (survey_upload.read_upload) refuses it with a clear message instead.
uploaded = st.file_uploader(
    "Upload respondent-level survey data (.csv or .xlsx)",
    max_upload_size=survey_upload.MAX_MB,
    key=f"{PAGE}.upload",
    help="CSV saved as UTF-8, or an Excel workbook (.xlsx); up to "
    f"{survey_upload.MAX_MB} MB and {survey_upload.MAX_ROWS:,} rows.",
)
respondents = None
if uploaded is not None:
    parsed = st.session_state.get(f"{PAGE}.__parsed")
    if not parsed or parsed[0] != uploaded.file_id:
        parsed = (uploaded.file_id, survey_upload.read_upload(uploaded.name, uploaded.getvalue()))
        st.session_state[f"{PAGE}.__parsed"] = parsed
    respondents = parsed[1]
else:
    st.session_state.pop(f"{PAGE}.__parsed", None)
    folder_file = data_dir_from_env() / survey_upload.FOLDER_FILE
    if folder_file.is_file():
        respondents = _folder_respondents(str(data_dir_from_env()), folder_file.stat().st_mtime)
        st.caption(f"Using {survey_upload.FOLDER_FILE} from the data folder (placed there by the operator).")

if respondents is None or not respondents.usable:
    st.session_state.pop(f"{PAGE}.__shown", None)  # a removed upload leaves nothing behind

with st.sidebar:
    st.subheader("Respondent-data filters")
    st.caption(
        "These apply to respondent-level data only. The published 2016 figures are national and cannot be "
        "filtered."
    )
    present = sorted(respondents.frame["state"].unique()) if respondents and respondents.usable else []
    multiselect(PAGE, PARAMS[0], present or sorted(PARAMS[0].allowed()))
    multiselect(PAGE, PARAMS[1], list(survey_upload.POPULATION_LABELS), survey_upload.POPULATION_LABELS)
    multiselect(PAGE, PARAMS[2], list(data.coalitions["coalition_id"]), names)
    by_labels = {"": "No breakdown", **{k: f"By {v}" for k, v in survey_upload.BREAKDOWNS.items()}}
    st.radio("Break down by", list(by_labels), format_func=by_labels.get, key=f"{PAGE}.by")
    compare_labels = {"": "Your data only", "2016": "Beside the 2016 national figures"}
    st.radio("Comparison", list(compare_labels), format_func=compare_labels.get, key=f"{PAGE}.compare")

values = current_values(PAGE, PARAMS)
chosen = survey_upload.RespondentFilters(
    states=values["state"],
    pop_groups=values["pop"],
    coalitions=values["coalition"],
    by=(values["by"] or ("",))[0],
)
has_data = respondents is not None and respondents.usable
if chosen.active and not has_data:
    national_slot.warning(
        "A state, population or coalition filter is set, but the published 2016 figures are national: the "
        "sources give no breakdown, so they cannot be filtered. The filters apply to respondent-level data "
        "once you upload it below.",
        icon="ℹ️",
    )


def _clear_filters() -> None:
    for key in ("state", "pop", "coalition"):
        st.session_state[f"{PAGE}.{key}"] = []


if respondents is not None:
    if respondents.problems:
        n = len(respondents.problems)
        st.error(
            md_escape(
                f"{respondents.file}: {n} problem{'s' if n != 1 else ''}. "
                + ("The rows concerned are left out." if respondents.usable else "Nothing could be read.")
            ),
            icon="🚩",
        )
        st.dataframe(
            survey_upload.problems_table(respondents.problems),
            hide_index=True,
            width="stretch",
        )
    for notice in respondents.notices:
        st.info(md_escape(notice), icon="ℹ️")

if has_data:
    compare_2016 = (values["compare"] or ("",))[0] == "2016"
    # Kept in this session only (an upload never leaves it): a rerun that changes neither the file
    # nor the filters redraws the charts without recomputing them.
    cached = st.session_state.get(f"{PAGE}.__shown")
    if cached and cached[0] is respondents and cached[1] == (chosen, compare_2016):
        shown = cached[2]
    else:
        shown = survey_upload.respondent_shown(
            respondents, get_members(), data, chosen, compare_2016=compare_2016, names=names
        )
        st.session_state[f"{PAGE}.__shown"] = (respondents, (chosen, compare_2016), shown)
    st.markdown(f"**Showing:** {md_escape(shown.view_text)} · file {md_escape(respondents.file)}")
    if shown.empty:
        empty_state("No respondent matches these filters.", _clear_filters, key=f"{PAGE}.clear")
    else:
        if chosen.by == "coalition":
            st.caption(
                "Coalition membership is matched by jurisdiction name and state against the members the "
                "public sources list; rosters are incomplete, so 'not a listed coalition member' may include "
                "members."
            )
        if compare_2016:
            st.markdown("##### Beside the 2016 national figures")
            for note in shown.comparison_notes:
                st.caption(md_escape(note))
            for view in shown.comparison_views:
                render(view, "compare")
            st.markdown("##### Every question in your data")
        for view in shown.views:
            render(view, "respondents")
elif respondents is None:
    st.info("No respondent-level data loaded yet: upload a file above to see your own breakdowns.", icon="📄")

canonical = write_url(PAGE, PARAMS, data)
share_panel(
    page_path=PAGE,
    title="2016 ICMA / Smart Cities Council survey",
    params=canonical,
    description=survey.share_description(views, design),
    sources=survey.share_sources(data),
    data=data,
    figure_png=(lambda: chart_png(views[0].chart)) if views else None,
    notes=[survey.NATIONAL_NOTE, "Respondent-level data is never shared: each viewer uploads their own."],
)
