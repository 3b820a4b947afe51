"""A first visit fetches only the JavaScript and fonts a page draws with (issue 15: bytes ≤ 1.5× an empty page).

Streamlit fetches an element's code the first time a page draws one: st.dataframe's data grid
(`DataFrame.*.js`, ~200 kB with its helpers), Vega-Lite's `embed.*.js` (~260 kB) for a chart, and the
italic face of its font (~135 kB) for one word in italics. The map's legend and table twin and the
survey's and focus areas' tables are plain HTML (components/ui/html_table.py, components/views/map/legend.py), and no
page text is in italics, so a fresh browser opening /map, /survey or /compare fetches none of them
unless the page truly draws with it (the survey's charts need Vega).
"""

from __future__ import annotations

import re

from tests.conftest import wait_for_app

DATA_GRID = re.compile(r"/static/js/(DataFrame|reactJsonViewCompat)\.[^/]*\.js$")
VEGA = re.compile(r"/static/js/(embed|ArrowVegaLiteChart)\.[^/]*\.js$")
ITALIC = re.compile(r"/static/media/[^/]*Italic[^/]*\.woff2$")
# st.table's code and the Arrow value formatting it brings (~0.8 MB uncompressed).
TABLE = re.compile(r"/static/js/(Table|arrowFormatUtils)\.[^/]*\.js$")


def _first_visit(browser, url: str, then=None) -> list[str]:
    """Every address a fresh browser (empty cache) requests while opening `url` and drawing it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        pg = context.new_page()
        pg.set_default_timeout(45_000)
        pg.goto(url)
        wait_for_app(pg)
        # Elements fetch their code when they are drawn; the page stands still once the script ran.
        pg.wait_for_load_state("networkidle")
        if then:
            then(pg)
            pg.wait_for_load_state("networkidle")
        return list(requested)
    finally:
        context.close()


def _matching(pattern: re.Pattern, urls: list[str]) -> list[str]:
    return [u for u in urls if pattern.search(u)]


def test_a_first_visit_to_the_map_fetches_no_data_grid_and_no_chart_library(browser, app_url):
    def legend_and_table_drawn(pg):
        pg.get_by_role("region", name="Map legend").get_by_text("Colour: coalition or network").wait_for()
        caption = pg.locator(".st-key-map_table table caption")
        caption.scroll_into_view_if_needed()
        assert caption.inner_text().startswith("Members shown (")  # "(26 rows)": a real table, captioned
        assert pg.locator(".st-key-map_table th[scope='row']", has_text="Plano").count() == 1
        # A source opens in a new tab, so the app stays open (Streamlit's Markdown adds the target).
        link = pg.locator(".st-key-map_table a").first
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")

    urls = _first_visit(browser, f"{app_url}/map?coalition=ntxia", legend_and_table_drawn)
    assert _matching(re.compile(r"/app/static/map-canvas\.[^/]*\.js$"), urls)  # the map itself is fetched
    assert not _matching(DATA_GRID, urls)
    assert not _matching(VEGA, urls)
    assert not _matching(ITALIC, urls)


def test_a_first_visit_to_the_survey_fetches_vega_for_its_charts_but_no_data_grid(browser, app_url):
    def open_a_table(pg):
        # The context panel cites its sources (once in italics) and the chart's table twin.
        pg.get_by_text("About the survey: who was asked").click()
        pg.get_by_text("Who was surveyed").first.wait_for()
        pg.get_by_text("Table of this chart, and downloads").first.click()
        context = pg.get_by_role("table", name="What each source says about the survey, with its address")
        assert context.is_visible() and context.locator("a").count() > 0  # each source, linked
        chart_table = pg.get_by_role("table", name=re.compile(r"^Table: ")).first
        chart_table.wait_for()
        assert chart_table.locator("th[scope='col']").first.inner_text() == "Answer"

    urls = _first_visit(browser, f"{app_url}/survey", open_a_table)
    assert _matching(VEGA, urls)  # its charts are drawn by Vega-Lite
    assert not _matching(DATA_GRID, urls)
    assert not _matching(ITALIC, urls)


def test_a_first_visit_to_the_focus_areas_fetches_no_table_code(browser, app_url):
    def twin_drawn(pg):
        twin = pg.locator(".st-key-focus_twin table")
        twin.scroll_into_view_if_needed()
        assert twin.locator("caption").inner_text().startswith("Coalition by focus-area matrix: ")
        assert twin.locator("th[scope='row']", has_text="Cybersecurity").count() == 1

    urls = _first_visit(browser, f"{app_url}/focus-areas", twin_drawn)
    assert _matching(VEGA, urls)  # the matrix is a Vega-Lite chart
    assert not _matching(TABLE, urls)
    assert not _matching(DATA_GRID, urls)


def test_a_first_visit_to_compare_fetches_no_italic_font(browser, app_url):
    # The side-by-side table names sources that are not links ("counted from the member list below").
    urls = _first_visit(
        browser,
        f"{app_url}/compare",
        lambda pg: pg.get_by_text("counted from the member list below").first.wait_for(),
    )
    assert not _matching(ITALIC, urls)
