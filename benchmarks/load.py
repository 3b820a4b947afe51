"""Protocol-level scenarios: rerun cost, payload, memory cycles, random load and the meeting burst.

Everything here drives a running server through `protocol.Session` (no browser), so one client
process can hold 80 sessions on the same small machine the server runs on.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.protocol import RunResult, Session, median, percentile
from benchmarks.scenarios import PageScenario

# Pause between a run's end and the next request in a series. Back-to-back requests on loopback
# meet a ~40 ms TCP delayed-ACK stall (measured: ~45 ms per rerun of the empty page back-to-back,
# ~6 ms with a 50 ms pause or TCP_QUICKACK); people click seconds apart, so series pause too.
GAP = 0.2


async def _open(
    base: str, page: PageScenario, query: str, *, cookie_from: str = "", timeout: float = 120
) -> tuple[Session, RunResult]:
    cookie = ""
    if cookie_from:
        cookie = await asyncio.to_thread(_cookie, cookie_from + page.path)
    session = Session(base, page.page_name, cookie=cookie)
    t0 = time.perf_counter()
    await session.connect()
    result = await session.rerun(query, timeout=timeout)
    result.seconds = time.perf_counter() - t0  # first render includes the websocket handshake
    return session, result


def _cookie(url: str) -> str:
    from benchmarks.protocol import http_cookies

    return http_cookies(url)


async def rerun_series(
    base: str, page: PageScenario, runs: int, *, first_timeout: float = 120
) -> tuple[RunResult, list[RunResult]]:
    """First render at the base view, then `runs` alternating filter changes in one session."""
    session, first = await _open(base, page, page.base_query, timeout=first_timeout)
    if not first.ok:
        await session.close()
        raise RuntimeError(f"{page.path}: {first.error}")
    results = []
    for i in range(runs):
        await asyncio.sleep(GAP)
        results.append(await session.rerun(page.query(i)))
    await session.close()
    bad = [r.error for r in results if not r.ok]
    if bad:
        raise RuntimeError(f"{page.path}: {bad[0]}")
    return first, results


@dataclass
class Payload:
    cold_bytes: int  # first render in a new session (nothing cached in the browser)
    rerun_bytes: int  # median bytes of a rerun at the same view, with the browser's message cache
    change_bytes: int  # a filter change to a view this session has not seen yet
    largest: list[tuple[int, str]]
    vega_rows: int
    deck_layers: list[tuple[int, str]] = field(default_factory=list)  # JSON bytes per map layer


async def payload(base: str, page: PageScenario, runs: int = 4) -> Payload:
    session, first = await _open(base, page, page.base_query, timeout=600)
    same = []
    for _ in range(runs):
        await asyncio.sleep(GAP)
        same.append(await session.rerun(page.base_query))
    await asyncio.sleep(GAP)
    change = await session.rerun(page.changed_query)
    await session.close()
    failed = [r.error for r in (first, *same, change) if not r.ok]
    if failed:
        raise RuntimeError(f"{page.path}: {failed[0]}")
    return Payload(
        cold_bytes=first.bytes,
        rerun_bytes=int(median([r.bytes for r in same])),
        change_bytes=change.bytes,
        largest=sorted(first.elements, reverse=True)[:4],
        vega_rows=max(first.vega_rows, change.vega_rows),
        deck_layers=first.deck_layers,
    )


class PeakSampler:
    """Samples a value (RSS) in a thread every `interval` seconds and keeps the peak."""

    def __init__(self, read: Callable[[], int], interval: float = 0.05) -> None:
        self.read = read
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.read())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.peak = max(self.peak, self.read())


@dataclass
class MemoryResult:
    baseline: int
    connected: list[int]  # RSS with all sessions connected and rendered, per cycle
    peaks: list[int]  # peak RSS during each cycle
    sessions: int

    @property
    def per_session(self) -> float:
        return (self.connected[0] - self.baseline) / self.sessions

    @property
    def third_over_first(self) -> float:
        return self.peaks[-1] / self.peaks[0]


async def memory_cycles(
    base: str,
    page: PageScenario,
    read_rss: Callable[[], int],
    *,
    sessions: int = 40,
    cycles: int = 3,
    settle: float = 8.0,
) -> MemoryResult:
    """RSS before, during and after `cycles` rounds of `sessions` sessions connecting and leaving.

    Sessions open one after another and stay connected until the round's last one has rendered.

    The server must run with a short `server.disconnectedSessionTTL` (shorter than `settle`), so
    sessions that left are released between cycles, as they are after 2 minutes in production.
    """
    warm, _ = await _open(base, page, page.base_query)
    await warm.close()
    await asyncio.sleep(settle)
    # Any connection makes the server expire sessions whose TTL ran out.
    probe, _ = await _open(base, page, page.base_query)
    await probe.close()
    await asyncio.sleep(settle)
    baseline = read_rss()
    connected, peaks = [], []
    for _ in range(cycles):
        with PeakSampler(read_rss) as sampler:
            # People arrive one after another (the simultaneous arrival is the burst, item 5):
            # what stays is the memory each connected session holds, not the transient working
            # set of 40 page runs at once that the allocator keeps afterwards.
            opened = []
            for _ in range(sessions):
                opened.append(await _open(base, page, page.base_query))
                await asyncio.sleep(0.05)
            failed = [r.error for _, r in opened if not r.ok]
            if failed:
                raise RuntimeError(f"memory cycle: {len(failed)} sessions failed: {failed[0]}")
            await asyncio.sleep(1.0)
            connected.append(read_rss())
            await asyncio.gather(*(s.close() for s, _ in opened))
            await asyncio.sleep(settle)
            probe, _ = await _open(base, page, page.base_query)
            await probe.close()
        peaks.append(sampler.peak)
    return MemoryResult(baseline=baseline, connected=connected, peaks=peaks, sessions=sessions)


@dataclass
class LoadResult:
    sessions: int
    latencies: list[float] = field(default_factory=list)  # every action after the first render
    first_renders: list[float] = field(default_factory=list)
    failed_sessions: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def random_load(
    base: str,
    pages: Sequence[PageScenario],
    *,
    sessions: int,
    duration: float,
    think: float = 10.0,
    seed: int = 7,
    cookie_from: str = "",
) -> LoadResult:
    """`sessions` users, each acting at random about every `think` seconds for `duration` seconds.

    Each user opens a random page (at a random moment of the first think time), then either
    changes the filter on the page it is on (2 times in 3) or goes to another page.
    `cookie_from` makes each user fetch the page over HTTP first and send its cookies on the
    websocket, as a browser does behind a cookie-sticky proxy.
    """
    rng = random.Random(seed)  # noqa: S311 - think times, not secrets
    out = LoadResult(sessions=sessions)
    deadline = time.monotonic() + duration

    async def user(n: int) -> None:
        urng = random.Random(rng.random())  # noqa: S311
        await asyncio.sleep(urng.uniform(0, think))
        page = urng.choice(pages)
        session = None
        try:
            session, first = await _open(base, page, page.base_query, cookie_from=cookie_from)
            out.first_renders.append(first.seconds)
            if not first.ok:
                raise RuntimeError(first.error)
            i = 0
            while True:
                pause = urng.expovariate(1 / think)
                if time.monotonic() + pause > deadline:
                    break  # this user's next action would fall after the end of the run
                await asyncio.sleep(pause)
                if urng.random() < 2 / 3:
                    result = await session.rerun(page.query(i))
                    i += 1
                else:
                    page = urng.choice(pages)
                    i = 0
                    result = await session.rerun(page.base_query, page=page.page_name)
                out.latencies.append(result.seconds)
                if not result.ok:
                    raise RuntimeError(result.error)
        except Exception as err:  # noqa: BLE001 - a failed session is a result, not a crash
            out.failed_sessions += 1
            out.errors.append(f"user {n}: {err}")
        finally:
            if session is not None:
                await session.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(sessions)))
    out.seconds = time.perf_counter() - t0
    return out


@dataclass
class BurstResult:
    first_renders: list[float]
    failed: int
    errors: list[str]

    @property
    def median(self) -> float:
        return median(self.first_renders)

    @property
    def slowest(self) -> float:
        return max(self.first_renders) if self.first_renders else float("nan")


async def burst(base: str, page: PageScenario, sessions: int = 40) -> BurstResult:
    """`sessions` sessions open the same link at the same instant; time to each first render."""

    async def one() -> tuple[Session | None, RunResult]:
        try:
            return await _open(base, page, page.base_query)
        except Exception as err:  # noqa: BLE001 - a failed session is a result
            return None, RunResult(seconds=float("nan"), ok=False, error=str(err))

    # Everyone stays connected until the last one has the page, as in a meeting.
    opened = await asyncio.gather(*(one() for _ in range(sessions)))
    await asyncio.gather(*(s.close() for s, _ in opened if s is not None))
    results = [r for _, r in opened]
    ok = [r.seconds for r in results if r.ok]
    return BurstResult(
        first_renders=ok, failed=len(results) - len(ok), errors=[r.error for r in results if not r.ok]
    )
