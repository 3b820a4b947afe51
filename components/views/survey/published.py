"""The 2016 ICMA / Smart Cities Council survey: tidy tables, Altair charts, takeaways and context.

Everything here is a plain function of the loaded tables (`survey_facts`, `survey_results`,
`sources`). Charts draw only figures the sources publish: where several rows (one per source)
give the same question and answer, the first row in the file is charted and the others are
footnoted under the chart, so a disagreement is shown, never averaged away.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import altair as alt
import pandas as pd
import pyarrow as pa

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.exports.charts import Spec, chart_values, vega_lite_spec
from components.views.palette import OKABE_ITO

SMALL_BASE = 10  # bars whose base n is below this are flagged as unreliable
BAR_COLOUR = OKABE_ITO["blue"]
BASELINE_COLOUR = OKABE_ITO["orange"]
FOOTER_COLOUR = "#444444"
CHART_WIDTH = 520
WRAP = 100  # characters per title/footer line: Vega titles do not wrap by themselves
LABEL_WRAP = 34  # characters per line of an answer label on the y axis
NATIONAL_NOTE = (
    "National figures: unweighted, self-reported by the responding governments; "
    "the sources give no breakdown by state or size."
)
PARTIAL_NOTE = "Partial list: the sources publish only these answers."
# Which design fact answers which headline question (survey_facts.fact_id).
SURVEYED, RESPONSES, RATE, THRESHOLD = "surveyed", "responses", "response-rate", "population-threshold"
CONTEXT_ORDER = (
    "partners",
    THRESHOLD,
    SURVEYED,
    "mode",
    "mailed",
    "closing",
    RESPONSES,
    RATE,
    "weighting",
    "definition",
    "topics",
    "framework-areas",
    "restatement-range",
    "dataset-price",
    "dataset-library",
    "webinar",
)


def md_escape(text: object) -> str:
    """Data text made inert for st.markdown: every markdown/HTML-significant character escaped."""
    value = " ".join(str(text).split())
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>&~$:'\"=" else ch for ch in value)


def safe_url(url: str) -> str:
    """An http(s) address made safe inside a markdown link target."""
    if not url.lower().startswith(("http://", "https://")):
        return ""
    return "".join(
        {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22"}.get(ch, ch) for ch in url
    )


def fmt_percent(value: float) -> str:
    """60 -> '60%', 59.5 -> '59.5%'."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def wrap_lines(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width) or [""]


def _wrapped_label(answer: str) -> str:
    """Answer text split into short lines joined by '|' (the axis splits on it)."""
    return "|".join(textwrap.wrap(str(answer).replace("|", "/"), LABEL_WRAP) or [""])


# -- sources ---------------------------------------------------------------------------------


def source_lookup(sources: pd.DataFrame) -> dict[str, dict[str, str]]:
    """source_id -> publisher, title, url, and a date label ('2016-05-21' or 'source undated; read …')."""
    out: dict[str, dict[str, str]] = {}
    for row in sources.itertuples(index=False):
        published = row.published or ""
        out[row.source_id] = {
            "publisher": row.publisher,
            "title": row.title,
            "url": row.url,
            "date": published if published else f"source undated; read {row.accessed}",
            "short": f"{row.publisher}, “{row.title}”",
        }
    return out


def _source_text(source_id: str, lookup: dict[str, dict[str, str]]) -> str:
    src = lookup.get(source_id)
    return f"{src['short']} ({src['date']})" if src else source_id


