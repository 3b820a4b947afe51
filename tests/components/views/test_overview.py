"""The overview's content: headline counts, the roster table as shown, and the list of views."""

from __future__ import annotations

from components.data import filters as F
from components.data.load import load_dataset
from components.url.pages import PAGES
from components.views import overview as O


def test_overview_counts():
    data = load_dataset()
    counts = O.overview_counts(data, F.members_table(data))
    assert counts["coalitions"] == 7
    assert counts["as_of"] == data.as_of


def test_overview_shown_roster_is_ready_to_show():
    data = load_dataset()
    shown = O.overview_shown(data, F.members_table(data))
    assert shown.roster.index.name == "Coalition"
    assert list(shown.roster.columns) == ["Members listed vs reported", "Note"]
    assert len(shown.roster) == len(data.coalitions)


def test_overview_lists_every_page_but_itself_with_a_blurb():
    data = load_dataset()
    shown = O.overview_shown(data, F.members_table(data))
    assert [p.file for p in shown.views] == [p.file for p in PAGES if p.path]
    assert all(p.blurb for p in shown.views)
    assert shown.views[0].title == "Map of connected regions"
