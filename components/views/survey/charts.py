"""The bar chart every survey view draws, and the ChartView that carries it with its table twin.

Published, respondent and comparison views are all built by `ChartParts.view()`: one accessible
description, one Altair chart, one table twin and its CSV header, so a fix to how a survey chart
is described or titled reaches all three.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import altair as alt
import pandas as pd
import pyarrow as pa

from components.exports.charts import Spec, chart_values, vega_lite_spec
from components.views.palette import OKABE_ITO

SMALL_BASE = 10  # bars whose base n is below this are flagged as unreliable
BAR_COLOUR = OKABE_ITO["blue"]
BASELINE_COLOUR = OKABE_ITO["orange"]
FOOTER_COLOUR = "#444444"
CHART_WIDTH = 520
WRAP = 100  # characters per title/footer line: Vega titles do not wrap by themselves
LABEL_WRAP = 34  # characters per line of an answer label on the y axis


def fmt_percent(value: float) -> str:
    """60 -> '60%', 59.5 -> '59.5%'."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def wrap_lines(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width) or [""]


def _wrapped_label(answer: str) -> str:
    """Answer text split into short lines joined by '|' (the axis splits on it)."""
    return "|".join(textwrap.wrap(str(answer).replace("|", "/"), LABEL_WRAP) or [""])


def chart_description(title: str, rows: pd.DataFrame, sentence: str, extra: Sequence[str] = ()) -> str:
    """The accessible description: chart type, title, takeaway, every value, then the caveats."""
    values = "; ".join(f"{r.answer}: {r.label}" for r in rows.itertuples(index=False))
    return " ".join([f"Horizontal bar chart. {title}.", sentence, f"Values: {values}.", *extra])


def _ranked_frame(
    bars: pd.DataFrame, series_order: Sequence[str]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """(bars with series/small_base/answer_label filled in, series order, answer order)."""
    frame = bars.copy()
    if "series" not in frame:
        frame["series"] = ""
    if "small_base" not in frame:
        frame["small_base"] = False
    series = list(series_order) or list(dict.fromkeys(frame["series"]))
    first = frame[frame["series"] == series[0]] if series else frame
    ranked = first.sort_values("percent", ascending=False, kind="stable")["answer"].tolist()
    order = list(dict.fromkeys(ranked + frame["answer"].tolist()))
    frame["answer_label"] = frame["answer"].map(_wrapped_label)
    return frame, series, order


def _bar_step(label_order: Sequence[str], n_series: int) -> int:
    """Height per bar: room for the wrapped answer label, shared by the bars of one answer."""
    multi = n_series > 1
    lines_per_label = max((lbl.count("|") + 1 for lbl in label_order), default=1)
    per_series = n_series if multi else 1
    return max(14 if multi else 20, math.ceil((14 * lines_per_label + 6) / per_series))


def _bars_and_labels(frame: pd.DataFrame, series: list[str], label_order: list[str], colours: Sequence[str]):
    """The bar layer (pale and dashed where the base is small) and the text at each bar's end."""
    multi = len(series) > 1
    y = alt.Y(
        "answer_label:N",
        sort=label_order,
        title=None,
        axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=260, labelFontSize=12),
    )
    x = alt.X(
        "percent:Q",
        title="Percent of respondents",
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(values=[0, 25, 50, 75, 100], labelExpr="datum.value + '%'"),
    )
    tooltip = [
        alt.Tooltip("answer:N", title="Answer"),
        alt.Tooltip("label:N", title="Figure"),
    ]
    if multi:
        tooltip.insert(0, alt.Tooltip("series:N", title="Series"))
    colour = (
        alt.Color(
            "series:N",
            scale=alt.Scale(domain=series, range=list(colours)[: len(series)]),
            legend=alt.Legend(title=None, orient="top", direction="vertical", labelLimit=400),
        )
        if multi
        else alt.value(colours[0])
    )
    base = alt.Chart(chart_values(frame)).encode(y=y, x=x, tooltip=tooltip)
    if multi:
        base = base.encode(yOffset=alt.YOffset("series:N", sort=series))
    bar = base.mark_bar().encode(
        color=colour,
        opacity=alt.condition("datum.small_base", alt.value(0.45), alt.value(1.0)),
        strokeDash=alt.condition("datum.small_base", alt.value([3, 2]), alt.value([0, 0])),
        stroke=alt.condition("datum.small_base", alt.value("#000000"), alt.value(None)),
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color="#000000").encode(text="label:N")
    return bar, text


