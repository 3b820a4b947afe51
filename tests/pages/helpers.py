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


def map_canvases(at: AppTest) -> list[dict]:
    """What each map canvas on the page was sent (components/ui/map_canvas.py): deck text, bounds, alt…"""
    import json

    return [
        json.loads(e.proto.bytes or e.proto.json)
        for e in at.get("bidi_component")
        if e.proto.component_name == "coalitions_map_canvas"
    ]


def copy_texts(at: AppTest) -> list[dict]:
    """Every text the share panels offer to copy (components/ui/copy_text.py): caption, text, label."""
    import json

    return [
        item
        for e in at.get("bidi_component")
        if e.proto.component_name == "coalitions_copy_text"
        for item in json.loads(e.proto.bytes or e.proto.json)["items"]
    ]
