"""Deferred downloads in AppTest: which buttons pass a callable, and what each callable returns.

Streamlit runs a `data=<callable>` only when the button is clicked, so AppTest never sees those
bytes. `capture_downloads` records every callable a page registers (by file name) so a test can
run it and check the real file.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], object]]:
    """File name -> the callable the page passed as `data=` (the latest run's)."""
    seen: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def eager_downloads(at) -> list[str]:
    """Labels of the download buttons whose file was built during the run (not deferred)."""
    return [b.proto.label for b in at.get("download_button") if not b.proto.HasField("deferred_file_id")]


def as_bytes(value: object) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)
