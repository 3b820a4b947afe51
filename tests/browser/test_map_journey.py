"""The map page in headless Chromium with every non-loopback request blocked (no tiles, no CDN).

Pixels are located with the same web-mercator maths deck.gl uses: at zoom z the world is 512·2^z
CSS pixels wide, centred on the camera the canvas reports (its `data-camera` attribute), which the
tests check against the bounds the view asked for.
"""

from __future__ import annotations

import io
import json
import math
import time

import pytest
from PIL import Image

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.ui.map_canvas import FRAME_MARGIN, bundle_path
from components.views.map.selection import select
from components.views.map.view import MapView
from components.views.palette import colour_of, hex_to_rgb
from tests.conftest import wait_for_app
from tests.synthetic import write_synthetic_members

LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:", "blob:")
MAP = ".st-key-map_canvas .map-canvas"
CANVAS = f"{MAP} canvas"
WHITE = (255, 255, 255)


@pytest.fixture
def offline(page):
    """Abort every request that leaves the machine; the list of what was attempted is returned."""
    attempted: list[str] = []

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    return attempted


@pytest.fixture(scope="module")
def ntxia():
    data = load_dataset()
    return select(data, members_table(data), MapView(Filters(coalitions=("ntxia",))))


def pixel_of(camera: dict, lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    scale = 512 * 2 ** camera["zoom"] / (2 * math.pi)

    def merc(lo: float, la: float) -> tuple[float, float]:
        return math.radians(lo), -math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    x, y = merc(lon, lat)
    cx, cy = merc(camera["longitude"], camera["latitude"])
    return (x - cx) * scale + width / 2, (y - cy) * scale + height / 2


def camera(page) -> dict:
    """The camera the canvas shows now (longitude, latitude, zoom, width, height)."""
    return json.loads(page.locator(MAP).get_attribute("data-camera"))


def shows(cam: dict, bounds, margin: float = FRAME_MARGIN) -> bool:
    """True when the camera's picture holds the lon/lat box (the view's frame) with the canvas's margin
    around it, and fits it on one axis (the margin and no more)."""
    w, s, e, n = bounds
    pad = round(margin * min(cam["width"], cam["height"]))
    names = round(min(110, cam["width"] / 5))  # more room on the right, where the names are written
    x0, y1 = pixel_of(cam, w, s, cam["width"], cam["height"])
    x1, y0 = pixel_of(cam, e, n, cam["width"], cam["height"])
    right, bottom = cam["width"] - pad - names, cam["height"] - pad
    inside = x0 >= pad - 1 and y0 >= pad - 1 and x1 <= right + 1 and y1 <= bottom + 1
    fitted = min(abs(x0 - pad) + abs(right - x1), abs(y0 - pad) + abs(bottom - y1)) <= 2
    return inside and fitted


def canvas_image(page) -> Image.Image:
    return Image.open(io.BytesIO(page.locator(CANVAS).screenshot())).convert("RGB")


def near(colour: tuple[int, int, int], target: tuple[int, int, int], tol: int = 45) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(colour, target, strict=True))


def has_colour(img: Image.Image, x: float, y: float, target: tuple[int, int, int], radius: int = 4) -> bool:
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px, py = int(round(x)) + dx, int(round(y)) + dy
            if 0 <= px < img.width and 0 <= py < img.height and near(img.getpixel((px, py)), target):
                return True
    return False


