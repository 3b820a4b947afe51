"""Keyed Streamlit widgets shared by the pages: URL-synced filters, banners and notices.

View state round-trips through the URL: on a fresh load (or when the URL changed outside the
app) widget values are set from the decoded query params; after the widgets run, the canonical
query string is written back, so the address bar is always a link to what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from components.data.load import Dataset
from components.url import view_state
from components.url.view_state import Param


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def init_from_url(page: str, params: Sequence[Param], data: Dataset) -> None:
    """Seed widget state from the URL when it is new to this session; show notices for what was dropped."""
    raw = _raw_params()
    marker = f"{page}.__url"
    if st.session_state.get(marker) == raw:
        return
    values, notices = view_state.decode(raw, params)
    for p in params:
        st.session_state[f"{page}.{p.key}"] = list(values[p.key]) if p.multi else (values[p.key] or ("",))[0]
    stale = view_state.stale_link_notice(raw, data.as_of)
    st.session_state[f"{page}.__notices"] = notices + ([stale] if stale else [])
    st.session_state[marker] = raw


def current_values(page: str, params: Sequence[Param]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for p in params:
        value = st.session_state.get(f"{page}.{p.key}", p.default)
        if isinstance(value, str):
            out[p.key] = (value,) if value else ()
        else:
            out[p.key] = tuple(v for v in value if v)
    return out


def _presenter_params() -> dict[str, list[str]]:
    """mode/slide/step to keep in a rewritten URL: only a valid playlist, never a raw link value."""
    from components.url import pages as navigation

    if st.query_params.get("mode") != "present":
        return {}
    slides = [
        v
        for v in st.query_params.get_all("slide")[: navigation.MAX_SLIDES]
        if navigation.parse_slides([v])[0]
    ]
    if not slides:
        return {"mode": ["present"]}
    step = navigation.parse_step(st.query_params.get_all("step"), len(slides))
    return {"mode": ["present"], "slide": slides, "step": [str(step)]}


def write_url(
    page: str, params: Sequence[Param], data: Dataset, extra: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """Write the canonical query string for the current widget values; return it."""
    # Presenter state belongs to the link, not to the page: keep it, or the rewrite would drop
    # presenter mode and its ◀/▶ buttons on the very next rerun.
    extra = {**_presenter_params(), **(extra or {})}
    canonical = view_state.encode(current_values(page, params), params, data_as_of=data.as_of, extra=extra)
    if _raw_params() != canonical:
        st.query_params.from_dict(canonical)
    st.session_state[f"{page}.__url"] = canonical
    return canonical


def show_notices(page: str) -> None:
    """Link-parameter notices, as plain text (values are already escaped by view_state.shown)."""
    notices = st.session_state.get(f"{page}.__notices") or []
    if notices:
        st.warning(
            "**Some link settings were not applied.**\n\n" + "\n".join(f"- {n}" for n in notices),
            icon=":material/warning:",
        )


def multiselect(
    page: str,
    param: Param,
    options: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    help: str | None = None,
    container=st,
) -> list[str]:
    """A multiselect bound to `page.param.key`; the options always include what is selected."""
    key = f"{page}.{param.key}"
    selected = [v for v in st.session_state.get(key, []) if v]
    opts = list(dict.fromkeys([*options, *selected]))
    st.session_state[key] = selected
    names = labels or {}
    return container.multiselect(
        param.label.capitalize(),
        opts,
        key=key,
        format_func=lambda v: names.get(v, v),
        help=help,
    )


def problems_banner(data: Dataset) -> None:
    """One clear banner when the data folder has problems; the pages keep working on what is intact."""
    if data.ok:
        return
    n = len(data.problems)
    st.error(
        f"The data folder has {n} problem{'s' if n != 1 else ''}; the rows concerned are left out. "
        "The Data page lists each one with its file, row and column.",
        icon=":material/flag:",
    )


def problems_frame(data: Dataset) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": p.file,
                "row": p.row,
                "column": p.column or "",
                "problem": p.message,
                "how to fix": p.fix,
            }
            for p in data.problems
        ],
        columns=["file", "row", "column", "problem", "how to fix"],
    )


def empty_state(message: str, on_clear: Callable[[], None], key: str) -> None:
    """Say plainly that nothing matches and offer to clear the filters."""
    st.info(message, icon=":material/search_off:")
    st.button("Clear all filters", key=key, on_click=on_clear)


# --- navigation, presenter mode, share panel -------------------------------------------------

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
    from components.url import pages as navigation

    current = _raw_params()
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
    from components.url import pages as navigation

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


def share_panel(
    *,
    page_path: str,
    title: str,
    params: Mapping[str, Sequence[str]],
    description: str,
    sources: Sequence[str],
    data: Dataset,
    figure_png: Callable[[], bytes | None] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Copy link, copy for minutes, QR code and a one-page PDF handout of the current view."""
    from components.exports import handout as share

    url = share.view_url(st.context.url or "", page_path, params)
    view = share.SharedView(title, url, description, tuple(sources), data.as_of, tuple(notes))
    with st.sidebar.expander("Share this view", icon=":material/share:"):
        st.caption("Link to exactly this view (copy button on the right)")
        st.code(url, language=None, wrap_lines=True)
        st.caption("Copy for minutes")
        st.code(share.minutes_text(view), language=None, wrap_lines=True)
        st.image(share.qr_png(url), caption="Scan to open this view", width=150)
        st.download_button(
            "One-page handout (PDF)",
            data=lambda: share.handout_pdf(view, figure_png() if figure_png else None),
            file_name=f"{page_path or 'overview'}-handout.pdf",
            mime="application/pdf",
            key=f"{page_path}.share.pdf",
            on_click="ignore",
        )
        present = dict(params)
        present["mode"] = ["present"]
        st.link_button("Presenter mode", share.view_url(st.context.url or "", page_path, present))
