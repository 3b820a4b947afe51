"""The app shell: favicon, navigation links that carry the filters, presenter mode."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.ui.page_state import raw_params
from components.url import pages as navigation

# Constant CSS (no data or URL value ever goes in it): hides controls, enlarges type for a projector.
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], .present-hide { display: none !important; }
[data-testid="stMainBlockContainer"] { font-size: 1.25rem; max-width: 100% !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.3rem; }
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
    """Sidebar navigation whose links carry the current filters that the target page understands."""
    current = raw_params()
    with st.sidebar:
        st.caption("Views")
        for info in navigation.PAGES:
            st.page_link(
                pages[info.path],
                label=info.title,
                icon=info.icon,
                query_params=navigation.carried_params(current, info) or None,
            )


def presenter_mode(pages: Mapping[str, st.Page]) -> None:
    """Large type, no controls; step through `slide=` links with buttons or the arrow keys."""
    st.html(_PRESENT_CSS)
    raw_slides = st.query_params.get_all("slide")
    slides, notices = navigation.parse_slides(raw_slides)
    for notice in notices:
        st.caption(notice)
    if not slides:
        st.caption("Presenter mode · read-only. Open this link without `mode=present` to change the view.")
        return
    step = navigation.parse_step(st.query_params.get_all("step"), len(slides))
    prev_col, label_col, next_col = st.columns([1, 3, 1])
    label_col.markdown(f"**Slide {step} of {len(slides)}** · ← → to move")

    def go(to: int) -> None:
        slide = slides[to - 1]
        st.switch_page(pages[slide.page.path], query_params=navigation.slide_params(raw_slides, slide, to))

    if prev_col.button("◀ Previous", key="present.prev", shortcut="ArrowLeft", disabled=step == 1):
        go(step - 1)
    if next_col.button("Next ▶", key="present.next", shortcut="ArrowRight", disabled=step == len(slides)):
        go(step + 1)
