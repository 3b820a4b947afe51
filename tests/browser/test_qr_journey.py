"""The share panel's QR code, read by a real decoder (zbarimg), opens the same view in a fresh browser."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.test_share_journey import _open, _share_panel

SHARED = "/map?state=TX&coalition=ntxia"
DESCRIPTION = re.compile(r"^\d+ members? .*coalition: NTXIA")


def _zbar(png: bytes, tmp_path: Path, name: str) -> str:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg not found: install Debian's zbar-tools (apt-get install -y zbar-tools)")
    path = tmp_path / name
    path.write_bytes(png)
    done = subprocess.run([zbarimg, "--raw", "-q", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"zbarimg could not read {name}: rc={done.returncode} {done.stderr}"
    return done.stdout.strip()


def _image_bytes(pg, img) -> bytes:
    """The bytes the browser was served for the <img> (Streamlit's media URL, or a data: URI)."""
    src = img.evaluate("e => e.currentSrc || e.src")
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    response = pg.request.get(src)
    assert response.ok, f"{src}: HTTP {response.status}"
    return response.body()


def _filters(pg) -> dict[str, list[str]]:
    """The sidebar's multiselects as a person reads them: label → selected tags."""
    return pg.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
                 "[data-testid='stSidebar'] [data-testid='stMultiSelect']")]
             .map(m => [(m.querySelector("[data-testid='stWidgetLabel']")?.innerText || "").trim(),
                        [...m.querySelectorAll('[data-tag]')].map(t => t.innerText.trim())]))"""
    )


def test_the_qr_code_decodes_to_the_link_and_reopens_the_view(browser, app_url, tmp_path):
    sender, pg = _open(browser, app_url + SHARED)
    try:
        description = pg.get_by_text(DESCRIPTION).first.inner_text()
        filters = _filters(pg)
        panel = _share_panel(pg)
        link = panel.locator(".copy-text-value").first.inner_text().strip()
        img = panel.locator("img").first
        img.wait_for(state="visible")
        served = _image_bytes(pg, img)
        img.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)  # the sidebar scrolls; take the picture once it stands still
        on_screen = img.screenshot()  # what a phone camera pointed at the screen sees
    finally:
        sender.close()
    assert any("TX" in tag for tag in filters.get("State", [])), filters
    assert any("NTXIA" in tag for tag in filters.get("Coalition", [])), filters

    decoded = _zbar(served, tmp_path, "qr.png")
    assert decoded == link, f"QR says {decoded!r}, the panel shows {link!r}"
    assert _zbar(on_screen, tmp_path, "qr-screen.png") == link

    receiver, pg2 = _open(browser, decoded)  # a new context: no cookies, no storage
    try:
        assert pg2.get_by_text(DESCRIPTION).first.inner_text() == description
        assert _filters(pg2) == filters
        assert pg2.locator("[data-testid='stMainBlockContainer'] h1").first.inner_text().startswith("Map")
    finally:
        receiver.close()


def test_the_qr_code_of_a_moved_map_reopens_the_same_camera(browser, app_url, tmp_path):
    """Issue 16 item 6: the camera travels too. A view someone panned to (`view=`), its QR code decoded
    by zbarimg, opens in a fresh browser showing the very same area (same screen size)."""
    from tests.browser.test_camera_journey import CAMERA, _shown, _view_in
    from tests.browser.test_map_journey import MAP, wait_until

    sender, pg = _open(browser, app_url + SHARED + "&view=" + CAMERA)
    try:
        assert wait_until(lambda: pg.locator(MAP).get_attribute("data-drawn") == "true")
        shown = _shown(pg)
        panel = _share_panel(pg)
        link = panel.locator(".copy-text-value").first.inner_text().strip()
        img = panel.locator("img").first
        img.wait_for(state="visible")
        decoded = _zbar(_image_bytes(pg, img), tmp_path, "qr-camera.png")
    finally:
        sender.close()
    assert decoded == link and _view_in(decoded) == CAMERA, decoded

    receiver, pg2 = _open(browser, decoded)
    try:
        assert wait_until(lambda: pg2.locator(MAP).get_attribute("data-drawn") == "true")
        assert _shown(pg2) == shown, (_shown(pg2), shown)
        assert _view_in(pg2.evaluate("() => location.href")) == CAMERA
    finally:
        receiver.close()
