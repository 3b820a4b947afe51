"""The camera in the link: pan or zoom the map, share the link, and the other person sees the same area.

The canvas (components/ui/map_canvas.py, frontend/map-canvas) reports the visible area after the person
stops moving the map; the page writes it into the URL as `view=<west>,<south>,<east>,<north>`. These
tests move the map with the mouse and with the keyboard, as a person would, read the address bar, and
open it in a fresh browser. What the canvas shows is read from its `data-bounds` attribute (the visible
area, computed by deck.gl's own viewport from the camera it draws with).
"""

from __future__ import annotations

import urllib.parse

from tests.browser.test_map_journey import MAP, camera, location, open_map, pixel_of, wait_until
from tests.conftest import wait_for_app

CAMERA = "-97.5000,32.5000,-96.5000,33.2000"  # around Dallas–Fort Worth


def _view_in(link: str) -> str | None:
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).get("view")
    return values[0] if values else None


def _shown(pg) -> str:
    return pg.locator(MAP).get_attribute("data-bounds")


def _box(value: str) -> tuple[float, ...]:
    return tuple(float(v) for v in value.split(","))


def test_a_moved_map_is_in_the_link_and_a_fresh_browser_reopens_the_same_area(page, browser, app_url):
    box = open_map(page, app_url, "?coalition=ntxia")
    framed = _shown(page)
    assert _view_in(location(page)) is None  # a view not moved by anyone carries no camera
    sx, sy = box["x"] + 40, box["y"] + box["height"] - 40  # an empty corner, not a mark
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 120, sy - 60, steps=10)
    page.mouse.up()
    assert wait_until(lambda: _view_in(location(page)) == _shown(page) != framed), (
        f"the pan never reached the link: {location(page)} shows {_shown(page)}"
    )
    link = location(page)
    moved = _view_in(link)
    assert moved == _shown(page) and moved != framed, (moved, _shown(page), framed)
    # Dragging right shows what lies west: the area moved west by about the 120 px dragged (deck.gl
    # starts a pan a few pixels into the drag), at the same zoom.
    west_before, west_after = _box(framed)[0], _box(moved)[0]
    degrees_per_px = (_box(framed)[2] - west_before) / box["width"]
    assert 100 * degrees_per_px < west_before - west_after < 125 * degrees_per_px
    assert abs((_box(moved)[2] - west_after) - (_box(framed)[2] - west_before)) < 1e-3

    for viewport in ({"width": 1280, "height": 800}, {"width": 1024, "height": 700}):
        other = browser.new_context(viewport=viewport)
        try:
            pg = other.new_page()
            open_map(pg, app_url, "?" + urllib.parse.urlsplit(link).query)
            shown = _box(_shown(pg))
            asked = _box(moved)
            if viewport["width"] == 1280:
                assert _shown(pg) == moved  # the same screen: the very same area
            # Any screen: at least the shared area, and no more than needed on one side.
            assert shown[0] <= asked[0] + 1e-4 and shown[1] <= asked[1] + 1e-4
            assert shown[2] >= asked[2] - 1e-4 and shown[3] >= asked[3] - 1e-4
            assert _view_in(location(pg)) == moved  # opening a link does not rewrite its camera
        finally:
            other.close()


def test_the_keyboard_pans_the_map_and_the_link_follows(page, app_url):
    open_map(page, app_url, f"?coalition=ntxia&view={CAMERA}")
    assert _shown(page) == CAMERA or _box(_shown(page))[0] <= -97.5
    before = _box(_shown(page))
    canvas = page.locator(f"{MAP} canvas")
    canvas.focus()
    assert page.evaluate("() => document.activeElement?.tagName") in ("CANVAS", "DIV")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert wait_until(lambda: (v := _view_in(location(page))) and v != CAMERA), "arrow keys did not pan"
    after = _box(_view_in(location(page)))
    assert after[0] > before[0] and after[2] > before[2]  # → shows what lies east
    page.keyboard.press("Equal")  # "+" zooms in (deck.gl's keyboard controller)
    assert wait_until(
        lambda: (v := _view_in(location(page))) and _box(v)[2] - _box(v)[0] < after[2] - after[0]
    )


def test_another_framing_replaces_the_camera_and_the_canvas_refits(page, app_url):
    open_map(page, app_url, f"?coalition=ntxia&view={CAMERA}")
    assert page.locator(MAP).get_attribute("data-requested") == CAMERA
    framing = page.locator("[data-testid='stSelectbox']", has_text="Frame the map on")
    framing.get_by_role("combobox").click()
    page.keyboard.type("Arizona")
    page.keyboard.press("Enter")
    assert wait_until(lambda: "extent=AZ" in location(page)), location(page)
    assert _view_in(location(page)) is None
    # The canvas was asked for Arizona's box and fitted it: Phoenix is on screen, Dallas is not.
    assert wait_until(lambda: page.locator(MAP).get_attribute("data-requested") != CAMERA)
    cam = camera(page)
    px, py = pixel_of(cam, -112.07, 33.45, cam["width"], cam["height"])
    dx, _ = pixel_of(cam, -96.8, 32.78, cam["width"], cam["height"])
    assert 0 <= px <= cam["width"] and 0 <= py <= cam["height"] and dx > cam["width"], cam
    wait_for_app(page)
