"""Sharing a view: a link reopens the same view in a fresh browser; minutes text, PDF handout, presenter mode."""

from __future__ import annotations

import difflib
import re

import pytest
from pypdf import PdfReader

from tests.conftest import wait_for_app

SHARED = [
    "/map?coalition=ntxia&state=TX",
    "/focus-areas?focus=cybersecurity&sort=count",
    "/compare?coalition=ntxia&coalition=connective",
    "/survey",
    "/",
]


def _main_text(pg) -> str:
    """Everything a person reads in the main column."""
    text = pg.locator("[data-testid='stMainBlockContainer']").inner_text()
    return re.sub(r"\s+", " ", text)


def _view_text(pg) -> str:
    """The view as words: headings, descriptions, figures and the selected filter values.

    Button labels are left out: downloads are prepared after the view is drawn.
    """
    parts = pg.evaluate(
        """() => [...document.querySelectorAll(
                 "[data-testid='stMainBlockContainer'] h1, [data-testid='stMarkdownContainer'], "
                 + "[data-testid='stMetricValue'], [data-testid='stMultiSelect'] [data-tag]")]
             .filter(e => !e.closest('button'))
             .map(e => e.innerText)"""
    )
    words = [re.sub(r"\s+", " ", p).strip() for p in parts]
    return " | ".join(w for w in words if w)


def _open(browser, url: str, **context_args):
    """A fresh context (desktop size unless told otherwise); wait until the view has settled."""
    context = browser.new_context(
        **(context_args or {"viewport": {"width": 1280, "height": 900}, "accept_downloads": True})
    )
    pg = context.new_page()
    pg.set_default_timeout(45_000)
    pg.goto(url)
    wait_for_app(pg)
    # A first visit reruns once more after writing the canonical URL: wait until the view is settled.
    previous = None
    for _ in range(30):
        pg.wait_for_timeout(700)
        current = _view_text(pg)
        running = pg.locator("[data-testid='stStatusWidget']").count()
        if current == previous and not running:
            break
        previous = current
    return context, pg


def _shared_link(pg) -> str:
    panel = _share_panel(pg)
    link = panel.locator(".copy-text-value").first.inner_text().strip()
    pg.get_by_text("Share this view").click()  # close it again
    return link


@pytest.mark.parametrize("path", SHARED)
def test_a_shared_link_reopens_the_same_view(browser, app_url, path):
    sender, pg = _open(browser, app_url + path)
    try:
        seen_by_sender = _view_text(pg)
        link = _shared_link(pg)
        assert "v=1" in link and "data=" in link, "links carry the contract version and data as-of"
    finally:
        sender.close()
    receiver, pg2 = _open(browser, link)
    try:
        seen_by_receiver = _view_text(pg2)
        diff = list(
            difflib.unified_diff(seen_by_sender.split(" | "), seen_by_receiver.split(" | "), lineterm="", n=0)
        )
        assert not diff, "\n".join(diff)
    finally:
        receiver.close()


def _share_panel(pg):
    pg.get_by_text("Share this view").click()
    panel = pg.locator("[data-testid='stSidebar'] [data-testid='stExpander']").filter(
        has_text="Copy for minutes"
    )
    panel.wait_for()
    return panel


def test_minutes_text_matches_the_view(browser, app_url):
    context, pg = _open(browser, app_url + "/map?coalition=ntxia")
    try:
        description = pg.get_by_text(re.compile(r"^\d+ members? .*coalition: NTXIA")).first.inner_text()
        panel = _share_panel(pg)
        codes = panel.locator(".copy-text-value").all_inner_texts()
        minutes = next(c for c in codes if c.startswith("Map of connected regions"))
        lines = minutes.splitlines()
        assert lines[1] == pg.url
        assert f"Shows: {description}" in minutes
        assert "Sources:" in minutes and "Data as of" in minutes
    finally:
        context.close()


def test_the_link_and_minutes_are_copied_with_one_click_or_the_keyboard(browser, app_url):
    """The copy boxes (no 1.6 MB highlighter): a click copies the link, Tab + Enter the minutes text."""
    context, pg = _open(browser, app_url + "/map?coalition=ntxia")
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
        panel = _share_panel(pg)
        link, minutes = (t.strip() for t in panel.locator(".copy-text-value").all_inner_texts())
        copy_link = panel.get_by_role("button", name="Copy link")
        copy_link.click()
        panel.get_by_role("status").filter(has_text="Copied").first.wait_for()
        assert pg.evaluate("navigator.clipboard.readText()") == link
        # Keyboard only: from the link's button, Tab reaches the minutes' button and Enter copies.
        copy_link.focus()
        pg.keyboard.press("Tab")
        focused = pg.evaluate(
            "(() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement)"
            " e = e.shadowRoot.activeElement; return e && e.getAttribute('aria-label'); })()"
        )
        assert focused == "Copy minutes text"
        pg.keyboard.press("Enter")
        pg.wait_for_function(
            "async (want) => (await navigator.clipboard.readText()).trim() === want", arg=minutes
        )
        assert minutes.splitlines()[1] == link
        fetched = pg.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
        assert not [u for u in fetched if "SyntaxHighlighter" in u], "st.code's 1.6 MB highlighter was loaded"
    finally:
        context.close()


def test_handout_pdf_has_filters_sources_and_link(browser, app_url):
    context, pg = _open(browser, app_url + "/map?coalition=ntxia")
    try:
        panel = _share_panel(pg)
        with pg.expect_download(timeout=90_000) as dl:
            panel.get_by_role("button", name="One-page handout (PDF)").click()
        pdf = PdfReader(dl.value.path())
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
        assert "coalition: NTXIA" in text
        assert "Sources" in text and "fortworthbusiness.com" in text.replace(" ", "")
        assert "coalition=ntxia" in text.replace(" ", "")
        assert len(pdf.pages) <= 2
    finally:
        context.close()


def test_presenter_mode_hides_controls(browser, app_url):
    context, pg = _open(browser, app_url + "/map?coalition=ntxia&mode=present")
    try:
        assert pg.locator("h1").first.is_visible()
        assert not pg.locator("[data-testid='stSidebar']").is_visible()
        assert pg.locator("[data-testid='stMultiSelect']:visible").count() == 0
    finally:
        context.close()


def test_presenter_steps_through_slides_with_the_arrow_keys(browser, app_url):
    from urllib.parse import quote

    slides = "&".join(
        "slide=" + quote(s, safe="")
        for s in ["/map?coalition=ntxia", "/compare?coalition=ntxia&coalition=snf"]
    )
    context, pg = _open(browser, app_url + "/map?coalition=ntxia&mode=present&" + slides + "&step=1")
    try:
        assert "Slide 1 of 2" in _main_text(pg)
        pg.keyboard.press("ArrowRight")
        pg.wait_for_url(re.compile(r"/compare\?"))
        wait_for_app(pg)
        assert "Compare coalitions" in pg.locator("h1").first.inner_text()
        assert "Slide 2 of 2" in _main_text(pg)
        assert "mode=present" in pg.url
    finally:
        context.close()
