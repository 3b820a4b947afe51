"""Controls shared by pages: a page with no view parameters still reports what a link carried."""

from __future__ import annotations

from components.data.load import Dataset
from components.ui.page_state import PageState
from components.ui.widgets import show_notices


def no_parameters(page: str, data: Dataset) -> dict[str, list[str]]:
    """Load the link (anything in it is reported as not applied); return this page's canonical params."""
    state = PageState(page, [], data)
    state.load()
    show_notices(state)
    return {"v": ["1"], "data": [data.as_of]}
