"""Presenter mode on a projector: every page type is a slide whose title, takeaway and main visual fit.

Each page's presenter link is opened at 1280×720 (a common projector) and 1920×1080, and measured with
bounding boxes: the title (h1), the one-sentence takeaway and the main visual lie inside the viewport;
every text in the first screen reads at 18 CSS px or more (charts included, through their zoom); the
secondary panels (long captions, details, table twins, downloads, the share panel) are not visible.

The main visual of each page is what a person presenting points at: the map; the coalition ×
focus-area matrix; the side-by-side table of the compared coalitions; the first published survey chart
(its title and takeaway come with it); the roster-completeness table of the overview; the tables of the
dataset with their rows on the Data page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import wait_for_app

SIZES = [(1280, 720), (1920, 1080)]
TAKEAWAY = ".st-key-takeaway"
VISUAL = ".st-key-main_visual"
MAP = ".st-key-map_canvas"
# Screenshots to look at (set SLIDE_SCREENSHOTS to a folder to keep them).
SHOTS = os.environ.get("SLIDE_SCREENSHOTS", "")
MIN_TEXT_PX = 18


@dataclass(frozen=True)
class Slide:
    name: str
    path: str
    visual: str = VISUAL
    takeaway: str = TAKEAWAY
    drawn: str = ""  # what shows the visual is drawn (a chart's SVG, the map's canvas)


SLIDES = [
    Slide("overview", "/", drawn=f"{VISUAL} table"),
    Slide("map", "/map?state=TX&coalition=ntxia", visual=MAP, drawn=f"{MAP} canvas"),
    Slide("focus-areas", "/focus-areas", drawn=f"{VISUAL} svg.marks"),
    Slide("compare", "/compare?coalition=ntxia&coalition=connective", drawn=f"{VISUAL} table"),
    # The survey chart's own takeaway (the paragraph under its title) is the slide's takeaway; its table
    # twin below it is a closed expander.
    Slide(
        "survey",
        "/survey",
        visual=f"{VISUAL} [data-testid='stVegaLiteChart']",
        takeaway=f"{VISUAL} [data-testid='stMarkdownContainer']:not(:has(h1, h2, h3, h4, h5, h6))",
        drawn=f"{VISUAL} svg.marks",
    ),
    Slide("data", "/data", drawn=f"{VISUAL} [data-testid='stMetric']"),
]

# Every visible text of the main column within the first screen, with the size it is drawn at
# (CSS font size times any zoom on the way), leaving out the map's WebGL canvas (no DOM text) and icons
# (a Material icon is a word drawn by an icon font).
TEXT_SIZES = """(viewport) => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('style, script, .st-key-map_canvas, [data-testid="stIconMaterial"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not drawn (display: none, collapsed)
    if (!el.checkVisibility()) continue;  // laid out but not shown (a closed expander's HTML table)
    if (box.bottom <= 0 || box.top >= viewport.height) continue;  // below the first screen
    const px = parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom || 1);
    found.push({text: text.slice(0, 50), px: Math.round(px * 10) / 10});
  }
  return found;
}"""

# Secondary panels that must not be visible on a slide (each with what it is).
SECONDARY = {
    "[class*='st-key-fold_']": "a panel the page marks as secondary",
    "[data-testid='stSidebar']": "the sidebar (filters, share panel)",
    "[data-testid='stDownloadButton']": "a download button",
    "[data-testid='stDataFrame'], .data-table": "a data table (table twin)",
    ".st-key-map_details": "the map's details panel",
}


@pytest.fixture(scope="module", params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def screen(request, browser):
    """One browser context per screen size, reused by every slide at that size."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(45_000)
    yield pg, width, height
    context.close()


def _open_slide(pg, url: str, slide: Slide) -> None:
    """Open the presenter link and wait until the visual is drawn and nothing moves any more."""
    pg.goto(url)
    wait_for_app(pg)
    pg.locator(slide.drawn).first.wait_for(state="visible", timeout=60_000)
    previous, steady = None, 0
    for _ in range(60):  # the first visit reruns once to write the canonical URL; charts draw after
        pg.wait_for_timeout(500)
        boxes = [pg.locator(sel).first.bounding_box() for sel in ("h1", slide.takeaway, slide.visual)]
        running = pg.locator("[data-testid='stStatusWidget']").count()
        steady = steady + 1 if boxes == previous and not running else 0
        if steady == 3:
            return
        previous = boxes
    raise AssertionError(f"the slide did not settle in 30 s: {previous}, running={running}")


def _inside(box: dict | None, width: int, height: int) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width + 0.5
        and box["y"] + box["height"] <= height + 0.5
    )


@pytest.mark.parametrize("slide", SLIDES, ids=[s.name for s in SLIDES])
def test_a_slide_fits_the_projector(screen, app_url, slide):
    pg, width, height = screen
    sep = "&" if "?" in slide.path else "?"
    _open_slide(pg, f"{app_url}{slide.path}{sep}mode=present", slide)
    if SHOTS and (width, height) == SIZES[0]:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(SHOTS) / f"slide-{slide.name}-{width}x{height}.png"))

    client_width = pg.evaluate("() => document.documentElement.clientWidth")
    parts = {
        "title": pg.locator("[data-testid='stMainBlockContainer'] h1").first,
        "takeaway": pg.locator(slide.takeaway).first,
        "main visual": pg.locator(slide.visual).first,
    }
    boxes = {name: part.bounding_box() for name, part in parts.items()}
    seen = f"{width}x{height} {slide.path}: " + ", ".join(
        f"{name}={_rounded(box)}" for name, box in boxes.items()
    )
    print(seen)
    assert parts["takeaway"].inner_text().strip(), f"no takeaway text: {seen}"
    for name, box in boxes.items():
        assert _inside(box, client_width, height), f"{name} is not fully in the first screen: {seen}"

    small = [t for t in pg.evaluate(TEXT_SIZES, {"height": height}) if t["px"] < MIN_TEXT_PX]
    assert not small, f"text under {MIN_TEXT_PX} px on the slide: {small[:10]} ({seen})"

    shown = [
        what
        for selector, what in SECONDARY.items()
        for i in range(pg.locator(selector).count())
        if pg.locator(selector).nth(i).is_visible()
    ]
    assert not shown, f"secondary panels visible on the slide: {sorted(set(shown))} ({seen})"
    assert pg.locator("[class*='st-key-fold_']").count(), "the page marks no secondary panel"


def _rounded(box: dict | None) -> str:
    if box is None:
        return "None"
    return f"({box['x']:.0f},{box['y']:.0f} {box['width']:.0f}×{box['height']:.0f})"
