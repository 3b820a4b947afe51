"""The shipped dataset, loaded once for the ui helper tests (PageState reads its as-of date)."""

from __future__ import annotations

import pytest

from components.data.load import Dataset, load_dataset


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load_dataset()
