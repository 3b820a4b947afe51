"""Wait for each replica's health check, then open every page once so the data is loaded.

Usage: python deploy/warm.py [--health-only] http://127.0.0.1:8551 [http://127.0.0.1:8552 ...]

Streamlit loads the data on the first session that asks for it; without this, the first visitor
of each replica (often everyone of a meeting at once) would wait for the load. Exits non-zero
if a replica is not healthy within 120 s or a page fails to render.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.protocol import Session  # noqa: E402
from benchmarks.scenarios import PAGES  # noqa: E402
from benchmarks.servers import http_ok  # noqa: E402


def wait_healthy(base: str, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_ok(base + "/_stcore/health"):
            return True
        time.sleep(0.3)
    return False


async def warm(base: str) -> list[str]:
    problems = []
    for page in PAGES:
        session = Session(base, page.page_name)
        try:
            await session.connect()
            result = await session.rerun(page.base_query, timeout=300)
            if not result.ok:
                problems.append(f"{base}{page.path}: {result.error}")
        finally:
            await session.close()
    return problems


def main(args: list[str]) -> int:
    health_only = "--health-only" in args  # another app than the dashboard: nothing to warm
    bases = [a for a in args if a != "--health-only"]
    for base in bases:
        if not wait_healthy(base):
            print(f"warm.py: {base} is not healthy after 120 s", file=sys.stderr)
            return 1
    if health_only:
        return 0
    t0 = time.perf_counter()
    problems = [p for group in asyncio.run(_warm_all(bases)) for p in group]
    for p in problems:
        print(f"warm.py: {p}", file=sys.stderr)
    print(
        f"Warmed {len(bases)} server(s), {len(PAGES)} pages each, in {time.perf_counter() - t0:.1f} s"
        + ("" if problems else ": the data is loaded, first visitors will not wait for it"),
        flush=True,
    )
    return 1 if problems else 0


async def _warm_all(bases: list[str]) -> list[list[str]]:
    return await asyncio.gather(*(warm(b) for b in bases))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
