"""AppTest helpers: run the whole app (navigation included) on one page, with URL params."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def run_page(
    page_file: str, params: dict[str, str | list[str]] | None = None, timeout: float = 60
) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def all_text(at: AppTest) -> str:
    """Every piece of text the page wrote, for 'is this sentence on the page' checks."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    return "\n".join(parts)
