"""Loopback Streamlit servers for the benchmarks: start, wait until healthy, read RSS, stop.

Every server runs from the project root so it reads the same `.streamlit/config.toml` as
production; the near-empty comparison page is written to a temp dir and served the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"

# The floor every figure is compared with (benchmarks/empty_app.py): one multiselect and one line of
# text that shows the selection, so a click has something visible to update.
EMPTY_APP = (ROOT / "benchmarks" / "empty_app.py").read_text(encoding="utf-8")


def write_empty_app(folder: Path) -> Path:
    """A copy of the empty page in `folder`, away from the project's pages/ and static/ folders."""
    path = folder / "empty_app.py"
    path.write_text(EMPTY_APP, encoding="utf-8")
    return path


# The burst's floor (item 5): the empty page plus `lines` lines of text, each its own message.
ELEMENTS_APP = """import streamlit as st

choice = st.multiselect("Filter", ["alpha", "beta", "gamma", "delta"], key="empty.filter")
for i in range({lines}):
    st.text(f"Line {{i}}")
"""


def write_elements_app(folder: Path, lines: int) -> Path:
    """The empty page with `lines` more messages (benchmarks/run.py's burst floor)."""
    path = folder / "elements_app.py"
    path.write_text(ELEMENTS_APP.format(lines=lines), encoding="utf-8")
    return path


def write_floor_app(folder: Path, name: str = "map_floor_app.py") -> Path:
    """A floor page (benchmarks/map_floor_app.py, chart_floor_app.py) in `folder`, beside a link to the
    app's static folder (Streamlit serves the static/ next to the script it runs: the map's bundle)."""
    path = folder / name
    path.write_text((ROOT / "benchmarks" / name).read_text(encoding="utf-8"), encoding="utf-8")
    static = folder / "static"
    if not static.exists():
        static.symlink_to(ROOT / "static", target_is_directory=True)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except OSError:
        return False


def rss_bytes(pid: int) -> int:
    """Resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class AppServer:
    """`streamlit run <script>` on 127.0.0.1:<port>, as a context manager."""

    def __init__(
        self,
        script: Path,
        *,
        env: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
        port: int | None = None,
        label: str = "",
    ) -> None:
        self.script = script
        self.env = env or {}
        self.options = options or {}
        self.port = port or free_port()
        self.label = label or script.stem
        self.proc: subprocess.Popen | None = None
        self.started_in = 0.0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 90) -> AppServer:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            # No file watcher: production does not edit its own code, and a watcher's
            # "File change" banner and inotify work would disturb the measurements.
            "--server.fileWatcherType",
            "none",
            # A page that fails names its exception in the report (production shows none).
            "--client.showErrorDetails",
            "full",
        ]
        for key, value in self.options.items():
            cmd += [f"--{key}", value]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv, loopback server
            cmd,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label}: streamlit exited with {self.proc.returncode}")
            if http_ok(self.base + "/_stcore/health"):
                self.started_in = time.perf_counter() - t0
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.label}: not healthy within {timeout:.0f} s")

    def rss(self) -> int:
        return rss_bytes(self.pid)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
