"""The "Share this view" panel: link, minutes text, QR code, PDF handout, presenter link."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from components.data.load import Dataset
from components.exports import handout as share
from components.ui.copy_text import CopyItem, copy_texts


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
        # Not st.code: its syntax highlighter is 1.6 MB that every first visitor would download.
        copy_texts(
            [
                CopyItem("Link to exactly this view", url, "Copy link"),
                CopyItem("Copy for minutes", share.minutes_text(view), "Copy minutes text"),
            ],
            key=f"{page_path}.share.copy",
        )
        # An <img> of our own: st.image gives no alternative text (an axe violation) and re-encodes the
        # PNG as JPEG. The data: URL holds only the QR code's PNG bytes (base64), never page text.
        qr = base64.b64encode(share.qr_png(url)).decode("ascii")
        st.html(f'<img src="data:image/png;base64,{qr}" alt="QR code of the link to this view" width="150">')
        st.caption("Scan to open this view")
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
