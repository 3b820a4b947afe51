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


@pytest.mark.parametrize(("path", "title"), [("/data", "Data and sources"), ("/focus-areas", "Focus areas")])
def test_deep_link_on_a_fresh_server_runs_through_the_entry_point(page, path, title):
    """The first visitor of a shared link gets that page with the real navigation."""
    from tests.conftest import start_server

    proc, base = start_server()
    try:
        page.goto(base + path)
        wait_for_app(page)
        links = page.locator("[data-testid='stSidebar'] a").all_inner_texts()
        assert any("Map of connected regions" in t for t in links), links
        assert title in page.locator("h1").first.inner_text()
        assert "Page not found" not in page.content()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