def bars_chart(
    bars: pd.DataFrame,
    *,
    title: str,
    subtitle: Sequence[str],
    footer: Sequence[str],
    description: str,
    series_order: Sequence[str] = (),
    colours: Sequence[str] = (BAR_COLOUR,),
) -> alt.VConcatChart:
    """Sorted horizontal bars with labels; title and subtitle above, sources and notes below.

    `bars` columns: answer, percent, label (text at the bar end), series, small_base (bool).
    Answers are sorted by the percent of the first series, highest first.
    """
    frame, series, order = _ranked_frame(bars, series_order)
    label_order = [_wrapped_label(a) for a in order]
    bar, text = _bars_and_labels(frame, series, label_order, colours)
    n_rows = len(order) * (len(series) if len(series) > 1 else 1)
    layer = alt.layer(bar, text).properties(
        width=CHART_WIDTH,
        height=max(60, _bar_step(label_order, len(series)) * n_rows),
        title=alt.Title(
            [line for item in footer for line in wrap_lines(item)],
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color=FOOTER_COLOUR,
            offset=12,
        ),
    )
    return alt.vconcat(layer).properties(
        title=alt.Title(
            wrap_lines(title, 80),
            subtitle=[line for item in subtitle for line in wrap_lines(item)],
            anchor="start",
            fontSize=15,
            subtitleFontSize=12,
            subtitleColor=FOOTER_COLOUR,
        ),
        description=description,
    )


@dataclass(frozen=True)
class ChartView:
    """Everything the page shows for one question: chart, sentence, caveats, table twin."""

    question_id: str
    title: str
    chart: alt.TopLevelMixin
    takeaway: str
    description: str
    caption: list[str]
    table: pd.DataFrame
    header_lines: list[str]

    @cached_property
    def spec(self) -> Spec:
        """The chart as Vega-Lite, converted once (a published view's is shared: read-only)."""
        return vega_lite_spec(self.chart)

    @cached_property
    def arrow_table(self) -> pa.Table:
        """The table twin as Arrow, converted once: st.dataframe would convert the frame every rerun."""
        return pa.Table.from_pandas(self.table)


def table_twin(rows: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """The chart's rows as its table: `columns` maps each kept column to its heading, in order."""
    return rows.rename(columns=dict(columns))[list(columns.values())]


@dataclass(frozen=True)
class ChartParts:
    """What one question's view is made of; `view()` describes it, draws it and pairs it with its table."""

    question_id: str
    title: str
    sentence: str  # the takeaway
    bars: pd.DataFrame  # bars_chart input
    described: pd.DataFrame  # the values the description lists: answer and label
    subtitle: Sequence[str]
    footer: Sequence[str]
    table: pd.DataFrame  # the table twin
    header: list[str]  # the CSV download's header lines
    series_order: Sequence[str] = ()
    colours: Sequence[str] = (BAR_COLOUR,)

    def view(self) -> ChartView:
        caption = [*self.subtitle, *self.footer]
        description = chart_description(self.title, self.described, self.sentence, caption)
        chart = bars_chart(
            self.bars,
            title=self.title,
            subtitle=self.subtitle,
            footer=self.footer,
            description=description,
            series_order=self.series_order,
            colours=self.colours,
        )
        return ChartView(
            self.question_id, self.title, chart, self.sentence, description, caption, self.table, self.header
        )
