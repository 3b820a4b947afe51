"""The results table: one row per figure, with its comparison baseline, ratio, target and verdict."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

MS, SECONDS, MB, KB, X, COUNT, ROWS = "ms", "s", "MB", "KB", "×", "", "rows"
CLS, SCORE = "CLS", "score"  # Lighthouse: cumulative layout shift (unitless), a 0-100 category score


@dataclass
class Row:
    item: str  # issue item number ("1", "2", … "scale-out")
    metric: str
    value: float
    unit: str
    baseline: float | None = None  # the near-empty page (or the basis named in `vs`)
    target: str = ""  # in words, e.g. "≤ 1.5×"
    met: bool | None = None  # None: informational, no target
    vs: str = "empty page"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline or _nan(self.value) or _nan(self.baseline):
            return None
        return self.value / self.baseline


def _nan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt(value: float | None, unit: str) -> str:
    if _nan(value):
        return "–"
    if unit == MS:
        return f"{value * 1000:.0f} ms"
    if unit == SECONDS:
        return f"{value:.2f} s"
    if unit == MB:
        return f"{value / 1e6:.2f} MB"
    if unit == KB:
        return f"{value / 1e3:.1f} KB"
    if unit == X:
        return f"{value:.2f}×"
    if unit == CLS:
        return f"{value:.3f}"
    if unit == SCORE:
        return f"{value:.0f}"
    if unit == ROWS:
        return f"{value:,.0f} rows"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:.2f}"


def verdict(row: Row) -> str:
    if row.met is None:
        return "info"
    return "yes" if row.met else "NO"


def cells(row: Row) -> list[str]:
    ratio = row.ratio
    baseline = "–" if row.baseline is None else f"{fmt(row.baseline, row.unit)} ({row.vs})"
    return [
        row.item,
        row.metric,
        fmt(row.value, row.unit),
        baseline,
        "–" if ratio is None else f"{ratio:.2f}×",
        row.target or "–",
        verdict(row),
    ]


HEADER = ["#", "metric", "value", "baseline", "ratio", "target", "met?"]


def text_table(rows: list[Row]) -> str:
    table = [HEADER] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    lines = []
    for n, line in enumerate(table):
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(esc(c) for c in cells(r)) + " |" for r in rows]
    return "\n".join(out)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "? RAM"
    import streamlit

    return (
        f"{os.cpu_count()} cores ({cpu or platform.processor() or platform.machine()}), {mem}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}"
    )


def commit() -> str:
    root = RESULTS.parent.parent
    try:
        head = subprocess.run(  # noqa: S603 - read-only git query
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain"],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}" if head else "unknown"


def record(rows: list[Row], *, mode: str, seconds: float, notes: list[str], load_before: float = -1) -> str:
    """Append this run to benchmarks/RESULTS.md; return the section written."""
    now = dt.datetime.now().astimezone()
    met = sum(1 for r in rows if r.met)
    missed = [r for r in rows if r.met is False]
    section = [
        "",
        f"### {now:%Y-%m-%d %H:%M %Z} · {mode} run · {met} targets met, {len(missed)} missed",
        "",
        f"Machine: {machine()}. Code: {commit()}. Run time {seconds / 60:.1f} min."
        + (
            f" Load average before the run: {load_before:.2f} (other work on the machine shows here)."
            if load_before >= 0
            else ""
        ),
        "",
        markdown_table(rows),
    ]
    if notes:
        section += ["", *(f"- {n}" for n in notes)]
    text = "\n".join(section) + "\n"
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(text)
    return text
