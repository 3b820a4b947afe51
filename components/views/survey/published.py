"""The 2016 ICMA / Smart Cities Council survey: design facts, context, and one chart view per published question.

Everything here is a plain function of the loaded tables (`survey_facts`, `survey_results`,
`sources`). Charts draw only figures the sources publish: where several rows (one per source)
give the same question and answer, the first row in the file is charted and the others are
footnoted under the chart, so a disagreement is shown, never averaged away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.summaries import date_label, published_label, vintage_label
from components.data.text import md_text, safe_url
from components.views.survey.charts import ChartParts, ChartView, fmt_percent, table_twin

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


def source_lookup(sources: pd.DataFrame) -> dict[str, dict[str, str]]:
    """source_id -> publisher, title, url, when it was last checked ('accessed'), and the source's
    own dates in words ('published 2016-05-21, checked 2026-11-21' or 'undated, checked …')."""
    out: dict[str, dict[str, str]] = {}
    for row in sources.itertuples(index=False):
        out[row.source_id] = {
            "publisher": row.publisher,
            "title": row.title,
            "url": row.url,
            "accessed": row.accessed,
            "date": published_label(row.published, row.accessed),
            "short": f"{row.publisher}, “{row.title}”",
        }
    return out


def fact_date(as_of: object, source_id: str, lookup: dict[str, dict[str, str]]) -> str:
    """A fact row's date with its kind: 'stated 2016-05-21' or 'undated source, checked 2026-11-21'."""
    return date_label(as_of, lookup.get(source_id, {}).get("accessed", ""))


def _source_text(source_id: str, lookup: dict[str, dict[str, str]], as_of: object = "") -> str:
    src = lookup.get(source_id)
    return f"{src['short']} ({fact_date(as_of, source_id, lookup)})" if src else source_id


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
        names = "; ".join(
            dict.fromkeys(
                _source_text(s, lookup, a) for s, a in zip(grp["source_id"], grp["as_of"], strict=True)
            )
        )
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
            "Date": [
                fact_date(a, s, lookup) for a, s in zip(facts["as_of"], facts["source_id"], strict=True)
            ],
            "Note": facts["note"],
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class ContextPoint:
    topic: str
    text: str
    sources: tuple[
        tuple[str, str, str], ...
    ]  # (label, url, date label: 'stated …' / 'undated source, checked …')

    def markdown(self) -> str:
        """'**Topic.** text (source: [label](url), date)' with every data string escaped."""
        cites = "; ".join(
            f"[{md_text(label)}]({safe_url(url)}), {md_text(date)}" for label, url, date in self.sources
        )
        # The citation is not in italics: a first visit would fetch an italic font (~135 kB) for it.
        return f"**{md_text(self.topic)}.** {md_text(self.text)} (source: {cites})"


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
        same_value = agreeing_rows(rows)
        first = rows.iloc[0]
        text = str(first["value"]).rstrip(".") + "."
        if first["note"]:
            text += " " + str(first["note"])
        others = rows[~rows.index.isin(same_value.index)]
        for _, grp in others.groupby("value", sort=False):
            names = "; ".join(
                dict.fromkeys(
                    _source_text(s, lookup, a) for s, a in zip(grp["source_id"], grp["as_of"], strict=True)
                )
            )
            text += f" Other sources: {grp.iloc[0]['value']} ({names})."
        cites = tuple(
            dict.fromkeys(
                (
                    lookup.get(s, {}).get("short", s),
                    lookup.get(s, {}).get("url", ""),
                    fact_date(a, s, lookup),
                )
                for s, a in zip(same_value["source_id"], same_value["as_of"], strict=True)
            )
        )
        points.append(ContextPoint(str(first["label"]), text, cites))
    return points


def agreeing_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of one design fact that say what its first row says.

    With a number, the rows giving the same number; without one, the rows giving the same value in
    words (so "April 2016" and "May 2016" are two versions, each with its own source).
    """
    first = rows.iloc[0]
    if pd.isna(first["number"]):
        return rows[rows["number"].isna() & rows["value"].eq(first["value"])]
    return rows[rows["number"].eq(first["number"])]


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
            f"{fmt_percent(r.percent)} in {_source_text(r.source_id, lookup, r.as_of)}"
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
                "date": fact_date(first["as_of"], first["source_id"], lookup),
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
    """'Source: ICMA, “…” (undated source, checked …)' per source of the charted rows."""
    texts = [f"{s} ({d})" for s, d in dict.fromkeys(zip(rows["source"], rows["date"], strict=True))]
    return [("Source: " if len(texts) == 1 else "Sources: ") + "; ".join(texts)]


def footnotes(rows: pd.DataFrame) -> list[str]:
    """Other sources' figures for the charted answers, and the notes on the rows."""
    notes = [f"{r.answer}: also {r.also_reported}." for r in rows.itertuples(index=False) if r.also_reported]
    notes += list(dict.fromkeys(n for n in rows["note"] if n))
    return notes


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
    table = table_twin(
        rows,
        {
            "answer": "Answer",
            "percent": "Percent",
            "base": "Base",
            "source": "Source",
            "url": "Address",
            "date": "Date",
            "also_reported": "Other sources",
            "note": "Note",
        },
    )
    table.insert(3, "Complete list", "no" if partial else "yes")
    header = [
        f"2016 ICMA / Smart Cities Council survey: {title}",
        f"Base: {design.base_line()}",
        NATIONAL_NOTE,
        *([PARTIAL_NOTE] if partial else []),
        *[f"{s} {u}" for s, u in dict.fromkeys(zip(rows["source"], rows["url"], strict=True))],
        vintage_label(data.as_of),
    ]
    return ChartParts(
        question_id,
        title,
        sentence,
        bars=rows.assign(series="2016 national (published)", small_base=False),
        described=rows,
        subtitle=subtitle,
        footer=footer,
        table=table,
        header=header,
    ).view()


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
