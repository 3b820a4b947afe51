"""Survey page in headless Chromium: the published figures and bars, then a respondent upload.

The uploaded file is SYNTHETIC (tests/fixtures/synthetic_survey_respondents.csv).
"""

from __future__ import annotations

import re
from pathlib import Path

from components.data.load import load_dataset
from tests.conftest import wait_for_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic_survey_respondents.csv"
CHARTS = "[data-testid='stVegaLiteChart']"


def _main_text(page) -> str:
    return page.locator("[data-testid='stMainBlockContainer']").inner_text()


def _chart_labels(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"][aria-label]')]
                 .map(e => e.getAttribute('aria-label'))
                 .filter(a => a.startsWith('Horizontal bar chart'))"""
    )


def test_published_figures_and_bars_are_shown(page, app_url):
    data = load_dataset()
    page.goto(app_url + "/survey")
    wait_for_app(page)
    page.wait_for_timeout(1500)
    text = _main_text(page)
    for figure in ("493", "3,423", "14.4%"):
        assert figure in text, figure
    assert "national" in text and "unweighted" in text
    questions = data.survey_results["question_id"].nunique()
    assert page.locator(CHARTS).count() == questions
    answers = len(data.survey_results.drop_duplicates(["question_id", "answer"]))
    page.wait_for_function(
        f'() => document.querySelectorAll("{CHARTS} .mark-rect path").length >= {answers}', timeout=15_000
    )
    labels = _chart_labels(page)
    assert len(labels) == questions  # every chart has its own accessible description
    assert any("Payments and finance: 60%" in label for label in labels)
    assert all("Source" in label for label in labels)
    assert page.locator("[data-testid='stException']").count() == 0


def test_upload_makes_the_state_filter_work_and_shows_the_bases(page, app_url):
    page.goto(app_url + "/survey")
    wait_for_app(page)
    published = page.locator(CHARTS).count()
    page.locator("input[type=file]").set_input_files(str(FIXTURE))
    page.get_by_text("30 respondents", exact=False).first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator(CHARTS).count() > published

    sidebar = page.locator("[data-testid='stSidebar']")
    state = sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="State").first
    state.locator("input").click()
    page.keyboard.type("AZ")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("8 respondents in AZ", exact=False).first.wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('state=AZ')", timeout=10_000)

    labels = [label for label in _chart_labels(page) if "Your data" in label]
    assert labels, "respondent charts carry a description"
    # The base n is on every bar: 'x% · k of n', and a base under 10 is flagged.
    bars = [v for label in labels for v in re.findall(r"\d+(?:\.\d)?% · \d+ of \d+[^;.]*", label)]
    assert bars and all(re.search(r" of [1-9]\b · small base", v) for v in bars), bars
    assert page.locator("[data-testid='stException']").count() == 0
