"""The matrix as an Altair chart: evidence levels as coloured cells with glyphs, totals, cell selection.

This module draws a built Matrix; it does not build one (matrix.py imports it, not the reverse).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from components.data.evidence import GLYPH, LEVEL_NONE, LEVEL_PROGRAMME, LEVEL_STATED, LEVELS, NSCP_MARK
from components.exports.charts import chart_values
from components.views.palette import OKABE_ITO

if TYPE_CHECKING:
    from components.views.focus_areas.matrix import Matrix

LEVEL_COLOURS = {
    LEVEL_STATED: OKABE_ITO["blue"],
    LEVEL_PROGRAMME: OKABE_ITO["sky blue"],
    LEVEL_NONE: "#F2F2F2",
}
# Text colour on each cell colour, each at WCAG contrast >= 4.5 (tested).
GLYPH_COLOURS = {LEVEL_STATED: "#FFFFFF", LEVEL_PROGRAMME: "#000000", LEVEL_NONE: OKABE_ITO["grey"]}
TOTAL = "Total"
# The name of the chart's cell selection, as Streamlit reports it in the chart's selection state.
SELECTION = "cell"
CELL_FIELDS = [
    "group_id",
    "focus_id",
    "row_label",
    "col_label",
    "focus_label",
    "level",
    "glyph",
    "glyph_colour",
    "own_words",
    "sources",
    "date",
]


@dataclass(frozen=True)
class Sizes:
    """Type and cell sizes in CSS px: the page's defaults, or a slide's (SLIDE) that a room can read."""

    label: int = 12  # axis labels: focus areas, coalitions
    glyph: int = 15
    total: int = 13
    title: int = 16
    subtitle: int = 12
    legend: int | None = None  # None: Vega-Lite's own (10 px labels, 11 px title)
    step_x: int = 34  # cell width
    step_y: int = 30  # cell height
    label_angle: int = -40  # the focus areas across the top
    label_limit: int = 280  # px before a focus-area label is cut with "…"
    row_label_limit: int = 260  # the same for a coalition's name
    legend_wrap: int = (
        0  # a slide's legend stands right of the cells, its labels wrapped at this many characters
    )
    headline: bool = True  # the chart's own title; a slide has the page's title and takeaway instead


SCREEN = Sizes()
# Presenter mode at 1280×720 and up: every text at least 18 px. Narrow cells and a flat angle (labels
# 37 × sin 30° ≈ 18.5 px apart), and the legend beside the cells, keep the whole matrix (seven
# coalitions by 19 focus areas) within the slide's width and under its title and takeaway
# (tests/browser/test_slides.py measures it).
SLIDE = Sizes(
    label=18,
    glyph=20,
    total=18,
    title=18,
    subtitle=18,
    legend=18,
    step_x=37,
    step_y=30,
    label_angle=-30,
    label_limit=400,
    row_label_limit=400,
    legend_wrap=16,
    headline=False,
)


def totals_frame(m: Matrix) -> pd.DataFrame:
    """The totals as chart marks: a Total column (per row) and a Total row (per focus area)."""
    per_row = pd.DataFrame(
        {"row_label": m.rows["row_label"], "col_label": TOTAL, "total": m.rows["total"].astype(str)}
    )
    per_col = pd.DataFrame(
        {"row_label": TOTAL, "col_label": m.columns["col_label"], "total": m.columns["total"].astype(str)}
    )
    return pd.concat([per_row, per_col], ignore_index=True)


def _axes(m: Matrix, sizes: Sizes) -> tuple[alt.X, alt.Y]:
    """Focus areas across the top, coalitions down the side, each ending with its Total."""
    x = alt.X(
        "col_label:N",
        title=None,
        scale=alt.Scale(domain=[*m.columns["col_label"], TOTAL]),
        axis=alt.Axis(
            orient="top",
            labelAngle=sizes.label_angle,
            labelLimit=sizes.label_limit,
            labelFontSize=sizes.label,
            labelOverlap=False,
            ticks=False,
        ),
    )
    y = alt.Y(
        "row_label:N",
        title=None,
        scale=alt.Scale(domain=[*m.rows["row_label"], TOTAL]),
        axis=alt.Axis(labelLimit=sizes.row_label_limit, labelFontSize=sizes.label, ticks=False),
    )
    return x, y


def _legend_label(level: str, wrap: int) -> str:
    """Vega expression text of one legend entry: its glyph and level, as lines of at most `wrap` characters."""
    text = f"{GLYPH[level]} {level}"
    if not wrap:
        return f"'{text}'"
    return "[" + ", ".join(f"'{line}'" for line in textwrap.wrap(text, wrap)) + "]"


def _level_colour(sizes: Sizes, beside: float) -> alt.Color:
    """The cell colour by level, with a legend that repeats each level's glyph: below the matrix, or on
    a slide (legend_wrap) in the free space right of it, `beside` px from the cells' left edge."""
    place = (
        {
            "orient": "none",
            "direction": "vertical",
            "legendX": beside,
            "legendY": 0,
            "labelColor": "#000000",
            "titleColor": "#000000",
            "symbolSize": 200,  # px²: a swatch about 14 px across, beside 18 px text
            "symbolStrokeColor": OKABE_ITO["grey"],  # the "none found" swatch is near-white
            "symbolStrokeWidth": 1,
        }
        if sizes.legend_wrap
        else {"orient": "bottom", "direction": "horizontal"}
    )
    return alt.Color(
        "level:N",
        title="Evidence",
        scale=alt.Scale(domain=list(LEVELS), range=[LEVEL_COLOURS[lv] for lv in LEVELS]),
        legend=alt.Legend(
            **place,
            labelExpr=(
                f"datum.label == '{LEVEL_STATED}' ? {_legend_label(LEVEL_STATED, sizes.legend_wrap)} : "
                f"datum.label == '{LEVEL_PROGRAMME}' ? {_legend_label(LEVEL_PROGRAMME, sizes.legend_wrap)} : "
                f"{_legend_label(LEVEL_NONE, sizes.legend_wrap)}"
            ),
            labelLimit=300,
            labelFontSize=sizes.legend or alt.Undefined,
            titleFontSize=sizes.legend or alt.Undefined,
        ),
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("row_label:N", title="Coalition"),
        alt.Tooltip("focus_label:N", title="Focus area"),
        alt.Tooltip("level:N", title="Evidence"),
        alt.Tooltip("own_words:N", title="In their own words"),
        alt.Tooltip("sources:N", title="Source"),
        alt.Tooltip("date:N", title="Date"),
    ]


