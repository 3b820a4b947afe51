"""First visit: what a person waits for when a shared link opens in a fresh browser (issue 15).

Two scenarios, each against `make run` (one plain Streamlit process) and `make serve` (deploy/serve.sh:
nginx in front of the replicas), each next to the empty page (benchmarks/empty_app.py) served the same way:

- Lighthouse (pinned in the Makefile, npm `lighthouse`, `--preset=desktop`, Debian chromium with the
  flags of benchmarks/browser_timing.py) on every page of the URL contract: bytes transferred, total
  blocking time, time to interactive, cumulative layout shift, accessibility and best-practices scores.
  Lighthouse starts every run with an empty browser cache and storage: a first visit.
- Warm start: on a server that has just said it is ready, the first visitor's /map (fresh browser
  context, from navigation to the map drawn and the script finished) against the next visitors' (median of 3).

    python -m benchmarks.first_visit [--runs 3] [--only run,serve] [--pages /,/map]   # prints, records nothing
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.browser_timing import CHROMIUM, CHROMIUM_ARGS
from benchmarks.report import CLS, MB, MS, SCORE, SECONDS, Row
from benchmarks.scenarios import PAGES
from benchmarks.servers import DASHBOARD, ROOT, AppServer

LIGHTHOUSE = ROOT / "benchmarks" / ".lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
WARM = ROOT / "deploy" / "warm.py"
OUT = ROOT / "benchmarks" / "out" / "first-visit"  # the Lighthouse JSON reports of the last run (git-ignored)
PATHS = tuple(p.path for p in PAGES)
MODES = ("run", "serve")

# The targets of issue 15; bytes and time to interactive as ratios to the empty page of the same run.
BYTES_X, TTI_X, TBT_MAX, CLS_MAX, SCORE_MIN, WARM_X = 1.5, 1.5, 0.3, 0.05, 100, 1.3


@dataclass
class Visit:
    """One Lighthouse run (or the median of several) on one address."""

    url: str
    bytes: float
    tbt: float  # seconds
    tti: float  # seconds
    cls: float
    accessibility: float  # 0-100
    best_practices: float  # 0-100
    shifted: list[str] = field(default_factory=list)  # "selector (score)" of elements that moved
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # accessibility/best-practices audits not passed
    largest: list[str] = field(default_factory=list)  # "url KB" of the largest transfers


def _score(report: dict, category: str) -> float:
    score = report["categories"][category]["score"]
    return float("nan") if score is None else round(score * 100)


def _items(audit: dict) -> list[dict]:
    return (audit.get("details") or {}).get("items") or []


def parse_report(report: dict) -> Visit:
    """The figures of one Lighthouse JSON report (lighthouse --output=json)."""
    audits = report["audits"]
    failed = sorted(
        ref["id"]
        for category in ("accessibility", "best-practices")
        for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1)
    )
    shifted = [
        f"{item['node'].get('selector', '?')} ({item['score']:.3f})"
        for item in _items(audits.get("layout-shifts", {}))
        if item.get("node")
    ]
    errors = [
        f"{item.get('description', '')[:90]} {(item.get('sourceLocation') or {}).get('url', '')}".strip()
        for item in _items(audits.get("errors-in-console", {}))
    ]
    largest = [
        f"{item['url'].split('?')[0].rsplit('/', 1)[-1]} {item['totalBytes'] / 1000:.0f} KB"
        for item in _items(audits["total-byte-weight"])[:5]
    ]
    return Visit(
        url=report.get("finalDisplayedUrl") or report.get("requestedUrl", ""),
        bytes=audits["total-byte-weight"]["numericValue"],
        tbt=audits["total-blocking-time"]["numericValue"] / 1000,
        tti=audits["interactive"]["numericValue"] / 1000,
        cls=audits["cumulative-layout-shift"]["numericValue"],
        accessibility=_score(report, "accessibility"),
        best_practices=_score(report, "best-practices"),
        shifted=shifted,
        console_errors=errors,
        failed=failed,
        largest=largest,
    )


def median_visit(visits: Sequence[Visit]) -> Visit:
    """Each figure's median over runs; the lists (what shifted, what failed) of the median-TTI run."""
    middle = sorted(visits, key=lambda v: v.tti)[len(visits) // 2]

    def med(name: str) -> float:
        return statistics.median(getattr(v, name) for v in visits)

    return Visit(
        url=middle.url,
        bytes=med("bytes"),
        tbt=med("tbt"),
        tti=med("tti"),
        cls=med("cls"),
        accessibility=min(v.accessibility for v in visits),
        best_practices=min(v.best_practices for v in visits),
        shifted=middle.shifted,
        console_errors=middle.console_errors,
        failed=sorted({a for v in visits for a in v.failed}),
        largest=middle.largest,
    )


def lighthouse(url: str, out: Path) -> Visit:
    """One Lighthouse run in a fresh headless Chromium (empty cache, storage reset)."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"Lighthouse is not installed at {LIGHTHOUSE}: run `make bench` (it installs it)")
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--preset=desktop",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--quiet",
        "--max-wait-for-load=90000",
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    done = subprocess.run(  # noqa: S603 - our pinned Lighthouse, loopback address
        cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse {url}: rc={done.returncode} {done.stderr.strip()[-300:]}")
    return parse_report(json.loads(out.read_text(encoding="utf-8")))


def measure(base: str, paths: Sequence[str], runs: int, out_dir: Path) -> dict[str, Visit]:
    """Median of `runs` Lighthouse runs per path, the paths interleaved so drift hits them all alike."""
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, list[Visit]] = {p: [] for p in paths}
    for n in range(runs):
        for path in paths:
            name = (path.strip("/") or "root") + f"-{n}.json"
            try:
                seen[path].append(lighthouse(base + path, out_dir / name))
            except RuntimeError:  # Chrome's protocol can time out on a loaded machine: one more try
                seen[path].append(lighthouse(base + path, out_dir / name))
    return {p: median_visit(v) for p, v in seen.items()}


def rows(mode: str, empty: Visit, pages: dict[str, Visit]) -> list[Row]:
    """One row per figure and page, each with the empty page of the same run as its baseline."""
    out = []
    for path, v in pages.items():
        label = f"first visit ({mode}) {path}"
        out += [
            Row("f", f"{label}: bytes", v.bytes, MB, empty.bytes, "≤ 1.5× empty", v.bytes <= BYTES_X * empty.bytes),
            Row("f", f"{label}: time to interactive", v.tti, SECONDS, empty.tti, "≤ 1.5× empty", v.tti <= TTI_X * empty.tti),
            Row("f", f"{label}: total blocking time", v.tbt, MS, empty.tbt, "≤ 300 ms", v.tbt <= TBT_MAX),
            Row("f", f"{label}: layout shift (CLS)", v.cls, CLS, empty.cls, "≤ 0.05", v.cls <= CLS_MAX),
            Row("f", f"{label}: accessibility", v.accessibility, SCORE, empty.accessibility, "100", v.accessibility >= SCORE_MIN),
            Row("f", f"{label}: best practices", v.best_practices, SCORE, empty.best_practices, "100", v.best_practices >= SCORE_MIN),
        ]  # fmt: skip
    return out


# What plain `streamlit run` cannot do (deploy/README.md): the floors behind `make run`'s figures.
FLOOR_RUN = (
    "First visit (run), floors of a plain `streamlit run`: its frontend bundles travel uncompressed (Streamlit "
    "leaves compression to a proxy), its first paint has no sidebar, so the page moves right by the sidebar's "
    "width when the first message opens it (CLS 0.22-0.23 at 1350 px, the `stMain` shift above), and on every "
    "page but / it first probes <page>/_stcore/health and host-config (two 404s: best practices 96). "
    "`make serve`'s nginx removes all three (gzip, first-paint style and script)."
)


def notes(mode: str, empty: Visit, pages: dict[str, Visit]) -> list[str]:
    """What Lighthouse names behind each missed figure, and the floors the empty page itself shows."""
    out = [
        f"First visit ({mode}), empty page: {empty.bytes / 1e6:.2f} MB, TTI {empty.tti:.2f} s, "
        f"TBT {empty.tbt * 1000:.0f} ms, CLS {empty.cls:.3f}, accessibility {empty.accessibility:.0f}, "
        f"best practices {empty.best_practices:.0f}"
        + (f"; not passed: {', '.join(empty.failed)}" if empty.failed else "")
        + (f"; console: {'; '.join(empty.console_errors)}" if empty.console_errors else "")
    ]
    if mode == "run":
        out.append(FLOOR_RUN)
    for path, v in pages.items():
        parts = []
        if v.bytes > BYTES_X * empty.bytes:
            parts.append("largest transfers " + ", ".join(v.largest[:4]))
        if v.cls > CLS_MAX:
            parts.append("shifted " + "; ".join(v.shifted[:3]))
        if v.failed:
            parts.append("not passed " + ", ".join(v.failed))
        if v.console_errors:
            parts.append("console " + "; ".join(v.console_errors[:3]))
        if parts:
            out.append(f"First visit ({mode}) {path}: " + " · ".join(parts))
    return out


# --- the servers: `make run` and `make serve`, each with the empty page beside it ----------------


def warm_pages(base: str) -> None:
    """deploy/warm.py: wait for the health check, then open every page once (the data is loaded)."""
    done = subprocess.run(  # noqa: S603 - our own script, loopback address
        [sys.executable, str(WARM), base], capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"warm.py {base}: {done.stderr.strip()[-300:]}")


@contextmanager
def stack(mode: str, tmp: Path, *, app: Path = DASHBOARD, warm: bool = True) -> Iterator[str]:
    """A server the way `make run` (one process, warmed as the Makefile does) or `make serve` runs it."""
    if mode == "run":
        with AppServer(app, label=f"{mode}-{app.stem}") as server:
            if warm:
                warm_pages(server.base)
            yield server.base
        return
    from benchmarks.replicas import ServeStack

    run_dir = tmp / f"serve-{app.stem}"
    with ServeStack(run_dir, replicas=1, app=app, warm=warm) as served:
        yield served.base


# The floors: what a page cannot go below while it draws what it draws here, measured in the same run.
# (label, script in benchmarks/, the pages measured against it, why)
FLOORS = (
    (
        "map floor",
        "map_floor_app.py",
        ("/map",),
        "Map floor: the empty page plus the map's canvas drawing the national view's layers with one mark "
        "each (state outlines whole). deck.gl's start-up - compiling and linking each layer's shaders, the "
        "first frames - costs the same for one mark as for all of them, and this Chromium's software WebGL "
        "(SwiftShader, no KHR_parallel_shader_compile) runs it on the page's main thread, so /map's total "
        "blocking time and time to interactive cannot go below the floor's while the map is drawn with "
        "deck.gl here; the rows 'above the floor' are what the page itself adds.",
    ),
    (
        "chart floor",
        "chart_floor_app.py",
        ("/survey", "/focus-areas"),
        "Chart floor: the empty page plus one three-bar Vega-Lite chart drawn as the pages draw theirs. "
        "Streamlit's Vega chunk and Vega's start-up come with the first chart whatever it shows, so a "
        "chart page's bytes and time to interactive cannot go below the floor's while its charts are "
        "Vega-Lite charts.",
    ),
)


def lighthouse_rows(mode: str, tmp: Path, empty_app: Path, runs: int, paths: Sequence[str]):
    """Lighthouse on the empty page, every page and the floors of the pages measured; rows and notes."""
    from benchmarks.servers import write_floor_app

    with stack(mode, tmp, app=empty_app, warm=False) as empty_base:
        empty = measure(empty_base, ["/"], runs, OUT / f"{mode}-empty")["/"]
    with stack(mode, tmp) as base:
        pages = measure(base, paths, runs, OUT / mode)
    out_rows, out_notes = rows(mode, empty, pages), notes(mode, empty, pages)
    for label, script, floored, why in FLOORS:
        measured = {path: pages[path] for path in floored if path in pages}
        if not measured:
            continue
        name = label.replace(" ", "-")
        with stack(mode, tmp, app=write_floor_app(tmp, script), warm=False) as floor_base:
            # Its first visit loads the dataset (as warm.py does for the app): not part of the floor.
            measure(floor_base, ["/"], 1, OUT / f"{mode}-{name}-warm-up")
            floor = measure(floor_base, ["/"], runs, OUT / f"{mode}-{name}")["/"]
        out_rows += floor_rows(mode, label, empty, floor, measured)
        out_notes.append(why)
    return out_rows, out_notes


def floor_rows(mode: str, label: str, empty: Visit, floor: Visit, pages: dict[str, Visit]) -> list[Row]:
    """A floor's figures (against the empty page), and each page's against the floor; information only."""
    head = f"first visit ({mode}) {label}"
    out = [
        Row("f", f"{head}: bytes", floor.bytes, MB, empty.bytes, "", None),
        Row("f", f"{head}: total blocking time", floor.tbt, MS, empty.tbt, "", None),
        Row("f", f"{head}: time to interactive", floor.tti, SECONDS, empty.tti, "", None),
    ]
    for path, v in pages.items():
        above = f"first visit ({mode}) {path} above the {label}"
        out += [
            Row("f", f"{above}: bytes", v.bytes, MB, floor.bytes, "", None, vs=label),
            Row("f", f"{above}: total blocking time", v.tbt, MS, floor.tbt, "", None, vs=label),
            Row("f", f"{above}: time to interactive", v.tti, SECONDS, floor.tti, "", None, vs=label),
        ]
    return out


# --- warm start: the first visitor's /map against the next one's ---------------------------------

# The map's canvas may sit in a component's shadow root (st.components.v2), which querySelector
# does not enter: look inside every shadow root under the map's container.
SETTLED = """(needsMap) => {
  const deep = (root, sel) => root.querySelector(sel) || [...root.querySelectorAll('*')]
    .filter((e) => e.shadowRoot).map((e) => deep(e.shadowRoot, sel)).find(Boolean) || null;
  const box = document.querySelector('.st-key-map_canvas');
  return !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]')
    && (!needsMap || (box && deep(box, 'canvas')));
}"""


def visit_seconds(browser, url: str, *, needs_map: bool) -> float:
    """A fresh context (no cache, no cookies): navigation start to the view drawn and the script done.

    On /map that includes the map's canvas being in the page (software WebGL here: seconds).
    """
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    try:
        pg = context.new_page()
        t0 = time.perf_counter()
        pg.goto(url, wait_until="commit", timeout=120_000)
        pg.wait_for_function(SETTLED, arg=needs_map, timeout=180_000, polling=50)
        # The script may run again right after the first paint (it writes the canonical URL).
        pg.wait_for_timeout(300)
        pg.wait_for_function(SETTLED, arg=needs_map, timeout=180_000, polling=50)
        return time.perf_counter() - t0 - 0.3
    finally:
        context.close()


def _first_and_next(browser, url: str, *, needs_map: bool, others: int = 3) -> tuple[float, float]:
    """The first visitor's seconds, and the median of the `others` who come after (one at a time)."""
    first = visit_seconds(browser, url, needs_map=needs_map)
    after = [visit_seconds(browser, url, needs_map=needs_map) for _ in range(others)]
    return first, statistics.median(after)


