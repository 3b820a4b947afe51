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
