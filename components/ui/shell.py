"""The app shell: favicon, navigation links that carry the filters, the shared stylesheet, presenter mode.

Presenter mode turns any view into a slide: the page's title, its one-sentence takeaway
(widgets.takeaway) and its main visual fit the first screen of a projector (1280×720 and up), body
text is at least 18 px, and what a page marks as secondary (widgets.fold_away) is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.ui.page_state import raw_params
from components.url import pages as navigation

# The CSS below is constant text: no data or URL value ever goes in it.
# Every page: on a phone the map's height (the CSS variable its canvas reads,
# components/ui/map_canvas.py) leaves the title and takeaway above it in the first screen (≈ 20 rem
# sit above the map there), and the map's legend (two panels side by side) scrolls sideways inside
# the screen instead of widening the page. The map's box has its height from the first paint: its
# canvas is drawn seconds later, and must not push the page down (issue 15, CLS). The headings' sizes
# are in the theme (.streamlit/config.toml), which applies from the first message.
#
# FIRST_PAINT_CSS is also in nginx's first-paint style (deploy/nginx.conf.template, checked by
# tests/test_deploy.py): st.html draws with JavaScript Streamlit loads late, and a rule that arrives
# after the page is drawn moves what it resizes (issue 15). Besides the map's box, it sizes what
# Streamlit draws as 40 px placeholders until their JavaScript arrives at their final size: the
# navigation links (32 px, drawn 4 px apart) and the sidebar's filters (a labelled input 68 px, the
# map's "fit again" button 40, its layer buttons 240, radio groups 73-118).
FIRST_PAINT_CSS = (
    # A reserved height's 1 px prop (components/ui/reserve.py) takes no more from the element beside it.
    "[class*=st-key-reserveprop_],"
    "[data-testid=stLayoutWrapper]:has(>[class*=st-key-reserveprop_]){min-width:0}"
    # The map's box, and its height on a phone.
    ".st-key-map_canvas{min-height:var(--map-height,480px)}"
    "@media (max-width:640px){[data-testid=stMainBlockContainer]"
    "{--map-height: clamp(240px, calc(100svh - 21rem), 480px)}}"
    ".st-key-nav_links>[data-testid=stElementContainer]{margin:-6px 0}"
    ".st-key-nav_links [data-testid=stSkeleton]{height:32px}"
    + "".join(
        # Equally specific, so the last that matches a key wins: a labelled input unless named below.
        f"[data-testid=stSidebarUserContent] [class*=st-key-]{widget}:not([class*=share])"
        f">[data-testid=stSkeleton]{{height:{px}px}}"
        for widget, px in (
            ("", 68),
            ("[class*=-refit]", 40),
            ("[class*=-layers]", 240),
            (":is([class*=-rows],[class*=-compare])", 73),
            ("[class*=-basemap]", 95),
            ("[class*=-by]", 118),
        )
    )
)
BASE_CSS = (
    "<style>"
    + FIRST_PAINT_CSS
    + """
