"""AppTest helpers: run the whole app (navigation included) on one page, with URL params."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
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
        # HTML drawn with st.markdown (the tables and the map legend) is read by html_tables instead,
        # as st.dataframe's cells were never part of the page text.
        parts.extend(str(e.value) for e in getattr(at, kind) if not getattr(e.proto, "allow_html", False))
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


class _TableParser(HTMLParser):
    """Collects each <table>'s caption, rows of cell text and each cell's link address."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: list[str] | None = None
        self.href = ""
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "hrefs": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
            self.tables[-1]["hrefs"].append([])
        elif tag in ("td", "th"):
            self.cell, self.href = [], ""
        elif tag == "a" and self.cell is not None:
            self.href = dict(attrs).get("href", "")
        self.in_caption = self.in_caption or tag == "caption"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self.cell))
            self.tables[-1]["hrefs"][-1].append(self.href)
            self.cell = None
        self.in_caption = self.in_caption and tag != "caption"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.in_caption:
            self.tables[-1]["caption"] += data


def parse_html_tables(html: str) -> list[pd.DataFrame]:
    """Every <table> in `html` as a DataFrame of the text a person reads in each cell (a link's text,
    not its address); `.attrs` holds the table's caption and each column's link addresses."""
    parser = _TableParser()
    parser.feed(html)
    frames = []
    for t in parser.tables:
        (head, *rows), (_, *hrefs) = t["rows"], t["hrefs"]
        frame = pd.DataFrame(rows, columns=head)
        frame.attrs = {
            "caption": t["caption"],
            "hrefs": {c: [r[i] for r in hrefs] for i, c in enumerate(head)},
        }
        frames.append(frame)
    return frames


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table the page drew as HTML (components/ui/html_table.py), parsed by parse_html_tables."""
    return [frame for e in at.markdown if "<table>" in e.value for frame in parse_html_tables(e.value)]
