"""WCAG 2.1 AA checks in a real browser: axe-core, page titles, language, keyboard walk."""

from __future__ import annotations

import pytest

from tests.browser.a11y import describe_violations, run_axe
from tests.conftest import wait_for_app

# Every page, and the main filtered states.
VIEWS = [
    "/",
    "/map",
    "/map?coalition=ntxia",
    "/map?state=TX&state=AZ&focus=transportation",
    "/focus-areas",
    "/focus-areas?focus=cybersecurity&sort=count",
    "/compare",
    "/compare?coalition=ntxia&coalition=connective",
    "/survey",
    "/data",
    "/contribute?coalition=ntxia",
]


@pytest.mark.parametrize("path", VIEWS)
def test_no_axe_violations(page, app_url, path):
    page.goto(app_url + path)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # charts and the map draw after the script finishes
    results = run_axe(page)
    assert results["violations"] == [], describe_violations(results)


@pytest.mark.parametrize("path", ["/", "/map", "/focus-areas", "/compare", "/survey", "/data"])
def test_page_has_its_own_title_and_a_language(page, app_url, path):
    page.goto(app_url + path)
    wait_for_app(page)
    assert page.evaluate("document.documentElement.lang") != ""
    title = page.title()
    assert title and title != "Streamlit"


def test_titles_differ_between_pages(page, app_url):
    titles = set()
    for path in ["/", "/map", "/focus-areas", "/compare", "/survey", "/data"]:
        page.goto(app_url + path)
        wait_for_app(page)
        titles.add(page.title())
    assert len(titles) == 6


FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"


@pytest.mark.parametrize("path", ["/", "/map", "/focus-areas", "/compare", "/survey", "/data"])
def test_keyboard_walk_reaches_controls_without_a_trap(page, app_url, path):
    page.goto(app_url + path)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    seen: list[str] = []
    repeats = 0
    for _ in range(120):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                 const s = getComputedStyle(e);
                 const r = e.getBoundingClientRect();
                 return {id: e.tagName + '|' + (e.getAttribute('aria-label') || e.innerText || e.id || '').slice(0, 40)
                              + '|' + Math.round(r.x) + ',' + Math.round(r.y),
                         visible: s.outlineStyle !== 'none' || s.boxShadow !== 'none' || e.matches(':focus-visible')}; }"""
        )
        if info is None:
            continue
        assert info["visible"], f"focus is not visible on {info['id']}"
        if seen and info["id"] == seen[-1]:
            repeats += 1
            # A data grid takes a few Tab presses to leave (it steps through its cells); a trap never lets go.
            assert repeats < 20, f"keyboard trap at {info['id']}"
        else:
            repeats = 0
        seen.append(info["id"])
    distinct = set(seen)
    # The walk reaches the navigation links and the page's own controls.
    assert len(distinct) >= 6, seen
    assert any("Map of connected regions" in s for s in distinct), seen


@pytest.mark.parametrize("size", [(1280, 720), (640, 360)], ids=["projector-1280x720", "zoom-200pct"])
@pytest.mark.parametrize("path", ["/", "/map", "/focus-areas", "/compare", "/survey", "/data"])
def test_reflow_without_horizontal_scrolling(browser, app_url, path, size):
    """1280×720 is a meeting-room projector; 640×360 CSS pixels is that screen at 200% zoom."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    try:
        pg.goto(app_url + path)
        wait_for_app(pg)
        pg.wait_for_timeout(1000)
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, f"page scrolls sideways by {overflow}px"
        assert pg.locator("h1").first.is_visible()
    finally:
        context.close()