def warm_start(mode: str, tmp: Path, path: str = "/map") -> tuple[float, float]:
    """First and next visitor's `path` on a server started the way `mode` starts it."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser_timing import launch

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            # Chromium's own first start (disk cache, fonts) is not the server's: pay it on the empty app.
            with stack("run", tmp, app=tmp / "empty_app.py", warm=False) as empty_base:
                visit_seconds(browser, empty_base + "/", needs_map=False)
            with stack(mode, tmp) as base:
                first, nxt = _first_and_next(browser, base + path, needs_map=path == "/map")
        finally:
            browser.close()
    return first, nxt


def cold_first_visit(tmp: Path, path: str = "/map") -> tuple[float, float]:
    """For information: a visitor at the instant a plain `streamlit run` answers, with no warm-up at all."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser_timing import launch

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            with stack("run", tmp, warm=False) as base:
                first, nxt = _first_and_next(browser, base + path, needs_map=path == "/map")
        finally:
            browser.close()
    return first, nxt


def warm_rows(mode: str, first: float, nxt: float) -> list[Row]:
    return [
        Row(
            "w",
            f"warm start ({mode}): first visitor's /map on a just-started server",
            first,
            SECONDS,
            nxt,
            "≤ 1.3× next",
            first <= WARM_X * nxt,
            vs="next visitors (median of 3)",
        )
    ]


