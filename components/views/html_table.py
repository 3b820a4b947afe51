"""A plain HTML table from a DataFrame: a real <table> with its caption, column and row headers.

A screen reader walks it cell by cell with the headers read out (Streamlit's grid is a canvas), and
it costs the browser no extra download (st.dataframe fetches ~200 kB of JavaScript on first use).
Drawn with st.markdown (components/ui/html_table.py), so the markup is kept on one line.
Every cell is escaped by the one sanitiser (components/data/text.py); a link column links only
http(s) addresses, shown by host name like widgets.link_column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

from components.data.text import html_text, safe_url

# The host a link is shown by ("https://www.icma.org/x" → "icma.org"), as widgets.LINK_HOST.
_HOST = re.compile(r"https?://(?:www\.)?([^/?#]+)", re.IGNORECASE)
# The table's own look (constant text, no data): Streamlit's type, light rules, columns as wide as
# their text up to ~40 characters (then wrapped; a wide table scrolls sideways inside its box), a
# header that stays in view while the table scrolls, numbers right-aligned.
TABLE_CSS = """<style>
.data-table { overflow: auto; margin: 0 0 0.5rem; }
.data-table:focus-visible { outline: 2px solid #1f6fb2; outline-offset: 2px; }
.data-table table { border-collapse: collapse; font-size: 0.875rem; width: max-content; min-width: 100%;
  margin: 0; }
.data-table caption { caption-side: top; text-align: left; font-size: 0.875rem; padding: 0 0 0.25rem; }
.data-table th, .data-table td { border: 1px solid rgba(49, 51, 63, 0.2); padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; max-width: 22rem; overflow-wrap: anywhere; }
.data-table thead th { position: sticky; top: 0; background: #f0f2f6; font-weight: 600; }
.data-table tbody th { font-weight: 400; }
.data-table .num { text-align: right; font-variant-numeric: tabular-nums; }
</style>"""


_NUM = ' class="num"'


def inline_html(value: object) -> str:
    """Text escaped for HTML (the one sanitiser), whitespace runs folded to one space: the markup
    stays on one line, since st.markdown ends an HTML block at a blank line and would read what
    follows as Markdown."""
    return html_text(" ".join(str(value).split()))


def link_host(url: object) -> str:
    """The host name a link is shown by; '' for anything that is not an http(s) address."""
    match = _HOST.match(str(url or "").strip())
    return match.group(1) if match else ""


def cell_text(value: object) -> str:
    """What a cell shows: '' for a missing value, yes/no for a flag, whole numbers without '.0'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0")
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return cell_text(value.item())
    return str(value)


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _cell(value: object, *, link: bool, number: bool, tag: str = "td") -> str:
    text = cell_text(value)
    attrs = ' scope="row"' if tag == "th" else ""
    attrs += _NUM if number else ""
    target = safe_url(text) if link else ""
    if target:
        host = link_host(text) or text
        # No target here: Streamlit's Markdown opens every link in a new tab (target="_blank",
        # rel="noopener noreferrer"; tests/browser/test_first_visit_bytes.py checks), so the app stays
        # open, and a page of rows is ~0.5 kB lighter.
        text_html = f'<a href="{html_text(target)}">{inline_html(host)}</a>'
    else:
        text_html = inline_html(text)
    return f"<{tag}{attrs}>{text_html}</{tag}>"


def html_table(
    frame: pd.DataFrame,
    caption: str,
    *,
    link_columns: Iterable[str] = (),
    row_headers: bool = True,
    max_height_px: int | None = None,
) -> str:
    """`frame` as one accessible HTML table: `caption`, a header per column, the first column as row
    headers (when `row_headers`), every value escaped, `link_columns` as links by host name.

    The table scrolls inside its box, down past `max_height_px` (when given).
    """
    links = set(link_columns)
    numbers = [_is_number(frame[c]) for c in frame.columns]
    head = "".join(
        f'<th scope="col"{_NUM if num else ""}>{inline_html(c)}</th>'
        for c, num in zip(frame.columns, numbers, strict=True)
    )
    columns = [(str(c) in links, num) for c, num in zip(frame.columns, numbers, strict=True)]
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = [
            _cell(value, link=link, number=num, tag="th" if row_headers and i == 0 else "td")
            for i, (value, (link, num)) in enumerate(zip(row, columns, strict=True))
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        f"<table><caption>{inline_html(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    # The box is a named, focusable region, so a keyboard can scroll it (sideways when the table is
    # wider than the page, down past its height: at most 80 % of the screen, so the box's scrollbar
    # and header stay in view).
    height = f' style="max-height: min({int(max_height_px)}px, 80vh)"' if max_height_px else ""
    return f'<div class="data-table" role="region" aria-label="{inline_html(caption)}" tabindex="0"{height}>{table}</div>'
