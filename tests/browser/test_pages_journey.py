"""Open every page path in headless Chromium: its title shows and no error does."""

import pytest

from tests.conftest import wait_for_app

PATHS = [
    ("/", "US regional smart-city coalitions"),
    ("/map", "Map of connected regions"),
    ("/focus-areas", "Focus areas"),
    ("/compare", "Compare coalitions"),
    ("/survey", "2016 ICMA / Smart Cities Council survey"),
    ("/data", "Data and sources"),
]


@pytest.mark.parametrize(("path", "title"), PATHS)
def test_page_path_opens_with_its_title(page, app_url, path, title):
    page.goto(app_url + path)
    wait_for_app(page)
    heading = page.locator("h1").first
    assert title in heading.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Page not found" not in page.content()


def test_deep_link_on_a_fresh_server_runs_through_the_entry_point(page):
    """The first visitor of a shared /data link gets the real navigation, not Streamlit's pages/ list."""
    from tests.conftest import start_server

    proc, base = start_server()
    try:
        page.goto(base + "/data")
        wait_for_app(page)
        links = page.locator("[data-testid='stSidebar'] a").all_inner_texts()
        assert any("Map of connected regions" in t for t in links), links
        assert "Data and sources" in page.locator("h1").first.inner_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
