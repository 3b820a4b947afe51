"""The app shell alone in a tiny app: favicon, navigation links that carry filters, presenter mode."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
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


def styles(at: AppTest) -> list[str]:
    """The bodies of the style-only st.html elements (Streamlit draws them in its event container)."""
    return [h.proto.body for h in at.get("html")]


def bar(at: AppTest):
    """The presenter bar: the main column's block keyed "presenter_bar"."""
    (found,) = [b for b in at.main.children.values() if getattr(b.proto, "id", "").endswith("-presenter_bar")]
    return found


def test_every_page_gets_the_shared_stylesheet_and_only_presenter_mode_gets_the_slide_one():
    assert styles(run({})) == [shell.BASE_CSS]
    assert styles(run({"mode": "present"})) == [shell.BASE_CSS, shell.PRESENT_CSS]


@pytest.mark.parametrize("css", [shell.BASE_CSS, shell.PRESENT_CSS])
def test_the_stylesheets_are_constant_style_elements(css):
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<") == 2
    assert "{}" not in css and "%" not in css.replace("100%", "")  # nothing formatted into them


def test_the_slide_stylesheet_hides_folded_panels_sizes_the_map_and_reads_at_18_px_or_more():
    css = shell.PRESENT_CSS
    assert '[class*="st-key-fold_"]' in css and "--map-height: calc(100vh - 14rem)" in css
    sizes = [float(v) for v in re.findall(r"font-size: ([\d.]+)rem", css)]
    assert sizes and min(sizes) * 16 >= 18  # rem = 16 px in Streamlit's theme
    # On a phone the map leaves room above it for the title and takeaway, whatever the phone's height.
    assert "--map-height: clamp(240px, calc(100svh - 21rem), 480px)" in shell.BASE_CSS


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
    assert [c.value for c in bar(at).get("caption")] == [
        "Presenter mode · read-only. Open this link without `mode=present` to change the view."
    ]
    assert not at.button


def test_presenter_mode_steps_through_the_slides_and_reports_bad_ones():
    at = run({"mode": "present", "slide": ["/map?state=TX", "/compare", "https://evil.example/"]})
    assert [c.value for c in at.main.caption] == ["Ignored a slide that is not a page of this dashboard."]
    assert at.markdown[0].value == "**Slide 1 of 2** · ← → to move"
    assert [(b.key, b.disabled) for b in at.button] == [("present.prev", True), ("present.next", False)]
    # One row: the buttons either side of where the slide is.
    assert [type(e).__name__ for e in bar(at).children.values()] == [
        "Caption",
        "Button",
        "Markdown",
        "Button",
    ]
    at.button(key="present.next").click()
    rerun(at)
    assert at.query_params["step"] == "2"
    assert at.query_params["slide"] == ["/map?state=TX", "/compare", "https://evil.example/"]
    assert at.markdown[0].value == "**Slide 2 of 2** · ← → to move"
    assert [(b.key, b.disabled) for b in at.button] == [("present.prev", False), ("present.next", True)]


def test_an_invalid_step_starts_at_the_first_slide():
    at = run({"mode": "present", "slide": ["/map", "/compare"], "step": "9"})
    assert at.markdown[0].value == "**Slide 1 of 2** · ← → to move"
