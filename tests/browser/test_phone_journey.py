"""A shared map link opened on a phone (390×844, touch): the visual and its takeaway come first.

The person who scans the QR code in a meeting should see the title, the one-line description and the whole
map in the first screen, the sidebar closed and nothing wider than the screen, and move the map with a
finger; on a desktop the sidebar stays open.
"""

from __future__ import annotations

import re

from tests.browser.test_share_journey import _open

SHARED = "/map?state=TX&coalition=ntxia"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MAP = ".st-key-map_canvas"
CANVAS = f"{MAP} canvas"
DESCRIPTION = re.compile(r"^\d+ members? .*coalition: NTXIA")


def _sidebar(pg) -> tuple[str | None, dict | None]:
    sidebar = pg.locator("[data-testid='stSidebar']")
    return sidebar.get_attribute("data-collapsed"), sidebar.bounding_box()


def test_a_shared_map_opens_visual_first_on_a_phone(browser, app_url):
    context, pg = _open(browser, app_url + SHARED, **PHONE)
    try:
        pg.locator(CANVAS).first.wait_for(state="visible")
        pg.wait_for_timeout(1000)  # the sidebar slides away (300 ms) and the map draws
        width = pg.evaluate("() => window.innerWidth")
        scroll_width = pg.evaluate("() => document.documentElement.scrollWidth")
        collapsed, side = _sidebar(pg)
        main = pg.locator("[data-testid='stMainBlockContainer']").bounding_box()
        title = pg.locator("[data-testid='stMainBlockContainer'] h1").first.bounding_box()
        description = pg.get_by_text(DESCRIPTION).first
        line = description.bounding_box()
        canvas = pg.locator(CANVAS).first.bounding_box()
        whole_map = pg.locator(MAP).first.bounding_box()
        # Inner scroll containers too: a wide table would scroll sideways inside the page, not the page.
        widest = pg.evaluate(
            """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stMainBlockContainer"]']
                 .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollWidth))"""
        )
        seen = (
            f"innerWidth={width} scrollWidth={scroll_width} main scrollWidth={widest} sidebar "
            f"data-collapsed={collapsed} box={side} main={main} title={title} description={line} "
            f"({description.inner_text()!r}) canvas={canvas} map={whole_map}"
        )
        print(seen)

        assert width == 390, seen
        assert scroll_width <= width and widest <= width, f"wider than the screen: {seen}"
        # Closed: marked collapsed and slid off the screen, so it covers nothing of the main column.
        assert collapsed == "true", f"the sidebar opens over the page: {seen}"
        assert side is None or side["x"] + side["width"] <= 1, f"the sidebar covers the page: {seen}"
        # Title, takeaway and the whole map in the first screen, within its width.
        for name, box in (("title", title), ("description", line), ("map", whole_map), ("canvas", canvas)):
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, f"{name}: {seen}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name}: {seen}"
        assert canvas["height"] >= 240, f"the map is too small to read: {seen}"
    finally:
        context.close()


def _settled_canvas(pg) -> bytes:
    """The map's pixels once two looks a second apart agree (the map has finished drawing)."""
    previous = b""
    for _ in range(30):
        shot = pg.locator(CANVAS).first.screenshot()
        if shot == previous:
            return shot
        previous = shot
        pg.wait_for_timeout(1000)
    raise AssertionError("the map never stopped changing")


def _drag(pg, start: tuple[float, float], by: tuple[float, float], steps: int = 8) -> None:
    """One finger on the screen, moved by `by` CSS px, and lifted: real touch events (CDP)."""
    cdp = pg.context.new_cdp_session(pg)
    x, y = start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        point = {"x": x + by[0] * i / steps, "y": y + by[1] * i / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        pg.wait_for_timeout(30)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_finger_moves_the_map_on_a_phone(browser, app_url):
    context, pg = _open(browser, app_url + SHARED, **PHONE)
    try:
        pg.locator(CANVAS).first.wait_for(state="visible")
        box = pg.locator(CANVAS).first.bounding_box()
        before = _settled_canvas(pg)
        scrolled = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTop ?? 0")
        # From an empty corner of the map (not a mark), up and to the right.
        _drag(pg, (box["x"] + 40, box["y"] + box["height"] - 40), (120, -80))
        after = _settled_canvas(pg)
        still = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTop ?? 0")
        assert after != before, "a one-finger drag on the map did not move it"
        assert still == scrolled, (
            f"the drag scrolled the page ({scrolled} → {still}) instead of moving the map"
        )
    finally:
        context.close()


def test_the_sidebar_stays_open_on_a_desktop(browser, app_url):
    context, pg = _open(browser, app_url + SHARED, **DESKTOP)
    try:
        pg.wait_for_timeout(500)
        collapsed, side = _sidebar(pg)
        main = pg.locator("[data-testid='stMainBlockContainer']").bounding_box()
        seen = f"sidebar data-collapsed={collapsed} box={side} main={main}"
        print(seen)
        assert collapsed == "false", seen
        assert side is not None and side["x"] >= 0 and side["width"] >= 200, seen
        assert pg.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.is_visible(), seen
        assert main is not None and main["x"] >= side["x"] + side["width"] - 1, (
            f"sidebar over the page: {seen}"
        )
    finally:
        context.close()
