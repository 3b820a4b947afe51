"""An official on /focus-areas: the matrix, a cell's evidence, a filtered link, and the downloads."""

from __future__ import annotations

import pytest

from components.data.load import load_dataset
from tests.conftest import wait_for_app


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def twin_table(page):
    """The table twin: the plain HTML table whose first header is 'Focus area'."""
    table = page.locator(".st-key-focus_twin table").filter(has=page.locator("th", has_text="Focus area"))
    table.first.wait_for()
    return table.first


def open_page(page, url):
    page.goto(url)
    wait_for_app(page)
    page.locator("[data-testid='stVegaLiteChart'] svg.marks").first.wait_for()


def test_matrix_shows_all_seven_coalitions_and_the_five_nscp_focus_areas(page, app_url, data):
    open_page(page, app_url + "/focus-areas")
    table = twin_table(page)
    headers = table.locator("thead th").all_inner_texts()
    for short in data.coalitions["short_name"]:
        assert short in headers, headers
    row_heads = [
        t.strip() for t in table.locator("tbody tr td:first-child, tbody tr th:first-child").all_inner_texts()
    ]
    nscp = [f"{label} ★" for label in data.focus_areas.loc[data.focus_areas["nscp_shared"], "label"]]
    assert [r for r in row_heads if r.endswith("★")] == nscp
    chart = page.locator("[data-testid='stVegaLiteChart'][role='graphics-document']").first
    n_coalitions, n_focus = len(data.coalitions), len(data.focus_areas)
    assert chart.get_attribute("aria-label").startswith(
        f"Matrix of {n_coalitions} coalitions by {n_focus} focus areas"
    )
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert f"none of the {n_coalitions} coalitions shows evidence for cybersecurity" in body


def test_clicking_a_cell_lists_its_evidence_with_links(page, app_url, data):
    open_page(page, app_url + "/focus-areas")
    cell = page.locator(
        "[data-testid='stVegaLiteChart'] path[aria-label*='row_label: NTXIA;'][aria-label*='Focus area: Connectivity;']"
    ).first
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**cell=ntxia%3Aconnectivity**")
    ev = data.focus_evidence
    words = ev.loc[(ev["group_id"] == "ntxia") & (ev["focus_id"] == "connectivity"), "own_words"].iloc[0]
    evidence = page.locator("[data-testid='stTable'] table").filter(
        has=page.locator("th", has_text="In their own words")
    )
    evidence.first.wait_for()
    assert words in evidence.first.inner_text()
    assert evidence.first.locator("a[href^='http']").count() >= 1


def test_a_shared_link_with_focus_state_and_sort(page, app_url):
    open_page(page, app_url + "/focus-areas?focus=cybersecurity&state=TX&sort=count")
    rows = twin_table(page).locator("tbody tr").all_inner_texts()
    assert rows[0].startswith("Cybersecurity ★") and len(rows) == 2
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "state: TX" in body and "sorted by number of focus areas" in body
    assert "focus=cybersecurity" in page.url and "state=TX" in page.url


@pytest.mark.parametrize(
    ("button", "starts", "contains"),
    [
        ("Matrix (CSV)", "# Coalition × focus-area matrix", "Data as of"),
        ("Chart (SVG)", "<svg", "Which coalitions work on which focus areas"),
    ],
)
def test_downloads_carry_what_is_on_screen(page, app_url, button, starts, contains):
    open_page(page, app_url + "/focus-areas?sort=count")
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert text.startswith(starts) and contains in text
