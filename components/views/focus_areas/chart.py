"""The matrix as an Altair chart: evidence levels as coloured cells with glyphs, totals, cell selection.

This module draws a built Matrix; it does not build one (matrix.py imports it, not the reverse).
"""

from __future__ import annotations

from collections.abc import Sequence
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


def totals_frame(m: Matrix) -> pd.DataFrame:
    """The totals as chart marks: a Total column (per row) and a Total row (per focus area)."""
    per_row = pd.DataFrame(
        {"row_label": m.rows["row_label"], "col_label": TOTAL, "total": m.rows["total"].astype(str)}
    )
    per_col = pd.DataFrame(
        {"row_label": TOTAL, "col_label": m.columns["col_label"], "total": m.columns["total"].astype(str)}
    )
    return pd.concat([per_row, per_col], ignore_index=True)


def _axes(m: Matrix) -> tuple[alt.X, alt.Y]:
    """Focus areas across the top, coalitions down the side, each ending with its Total."""
    x = alt.X(
        "col_label:N",
        title=None,
        scale=alt.Scale(domain=[*m.columns["col_label"], TOTAL]),
        axis=alt.Axis(
            orient="top", labelAngle=-40, labelLimit=280, labelFontSize=12, labelOverlap=False, ticks=False
        ),
    )
    y = alt.Y(
        "row_label:N",
        title=None,
        scale=alt.Scale(domain=[*m.rows["row_label"], TOTAL]),
        axis=alt.Axis(labelLimit=260, labelFontSize=12, ticks=False),
    )
    return x, y


def _level_colour() -> alt.Color:
    """The cell colour by level, with a legend that repeats each level's glyph."""
    return alt.Color(
        "level:N",
        title="Evidence",
        scale=alt.Scale(domain=list(LEVELS), range=[LEVEL_COLOURS[lv] for lv in LEVELS]),
        legend=alt.Legend(
            orient="bottom",
            direction="horizontal",
            labelExpr=(
                f"datum.label == '{LEVEL_STATED}' ? '{GLYPH[LEVEL_STATED]} {LEVEL_STATED}' : "
                f"datum.label == '{LEVEL_PROGRAMME}' ? '{GLYPH[LEVEL_PROGRAMME]} {LEVEL_PROGRAMME}' : "
                f"'{GLYPH[LEVEL_NONE]} {LEVEL_NONE}'"
            ),
            labelLimit=300,
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


def _cell_layers(m: Matrix, x: alt.X, y: alt.Y, selectable: bool) -> tuple[alt.Chart, alt.Chart]:
    """The coloured cells (with the click selection when `selectable`) and their glyphs."""
    base = alt.Chart(chart_values(m.cells[CELL_FIELDS]))
    tooltip = _tooltip()
    rect = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        x=x, y=y, color=_level_colour(), tooltip=tooltip
    )
    if selectable:
        pick = alt.selection_point(name=SELECTION, fields=["group_id", "focus_id"], on="click")
        rect = rect.add_params(pick).encode(
            stroke=alt.when(pick, empty=False).then(alt.value("#000000")).otherwise(alt.value("#FFFFFF")),
            strokeWidth=alt.when(pick, empty=False).then(alt.value(3)).otherwise(alt.value(1)),
        )
    # The glyphs repeat the cell's colour as a shape; screen readers get the cell from the rect.
    glyphs = base.mark_text(fontSize=15, aria=False).encode(
        x=x, y=y, text="glyph:N", color=alt.Color("glyph_colour:N", scale=None), tooltip=tooltip
    )
    return rect, glyphs


def matrix_chart(
    m: Matrix, *, title: str, description: str, selectable: bool = True, notes: Sequence[str] = ()
) -> alt.LayerChart:
    """Heatmap of evidence levels with glyphs, a Total column and row, and a point selection on cells."""
    x, y = _axes(m)
    rect, glyphs = _cell_layers(m, x, y, selectable)
    totals = (
        alt.Chart(chart_values(totals_frame(m)))
        .mark_text(fontSize=13, fontWeight="bold", color="#000000")
        .encode(x=x, y=y, text="total:N")
    )
    subtitle = [
        f"{NSCP_MARK} = one of the NSCP's five shared focus areas. "
        "Total column: focus areas with evidence; Total row: coalitions with evidence.",
    ]
    if m.view.with_networks:
        subtitle.append("Network rows show the partnership's own statements and are not in the Total row.")
    subtitle.extend(notes)
    return (
        alt.layer(rect, glyphs, totals)
        .properties(
            title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start", fontSize=16),
            description=description,
            width=alt.Step(34),
            height=alt.Step(30),
        )
        .configure_view(stroke=None)
        .configure_axis(domain=False, grid=False, labelColor="#000000")
        .configure_title(subtitleColor="#333333", subtitleFontSize=12)
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