# -- design facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DesignFigure:
    """One headline figure (e.g. 3,423 surveyed), its sources, and what other sources say."""

    fact_id: str
    label: str
    number: float | None
    value: str
    sources: tuple[str, ...]  # source ids giving the charted number
    others: tuple[str, ...] = ()  # 'Pre-survey announcements give 3,428 (…)'

    @property
    def found(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class SurveyDesign:
    surveyed: DesignFigure
    responses: DesignFigure
    rate: DesignFigure
    threshold: DesignFigure
    as_of: str = ""
    source_ids: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.surveyed.found and self.responses.found and self.rate.found

    def base_line(self) -> str:
        """'493 responding local governments of 3,423 surveyed (14.4% response rate)'."""
        if not self.complete:
            return "Responding local governments (the survey design figures are not in the data)"
        return (
            f"{fmt_count(self.responses.number)} responding local governments of "
            f"{fmt_count(self.surveyed.number)} surveyed ({fmt_percent(self.rate.number)} response rate)"
        )

    def response_line(self) -> str:
        """'3,423 surveyed, 14.4% response rate'."""
        if not self.complete:
            return "survey design figures not in the data"
        return f"{fmt_count(self.surveyed.number)} surveyed, {fmt_percent(self.rate.number)} response rate"


def fmt_count(value: float | None) -> str:
    return f"{int(value):,}" if value is not None else "?"


def design_figure(facts: pd.DataFrame, fact_id: str, lookup: dict[str, dict[str, str]]) -> DesignFigure:
    """The first row of `fact_id` is the charted figure; rows with another number are 'others'."""
    rows = facts[facts["fact_id"] == fact_id]
    if rows.empty:
        return DesignFigure(fact_id, fact_id, None, "", ())
    first = rows.iloc[0]
    number = None if pd.isna(first["number"]) else float(first["number"])
    same = rows[rows["number"] == first["number"]] if number is not None else rows.iloc[:1]
    others = []
    for _number, grp in rows[~rows.index.isin(same.index)].groupby("number", sort=False):
        names = "; ".join(_source_text(s, lookup) for s in dict.fromkeys(grp["source_id"]))
        others.append(f"{grp.iloc[0]['value']} in {names}")
    return DesignFigure(
        fact_id=fact_id,
        label=str(first["label"]),
        number=number,
        value=str(first["value"]),
        sources=tuple(dict.fromkeys(same["source_id"])),
        others=tuple(others),
    )


@per_dataset
def survey_design(data: Dataset) -> SurveyDesign:
    lookup = source_lookup(data.sources)
    facts = data.survey_facts
    figures = [design_figure(facts, f, lookup) for f in (SURVEYED, RESPONSES, RATE, THRESHOLD)]
    as_of = max(facts["as_of"], default="") if len(facts) else ""
    return SurveyDesign(*figures, as_of=as_of, source_ids=tuple(dict.fromkeys(facts["source_id"])))


@per_dataset
def design_citation(data: Dataset) -> str:
    """'Figures from ICMA, “…”.': the sources of the headline design figures (the surveyed count's)."""
    lookup = source_lookup(data.sources)
    cited = "; ".join(lookup[s]["short"] for s in survey_design(data).surveyed.sources if s in lookup)
    return f"Figures from {cited}."


@per_dataset
def context_table(data: Dataset) -> pd.DataFrame:
    """Every design fact with its source, as the context panel's table (one row per fact and source).

    Cached per dataset and shared: read-only.
    """
    lookup = source_lookup(data.sources)
    facts = data.survey_facts.copy()
    order = {f: i for i, f in enumerate(CONTEXT_ORDER)}
    facts["_order"] = facts["fact_id"].map(lambda f: order.get(f, len(order)))
    facts = facts.sort_values(["_order", "csv_row"], kind="stable")
    return pd.DataFrame(
        {
            "Topic": facts["label"],
            "What the source says": facts["value"],
            "Source": [lookup.get(s, {}).get("short", s) for s in facts["source_id"]],
            "Address": [lookup.get(s, {}).get("url", "") for s in facts["source_id"]],
            "Date": [lookup.get(s, {}).get("date", "") for s in facts["source_id"]],
            "Note": facts["note"],
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class ContextPoint:
    topic: str
    text: str
    sources: tuple[tuple[str, str, str], ...]  # (label, url, date label)

    def markdown(self) -> str:
        """'**Topic.** text (source: [label](url), date)' with every data string escaped."""
        cites = "; ".join(
            f"[{md_escape(label)}]({safe_url(url)}), {md_escape(date)}" for label, url, date in self.sources
        )
        return f"**{md_escape(self.topic)}.** {md_escape(self.text)} *(source: {cites})*"


@per_dataset
def context_markdown(data: Dataset) -> tuple[str, ...]:
    """The context panel's bullet points as markdown, computed once per dataset."""
    return tuple(point.markdown() for point in context_points(data))


def context_points(data: Dataset) -> list[ContextPoint]:
    """One statement per design fact (its first version), citing every source that gives it."""
    lookup = source_lookup(data.sources)
    facts = data.survey_facts
    points = []
    known = [f for f in CONTEXT_ORDER if f in set(facts["fact_id"])]
    extra = [f for f in dict.fromkeys(facts["fact_id"]) if f not in CONTEXT_ORDER]
    for fact_id in known + extra:
        rows = facts[facts["fact_id"] == fact_id]
        first = rows.iloc[0]
        same_value = rows[
            rows["number"].eq(first["number"]) | (rows["number"].isna() & pd.isna(first["number"]))
        ]
        text = str(first["value"]).rstrip(".") + "."
        if first["note"]:
            text += " " + str(first["note"])
        others = rows[~rows.index.isin(same_value.index)]
        for _, grp in others.groupby("value", sort=False):
            text += f" Other sources: {grp.iloc[0]['value']} ({'; '.join(lookup.get(s, {}).get('short', s) for s in dict.fromkeys(grp['source_id']))})."
        cites = tuple(
            (
                lookup.get(s, {}).get("short", s),
                lookup.get(s, {}).get("url", ""),
                lookup.get(s, {}).get("date", ""),
            )
            for s in dict.fromkeys(same_value["source_id"])
        )
        points.append(ContextPoint(str(first["label"]), text, cites))
    return points


# -- published results ----------------------------------------------------------------------


def questions(results: pd.DataFrame) -> list[tuple[str, str]]:
    """(question_id, question) in file order."""
    firsts = results.drop_duplicates("question_id")
    return list(zip(firsts["question_id"], firsts["question"], strict=True))


def published_rows(data: Dataset, question_id: str) -> pd.DataFrame:
    """The charted rows of one question: one per answer (its first row), sorted by percent.

    Columns: answer, percent, label, base, list_complete, source_id, source, url, date, note,
    also_reported (the other sources' figures for the same answer, in words).
    """
    lookup = source_lookup(data.sources)
    rows = data.survey_results[data.survey_results["question_id"] == question_id]
    out = []
    for position, (answer, grp) in enumerate(rows.groupby("answer", sort=False)):
        first = grp.iloc[0]
        also = [
            f"{fmt_percent(r.percent)} in {_source_text(r.source_id, lookup)}"
            + (f" — {r.note.rstrip('.')}" if r.note else "")
            for r in grp.iloc[1:].itertuples(index=False)
        ]
        src = lookup.get(first["source_id"], {})
        out.append(
            {
                "question_id": question_id,
                "question": first["question"],
                "answer": answer,
                "percent": float(first["percent"]),
                "label": fmt_percent(float(first["percent"])),
                "base": first["base"],
                "list_complete": bool(first["list_complete"]),
                "source_id": first["source_id"],
                "source": src.get("short", first["source_id"]),
                "url": src.get("url", ""),
                "date": src.get("date", first["as_of"]),
                "note": first["note"],
                "also_reported": "; ".join(also),
                "_order": position,
            }
        )
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    return (
        frame.sort_values(["percent", "_order"], ascending=[False, True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _join_names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def takeaway(rows: pd.DataFrame, *, who: str = "responding local governments") -> str:
    """One sentence computed from the charted rows (sorted by percent, highest first)."""
    if rows.empty:
        return "The sources publish no figures for this question."
    top = rows.iloc[0]
    if len(rows) == 1:
        return f"{top['answer']}: {fmt_percent(top['percent'])} of {who} — the only answer the sources publish here."
    leaders = rows[rows["percent"] == top["percent"]]
    rest = rows[rows["percent"] < top["percent"]]
    if len(leaders) > 1:
        text = f"{_join_names(list(leaders['answer']))} tie at {fmt_percent(top['percent'])}"
    else:
        text = f"{top['answer']} leads at {fmt_percent(top['percent'])} of {who}"
    if not rest.empty:
        second = rest.iloc[0]["percent"]
        seconds = rest[rest["percent"] == second]
        text += f", followed by {_join_names(list(seconds['answer']))} at {fmt_percent(second)}"
    low = rows.iloc[-1]["percent"]
    if not rest.empty and low < rest.iloc[0]["percent"]:
        lows = list(rows.loc[rows["percent"] == low, "answer"])
        text += f"; {_join_names(lows)} {'is' if len(lows) == 1 else 'are'} lowest at {fmt_percent(low)}"
    return text + f" ({len(rows)} answers published)."


def source_lines(rows: pd.DataFrame) -> list[str]:
    """'Source: ICMA, “…” (source undated; read …)' per source of the charted rows."""
    texts = [f"{s} ({d})" for s, d in dict.fromkeys(zip(rows["source"], rows["date"], strict=True))]
    return [("Source: " if len(texts) == 1 else "Sources: ") + "; ".join(texts)]


def footnotes(rows: pd.DataFrame) -> list[str]:
    """Other sources' figures for the charted answers, and the notes on the rows."""
    notes = [f"{r.answer}: also {r.also_reported}." for r in rows.itertuples(index=False) if r.also_reported]
    notes += list(dict.fromkeys(n for n in rows["note"] if n))
    return notes


def chart_description(title: str, rows: pd.DataFrame, sentence: str, extra: Sequence[str] = ()) -> str:
    """The accessible description: chart type, title, takeaway, every value, then the caveats."""
    values = "; ".join(f"{r.answer}: {r.label}" for r in rows.itertuples(index=False))
    return " ".join([f"Horizontal bar chart. {title}.", sentence, f"Values: {values}.", *extra])


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
    label_order = [_wrapped_label(a) for a in order]
    multi = len(series) > 1
    lines_per_label = max((lbl.count("|") + 1 for lbl in label_order), default=1)
    # Height per bar: room for the wrapped answer label, shared by the bars of one answer.
    per_series = len(series) if multi else 1
    step = max(14 if multi else 20, math.ceil((14 * lines_per_label + 6) / per_series))
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
    n_rows = len(order) * (len(series) if multi else 1)
    layer = alt.layer(bar, text).properties(
        width=CHART_WIDTH,
        height=max(60, step * n_rows),
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


def published_view(data: Dataset, question_id: str, design: SurveyDesign) -> ChartView:
    """The chart, sentence, caveats and table of one published question."""
    rows = published_rows(data, question_id)
    title = str(rows.iloc[0]["question"]) if len(rows) else question_id
    partial = bool(len(rows)) and not rows["list_complete"].all()
    bases = list(dict.fromkeys(rows["base"]))
    subtitle = [f"Percent {'; '.join(bases)}; {design.response_line()}.", NATIONAL_NOTE]
    if partial:
        subtitle.append(PARTIAL_NOTE)
    footer = source_lines(rows) + footnotes(rows)
    sentence = takeaway(rows)
    description = chart_description(title, rows, sentence, [*subtitle, *footer])
    chart = bars_chart(
        rows.assign(series="2016 national (published)", small_base=False),
        title=title,
        subtitle=subtitle,
        footer=footer,
        description=description,
    )
    table = rows.rename(
        columns={
            "answer": "Answer",
            "percent": "Percent",
            "base": "Base",
            "source": "Source",
            "url": "Address",
            "date": "Date",
            "also_reported": "Other sources",
            "note": "Note",
        }
    )[["Answer", "Percent", "Base", "Source", "Address", "Date", "Other sources", "Note"]]
    table.insert(3, "Complete list", "no" if partial else "yes")
    header = [
        f"2016 ICMA / Smart Cities Council survey: {title}",
        f"Base: {design.base_line()}",
        NATIONAL_NOTE,
        *([PARTIAL_NOTE] if partial else []),
        *[f"{s} {u}" for s, u in dict.fromkeys(zip(rows["source"], rows["url"], strict=True))],
        f"Data as of {data.as_of}",
    ]
    return ChartView(question_id, title, chart, sentence, description, [*subtitle, *footer], table, header)


@per_dataset
def published_views(data: Dataset) -> tuple[ChartView, ...]:
    """Every published question's view, with its Vega-Lite spec: built once per dataset, shared, read-only.

    No filter changes them, so a rerun of /survey draws them without any pandas or Altair work.
    """
    design = survey_design(data)
    views = tuple(published_view(data, qid, design) for qid, _ in questions(data.survey_results))
    for view in views:
        _ = view.spec, view.arrow_table  # convert now, once, not in the first page run that draws it
    return views


def share_description(views: Sequence[ChartView], design: SurveyDesign) -> str:
    """One line for the share panel: what the published view shows."""
    if not views:
        return "2016 ICMA / Smart Cities Council survey: no published figures in the data"
    return (
        f"Published national results of the 2016 ICMA / Smart Cities Council survey: {len(views)} questions; "
        f"{design.base_line()}"
    )


@per_dataset
def share_sources(data: Dataset) -> list[str]:
    """'Publisher, “Title” address' for every source the survey tables cite."""
    lookup = source_lookup(data.sources)
    cited = dict.fromkeys([*data.survey_results["source_id"], *data.survey_facts["source_id"]])
    return [f"{lookup[s]['short']} {lookup[s]['url']}" for s in cited if s in lookup]
