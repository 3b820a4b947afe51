"""A shared link opened behind `make serve`'s nginx: the page does not jump sideways, the console stays clean.

Streamlit paints an empty page before the app's first message arrives; that message opens the sidebar
and switches to the wide layout, which moved the whole page 300 px to the right (CLS 0.23 on every
page) until nginx's first-paint style reserved that space. On a page other than `/`, the frontend also
probed `<page>/_stcore/health` and `<page>/_stcore/host-config` (two 404s in the console) until
nginx's first-paint script told it that the app lives at the root (deploy/nginx.conf.template).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
    reason="nginx is not installed (apt-get install -y nginx)",
)

# Every layout shift with where its elements were and went, recorded from the first paint on.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    for (const s of e.sources || []) {
      window.__shifts.push({
        value: e.value,
        node: s.node && s.node.getAttribute ? (s.node.getAttribute("data-testid") || s.node.className) : "",
        from: [s.previousRect.x, s.previousRect.width],
        to: [s.currentRect.x, s.currentRect.width],
      });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from benchmarks.replicas import ServeStack

    with ServeStack(tmp_path_factory.mktemp("serve"), replicas=1) as stack:
        yield stack.base


def _visit(browser, url: str):
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    context.add_init_script(SHIFTS)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    pg.goto(url)
    return context, pg, problems


@pytest.mark.parametrize("path", ["/map?coalition=ntxia", "/data", "/map?coalition=ntxia&mode=present"])
def test_the_page_does_not_jump_sideways_and_logs_no_error(browser, served, path):
    context, pg, problems = _visit(browser, served + path)
    try:
        if "mode=present" in path:
            pg.locator("[data-testid='stMainBlockContainer'] h1").first.wait_for()
            pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        else:
            wait_for_app(pg)
        pg.wait_for_timeout(1000)
        shifts = pg.evaluate("window.__shifts")
        sideways = [
            s for s in shifts if s["from"][1] > 0 and s["to"][1] > 0 and abs(s["from"][0] - s["to"][0]) >= 50
        ]
        assert not sideways, sideways
        assert not problems, problems
        main = pg.locator("[data-testid='stMain']").bounding_box()
        expected = 0 if "mode=present" in path else 300  # presenter mode hides the sidebar
        assert abs(main["x"] - expected) <= 2, main
    finally:
        context.close()


# Every layout shift that counts towards CLS (none follows a click or key), with the elements that moved:
# their test id or key, their first words and where they were and went (y, height).
CLS = """
window.__cls = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__cls.push({
      value: e.value,
      sideways: (e.sources || []).some((s) => s.previousRect.width > 0 && s.currentRect.width > 0
        && Math.abs(s.previousRect.x - s.currentRect.x) >= 50),
      moved: (e.sources || []).map((s) => {
        const n = s.node && s.node.nodeType === 1 ? s.node : s.node && s.node.parentElement;
        const key = n ? [...n.classList].find((c) => c.startsWith("st-key-")) : "";
        const id = n ? (key || (n.dataset && n.dataset.testid) || n.tagName) : "?";
        const text = n ? (n.innerText || "").slice(0, 50).replace(/\\s+/g, " ") : "";
        const box = (r) => `y ${Math.round(r.y)} h ${Math.round(r.height)}`;
        return `${id} "${text}" from ${box(s.previousRect)} to ${box(s.currentRect)}`;
      }),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
       .every((c) => c.querySelector("canvas, svg"))"""
CLS_MAX = 0.05  # issue 15's target, Lighthouse's "good"


def _first_visit_shifts(browser, url: str) -> tuple[list[dict], str]:
    """A fresh browser opens `url` on a desktop screen: every layout shift until all is drawn, and the
    font size of the page's first section heading ('' when it has none)."""
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    context.add_init_script(CLS)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        pg.goto(url)
        wait_for_app(pg)
        pg.wait_for_function(DRAWN)
        pg.wait_for_timeout(1500)  # a chart drawn in the last frames still reports its shift
        h2 = pg.locator("[data-testid='stMainBlockContainer'] h2").first
        size = h2.evaluate("h => getComputedStyle(h).fontSize") if h2.count() else ""
        return pg.evaluate("window.__cls"), size
    finally:
        context.close()


def _what_moved(shifts: list[dict]) -> str:
    return "\n".join(f"{s['value']:.3f}: " + "; ".join(s["moved"]) for s in shifts if s["value"] >= 0.001)


@pytest.mark.parametrize("path", ["/", "/map", "/focus-areas", "/compare", "/survey", "/data"])
def test_nothing_moves_once_drawn(browser, served, path):
    """A first visit (fresh browser) on a desktop screen: what is drawn first stays where it is while
    the charts, tables and widgets that Streamlit draws later arrive (their room is reserved,
    components/ui/reserve.py and shell.FIRST_PAINT_CSS)."""
    shifts, _ = _first_visit_shifts(browser, served + path)
    total = sum(s["value"] for s in shifts)
    assert total <= CLS_MAX, (
        f"{path}: layout shift {total:.3f} > {CLS_MAX}; what moved:\n{_what_moved(shifts)}"
    )


# /compare has the most section headings. (/map under make run also moves when its canvas's box gets
# its height: that rule, like the first-paint style, can only arrive late there; nginx serves it first.)
@pytest.mark.parametrize("path", ["/compare"])
def test_under_make_run_only_the_sidebar_moves_the_page(browser, app_url, path):
    """Behind a plain `streamlit run` (make run) nothing reserves the sidebar's room at the first paint,
    so the page moves right once when the sidebar opens (Streamlit's floor, CLS 0.23). Nothing else
    may move: the headings' sizes come with the theme in the first message, not with a stylesheet
    drawn after them (they shrank from 36 to 28 px and moved the page by 0.42 on /compare)."""
    shifts, h2_size = _first_visit_shifts(browser, app_url + path)
    assert h2_size == "28px"  # 1.75rem, the theme's h2
    # The sidebar's shift moves the whole page sideways; every other shift counts.
    assert [s for s in shifts if s["sideways"]], "no sideways shift: the sidebar's room is reserved now"
    rest = [s for s in shifts if not s["sideways"]]
    total = sum(s["value"] for s in rest)
    assert total <= CLS_MAX, f"{path}: layout shift besides the sidebar's {total:.3f}:\n{_what_moved(rest)}"


@pytest.mark.parametrize("path", ["/focus-areas", "/survey"])
def test_a_chart_page_asks_for_its_chart_code_before_it_connects(browser, served, path):
    """Behind nginx, a page that opens on a Vega-Lite chart names Streamlit's Vega chunk in its head
    (deploy/nginx.conf.template, $chart_preload): the browser fetches it while the app starts, not
    after the first message has drawn the chart's placeholder, so the chart is drawn with the page."""
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    events: list[str] = []  # in the order the browser did them, from a fresh browser's first request
    pg.on("request", lambda r: events.append("chart code" if "/static/js/embed." in r.url else r.url))
    pg.on("websocket", lambda ws: events.append("websocket"))
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        pg.goto(served + path)
        wait_for_app(pg)
        pg.wait_for_function(DRAWN)
        assert "chart code" in events and "websocket" in events, events
        assert events.index("chart code") < events.index("websocket"), events
        assert not errors, errors
    finally:
        context.close()
