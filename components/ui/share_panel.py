"""The "Share this view" panel: link, minutes text, QR code, PDF handout, presenter link."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from components.data.load import Dataset
from components.exports import handout as share


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
    url = share.view_url(st.context.url or "", page_path, params)
    view = share.SharedView(title, url, description, tuple(sources), data.as_of, tuple(notes))
    with st.sidebar.expander("Share this view", icon=":material/share:"):
        st.caption("Link to exactly this view (copy button on the right)")
        st.code(url, language=None, wrap_lines=True)
        st.caption("Copy for minutes")
        st.code(share.minutes_text(view), language=None, wrap_lines=True)
        st.image(share.qr_png(url), caption="Scan to open this view", width=150)
        # US Letter or A4, from the browser's language setting (en-US → Letter, en-GB → A4).
        paper = share.paper_for_locale(st.context.locale)
        st.download_button(
            "One-page handout (PDF)",
            data=lambda: share.handout_pdf(view, figure_png() if figure_png else None, paper=paper),
            file_name=f"{page_path or 'overview'}-handout.pdf",
            mime="application/pdf",
            key=f"{page_path}.share.pdf",
            on_click="ignore",
        )
        present = dict(params)
        present["mode"] = ["present"]
        st.link_button("Presenter mode", share.view_url(st.context.url or "", page_path, present))


def view_link(page_path: str, params: Mapping[str, Sequence[str]]) -> str:
    """The absolute link to a view on this server (the address bar's host), as the share panel gives it."""
    return share.view_url(st.context.url or "", page_path, params)
