"""The one cached entry point to the data for pages (the only data module that imports streamlit)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.data import filters
from components.data.load import Dataset, data_dir_from_env, load_dataset
from components.views.survey import upload


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


@st.cache_resource(max_entries=4, show_spinner=False)
def _folder_respondents(folder: str, modified: float) -> upload.RespondentData | None:
    return upload.read_folder(Path(folder))


def get_folder_respondents() -> upload.RespondentData | None:
    """survey_respondents.csv placed in the data folder by the operator, validated once per version.

    Shared by every session (the operator publishes it for everyone; an upload never comes here);
    None when the folder has no such file.
    """
    folder = data_dir_from_env()
    path = folder / upload.FOLDER_FILE
    if not path.is_file():
        return None
    return _folder_respondents(str(folder), path.stat().st_mtime)