def wait_until(check, timeout: float = 40.0, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(step)


def location(page) -> str:
    """The address bar now (Streamlit rewrites it with history.replaceState)."""
    return page.evaluate("() => window.location.href")


def open_map(page, app_url: str, query: str):
    page.goto(app_url + "/map" + query)
    wait_for_app(page)
    page.wait_for_selector(CANVAS, timeout=45_000)
    # deck.gl creates a default 300×150 canvas first, then sizes it to the element.
    box = wait_until(
        lambda: (b := page.locator(CANVAS).bounding_box()) and b["width"] > 300 and b["height"] > 300 and b
    )
    assert box, "the map canvas never got its size"
    assert wait_until(lambda: page.locator(MAP).get_attribute("data-drawn") == "true"), "the map never drew"
    time.sleep(0.5)
    return page.locator(CANVAS).bounding_box()


def test_ntxia_map_draws_outlines_and_points_offline(page, app_url, offline, ntxia):
    box = open_map(page, app_url, "?coalition=ntxia")
    cam = camera(page)
    assert shows(cam, ntxia.bounds), (cam, ntxia.bounds)  # the canvas fits the view's frame
    vermillion = tuple(hex_to_rgb(colour_of("ntxia"))[:3])
    plano = ntxia.points[ntxia.points["entity_id"] == "plano-tx"].iloc[0]
    plano_xy = pixel_of(cam, plano.lon, plano.lat, box["width"], box["height"])
    # Open Texas with no marks: the frame's south-west corner (Tarrant County, south-west of Fort Worth;
    # only Dallas County is shaded).
    west, south, _, _ = ntxia.bounds
    texas_xy = pixel_of(cam, west + 0.02, south + 0.02, box["width"], box["height"])

    def drawn():
        img = canvas_image(page)
        return has_colour(img, *plano_xy, vermillion) and near(
            img.getpixel(tuple(map(int, texas_xy))), (236, 236, 236), 12
        )

    assert wait_until(drawn), "the canvas shows no Texas fill or no NTXIA point at Plano"
    img = canvas_image(page)
    assert img.getpixel(tuple(map(int, texas_xy))) != WHITE  # state outlines drawn, not blank page

    table = page.locator(".st-key-map_table")
    table.scroll_into_view_if_needed()
    html = wait_until(lambda: "Plano" in table.inner_html() and table.inner_html())
    assert "Plano" in html and "Mesa" not in html
    # A real table: a screen reader reads each member's row by its name.
    assert table.get_by_role("rowheader", name="Plano").is_visible()

    legend = page.locator(".st-key-map_legend")
    legend.scroll_into_view_if_needed()
    assert legend.is_visible()
    legend_text = wait_until(lambda: "NTXIA" in legend.inner_text() and legend.inner_text())
    assert "Colour: coalition or network" in legend_text and "Shape: member type" in legend_text
    assert legend.bounding_box()["height"] > 100
    # Every entry's symbol is drawn (a small inline SVG with a mark in it), beside its label.
    symbols = legend.get_by_role("region", name="Map legend").locator("li > svg")
    assert symbols.count() >= 5
    for svg in symbols.all():
        box = svg.bounding_box()
        assert (round(box["width"]), round(box["height"])) == (28, 22)
        assert svg.evaluate("s => s.firstElementChild.getBBox().width") > 0

    assert not [u for u in offline if "carto" in u or "mapbox" in u or "tile" in u], offline
    assert page.locator("[data-testid='stException']").count() == 0


def test_clicking_a_point_opens_the_details_panel(page, app_url, offline, ntxia):
    box = open_map(page, app_url, "?coalition=ntxia")
    vermillion = tuple(hex_to_rgb(colour_of("ntxia"))[:3])
    plano = ntxia.points[ntxia.points["entity_id"] == "plano-tx"].iloc[0]
    x, y = pixel_of(camera(page), plano.lon, plano.lat, box["width"], box["height"])
    assert wait_until(lambda: has_colour(canvas_image(page), x, y, vermillion))
    details = page.locator(".st-key-map_details")
    assert "Plano" not in details.inner_text()
    page.locator(CANVAS).hover(position={"x": x, "y": y})
    page.locator(CANVAS).click(position={"x": x, "y": y})
    text = wait_until(lambda: "Roster:" in details.inner_text() and details.inner_text())
    assert text, "no details panel after clicking Plano"
    assert "Selected on the map: Plano (city, TX)" in text
    assert "North Texas Innovation Alliance" in text
    assert "24 of 40+ members listed" in text
    assert "details=ntxia" in location(page) and "member=plano-tx" in location(page)
    time.sleep(1)  # past the canvas's report delay: a click moves nothing, so the link gains no camera
    assert "view=" not in location(page)


def test_an_unrelated_control_keeps_the_camera(page, app_url, offline, ntxia):
    box = open_map(page, app_url, "?coalition=ntxia")
    vermillion = tuple(hex_to_rgb(colour_of("ntxia"))[:3])
    plano = ntxia.points[ntxia.points["entity_id"] == "plano-tx"].iloc[0]
    cam = camera(page)
    x, y = pixel_of(cam, plano.lon, plano.lat, box["width"], box["height"])
    assert wait_until(lambda: has_colour(canvas_image(page), x, y, vermillion))
    # Pan: drag the map 90 px left and 60 px down, from an empty spot.
    sx, sy = box["x"] + 60, box["y"] + box["height"] - 60
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx - 90, sy + 60, steps=12)
    page.mouse.up()
    moved = (x - 90, y + 60)
    assert wait_until(lambda: has_colour(canvas_image(page), *moved, vermillion)), (
        "the drag did not pan the map"
    )
    # The pan reaches the link (after the canvas's report delay) before the person's next click.
    assert wait_until(lambda: "view=" in location(page)), "the pan never reached the link"
    wait_for_app(page)
    # An unrelated control: hide the county footprints (the deck changes, its framing does not).
    county = ntxia.points[ntxia.points["entity_id"] == "dallas-county-tx"].iloc[0]
    cx, cy = pixel_of(cam, county.lon - 0.12, county.lat - 0.12, box["width"], box["height"])
    shaded = (cx - 90, cy + 60)  # inside the shaded county, away from its marks, after the pan
    footprint = tuple(canvas_image(page).getpixel(tuple(map(int, shaded))))
    assert footprint != (236, 236, 236), "expected the county footprint under the test point"
    page.locator(".st-key-map-layers button", has_text="County footprints").click()
    assert wait_until(lambda: "hide=footprints" in location(page))

    def redrawn_in_place() -> bool:
        img = canvas_image(page)
        gone = near(img.getpixel(tuple(map(int, shaded))), (236, 236, 236), 12)
        return gone and has_colour(img, *moved, vermillion)

    assert wait_until(redrawn_in_place), "after hiding a layer the map was not redrawn where it was panned"
    assert not has_colour(canvas_image(page), x, y, vermillion, radius=2), "the camera was reset"


