"""Every page file runs on the shipped data with no exception (a new page is covered automatically)."""

import pytest

from tests.pages.helpers import PAGE_FILES, run_page


@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_page_runs_without_exception(page_file):
    at = run_page(page_file)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a visible title"


def test_every_page_is_in_the_navigation():
    from pathlib import Path

    nav = (Path(__file__).resolve().parents[2] / "dashboard.py").read_text(encoding="utf-8")
    for page_file in PAGE_FILES:
        assert f'"{page_file}"' in nav, f"{page_file} is not in st.navigation"
