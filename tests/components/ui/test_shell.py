"""The app shell alone in a tiny app: favicon, navigation links that carry filters, presenter mode."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from components.ui import shell
from components.url.pages import PAGES
from tests.components.ui.apptest import rerun, run_app

ROOT = Path(__file__).resolve().parents[3]


def shell_app(root):
    import streamlit as st

    from components.ui import shell
    from components.url import pages as navigation

    pages = {
        info.path: st.Page(f"{root}/{info.file}", title=info.title, url_path=info.path or None)
        for info in navigation.PAGES
    }
    st.text(f"presenting={shell.presenting()}")
    shell.nav_links(pages)
    if shell.presenting():
        shell.presenter_mode(pages)


def run(params: dict[str, str | list[str]]) -> AppTest:
    return run_app(shell_app, params, root=str(ROOT))


def links(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """Sidebar link label -> the query parameters it carries."""
    return {e.proto.label: parse_qs(e.proto.query_string) for e in at.sidebar.get("page_link")}


def test_app_icon_is_a_small_drawn_image():
    icon = shell.app_icon()
    assert (icon.size, icon.mode) == ((64, 64), "RGBA")
    assert icon.getpixel((0, 0))[3] == 0 and icon.getpixel((32, 14))[3] == 255


def test_nav_links_list_every_page_in_order():
    at = run({})
    assert list(links(at)) == [p.title for p in PAGES]
    assert at.sidebar.caption[0].value == "Views"
    assert at.text[0].value == "presenting=False"


def test_nav_links_carry_only_the_filters_each_page_understands():
    at = run({"state": "TX", "coalition": "ntxia", "place": "Plano, TX", "sort": "name"})
    carried = links(at)
    assert carried["Overview"] == {}
    assert carried["Map of connected regions"] == {"state": ["TX"], "coalition": ["ntxia"]}
    assert carried["Compare coalitions"] == {"coalition": ["ntxia"]}
    assert carried["Data and sources"] == {}


def test_presenter_mode_without_slides_says_it_is_read_only():
    at = run({"mode": "present"})
    assert at.text[0].value == "presenting=True"
    assert any("Presenter mode · read-only" in c.value for c in at.caption)
    assert not at.button


def test_presenter_mode_steps_through_the_slides_and_reports_bad_ones():
    at = run({"mode": "present", "slide": ["/map?state=TX", "/compare", "https://evil.example/"]})
    assert [c.value for c in at.main.caption] == ["Ignored a slide that is not a page of this dashboard."]
    assert at.markdown[0].value == "**Slide 1 of 2** · ← → to move"
    assert [(b.key, b.disabled) for b in at.button] == [("present.prev", True), ("present.next", False)]
    at.button(key="present.next").click()
    rerun(at)
    assert at.query_params["step"] == "2"
    assert at.query_params["slide"] == ["/map?state=TX", "/compare", "https://evil.example/"]
    assert at.markdown[0].value == "**Slide 2 of 2** · ← → to move"
    assert [(b.key, b.disabled) for b in at.button] == [("present.prev", False), ("present.next", True)]


def test_an_invalid_step_starts_at_the_first_slide():
    at = run({"mode": "present", "slide": ["/map", "/compare"], "step": "9"})
    assert at.markdown[0].value == "**Slide 1 of 2** · ← → to move"
