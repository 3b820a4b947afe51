"""Script-only rerun time with AppTest: the page script in-process, no server, no websocket."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from benchmarks.scenarios import PageScenario
from benchmarks.servers import DASHBOARD


def _set_query(at: AppTest, query: str) -> None:
    at.query_params.clear()
    for key, values in parse_qs(query, keep_blank_values=True).items():
        at.query_params[key] = values if len(values) > 1 else values[0]


def script_rerun_times(page: PageScenario | None, runs: int, empty_app: Path | None = None) -> list[float]:
    """Seconds per AppTest run for `runs` alternating filter changes (after one warm-up run).

    `page=None` times the near-empty comparison page at `empty_app`.
    """
    if page is None:
        assert empty_app is not None
        at = AppTest.from_file(str(empty_app), default_timeout=120)
        queries = ["empty.filter=alpha", ""]
    else:
        at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
        at.switch_page(page.file)
        queries = [page.changed_query, page.base_query]
    at.run()
    if at.exception:
        raise RuntimeError(f"{page.path if page else 'empty page'} raised: {at.exception[0].value}")
    times = []
    for i in range(runs):
        _set_query(at, queries[i % 2])
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times
