"""The one cached entry point to the data for pages (the only data module that imports streamlit)."""

from __future__ import annotations

import streamlit as st

from components import filters
from components.data import Dataset, data_dir_from_env, load_dataset


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
    return _load(str(data_dir_from_env()))


def get_members():
    """members_table() of the dataset, computed once per process; read-only."""
    return _members(str(data_dir_from_env()))
