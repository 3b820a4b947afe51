"""Fixtures of the survey view tests: the shipped dataset and its member table, loaded once per module."""

import pytest

from components.data import filters
from components.data.load import load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def members(data):
    return filters.members_table(data)
