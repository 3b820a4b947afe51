"""The one cached entry point to the data for pages (the only data module that imports streamlit)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.data import filters
from components.data.load import Dataset, data_dir_from_env, load_dataset
from components.views.survey import disclosure, upload


def _leave_pages_directory_mode() -> None:
    """Make a deep link work on a fresh server.

    Streamlit treats an app with a `pages/` folder as a v1 multipage app until the entry point
    calls st.navigation, so the very first visitor of e.g. /map would get the page script
    without dashboard.py (no navigation, no presenter mode). Every page imports this module,
    so the first such run flips the process-wide flag and reruns through dashboard.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner="Loading coalition data…")
def _load(folder: str) -> Dataset:
    return load_dataset(folder)


@st.cache_resource
def _members(folder: str):
    return filters.members_table(_load(folder))


def get_dataset() -> Dataset:
    """The validated dataset for $COALITIONS_DATA (or the shipped data), loaded once per process.

    Shared by every session: callers must treat its frames as read-only.
    """
    _leave_pages_directory_mode()
    return _load(str(data_dir_from_env()))


def get_members():
    """members_table() of the dataset, computed once per process; read-only."""
    _leave_pages_directory_mode()
    return _members(str(data_dir_from_env()))


# Operator settings for respondent-level survey data (environment variables, read on every run,
# like COALITIONS_DATA; there is no settings page and no secrets file).
MIN_GROUP_ENV = "COALITIONS_SURVEY_MIN_GROUP"  # smallest group shown (default 5)
FOLDER_FILE_ENV = "COALITIONS_SURVEY_FOLDER_FILE"  # "on" shows survey_respondents.csv to every visitor
_ON = frozenset({"1", "on", "true", "yes"})
MAX_MIN_GROUP = 1000


@dataclass(frozen=True)
class SurveySettings:
    """What the operator set: the disclosure threshold, and whether the data folder's file is shown."""

    min_group: int = disclosure.DEFAULT_MIN_GROUP
    folder_file: bool = False
    problem: str = ""  # a setting that could not be used, in words (the default applies)


def survey_settings() -> SurveySettings:
    """$COALITIONS_SURVEY_MIN_GROUP (a whole number from 1; default 5) and $COALITIONS_SURVEY_FOLDER_FILE (off)."""
    folder_file = os.environ.get(FOLDER_FILE_ENV, "").strip().casefold() in _ON
    raw = os.environ.get(MIN_GROUP_ENV, "").strip()
    if not raw:
        return SurveySettings(folder_file=folder_file)
    if raw.isdigit() and 1 <= int(raw) <= MAX_MIN_GROUP:
        return SurveySettings(int(raw), folder_file)
    problem = (
        f"{MIN_GROUP_ENV}='{raw[:20]}' is not a whole number from 1 to {MAX_MIN_GROUP}; "
        f"groups with fewer than {disclosure.DEFAULT_MIN_GROUP} respondents are hidden."
    )
    return SurveySettings(folder_file=folder_file, problem=problem)


@st.cache_resource(max_entries=4, show_spinner=False)
def _folder_respondents(folder: str, modified: float) -> upload.RespondentData | None:
    return upload.read_folder(Path(folder))


def get_folder_respondents() -> upload.RespondentData | None:
    """survey_respondents.csv placed in the data folder by the operator, validated once per version.

    Read only when the operator turned it on ($COALITIONS_SURVEY_FOLDER_FILE=on): it is shown to
    every visitor. Shared by every session (an upload never comes here); None when it is off or the
    folder has no such file.
    """
    if not survey_settings().folder_file:
        return None
    folder = data_dir_from_env()
    path = folder / upload.FOLDER_FILE
    if not path.is_file():
        return None
    return _folder_respondents(str(folder), path.stat().st_mtime)
