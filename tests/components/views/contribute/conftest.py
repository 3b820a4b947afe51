"""The shipped dataset (loaded once) and its NTXIA roster template, for the contribution tests."""

from __future__ import annotations

import pytest

from components.data.load import Dataset, load_dataset
from components.views.contribute.template import ROSTER, template_csv
from tests.components.views.contribute.edits import COALITION


@pytest.fixture(scope="session")
def data() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def roster_csv(data) -> bytes:
    return template_csv(data, ROSTER, COALITION)