@media (max-width: 640px) {
  .st-key-map_legend { overflow-x: auto; }
}
</style>"""
)
# Presenter mode: no sidebar, header or secondary panels (widgets.fold_away), little padding, large type;
# the map takes the screen's height less what sits above it (bar, title, takeaway: about 13 rem).
# Charts drawn at screen size (widgets.enlarge_on_slide) are zoomed so that their 11 px text reads at
# 18 px or more (the map's legend, 15 px, less), and on a 1920×1080 screen the main chart grows into
# the room; Streamlit draws charts as SVG, so they stay sharp.
PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], .present-hide, [class*="st-key-fold_"],
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-fold_"]) { display: none !important; }
[data-testid="stMainBlockContainer"] {
  max-width: 100% !important; padding: 0.75rem 2rem 2rem !important;
  --map-height: calc(100vh - 14rem);
}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.75rem; }
:root [data-testid="stMainBlockContainer"] h1 { font-size: 2.25rem; padding: 0; }
:root [data-testid="stMainBlockContainer"] h2 { font-size: 1.75rem; padding: 0.25rem 0 0; }
:root [data-testid="stMainBlockContainer"] :is(h3, h4) { font-size: 1.5rem; padding: 0.25rem 0 0; }
[data-testid="stMainBlockContainer"] :is(p, li, td, th, label, summary, code,
  [data-testid="stCaptionContainer"], [data-testid="stMetricLabel"]) { font-size: 1.25rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] p { font-size: 2.25rem; }
[data-testid="stMainBlockContainer"] :is(td, th) { padding: 0.3rem 0.6rem; }
[data-testid="stMainBlockContainer"] :is(td, th) > [data-testid="stMarkdownContainer"] { max-width: none; }
[class*="st-key-enlarge_"] :is([data-testid="stVegaLiteChart"], [class*="reserveprop_"]) { zoom: 1.64; }
.st-key-map_legend .map-legend { zoom: 1.2; }
@media (min-width: 1600px) and (min-height: 900px) {
  .st-key-main_visual :is([data-testid="stVegaLiteChart"], [class*="reserveprop_"]) { zoom: 1.4; }
  [class*="st-key-enlarge_"] :is([data-testid="stVegaLiteChart"], [class*="reserveprop_"]) { zoom: 2.2; }
}
</style>"""


def app_icon():
    """A small drawn favicon: a Material/emoji icon would be fetched from a CDN that
    locked-down networks block."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    hubs = [(14, 46), (32, 14), (50, 46)]
    draw.line([*hubs, hubs[0]], fill=(0, 114, 178, 255), width=5)
    for (x, y), colour in zip(hubs, [(213, 94, 0), (0, 114, 178), (0, 158, 115)], strict=True):
        draw.ellipse([x - 10, y - 10, x + 10, y + 10], fill=(*colour, 255))
    return img


def presenting() -> bool:
    return st.query_params.get("mode") == "present"


def nav_links(pages: Mapping[str, st.Page]) -> None:
    """Sidebar navigation whose links carry the current filters that the target page understands.

    Drawn on every page (dashboard.py), so it also brings the shared stylesheet, which takes no room.
    """
    st.html(BASE_CSS)
    current = raw_params()
    with st.sidebar:
        st.caption("Views")
        links = st.container(key="nav_links")  # FIRST_PAINT_CSS draws its placeholders at the links' size
        for info in navigation.PAGES:
            links.page_link(
                pages[info.path],
                label=info.title,
                icon=info.icon,
                query_params=navigation.carried_params(current, info) or None,
            )


def presenter_mode(pages: Mapping[str, st.Page]) -> None:
    """Large type, no controls; one compact bar to step through `slide=` links (buttons or arrow keys)."""
    st.html(PRESENT_CSS)
    raw_slides = st.query_params.get_all("slide")
    slides, notices = navigation.parse_slides(raw_slides)
    # One row, so the slide's title and visual start right under it.
    bar = st.container(key="presenter_bar", horizontal=True, vertical_alignment="center", gap="medium")
    for notice in notices:
        bar.caption(notice)
    if not slides:
        bar.caption("Presenter mode · read-only. Open this link without `mode=present` to change the view.")
        return
    step = navigation.parse_step(st.query_params.get_all("step"), len(slides))

    def go(to: int) -> None:
        slide = slides[to - 1]
        st.switch_page(pages[slide.page.path], query_params=navigation.slide_params(raw_slides, slide, to))

    previous = bar.button("◀ Previous", key="present.prev", shortcut="ArrowLeft", disabled=step == 1)
    bar.markdown(f"**Slide {step} of {len(slides)}** · ← → to move", width="content")
    following = bar.button("Next ▶", key="present.next", shortcut="ArrowRight", disabled=step == len(slides))
    if previous:
        go(step - 1)
    if following:
        go(step + 1)
