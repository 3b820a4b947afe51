"""Fixtures for the ui helper tests: the shipped dataset (PageState reads its as-of date), deferred downloads."""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from components.data.load import Dataset, load_dataset


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load_dataset()


@pytest.fixture
def deferred(monkeypatch) -> dict[str, tuple[object, str]]:
    """File name -> (the callable passed as data=, its mime type), as Streamlit registers them."""
    seen: dict[str, tuple[object, str]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen
