"""The /survey page's controls: its link parameters, the respondent file, the sidebar filters.

An upload is one person's data: its parsed rows (`survey.__parsed`) and the charts drawn from them
(`survey.__shown`) are kept in this session only, never in a cache shared between sessions. Only
the operator's file in the data folder is shared (components.ui.loader.get_folder_respondents), and
only when the operator turned that on. Groups smaller than the operator's threshold are never shown
(components.views.survey.disclosure; the threshold is read by components.ui.loader.survey_settings).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import DeletedFile

from components.data import filters
from components.data.load import Dataset
from components.data.text import md_text
from components.ui.loader import FOLDER_FILE_ENV, get_folder_respondents, survey_settings
from components.ui.page_state import PageState
from components.ui.reconnect import lost_upload_name
from components.ui.widgets import multiselect, show_notices
from components.url.params import filter_params
from components.url.view_state import Param
from components.views.survey import respondents as survey_respondents
from components.views.survey.respondents import BREAKDOWNS, RespondentFilters, RespondentShown
from components.views.survey.template import POPULATION_GROUPS, POPULATION_LABELS
from components.views.survey.upload import (
    FOLDER_FILE,
    MAX_MB,
    MAX_ROWS,
    RespondentData,
    read_upload,
)

PAGE = "survey"
LOST_UPLOAD = (
    "The file you uploaded{file} is no longer on the server: the server restarted or your session moved to "
    "another one, and uploads are kept only in the server's memory. Nothing from it is shown. "
    "Please upload it again."
)
LOST_UNNAMED = "\x00"  # lost_upload when Streamlit reports the file gone but the browser's name is unknown
FILTER_KEYS = ("state", "pop", "coalition")
BY_LABELS = {"": "No breakdown", **{k: f"By {v}" for k, v in BREAKDOWNS.items()}}
COMPARE_LABELS = {"": "Your data only", "2016": "Beside the 2016 national figures"}


def survey_params(data: Dataset) -> list[Param]:
    """The page's link parameters: the shared state and coalition filters, population, breakdown, comparison."""
    shared = {p.key: p for p in filter_params(data)}
    return [
        shared["state"],
        Param("pop", "population group", tuple(g.group_id for g in POPULATION_GROUPS)),
        shared["coalition"],
        Param("by", "breakdown", tuple(BREAKDOWNS), multi=False),
        Param("compare", "comparison", ("2016",), multi=False),
    ]


@dataclass(frozen=True)
class SurveyControls:
    """What the page needs from its link and widgets: the respondent file, the filters, the canonical URL."""

    state: PageState
    respondents: RespondentData | None  # the upload, else the operator's file, else None
    from_folder: bool  # the respondents are the operator's file (nothing uploaded)
    filters: RespondentFilters
    compare_2016: bool
    names: dict[str, str]  # coalition id -> display name
    canonical: dict[str, list[str]]
    clear_filters: Callable[[], None]
    min_group: int = 5  # groups with fewer respondents answering are not shown (the operator's setting)
    lost_upload: str = ""  # the name of an upload this server no longer holds (restart or moved session)

    def key(self, name: str) -> str:
        return self.state.key(name)

    @property
    def has_data(self) -> bool:
        return self.respondents is not None and self.respondents.usable

    @property
    def national_only(self) -> bool:
        """A filter is set but no respondent rows are loaded: only the national figures show, unfiltered."""
        return self.filters.active and not self.has_data

    def upload_box(self) -> None:
        """The file uploader, where the page puts it (`sidebar` has already read its file)."""
        # No `type=` list: Streamlit would raise on a disallowed name sent past the browser; our own
        # check (upload.read_upload) refuses it with a clear message instead.
        st.file_uploader(
            "Upload respondent-level survey data (.csv or .xlsx)",
            max_upload_size=MAX_MB,
            key=self.key("upload"),
            help=f"CSV saved as UTF-8, or an Excel workbook (.xlsx); up to {MAX_MB} MB and {MAX_ROWS:,} rows.",
        )
        if self.lost_upload:
            name = "" if self.lost_upload == LOST_UNNAMED else f" ({md_text(self.lost_upload)})"
            st.warning(LOST_UPLOAD.format(file=name), icon="🔁")
        if self.from_folder:
            st.info(
                f"Showing {FOLDER_FILE} from the data folder to every visitor: the operator placed it there "
                f"and turned this on ({FOLDER_FILE_ENV}). An upload here replaces it for you only.",
                icon="📢",
            )

    @property
    def share_note(self) -> str:
        """What the share panel and handout say about respondent-level data."""
        rule = f"groups with fewer than {self.min_group} respondents are never shown"
        if self.from_folder:
            return (
                f"Respondent-level data: {FOLDER_FILE}, published to every visitor by the operator; {rule}."
            )
        return f"Respondent-level data is never shared: each viewer uploads their own; {rule}."


