"""The pages of the public URL contract and one representative filter change on each.

A filter change is expressed as a change of query string, which the pages read through
`widgets.init_from_url` exactly as they read a shared link; pages without filters get a plain
rerun (`v=1`), which is what a click on a widget that changes nothing costs there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageScenario:
    path: str  # public URL path
    page_name: str  # what the browser sends as page_name (the st.Page url_path; "" = default page)
    file: str  # page script, for AppTest
    base_query: str  # the view before the change
    changed_query: str  # the view after it
    change: str  # in words, for the report

    def query(self, i: int) -> str:
        """Alternate between the two views so that every run is a change."""
        return self.changed_query if i % 2 == 0 else self.base_query


PAGES: tuple[PageScenario, ...] = (
    PageScenario("/", "", "pages/overview.py", "", "v=1", "rerun (no filters on this page)"),
    PageScenario("/map", "map", "pages/map.py", "", "state=TX", "state = TX"),
    PageScenario(
        "/focus-areas",
        "focus-areas",
        "pages/focus-areas.py",
        "",
        "focus=transportation",
        "focus = transportation",
    ),
    PageScenario(
        "/compare",
        "compare",
        "pages/compare.py",
        "",
        "coalition=ntxia&coalition=connective",
        "coalition = NTXIA, The Connective",
    ),
    PageScenario("/survey", "survey", "pages/survey.py", "", "v=1", "rerun (no link filters on this page)"),
    PageScenario("/data", "data", "pages/data.py", "", "v=1", "rerun (no filters on this page)"),
)

EMPTY = PageScenario("(empty)", "", "", "", "empty.filter=alpha", "query change")

MAP = next(p for p in PAGES if p.path == "/map")


def by_path(path: str) -> PageScenario:
    return next(p for p in PAGES if p.path == path)
