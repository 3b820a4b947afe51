"""`make bench`: every figure of issues 7 and 15, side by side with a near-empty page, as one table.

    python -m benchmarks.run            # full run (about 35 minutes on 2 cores), appended to RESULTS.md
    python -m benchmarks.run --quick    # shorter runs of the same figures (about 17 minutes)
    python -m benchmarks.run --only 1,6 # some items only (1-7, "s" scale-out, "f" first visit, "w" warm start)
    python -m benchmarks.run --no-record

Servers run on free loopback ports and are stopped at the end; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import load, report
from benchmarks.protocol import median
from benchmarks.report import COUNT, KB, MB, MS, ROWS, SECONDS, Row, X
from benchmarks.scenarios import EMPTY, MAP, PAGES
from benchmarks.servers import DASHBOARD, AppServer, write_elements_app, write_empty_app

KB150 = 150 * 1024
MB1 = 1024 * 1024


@dataclass(frozen=True)
class Config:
    name: str
    reruns: int = 20
    script_runs: int = 12
    clicks: int = 12
    sessions: int = 40
    load_seconds: float = 45
    memory_sessions: int = 40
    memory_cycles: int = 3
    burst_sessions: int = 40
    replica_sessions: int = 80
    replica_seconds: float = 45
    one_process_at_80: bool = True
    cold_burst: bool = True
    lighthouse_runs: int = 3  # first visit: median of this many Lighthouse runs per page


FULL = Config("full")
QUICK = Config(
    "quick",
    reruns=10,
    script_runs=8,
    clicks=6,
    load_seconds=25,
    replica_seconds=25,
    one_process_at_80=False,
    cold_burst=False,
    lighthouse_runs=1,
)


class Bench:
    def __init__(self, cfg: Config, only: set[str], tmp: Path) -> None:
        self.cfg = cfg
        self.only = only
        self.tmp = tmp
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.shipped: dict[str, float] = {}  # figures the stress run is compared with
        self.empty_app = write_empty_app(tmp)

    def wants(self, item: str) -> bool:
        return not self.only or item in self.only

    def step(self, item: str, title: str, fn: Callable[[], None]) -> None:
        if not self.wants(item):
            return
        print(f"[{time.strftime('%H:%M:%S')}] {item}: {title}…", flush=True)
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as err:  # noqa: BLE001 - one broken item must not hide the others
            traceback.print_exc()
            self.rows.append(
                Row(
                    item,
                    f"{title}: FAILED ({type(err).__name__}: {err})"[:160],
                    float("nan"),
                    COUNT,
                    met=False,
                )
            )
        print(f"    done in {time.perf_counter() - t0:.0f} s", flush=True)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)
        for r in rows:
            print("    " + " | ".join(report.cells(r)[1:]), flush=True)

    # --- items on the long-running dashboard and empty-page servers -----------------------------

    def rerun_cost(self, app: AppServer, empty: AppServer) -> None:
        from benchmarks.script_timing import script_rerun_times

        _, empty_runs = asyncio.run(load.rerun_series(empty.base, EMPTY, self.cfg.reruns))
        empty_live = median([r.seconds for r in empty_runs])
        empty_script = median(script_rerun_times(None, self.cfg.script_runs, self.empty_app))
        for page in PAGES:
            _, runs = asyncio.run(load.rerun_series(app.base, page, self.cfg.reruns))
            live = median([r.seconds for r in runs])
            self.shipped[f"rerun {page.path}"] = live
            self.add(
                Row(
                    "1",
                    f"rerun, live (websocket) {page.path} [{page.change}]",
                    live,
                    MS,
                    empty_live,
                    "≤ 1.5× empty",
                    live / empty_live <= 1.5,
                )
            )
        for page in PAGES:
            script = median(script_rerun_times(page, self.cfg.script_runs))
            self.add(
                Row("1", f"rerun, script only (AppTest) {page.path}", script, MS, empty_script, "", None)
            )

    def payload(self, app: AppServer, empty: AppServer) -> None:
        base = asyncio.run(load.payload(empty.base, EMPTY))
        p = asyncio.run(load.payload(app.base, MAP))
        self.shipped["payload cold /map"] = p.cold_bytes
        self.shipped["payload change /map"] = p.change_bytes
        self.add(
            Row(
                "6",
                "bytes, /map national view, first render",
                p.cold_bytes,
                KB,
                base.cold_bytes,
                "≤ 150 KB",
                p.cold_bytes <= KB150,
            ),
            Row(
                "6",
                "bytes, /map national view, rerun",
                p.rerun_bytes,
                KB,
                base.rerun_bytes,
                "≤ 150 KB",
                p.rerun_bytes <= KB150,
            ),
            Row(
                "6",
                "bytes, /map filter change (state=TX, first time)",
                p.change_bytes,
                KB,
                base.change_bytes,
                "≤ 150 KB",
                p.change_bytes <= KB150,
            ),
        )
        self.notes.append(
            "Largest /map messages (first render): "
            + ", ".join(f"{kind} {size / 1000:.1f} KB" for size, kind in p.largest)
            + "; map layers: "
            + ", ".join(f"{layer} {size / 1000:.1f} KB" for size, layer in p.deck_layers[:6])
        )

    def browser(self, app: AppServer, empty: AppServer) -> None:
        from playwright.sync_api import sync_playwright

        from benchmarks.browser_timing import click_times, launch

        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                floor = click_times(browser, empty.base, "/", self.cfg.clicks)
                for page in PAGES:
                    t = click_times(browser, app.base, page.path, self.cfg.clicks)
                    label = f"{page.path} ({t.widget or 'no widget'})"
                    if not t.seconds:
                        self.add(
                            Row(
                                "2",
                                f"click → visible, {label}",
                                float("nan"),
                                MS,
                                None,
                                "p50 ≤ 250 ms",
                                None,
                                note=t.note,
                            )
                        )
                        self.notes.append(f"Item 2 {page.path}: {t.note or 'no timing'}")
                        continue
                    self.add(
                        Row(
                            "2",
                            f"click → visible p50, {label}",
                            t.p50,
                            MS,
                            floor.p50,
                            "≤ 250 ms",
                            t.p50 <= 0.25 and not t.failures,
                        ),
                        Row(
                            "2",
                            f"click → visible p95, {label}",
                            t.p95,
                            MS,
                            floor.p95,
                            "≤ 600 ms",
                            t.p95 <= 0.6 and not t.failures,
                        ),
                    )
                    if t.failures:
                        self.notes.append(f"Item 2 {page.path}: {t.failures} clicks failed ({t.note})")
            finally:
                browser.close()

    def load_40(self, app: AppServer, empty: AppServer) -> None:
        cfg = self.cfg
        e = asyncio.run(
            load.random_load(empty.base, [EMPTY], sessions=cfg.sessions, duration=cfg.load_seconds)
        )
        r = asyncio.run(load.random_load(app.base, PAGES, sessions=cfg.sessions, duration=cfg.load_seconds))
        n = cfg.sessions
        self.add(
            Row(
                "4",
                f"load p50, {n} sessions, 1 process ({len(r.latencies)} actions)",
                r.p50,
                MS,
                e.p50,
                "≤ 250 ms",
                r.p50 <= 0.25,
            ),
            Row("4", f"load p95, {n} sessions, 1 process", r.p95, MS, e.p95, "≤ 1 s", r.p95 <= 1.0),
            Row(
                "4",
                f"failed sessions of {n}",
                r.failed_sessions,
                COUNT,
                e.failed_sessions,
                "0",
                r.failed_sessions == 0,
            ),
        )
        self.notes += [f"Item 4 failure: {err}" for err in r.errors[:3]]

    def burst(self, app: AppServer, empty: AppServer) -> None:
        n = self.cfg.burst_sessions
        e = asyncio.run(load.burst(empty.base, EMPTY, n))
        before = app.rss()
        with load.PeakSampler(app.rss) as peak:
            b = asyncio.run(load.burst(app.base, MAP, n))
        self.burst_floor(app, empty, e.median, b)
        self.add(
            Row(
                "5",
                f"burst: {n} open /map at once, median first render",
                b.median,
                SECONDS,
                e.median,
                "≤ 3 s and ≤ 4× empty",
                b.median <= 3 and b.median <= 4 * e.median and not b.failed,
            ),
            Row(
                "5",
                f"burst: {n} open /map at once, slowest first render",
                b.slowest,
                SECONDS,
                e.slowest,
                "≤ 8 s",
                b.slowest <= 8 and not b.failed,
            ),
        )
        self.add(
            Row(
                "5",
                f"burst: RSS added while {n} sessions render at once (per session)",
                (peak.peak - before) / n,
                MB,
                None,
                "",
                None,
            )
        )
        if b.failed:
            self.add(Row("5", "burst: failed first renders", b.failed, COUNT, e.failed, "0", False))
            self.notes += [f"Item 5 failure: {err}" for err in b.errors[:3]]

    def burst_floor(
        self, app: AppServer, empty: AppServer, empty_median: float, page: load.BurstResult
    ) -> None:
        """Streamlit's own floor under a burst: a page sending as many messages as /map's first render,
        each a line of text (no work of ours), opened by as many sessions at once."""
        n = self.cfg.burst_sessions
        first, _ = asyncio.run(load.rerun_series(app.base, MAP, 0))
        bare, _ = asyncio.run(load.rerun_series(empty.base, EMPTY, 0))
        lines = max(0, first.messages - bare.messages)
        with AppServer(write_elements_app(self.tmp, lines), label="elements") as floor:
            asyncio.run(load.burst(floor.base, EMPTY, 2))  # its first sessions compile the script
            f = asyncio.run(load.burst(floor.base, EMPTY, n))
        self.add(
            Row("5", f"burst floor: {n} open a page of {first.messages} messages (text lines) at once, median first render", f.median, SECONDS, empty_median, "", None),
            Row("5", "burst: /map's median first render against that floor", page.median, SECONDS, f.median, "", None, vs="burst floor"),
        )  # fmt: skip
        self.notes.append(
            f"Item 5 floor: every message a script sends is handed from its thread to the server's event "
            f"loop (Streamlit wakes the loop once per message), so 40 sessions sending {first.messages} "
            "messages each queue behind one another whatever the messages hold; the floor page sends as "
            "many plain text lines and does nothing else."
        )

    def cold_burst(self) -> None:
        n = self.cfg.burst_sessions
        with AppServer(DASHBOARD, label="cold") as cold:
            b = asyncio.run(load.burst(cold.base, MAP, n))
        ok = n - b.failed
        self.add(
            Row(
                "5",
                f"burst on a just-started process (no warm-up): failed first renders of {n}",
                b.failed,
                COUNT,
                None,
                "0",
                b.failed == 0,
            ),
            Row(
                "5",
                f"burst on a just-started process: median of the {ok} that rendered",
                b.median,
                SECONDS,
                None,
                "",
                None,
            ),
            Row(
                "5",
                f"burst on a just-started process: slowest of the {ok} that rendered",
                b.slowest,
                SECONDS,
                None,
                "",
                None,
            ),
        )
        self.notes += [f"Item 5, just-started process: {err}" for err in sorted(set(b.errors))[:3]]
        self.notes.append(
            "Item 5: deploy/serve.sh warms every replica (deploy/warm.py) before nginx takes traffic; "
            "the just-started figures are what a server without that warm-up shows its first visitors."
        )

    # --- items that need their own servers ---------------------------------------------------

    def memory(self) -> None:
        options = {"server.disconnectedSessionTTL": "2"}
        n, cycles = self.cfg.memory_sessions, self.cfg.memory_cycles
        with AppServer(self.empty_app, options=options, label="empty-mem") as empty:
            e = asyncio.run(
                load.memory_cycles(empty.base, EMPTY, empty.rss, sessions=n, cycles=cycles, settle=4)
            )
        with AppServer(DASHBOARD, options=options, label="dashboard-mem") as app:
            m = asyncio.run(load.memory_cycles(app.base, MAP, app.rss, sessions=n, cycles=cycles, settle=4))
        self.add(
            Row(
                "3",
                f"added RSS per connected session ({n} on /map)",
                m.per_session,
                MB,
                e.per_session,
                "≤ 3 MB",
                m.per_session <= 3e6,
            ),
            Row(
                "3",
                f"peak RSS, cycle {cycles} ÷ cycle 1 ({n} sessions each)",
                m.third_over_first,
                X,
                e.third_over_first,
                "≤ 1.1",
                m.third_over_first <= 1.1,
            ),
        )
        self.notes.append(
            f"Item 3: RSS baseline {m.baseline / 1e6:.0f} MB after warm-up; peaks per cycle "
            + ", ".join(f"{p / 1e6:.0f} MB" for p in m.peaks)
            + "; servers ran with server.disconnectedSessionTTL=2 so sessions that left are released "
            "between cycles (production keeps them 120 s for reconnects)."
        )

    def stress(self) -> None:
        from benchmarks.stress import write_stress_dataset

        folder = self.tmp / "stress-data"
        counts = write_stress_dataset(folder)
        self.notes.append(
            f"Item 7: SYNTHETIC stress data = shipped tables + {counts['entities']:,} gazetteer places as "
            f"members of {counts['coalitions']} synthetic coalitions (generated in a temp dir, never shipped)."
        )
        with AppServer(DASHBOARD, env={"COALITIONS_DATA": str(folder)}, label="stress") as srv:
            session_first = asyncio.run(load.rerun_series(srv.base, MAP, 0, first_timeout=900))[0]
            self.add(
                Row(
                    "7",
                    f"stress: first render on a fresh process (loads {counts['entities']:,} members)",
                    session_first.seconds,
                    SECONDS,
                    self.shipped.get("first render /map"),
                    "",
                    None,
                    vs="shipped data",
                )
            )
            p = asyncio.run(load.payload(srv.base, MAP))
            self.add(
                Row(
                    "7",
                    "stress: bytes, /map first render",
                    p.cold_bytes,
                    KB,
                    self.shipped.get("payload cold /map"),
                    "≤ 1 MB",
                    p.cold_bytes <= MB1,
                    vs="shipped",
                ),
                Row(
                    "7",
                    "stress: bytes, /map filter change",
                    p.change_bytes,
                    KB,
                    self.shipped.get("payload change /map"),
                    "≤ 1 MB",
                    p.change_bytes <= MB1,
                    vs="shipped",
                ),
            )
            for page in PAGES:
                _, runs = asyncio.run(
                    load.rerun_series(srv.base, page, max(6, self.cfg.reruns // 3), first_timeout=600)
                )
                live = median([r.seconds for r in runs])
                shipped = self.shipped.get(f"rerun {page.path}")
                ratio_ok = shipped is not None and live / shipped <= 2
                self.add(
                    Row(
                        "7",
                        f"stress: rerun {page.path}",
                        live,
                        MS,
                        shipped,
                        "≤ 2× shipped",
                        ratio_ok,
                        vs="shipped",
                    )
                )
                biggest = max(r.bytes for r in runs)
                vega = max(r.vega_rows for r in runs)
                self.add(
                    Row(
                        "7",
                        f"stress: largest rerun payload {page.path}",
                        biggest,
                        KB,
                        None,
                        "≤ 1 MB",
                        biggest <= MB1,
                    )
                )
                if vega:
                    self.add(
                        Row(
                            "7",
                            f"stress: largest Altair dataset {page.path}",
                            vega,
                            ROWS,
                            None,
                            "≤ 5,000 rows",
                            vega <= 5000,
                        )
                    )
            self.notes.append(
                "Largest /map messages on stress data: "
                + ", ".join(f"{kind} {size / 1000:.1f} KB" for size, kind in p.largest)
                + "; map layers: "
                + ", ".join(f"{layer} {size / 1000:.1f} KB" for size, layer in p.deck_layers[:6])
            )

    def scale_out(self) -> None:
        from benchmarks.replicas import ServeStack, nginx_available, read_access_log

        cfg = self.cfg
        n = cfg.replica_sessions
        baseline = None
        if cfg.one_process_at_80:
            with AppServer(DASHBOARD, label="one-process-80") as one:
                asyncio.run(load.rerun_series(one.base, MAP, 0))  # warm, like serve.sh does
                baseline = asyncio.run(
                    load.random_load(one.base, PAGES, sessions=n, duration=cfg.replica_seconds)
                )
        if not nginx_available():
            self.add(
                Row(
                    "s",
                    "2 replicas behind nginx: nginx is not installed (apt-get install -y nginx)",
                    float("nan"),
                    MS,
                    None,
                    "",
                    False,
                )
            )
            return
        run_dir = self.tmp / "serve"
        with ServeStack(run_dir, replicas=2) as stack:
            r = asyncio.run(
                load.random_load(
                    stack.base, PAGES, sessions=n, duration=cfg.replica_seconds, cookie_from=stack.base
                )
            )
        sticky = read_access_log(run_dir / "access.log")
        self.add(
            Row(
                "s",
                f"load p50, {n} sessions, 2 replicas behind nginx ({len(r.latencies)} actions)",
                r.p50,
                MS,
                baseline.p50 if baseline else None,
                "≤ 250 ms",
                r.p50 <= 0.25,
                vs="1 process",
            ),
            Row(
                "s",
                f"load p95, {n} sessions, 2 replicas behind nginx",
                r.p95,
                MS,
                baseline.p95 if baseline else None,
                "≤ 1 s",
                r.p95 <= 1.0,
                vs="1 process",
            ),
            Row(
                "s",
                f"failed sessions of {n}, 2 replicas",
                r.failed_sessions,
                COUNT,
                baseline.failed_sessions if baseline else None,
                "0",
                r.failed_sessions == 0,
                vs="1 process",
            ),
            Row(
                "s",
                "sessions whose requests reached 2 replicas (not sticky)",
                sticky.keys_on_several_replicas,
                COUNT,
                None,
                "0",
                sticky.keys_on_several_replicas == 0 and sticky.keys > 0,
            ),
        )
        spread = ", ".join(f"{up}: {c}" for up, c in sorted(sticky.streams_per_replica.items()))
        self.notes.append(f"Scale-out: websocket sessions per replica ({sticky.keys} sticky keys): {spread}")
        self.notes += [f"Scale-out failure: {err}" for err in r.errors[:3]]

    def first_visit(self) -> None:
        """Lighthouse on every page and the empty page, behind `make run` and behind `make serve`."""
        from benchmarks import first_visit as fv

        for mode in fv.MODES:
            rows, notes = fv.lighthouse_rows(
                mode, self.tmp, self.empty_app, self.cfg.lighthouse_runs, fv.PATHS
            )
            self.add(*rows)
            self.notes += notes

    def warm_start(self) -> None:
        """The first visitor's /map on a just-started server against the next visitor's, both modes."""
        from benchmarks import first_visit as fv

        for mode in fv.MODES:
            self.add(*fv.warm_rows(mode, *fv.warm_start(mode, self.tmp)))
        self.add(*fv.cold_rows(*fv.cold_first_visit(self.tmp)))
        self.notes.append(
            "Item w: a just-started server is one whose start-up said it is ready: `make serve` after "
            "deploy/warm.py (nginx starts then), `make run` after the warm.py it runs beside Streamlit "
            "printed 'Warmed'; the no-warm-up row is a visitor at the instant a plain `streamlit run` answers."
        )

    # --- the run ----------------------------------------------------------------------------

    def first_renders(self, app: AppServer) -> None:
        """Open every page once (this loads the data) and keep the shipped /map first render."""
        for page in PAGES:
            first, _ = asyncio.run(load.rerun_series(app.base, page, 0))
            if page is MAP:
                self.shipped["first render /map"] = first.seconds

    def run(self) -> None:
        with (
            AppServer(DASHBOARD, label="dashboard") as app,
            AppServer(self.empty_app, label="empty") as empty,
        ):
            t0 = time.perf_counter()
            self.first_renders(app)
            self.notes.append(
                f"Data load + first render of every page on a fresh process: {time.perf_counter() - t0:.1f} s"
            )
            self.step("1", "rerun cost per page", lambda: self.rerun_cost(app, empty))
            self.step("6", "payload of /map", lambda: self.payload(app, empty))
            self.step("2", "click to visible update in Chromium", lambda: self.browser(app, empty))
            # The burst before the load: sessions that left stay in memory for 2 minutes.
            self.step("5", "meeting burst", lambda: self.burst(app, empty))
            self.step("4", f"load, {self.cfg.sessions} sessions", lambda: self.load_40(app, empty))
        if self.cfg.cold_burst:
            self.step("5", "meeting burst on a just-started process", self.cold_burst)
        self.step("f", "first visit: Lighthouse on every page, make run and make serve", self.first_visit)
        self.step("w", "warm start: first and next visitor's /map on a just-started server", self.warm_start)
        self.step("3", "memory per session and across cycles", self.memory)
        if self.wants("7") and not self.shipped.get("rerun /map"):
            self.notes.append(
                "Item 7 ratios need item 1 in the same run (run without --only, or with 1,6,7)."
            )
        self.step("7", "data scale (synthetic stress dataset)", self.stress)
        self.step(
            "s", f"scale-out: {self.cfg.replica_sessions} sessions on 2 replicas behind nginx", self.scale_out
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="shorter runs of every figure")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated items: 1-7, s (scale-out), f (first visit), w (warm start)",
    )
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    # AppTest runs pages in this process; Streamlit's "missing ScriptRunContext" warning is noise here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coalitions-bench-") as tmp:
        bench = Bench(cfg, only, Path(tmp))
        bench.run()
    seconds = time.perf_counter() - t0
    print()
    print(report.text_table(bench.rows))
    print()
    for note in bench.notes:
        print(f"- {note}")
    missed = [r for r in bench.rows if r.met is False]
    print(
        f"\n{sum(1 for r in bench.rows if r.met)} targets met, {len(missed)} missed, in {seconds / 60:.1f} min."
    )
    if not args.no_record:
        mode = cfg.name if not only else f"{cfg.name} (items {','.join(sorted(only))})"
        report.record(bench.rows, mode=mode, seconds=seconds, notes=bench.notes, load_before=load_before)
        print(
            f"Recorded in {report.RESULTS.relative_to(Path.cwd()) if report.RESULTS.is_relative_to(Path.cwd()) else report.RESULTS}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