def _uploaded(state: PageState) -> RespondentData | None:
    """The uploaded file, read once per file (kept in this session only); None when there is none."""
    # A widget's value is in the session before the script runs, so the sidebar and the note
    # under the headline figures can use the file although its uploader is drawn further down.
    uploaded = state.get("upload")
    if uploaded is None or isinstance(uploaded, DeletedFile):  # DeletedFile: see lost_upload_name
        state.pop("__parsed")
        return None
    parsed = state.get("__parsed")
    if not parsed or parsed[0] != uploaded.file_id:
        parsed = (uploaded.file_id, read_upload(uploaded.name, uploaded.getvalue()))
        state.set("__parsed", parsed)
    return parsed[1]


def _filter_widgets(
    state: PageState, data: Dataset, respondents: RespondentData | None, names: dict[str, str]
) -> None:
    params = {p.key: p for p in state.params}
    with st.sidebar:
        st.header("Respondent-data filters")
        st.caption(
            "These apply to respondent-level data only. The published 2016 figures are national and cannot "
            "be filtered."
        )
        usable = respondents is not None and respondents.usable
        present = sorted(respondents.frame["state"].unique()) if usable else []
        multiselect(state, params["state"], present or sorted(params["state"].allowed()))
        multiselect(state, params["pop"], list(POPULATION_LABELS), POPULATION_LABELS)
        multiselect(state, params["coalition"], list(data.coalitions["coalition_id"]), names)
        st.radio("Break down by", list(BY_LABELS), format_func=BY_LABELS.get, key=state.key("by"))
        st.radio("Comparison", list(COMPARE_LABELS), format_func=COMPARE_LABELS.get, key=state.key("compare"))


def sidebar(data: Dataset) -> SurveyControls:
    """Link → widget state (its notices shown here), the respondent file, the sidebar filters, the URL."""
    state = PageState(PAGE, survey_params(data), data)
    state.load()
    show_notices(state)
    settings = survey_settings()
    if settings.problem:
        st.warning(md_text(settings.problem), icon="⚙️")
    lost = lost_upload_name(state.key("upload"))  # before anything reads (deserializes) the uploader's value
    if isinstance(state.get("upload"), DeletedFile) and not lost:
        lost = LOST_UNNAMED
    respondents = _uploaded(state)
    if respondents is not None:
        lost = ""
    from_folder = False
    if respondents is None and not lost:  # never the operator's figures in place of a lost upload
        respondents = get_folder_respondents()
        from_folder = respondents is not None
    if respondents is None or not respondents.usable:
        state.pop("__shown")  # a removed upload leaves nothing behind
    names = filters.group_names(data)
    _filter_widgets(state, data, respondents, names)
    values = state.values()
    chosen = RespondentFilters(
        states=values["state"],
        pop_groups=values["pop"],
        coalitions=values["coalition"],
        by=state.first("by"),
    )
    return SurveyControls(
        state=state,
        respondents=respondents,
        from_folder=from_folder,
        filters=chosen,
        compare_2016=state.first("compare") == "2016",
        names=names,
        canonical=state.write_url(),
        clear_filters=functools.partial(state.clear, FILTER_KEYS),
        min_group=settings.min_group,
        lost_upload=lost,
    )


def respondent_shown(controls: SurveyControls, data: Dataset, members: pd.DataFrame) -> RespondentShown:
    """The respondent charts for this file and these filters (call when `controls.has_data`), kept for this session only.

    A rerun that changes neither the file nor the filters redraws the charts without recomputing them.
    """
    view = (controls.filters, controls.compare_2016, controls.min_group)
    cached = controls.state.get("__shown")
    if cached and cached[0] is controls.respondents and cached[1] == view:
        return cached[2]
    shown = survey_respondents.respondent_shown(
        controls.respondents,
        members,
        data,
        controls.filters,
        compare_2016=controls.compare_2016,
        names=controls.names,
        min_group=controls.min_group,
    )
    controls.state.set("__shown", (controls.respondents, view, shown))
    return shown