def test_a_pasted_link_reopens_the_same_framing(page, browser, app_url, offline):
    open_map(page, app_url, "?state=AZ&focus=transportation&extent=AZ")
    description = page.locator("[data-testid='stMarkdownContainer'] strong").first.inner_text()
    assert (
        "in AZ" in description
        and "focus: transportation" in description
        and "framed on Arizona" in description
    )
    time.sleep(3)
    first = canvas_image(page)
    link = location(page)
    assert "extent=AZ" in link and "focus=transportation" in link

    other = browser.new_context(viewport={"width": 1280, "height": 800})
    other.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    page2 = other.new_page()
    try:
        page2.goto(link)
        wait_for_app(page2)
        page2.wait_for_selector(CANVAS, timeout=45_000)
        wait_until(lambda: (b := page2.locator(CANVAS).bounding_box()) and b["width"] > 300)
        time.sleep(3)

        def same() -> bool:
            second = canvas_image(page2)
            if second.size != first.size:
                return False
            diff = sum(
                abs(a - b)
                for p, q in zip(first.getdata(), second.getdata(), strict=True)
                for a, b in zip(p, q, strict=True)
            )
            return diff / (first.width * first.height * 3) < 2.0

        assert wait_until(same, timeout=20), "the same link drew a different map"
    finally:
        other.close()


def test_outlines_and_icons_are_fetched_once_from_the_app(page, app_url, offline):
    fetched: list[tuple[str, int, str]] = []
    page.on(
        "response",
        lambda r: (
            "/app/static/" in r.url and fetched.append((r.url, r.status, r.headers.get("content-type", "")))
        ),
    )
    open_map(page, app_url, "?coalition=ntxia")
    assert wait_until(lambda: len(fetched) == 3), fetched
    by_name = {u.rsplit("/", 1)[1]: (status, kind) for u, status, kind in fetched}
    assert by_name["states.json"][0] == 200 and by_name["states.json"][1].startswith("application/json")
    assert by_name["icons.svg"][0] == 200 and by_name["icons.svg"][1].startswith("image/svg+xml")
    bundle = bundle_path().rsplit("/", 1)[1]  # the deck.gl bundle: from the app, as a script
    assert by_name[bundle][0] == 200 and "javascript" in by_name[bundle][1]
    # A control that changes the deck: the new deck points at the same files, which are not fetched again.
    page.locator(".st-key-map-layers button", has_text="County footprints").click()
    assert wait_until(lambda: "hide=footprints" in location(page))
    time.sleep(2)
    assert len(fetched) == 3, fetched
    assert not offline, offline


# ---- many members: count marks (SYNTHETIC data, tests only) -------------------------------------


