"""An official on /compare: two coalitions side by side, and the peer finder for a non-member city."""

from __future__ import annotations

import pytest

from components.data.load import load_dataset
from tests.conftest import wait_for_app


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def main_text(page) -> str:
    return page.locator("[data-testid='stMainBlockContainer']").inner_text()


def test_two_coalitions_side_by_side_with_their_shared_focus_areas(page, app_url, data):
    page.goto(app_url + "/compare?coalition=ntxia&coalition=connective")
    wait_for_app(page)
    table = (
        page.locator("[data-testid='stTable'] table").filter(has=page.locator("th", has_text="Aspect")).first
    )
    table.wait_for()
    assert table.locator("thead th").all_inner_texts()[-2:] == ["NTXIA", "The Connective"]
    ev = data.focus_evidence
    common = set(ev.loc[ev["group_id"] == "ntxia", "focus_id"]) & set(
        ev.loc[ev["group_id"] == "connective", "focus_id"]
    )
    labels = [
        label.lower()
        for f, label in zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True)
        if f in common
    ]
    assert len(labels) >= 2
    assert "Both pursue " + ", ".join(labels[:-1]) + " and " + labels[-1] + "." in main_text(page)
    assert table.locator("a[href^='http']").count() > 10  # values carry their sources


def test_peer_finder_answers_for_a_city_that_is_not_a_member(page, app_url, data):
    assert not ((data.entities["place"] == "Boise") & (data.entities["state"] == "ID")).any()
    page.goto(app_url + "/compare")
    wait_for_app(page)
    box = page.get_by_label("Your city or county, state")
    box.fill("Boise, ID")
    box.press("Enter")
    page.wait_for_url("**place=Boise**")
    focus = page.get_by_role("combobox", name="Focus area")
    focus.click()
    focus.fill("Transportation")
    focus.press("Enter")
    page.wait_for_url("**focus=transportation**")
    page.get_by_text("The nearest coalition with evidence for transportation is").wait_for()
    text = main_text(page)
    assert "miles from Boise, ID" in text
    peers = page.locator("[data-testid='stTable'] table").filter(has=page.locator("th", has_text="Miles"))
    assert peers.count() == 2  # coalitions and members, nearest first


def test_comparison_csv_download(page, app_url):
    page.goto(app_url + "/compare?coalition=ntxia&coalition=connective")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Comparison (CSV)").click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert text.startswith("# Coalition comparison")
    assert "# Coalitions: NTXIA, The Connective" in text and "aspect,coalition_id" in text
