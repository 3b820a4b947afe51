"""Headings a screen reader can walk: one h1 per page and no skipped level (issue 15, Lighthouse's
"heading elements are not in a sequentially-descending order").

Measured with axe-core's own `heading-order` rule (the one Lighthouse runs) in the real client, on every
page as it opens and on the map with a coalition's details open (its panel has headings of its own).
"""

from __future__ import annotations

import pytest

from tests.browser.a11y import AXE_JS
from tests.conftest import wait_for_app

PAGES = [
    "/",
    "/map?coalition=ntxia&details=ntxia",
    "/focus-areas",
    "/compare?coalition=ntxia&coalition=connective",
    "/survey",
    "/data",
    "/contribute?coalition=ntxia",
]

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length)
  .map(h => h.tagName + ' ' + h.innerText.trim().slice(0, 40))"""


@pytest.mark.parametrize("path", PAGES)
def test_headings_skip_no_level(page, app_url, path):
    page.goto(app_url + path)
    wait_for_app(page)
    # Charts, tables and the map draw after the script finishes: read once the headings stand still.
    headings, previous = None, []
    for _ in range(20):
        page.wait_for_timeout(750)
        headings = page.evaluate(HEADINGS)
        if headings == previous:
            break
        previous = headings
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'rule', values: ['heading-order']}})"""
    )
    assert results["passes"] or results["violations"], "axe did not run heading-order"
    skipped = [node["target"] for v in results["violations"] for node in v["nodes"]]
    assert not skipped, f"a heading skips a level at {skipped}; headings in order: {headings}"
    assert sum(h.startswith("H1 ") for h in headings) == 1, f"one h1 per page: {headings}"