@pytest.fixture(scope="module")
def counted_app(tmp_path_factory):
    """The app on the shipped data plus up to 2,000 SYNTHETIC members in Texas and Oklahoma (as many
    places as the gazetteer has there: more than the count-mark threshold)."""
    import shutil

    from tests.conftest import SHIPPED_DATA, start_server

    folder = tmp_path_factory.mktemp("counted") / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    from components.views.map.counts import MAX_POINTS

    assert write_synthetic_members(folder, ("TX", "OK"), 2_000) > MAX_POINTS  # enough to be counted
    proc, base = start_server({"COALITIONS_DATA": str(folder)})
    yield base, folder
    proc.terminate()
    proc.wait(timeout=10)


def test_many_members_are_drawn_as_count_marks(page, counted_app, offline):
    base, folder = counted_app
    data = load_dataset(folder)
    sel = select(data, members_table(data), MapView(Filters(states=("TX", "OK"))))
    assert sel.level == "county"
    box = open_map(page, base, "?state=TX&state=OK")
    # The mark with the most room around it, so that no neighbour covers the pixels checked.
    cam = camera(page)
    assert shows(cam, sel.bounds), (cam, sel.bounds)
    xy = [pixel_of(cam, m.lon, m.lat, box["width"], box["height"]) for m in sel.aggregates.itertuples()]

    def room(i: int) -> float:
        (x0, y0), r0 = xy[i], sel.aggregates["radius"].iloc[i]
        return min(
            math.dist((x0, y0), xy[j]) - r0 - sel.aggregates["radius"].iloc[j]
            for j in range(len(xy))
            if j != i
        )

    inside = [
        i for i, (px, py) in enumerate(xy) if 40 < px < box["width"] - 40 and 40 < py < box["height"] - 40
    ]
    best = max(inside, key=room)
    mark = sel.aggregates.iloc[best]
    (x, y), r = xy[best], mark.radius

    def disc_drawn() -> bool:
        img = canvas_image(page)
        # white inside (away from the number), black at the rim
        inside = has_colour(img, x - r / 2, y - r / 2, WHITE, radius=2)
        return inside and has_colour(img, x + r - 1, y, (0, 0, 0), radius=2)

    assert wait_until(disc_drawn), f"no count mark at {mark.place}"
    page.locator(CANVAS).hover(position={"x": x - r / 2, "y": y - r / 2})
    tooltip = page.locator(".deck-tooltip")
    text = wait_until(lambda: tooltip.count() and tooltip.first.inner_text())
    assert text and text.splitlines()[0] == mark.tip.splitlines()[0], text
    legend = page.locator(".st-key-map_legend")
    legend.scroll_into_view_if_needed()
    assert wait_until(lambda: "White disc with a number: members per county" in legend.inner_text())
    picker = page.locator("[data-testid='stSelectbox']", has_text="Rows shown")
    picker.scroll_into_view_if_needed()
    assert picker.get_by_role("combobox").input_value() == f"rows 1–30 of {len(sel.rows):,}"
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("ratio", [1, 2], ids=["1x", "retina-2x"])
def test_names_are_drawn_beside_their_marks_on_every_screen(browser, app_url, offline, ntxia, ratio):
    """The hub's and the members' names are on the canvas: dark text right of the mark. On a 2× screen
    (phones, Retina laptops) deck.gl's collision filter hides every name, so the canvas places them itself."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=ratio)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    try:
        pg = context.new_page()
        box = open_map(pg, app_url, "?coalition=ntxia")
        cam = camera(pg)
        hub = ntxia.hubs.iloc[0]
        plano = ntxia.points[ntxia.points["entity_id"] == "plano-tx"].iloc[0]

        def text_right_of(img, lon, lat) -> int:
            x, y = pixel_of(cam, lon, lat, box["width"], box["height"])
            dark = 0
            for px in range(int(x) + 12, int(x) + 50):
                for py in range(int(y) - 5, int(y) + 6):
                    r, g, b = img.getpixel((px * ratio, py * ratio))
                    dark += max(r, g, b) < 60
            return dark

        def named() -> bool:
            img = canvas_image(pg)
            return text_right_of(img, hub.lon, hub.lat) > 10 and text_right_of(img, plano.lon, plano.lat) > 10

        assert wait_until(named), "no name drawn right of the NTXIA hub and of Plano"
    finally:
        context.close()
