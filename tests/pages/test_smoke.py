"""Every page file runs on the shipped data with no exception (a new page is covered automatically)."""

import pytest

from tests.pages.helpers import PAGE_FILES, run_page


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_page_runs_without_exception(page_file):
    at = run_page(page_file)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a visible title"


def test_every_page_is_in_the_navigation():
    from components.url.pages import PAGES

    assert sorted(p.file for p in PAGES) == PAGE_FILES