def _cell_layers(
    m: Matrix, x: alt.X, y: alt.Y, selectable: bool, sizes: Sizes
) -> tuple[alt.Chart, alt.Chart]:
    """The coloured cells (with the click selection when `selectable`) and their glyphs."""
    base = alt.Chart(chart_values(m.cells[CELL_FIELDS]))
    tooltip = _tooltip()
    rect = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        x=x, y=y, color=_level_colour(sizes, (len(m.columns) + 1) * sizes.step_x + 12), tooltip=tooltip
    )
    if selectable:
        pick = alt.selection_point(name=SELECTION, fields=["group_id", "focus_id"], on="click")
        rect = rect.add_params(pick).encode(
            stroke=alt.when(pick, empty=False).then(alt.value("#000000")).otherwise(alt.value("#FFFFFF")),
            strokeWidth=alt.when(pick, empty=False).then(alt.value(3)).otherwise(alt.value(1)),
        )
    # The glyphs repeat the cell's colour as a shape; screen readers get the cell from the rect.
    glyphs = base.mark_text(fontSize=sizes.glyph, aria=False).encode(
        x=x, y=y, text="glyph:N", color=alt.Color("glyph_colour:N", scale=None), tooltip=tooltip
    )
    return rect, glyphs


def matrix_chart(
    m: Matrix,
    *,
    title: str,
    description: str,
    selectable: bool = True,
    notes: Sequence[str] = (),
    sizes: Sizes = SCREEN,
) -> alt.LayerChart:
    """Heatmap of evidence levels with glyphs, a Total column and row, and a point selection on cells."""
    x, y = _axes(m, sizes)
    rect, glyphs = _cell_layers(m, x, y, selectable, sizes)
    totals = (
        alt.Chart(chart_values(totals_frame(m)))
        .mark_text(fontSize=sizes.total, fontWeight="bold", color="#000000")
        .encode(x=x, y=y, text="total:N")
    )
    subtitle = [
        f"{NSCP_MARK} = one of the NSCP's five shared focus areas. "
        "Total column: focus areas with evidence; Total row: coalitions with evidence.",
    ]
    if m.view.with_networks:
        subtitle.append("Network rows show the partnership's own statements and are not in the Total row.")
    subtitle.extend(notes)
    heading = (
        alt.TitleParams(text=title, subtitle=subtitle, anchor="start", fontSize=sizes.title)
        if sizes.headline
        else alt.TitleParams(text=subtitle, anchor="start", fontSize=sizes.title, fontWeight="normal")
    )
    return (
        alt.layer(rect, glyphs, totals)
        .properties(
            title=heading,
            description=description,
            width=alt.Step(sizes.step_x),
            height=alt.Step(sizes.step_y),
        )
        .configure_view(stroke=None)
        .configure_axis(domain=False, grid=False, labelColor="#000000")
        .configure_title(subtitleColor="#333333", subtitleFontSize=sizes.subtitle)
    )


def selected_cell(selection: object) -> str:
    """'group_id:focus_id' of the cell clicked in the chart, or '' — from Streamlit's selection state."""
    try:
        points = selection[SELECTION]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return ""
    if not points:
        return ""
    point = points[0]
    group_id, focus_id = point.get("group_id"), point.get("focus_id")
    if isinstance(group_id, str) and isinstance(focus_id, str):
        return f"{group_id}:{focus_id}"
    return ""
