"""Room kept from the first paint for elements the browser draws late, so nothing below them moves.

Streamlit draws charts, tables, metrics and most widgets with JavaScript it loads only when the first
one arrives: until then each is a 40 px placeholder, and a Vega-Lite chart is then drawn a moment later
still. Everything under such an element jumped down when it drew (layout shift 0.1-0.5 per page, issue 15).

`reserve(name, height)` puts the element beside an empty, fixed-height prop in one row: the row is as
tall as the taller of the two from the first paint, so the reserved height works as a minimum height
without any stylesheet (which would itself arrive late: st.html is one of the late-loaded parts).
The heights come from what the page already knows: a chart's Vega-Lite spec laid out by vl-convert, a
table's rows and text, a metric's or a labelled input's fixed size.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd
import streamlit as st
import vl_convert as vlc

KEY_PREFIX = "reserve_"
PROP_PREFIX = "reserveprop_"  # shell.PRESENT_CSS zooms a prop with the chart beside it

# Heights Streamlit 1.67 draws at (px, desktop and phone alike).
METRIC_HEIGHT = 76  # label, value
INPUT_HEIGHT = 68  # a selectbox, multiselect or text input with its label above

# What Streamlit's own chart theme (theme="streamlit", the default) sets that changes a chart's height:
# fit the size given, Source Sans sizes in px, and the padding around titles, labels and legends.
_STREAMLIT_THEME: dict[str, Any] = {
    "autosize": {"type": "fit", "contains": "padding"},
    "title": {"fontSize": 16, "orient": "top", "offset": 26, "anchor": "start"},
    "header": {"titleFontSize": 16, "labelFontSize": 12},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 14,
        "ticks": False,
        "domain": False,
        "labelFlush": True,
        "labelFlushOffset": 1,
        "labelBound": False,
        "labelLimit": 100,
        "titlePadding": 16,
        "labelPadding": 16,
        "labelSeparation": 2,
        "labelOverlap": True,
    },
    "legend": {
        "labelFontSize": 14,
        "titleFontSize": 14,
        "titlePadding": 8,
        "labelPadding": 16,
        "columnPadding": 8,
        "rowPadding": 2,
        "padding": 8,
    },
    "view": {"strokeWidth": 0, "continuousHeight": 350, "continuousWidth": 400},
    "bar": {"binSpacing": 2, "discreteBandSize": {"band": 0.85}},
}

# st.table at 14 px Source Sans: 21 px a line, 9 px of cell padding, about 5.6 px a character; the main
# column of the wide layout is about 890 px on a 1350 px screen with the sidebar open.
TABLE_LINE = 21
TABLE_PAD = 9
TABLE_CHAR = 5.6
TABLE_CELL_PAD = 24
TABLE_WIDTH = 890


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@lru_cache(maxsize=256)
def _laid_out_height(spec_json: str) -> int:
    svg = vlc.vegalite_to_svg(json.loads(spec_json))
    found = re.search(r'<svg[^>]*?\sheight="([\d.]+)"', svg)
    return math.floor(float(found.group(1))) if found else 0


def chart_height(spec: Mapping[str, Any], *, streamlit_theme: bool = True) -> int:
    """The height (px) the chart is drawn at, from its spec laid out by vl-convert (cached per spec).

    With Streamlit's theme the spec's own config wins over the theme's, as in the browser. Text is
    measured with vl-convert's fonts, so the figure can be a few px off the browser's.
    """
    if not spec:
        return 0
    laid_out = dict(spec)
    if streamlit_theme:
        laid_out["config"] = _merged(_STREAMLIT_THEME, spec.get("config") or {})
    return _laid_out_height(json.dumps(laid_out, sort_keys=True, default=str))


def _lines(text: str, width: float) -> int:
    per_line = max(1, int((width - TABLE_CELL_PAD) / TABLE_CHAR))
    return max(1, math.ceil(len(text) / per_line))


def table_height(frame: pd.DataFrame, *, index: bool = True, width: int = TABLE_WIDTH) -> int:
    """About the height (px) st.table draws `frame` at in a column `width` px wide.

    Columns share the width in proportion to their longest text (as the browser's table layout does,
    roughly); a row is as tall as its cell with the most lines.
    """
    columns = [[str(c) for c in frame.columns]]
    cells = [frame[c].astype(str).tolist() for c in frame.columns]
    if index:
        columns[0].insert(0, str(frame.index.name or ""))
        cells.insert(0, [str(i) for i in frame.index])
    headers = columns[0]
    longest = [max([len(h), *(len(v) for v in col)]) for h, col in zip(headers, cells, strict=True)]
    total = sum(longest) or 1
    widths = [width * n / total for n in longest]
    header = max(_lines(h, w) for h, w in zip(headers, widths, strict=True))
    rows = [max(_lines(col[i], w) for col, w in zip(cells, widths, strict=True)) for i in range(len(frame))]
    return sum(lines * TABLE_LINE + TABLE_PAD for lines in [header, *rows])


def reserve(name: str, height: int):
    """A container for late-drawn elements that is at least `height` px tall from the first paint.

    Use it as `with reserve("roster", h): st.table(...)`; a height of 0 or less reserves nothing.
    """
    if height <= 0:
        return st.container()
    row = st.container(key=KEY_PREFIX + name, horizontal=True, wrap=False, gap=None)
    body = row.container()
    # Empty, drawn with the page's own layout code (nothing to load): it holds the row's height.
    row.container(key=PROP_PREFIX + name, height=int(height), width=1, border=False)
    return body


def reserved_columns(name: str, count: int, height: int) -> list:
    """st.columns(count), each column holding `height` px from the first paint (a row of metrics)."""
    cols = st.columns(count)
    return [reserve_in(col, f"{name}_{i}", height) for i, col in enumerate(cols)]


def reserve_in(parent, name: str, height: int):
    """`reserve` inside another container (a column)."""
    with parent:
        return reserve(name, height)
