"""A shared map link opened on a phone (390×844, touch): the visual and its takeaway come first.

The person who scans the QR code in a meeting should see the title, the one-line description and the map in
the first screen, the sidebar closed and nothing wider than the screen; on a desktop the sidebar stays open.
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
CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
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
        seen = (
            f"innerWidth={width} scrollWidth={scroll_width} sidebar data-collapsed={collapsed} box={side} "
            f"main={main} title={title} description={line} ({description.inner_text()!r}) canvas={canvas}"
        )
        print(seen)

        assert width == 390, seen
        assert scroll_width <= width, f"wider than the screen: {seen}"
        # Closed: marked collapsed and slid off the screen, so it covers nothing of the main column.
        assert collapsed == "true", f"the sidebar opens over the page: {seen}"
        assert side is None or side["x"] + side["width"] <= 1, f"the sidebar covers the page: {seen}"
        # Title, takeaway and the top of the map in the first screen, within its width.
        for name, box in (("title", title), ("description", line)):
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, f"{name}: {seen}"
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name}: {seen}"
        assert canvas is not None and 0 <= canvas["y"] < 844, f"map not in the first screen: {seen}"
        assert canvas["x"] >= 0 and canvas["x"] + canvas["width"] <= width, (
            f"map wider than the screen: {seen}"
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
