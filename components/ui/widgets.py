"""Keyed Streamlit widgets shared by the pages: filters, banners, notices, data text, downloads, and the
slide parts presenter mode keeps or hides (the takeaway, the main visual, secondary panels)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

import streamlit as st

from components.data.load import Dataset
from components.data.text import md_text
from components.ui.page_state import PageState
from components.url.view_state import Param

# Streamlit shows a link column's address as its host name ("www.icma.org" → "icma.org").
LINK_HOST = r"https?://(?:www\.)?([^/]+)"
MIME_TYPES = {
    ".csv": "text/csv",
    ".geojson": "application/geo+json",
    ".html": "text/html",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
    ".md": "text/markdown",
}


@dataclass(frozen=True)
class Download:
    """One download button: its file is built only when the button is clicked."""

    label: str
    build: Callable[[], bytes | str]
    file_name: str
    key: str

    @property
    def mime(self) -> str:
        return MIME_TYPES[PurePath(self.file_name).suffix.lower()]


def download_row(downloads: Sequence[Download | None], columns: int | None = None) -> None:
    """Download buttons side by side; a None leaves its column empty."""
    cols = st.columns(columns or len(downloads))
    for col, item in zip(cols, downloads, strict=False):
        if item is not None:
            col.download_button(
                item.label,
                data=item.build,
                file_name=item.file_name,
                mime=item.mime,
                key=item.key,
                on_click="ignore",
            )


def data_text(text: object, *, bold: bool = False, heading: int = 0, container=st) -> None:
    """Data text on screen, Markdown-inert (escaped by the one sanitiser, data.text.md_text)."""
    value = md_text(text)
    if bold:
        value = f"**{value}**"
    if heading:
        value = "#" * heading + " " + value
    container.markdown(value)


# Keyed containers (class "st-key-<key>"): presenter mode's CSS (components/ui/shell.py) hides every
# "fold_…" one and zooms the charts in every "enlarge_…" one; the slide tests (tests/browser/test_slides.py) find the takeaway and the main visual by key.
TAKEAWAY_KEY = "takeaway"
MAIN_VISUAL_KEY = "main_visual"
FOLD_PREFIX = "fold_"
ENLARGE_PREFIX = "enlarge_"


def takeaway(text: object) -> None:
    """The view's one-sentence takeaway (data text, bold), right under the title: a slide keeps it."""
    with st.container(key=TAKEAWAY_KEY):
        data_text(text, bold=True)


def main_visual():
    """The container of what a presenter points at (a chart, the table): a slide shows it in full."""
    return st.container(key=MAIN_VISUAL_KEY)


def enlarge_on_slide(name: str):
    """A container whose charts are drawn at screen size (11-12 px text): a slide zooms them so their
    text reads at 18 px or more (shell.PRESENT_CSS)."""
    return st.container(key=ENLARGE_PREFIX + name)


def fold_away(name: str):
    """A container for a secondary panel (long captions, tables twins, downloads): hidden on a slide."""
    return st.container(key=FOLD_PREFIX + name)


def link_column(label: str | None = None):
    """A dataframe column of addresses, shown by host name."""
    return st.column_config.LinkColumn(label, display_text=LINK_HOST)


def show_notices(state: PageState) -> None:
    """Link-parameter notices, as plain text (values are already escaped by view_state.shown)."""
    notices = state.notices()
    if notices:
        st.warning(
            "**Some link settings were not applied.**\n\n" + "\n".join(f"- {n}" for n in notices),
            icon=":material/warning:",
        )


def multiselect(
    state: PageState,
    param: Param,
    options: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    help: str | None = None,
    container=st,
) -> list[str]:
    """A multiselect bound to `page.param.key`; the options always include what is selected."""
    selected = [v for v in state.get(param.key, []) if v]
    opts = list(dict.fromkeys([*options, *selected]))
    state.set(param.key, selected)
    names = labels or {}
    return container.multiselect(
        param.label.capitalize(),
        opts,
        key=state.key(param.key),
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


def empty_state(message: str, on_clear: Callable[[], None], key: str) -> None:
    """Say plainly that nothing matches and offer to clear the filters."""
    st.info(message, icon=":material/search_off:")
    st.button("Clear all filters", key=key, on_click=on_clear)
