"""Update your roster in headless Chromium: download the template, upload an edited copy, see the check,
the diff and the preview, download the change package — and another browser sees none of it.

The edit is SYNTHETIC (tests/components/views/contribute/edits.py): one made-up member with a made-up
source added to the real NTXIA template downloaded from the page, and one published role changed.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from PIL import Image

from components.data.load import load_dataset
from components.data.schema import MEMBER_ROLES
from components.views.palette import colour_of, hex_to_rgb
from tests.components.views.contribute.edits import COALITION, EXPECTED_SUMMARY, sample_edit
from tests.conftest import wait_for_app

CANVAS = ".map-canvas canvas"  # the preview draws with the map page's canvas (components/ui/map_canvas.py)
DIFF_LINE = f"Changes against the published data: {EXPECTED_SUMMARY}."


def _main_text(page) -> str:
    return page.locator("[data-testid='stMainBlockContainer']").inner_text()


def _download(page, label: str) -> bytes:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def _coloured_pixels(img: Image.Image, target: tuple[int, int, int], tol: int = 40) -> int:
    return sum(1 for px in img.getdata() if all(abs(a - b) <= tol for a, b in zip(px, target, strict=True)))


def _expected_members() -> tuple[int, int]:
    """Members and partners NTXIA lists once the edit adds one member, counted from the shipped tables."""
    data = load_dataset()
    rows = data.memberships[data.memberships["group_id"] == COALITION]
    member_ids = set(rows.loc[rows["role"].isin(MEMBER_ROLES), "entity_id"])
    partners = set(rows["entity_id"]) - member_ids
    return len(member_ids) + 1, len(partners)


def test_a_coalition_updates_its_roster_in_its_own_session(browser, app_url, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(app_url + f"/contribute?coalition={COALITION}")
        wait_for_app(page)
        template = _download(page, "Roster (CSV)")
        assert template.decode("utf-8-sig").startswith("# Roster")
        edited, changed = sample_edit(template)
        upload = tmp_path / "ntxia_roster.csv"
        upload.write_bytes(edited)

        page.locator("input[type=file]").set_input_files(str(upload))
        page.get_by_text(DIFF_LINE).first.wait_for(timeout=60_000)
        wait_for_app(page)
        text = _main_text(page)
        assert "No problems found in ntxia_roster.csv" in text  # the validation report
        # The diff's rows: the grid's accessible cells hold the changed role.
        page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid^="glide-cell-"]')]
                     .some(c => c.textContent.includes("role: 'founding member' → 'member'"))""",
            timeout=30_000,
        )
        assert page.locator("[data-testid='stDataFrame']").count() == 1  # no problems table

        members, partners = _expected_members()
        description = f"{members} members" + (f" and {partners} partner" if partners else "")
        # The preview map's description line (drawn after the report and the diff: wait for it).
        page.get_by_text(description, exact=False).first.wait_for(timeout=45_000)
        assert description in _main_text(page)

        page.wait_for_selector(CANVAS, timeout=45_000)
        page.locator(CANVAS).scroll_into_view_if_needed()
        vermillion = tuple(hex_to_rgb(colour_of(COALITION))[:3])
        deadline = time.monotonic() + 40
        drawn = 0
        while time.monotonic() < deadline and drawn < 20:
            img = Image.open(io.BytesIO(page.locator(CANVAS).screenshot())).convert("RGB")
            drawn = _coloured_pixels(img, vermillion)
            time.sleep(0.5)
        assert drawn >= 20, "the preview map draws no NTXIA member"
        assert page.locator("[data-testid='stVegaLiteChart']").count() == 1  # the preview matrix

        package = zipfile.ZipFile(io.BytesIO(_download(page, "Change package (ZIP)")))
        changes = package.read("CHANGES.md").decode("utf-8").replace("\\", "")  # Markdown escapes off
        assert f"**{EXPECTED_SUMMARY}.**" in changes
        bullets = [line for line in changes.splitlines() if line.startswith("- **")]
        assert len(bullets) == 4 and all(" — source: " in b for b in bullets)
        assert any("Synthetic Member (test)" in b and "example.org/synthetic-roster" in b for b in bullets)
        assert any(changed["entity_id"] in b and "role: 'founding member' → 'member'" in b for b in bullets)
        assert page.locator("[data-testid='stException']").count() == 0

        # A second person, in another browser context, sees the published data only.
        other = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            second = other.new_page()
            second.goto(app_url + f"/contribute?coalition={COALITION}")
            wait_for_app(second)
            text = _main_text(second)
            assert "No file uploaded yet" in text and "Synthetic" not in text
            assert second.locator(CANVAS).count() == 0
            second.goto(app_url + f"/map?coalition={COALITION}")
            wait_for_app(second)
            assert "Synthetic Member" not in _main_text(second)
        finally:
            other.close()
    finally:
        context.close()
