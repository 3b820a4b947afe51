"""A single server (`make run`) restarted under load while a page is open: the browser reconnects by
itself and redraws the same view from its URL; an upload the new process cannot have says "upload it
again" instead of showing figures.

The page is /survey; every page ends with the timed fragment that makes Streamlit's browser client
rerun the page after a reconnect (ui/reconnect.redraw_after_reconnect, called by dashboard.py);
without it the old page stays on screen unchanged.

The uploaded file is SYNTHETIC (tests/fixtures/synthetic_survey_respondents.csv).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from components.ui.loader import MIN_GROUP_ENV
from tests.conftest import ROOT, _free_port, wait_for_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic_survey_respondents.csv"
VIEW = "/survey?state=TX&by=state&compare=2016"


class Server:
    """`streamlit run dashboard.py` on one fixed loopback port, which a restart keeps."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
            ]
            + ["--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture
def server():
    srv = Server()
    srv.start()
    yield srv
    srv.stop()


class Load:
    """Eight protocol-level sessions rerunning views of /survey in a thread while the test runs."""

    def __init__(self, base: str, sessions: int = 8) -> None:
        self.base, self.sessions = base, sessions
        self.stop = threading.Event()
        self.runs = 0
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _one(self, i: int) -> None:
        from benchmarks.protocol import Session

        while not self.stop.is_set():
            session = Session(self.base, "survey")
            try:
                await session.connect(timeout=10)
                while not self.stop.is_set():
                    result = await session.rerun("by=state" if i % 2 else "compare=2016", timeout=60)
                    if not result.ok:
                        break
                    self.runs += 1
                    await asyncio.sleep(2.0)
            except Exception:  # noqa: BLE001 - the server is being restarted: try again, like a browser
                await asyncio.sleep(1.0)
            finally:
                await session.close()

    async def _main(self) -> None:
        await asyncio.gather(*(self._one(i) for i in range(self.sessions)))

    def __enter__(self) -> Load:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=90)


def _view(pg) -> dict[str, object]:
    """The view as a person reads it: the address, the note that says what the filters do, the choices."""
    sidebar = pg.locator("[data-testid='stSidebar']")
    return {
        "url": pg.url,
        "note": pg.locator("[data-testid='stMainBlockContainer'] [data-testid='stAlert']")
        .filter(has_text="filter is set")
        .first.inner_text(),
        "checked": sorted(
            sidebar.locator("[data-testid='stRadio'] label:has(input:checked)").all_inner_texts()
        ),
        "filters": sidebar.locator("[data-testid='stMultiSelect']").all_inner_texts(),
    }


def _settled(pg) -> None:
    """The redrawn page has finished running (no status badge, the title drawn).

    Not wait_for_app: after a restart the sidebar keeps the page list of the new process's first run
    in pages-directory mode (see the report on components/ui/loader._leave_pages_directory_mode).
    """
    pg.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && document.querySelector('[data-testid="stMainBlockContainer"] h1')""",
        timeout=60_000,
    )
    pg.wait_for_timeout(500)


def _restart(pg, server, env: dict[str, str] | None = None) -> None:
    """Stop the server, see the browser notice, start it again on the same port."""
    server.stop()
    pg.wait_for_function(
        "() => document.querySelector('[data-testid=\"stConnectionStatus\"]')", timeout=30_000
    )  # the browser noticed the server went away
    server.start(env)


def test_a_restart_under_load_reconnects_and_redraws_the_same_view(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(45_000)
    try:
        pg.goto(server.base + VIEW)
        wait_for_app(pg)
        pg.wait_for_timeout(1500)  # the canonical URL is written after the first run
        with Load(server.base) as load:
            before = _view(pg)
            assert (
                "state=TX" in before["url"]
                and "by=state" in before["url"]
                and "compare=2016" in before["url"]
            )
            assert "By state" in before["checked"] and "Beside the 2016 national figures" in before["checked"]
            assert any("TX" in f for f in before["filters"]), before
            deadline = time.monotonic() + 60
            while load.runs < 8 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert load.runs >= 8, "the load is running"

            # The new process runs with one operator setting changed: its warning can only come from a
            # redraw by the new process (the old page stays on screen until then).
            _restart(pg, server, {MIN_GROUP_ENV: "not-a-number"})
            main = pg.locator("[data-testid='stMainBlockContainer']")
            main.get_by_text("is not a whole number from 1", exact=False).first.wait_for(timeout=90_000)
            _settled(pg)
            assert _view(pg) == before
            assert pg.locator("[data-testid='stException']").count() == 0
            runs = load.runs
            deadline = time.monotonic() + 30
            while load.runs == runs and time.monotonic() < deadline:
                time.sleep(0.5)
            assert load.runs > runs, "the other sessions are served again after the restart"
    finally:
        context.close()


def test_an_upload_lost_in_a_restart_asks_to_upload_it_again(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(45_000)
    try:
        pg.goto(server.base + "/survey")
        wait_for_app(pg)
        pg.locator("input[type=file]").set_input_files(str(FIXTURE))
        pg.get_by_text("30 respondents", exact=False).first.wait_for(timeout=30_000)
        wait_for_app(pg)

        _restart(pg, server)
        main = pg.locator("[data-testid='stMainBlockContainer']")
        main.get_by_text("Please upload it again", exact=False).first.wait_for(timeout=90_000)
        _settled(pg)
        text = main.inner_text()
        assert FIXTURE.name in text  # the warning names the file the browser still lists
        assert "Showing:" not in text and "30 respondents" not in text  # no figures from a file it lacks
        assert pg.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