def cold_rows(first: float, nxt: float) -> list[Row]:
    return [
        Row(
            "w",
            "no warm-up (plain streamlit run): first visitor's /map the instant the server answers",
            first,
            SECONDS,
            nxt,
            "",
            None,
            vs="next visitors (median of 3)",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    from benchmarks import report
    from benchmarks.servers import write_empty_app

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--only", default="run,serve", help="modes: run, serve")
    parser.add_argument("--pages", default=",".join(PATHS), help="comma-separated paths")
    parser.add_argument("--no-warm-start", action="store_true", help="skip the warm-start scenario")
    parser.add_argument("--no-lighthouse", action="store_true", help="only the warm-start scenario")
    args = parser.parse_args(argv)
    modes = [m for m in args.only.split(",") if m in MODES]
    paths = [p for p in args.pages.split(",") if p]
    all_rows, all_notes = [], []
    with tempfile.TemporaryDirectory(prefix="first-visit-") as tmp_name:
        tmp = Path(tmp_name)
        empty_app = write_empty_app(tmp)
        for mode in modes:
            try:
                if not args.no_lighthouse:
                    r, n = lighthouse_rows(mode, tmp, empty_app, args.runs, paths)
                    all_rows += r
                    all_notes += n
                    print(report.text_table(r), *n, sep="\n", flush=True)
                if not args.no_warm_start:
                    w = warm_rows(mode, *warm_start(mode, tmp))
                    if mode == "run":
                        w += cold_rows(*cold_first_visit(tmp))
                    all_rows += w
                    print(report.text_table(w), flush=True)
            except Exception:  # noqa: BLE001 - one mode failing must not lose the other's figures
                traceback.print_exc()
    print(report.text_table(all_rows))
    for note in all_notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
