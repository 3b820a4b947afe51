"""Markup in the data or in a link is shown as text and never runs."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, start_server, wait_for_app

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=2</script>"


def _set(folder: Path, table: str, key: str, key_value: str, column: str, value: str) -> None:
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row[key] == key_value:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    _set(folder, "entities", "entity_id", "plano-tx", "name", IMG + "Plano")
    _set(folder, "coalitions", "coalition_id", "ntxia", "name", SCRIPT + "North Texas")
    _set(folder, "coalitions", "coalition_id", "ntxia", "short_name", IMG + "NTXIA")
    _set(
        folder,
        "focus_areas",
        "focus_id",
        "transportation",
        "label",
        "<b onmouseover=alert(1)>Transportation</b>",
    )
    _set(folder, "focus_evidence", "group_id", "snf", "own_words", SCRIPT + "[x](javascript:alert(1))")
    _set(folder, "sources", "source_id", "fwbusiness-ntxia", "title", IMG + "launch")
    proc, base = start_server({"COALITIONS_DATA": str(folder)})
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _assert_inert(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("b[onmouseover]").count() == 0


@pytest.mark.parametrize(
    "path",
    ["/", "/map?coalition=ntxia", "/focus-areas", "/compare?coalition=ntxia&coalition=snf", "/data"],
)
def test_markup_in_data_is_text(page, hostile_app, path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_app + path)
    wait_for_app(page)
    page.wait_for_timeout(1500)
    _assert_inert(page)
    assert dialogs == []


def test_markup_in_data_is_shown_literally(page, hostile_app):
    page.goto(hostile_app + "/data")
    wait_for_app(page)
    page.get_by_text("entities.csv", exact=False).first.click()
    page.wait_for_timeout(1500)
    _assert_inert(page)


@pytest.mark.parametrize(
    "query",
    [
        "?state=%3Cscript%3Ewindow.__xss%3D3%3C%2Fscript%3E",
        "?coalition=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D4%3E",
        "?focus=%5Bx%5D(javascript%3Aalert(1))&zzz=%3Csvg%2Fonload%3Dalert(1)%3E",
    ],
)
@pytest.mark.parametrize("path", ["/map", "/focus-areas", "/compare", "/survey", "/"])
def test_markup_in_a_link_never_runs(page, app_url, path, query):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url + path + query)
    wait_for_app(page)
    page.wait_for_timeout(800)
    _assert_inert(page)
    assert page.locator("svg[onload]").count() == 0
    assert dialogs == []
    assert "Ignored" in page.locator("[data-testid='stAlert']").first.inner_text()
