"""Hostile link parameters on every page: no exception, a valid fallback, a notice naming them."""

from __future__ import annotations

import pytest

from tests.hostile import HOSTILE_VALUES
from tests.pages.helpers import PAGE_FILES, run_page

# Every parameter key any page reads, and one that no page knows.
KEYS = [
    "state",
    "focus",
    "coalition",
    "type",
    "network",
    "extent",
    "sort",
    "basemap",
    "place",
    "mode",
    "step",
    "zzz",
]
# Values that are hostile for every key (the corpus minus values that are valid somewhere, e.g. "tx").
BAD = [v for v in HOSTILE_VALUES if v.strip() and v not in ("tx", "-1")]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_hostile_values_for_every_key(page_file, key):
    at = run_page(page_file, {key: BAD})
    assert not at.exception, [e.value for e in at.exception]
    assert at.title
    if key not in ("mode", "step"):
        notices = " ".join(w.value for w in at.warning) + " ".join(c.value for c in at.caption)
        assert "Ignored" in notices or "not" in notices, f"{page_file}: no notice for hostile '{key}'"


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_stale_data_link_shows_a_banner(page_file):
    at = run_page(page_file, {"v": "1", "data": "2020-01-01"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning) + " ".join(i.value for i in at.info)
    assert "2020" in text and "as of" in text
