"""Respondent-level breakdowns: coalition membership, filters, percentages per group, and their charts.

Percentages are computed, never typed: the share of respondents answering a question who selected
an answer, with the base n on every bar. `respondent_shown` is everything the /survey page shows
for one file and one set of filters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace

import pandas as pd

from components.data.filters import rows_matching
from components.data.load import Dataset
from components.views.palette import OKABE_ITO
from components.views.survey import charts, disclosure
from components.views.survey import published as survey
from components.views.survey.charts import BAR_COLOUR, BASELINE_COLOUR, SMALL_BASE, ChartView, fmt_percent
from components.views.survey.template import POPULATION_LABELS
from components.views.survey.upload import RespondentData

MAX_GROUPS_CHARTED = 7  # more breakdown groups than this go to the table only
BREAKDOWNS = {"state": "state", "population": "population group", "coalition": "coalition membership"}
NOT_A_MEMBER = "not a listed coalition member"
ALL_RESPONDENTS = "All respondents"
YOUR_DATA = "Your respondents"
NATIONAL = "2016 national (published)"
GROUP_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["grey"],
)
RESULT_COLUMNS = [
    "question_id",
    "question",
    "group",
    "answer",
    "selected_n",
    "n",
    "percent",
    "small_base",
    "label",
]
COMPARED_COLUMNS = ["question_id", "question", "answer", "series", "percent", "label", "small_base", "n"]
_PREFIXES = ("city of ", "town of ", "village of ", "township of ", "borough of ", "the ")
_UPLOAD_NOTE = (
    "Percent of respondents answering the question who selected the answer; unweighted; "
    f"bars with a base under {SMALL_BASE} are pale and dashed (small base: treat with caution)."
)


def normalise_name(name: str) -> str:
    """'City of Plano' / 'plano' / 'Plano.' -> 'plano'; 'Dallas County' stays 'dallas county'."""
    text = unicodedata.normalize("NFKC", str(name)).casefold().replace("&", " and ")
    text = re.sub(r"[.,'’()]", " ", text)
    text = " ".join(text.split())
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def membership(frame: pd.DataFrame, members: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """respondent_id -> coalition ids whose listed members match its jurisdiction and state by name."""
    coalition_members = members[(members["group_kind"] == "coalition") & members["is_member"]]
    index: dict[tuple[str, str], set[str]] = {}
    for row in coalition_members.itertuples(index=False):
        index.setdefault((normalise_name(row.name), str(row.state)), set()).add(row.group_id)
    out: dict[str, tuple[str, ...]] = {}
    people = frame.drop_duplicates("respondent_id")
    for row in people.itertuples(index=False):
        out[str(row.respondent_id)] = tuple(
            sorted(index.get((normalise_name(row.jurisdiction), row.state), ()))
        )
    return out


@dataclass(frozen=True)
class RespondentFilters:
    states: tuple[str, ...] = ()
    pop_groups: tuple[str, ...] = ()
    coalitions: tuple[str, ...] = ()
    by: str = ""  # '', 'state', 'population' or 'coalition'

    @property
    def active(self) -> bool:
        return bool(self.states or self.pop_groups or self.coalitions)


def _members_of_any(members_of: dict[str, tuple[str, ...]], coalitions: Collection[str]) -> set[str]:
    wanted = set(coalitions)
    return {rid for rid, groups in members_of.items() if wanted & set(groups)}


def apply_filters(
    frame: pd.DataFrame, members_of: dict[str, tuple[str, ...]], filters: RespondentFilters
) -> pd.DataFrame:
    return rows_matching(
        frame,
        [
            ("state", filters.states or None),
            ("pop_group", filters.pop_groups or None),
            (
                "respondent_id",
                _members_of_any(members_of, filters.coalitions) if filters.coalitions else None,
            ),
        ],
    )


def describe(frame: pd.DataFrame, filters: RespondentFilters, names: dict[str, str], file: str = "") -> str:
    """'12 respondents in TX · population 50,000–99,999 · members of NTXIA · by state'."""
    n = int(frame["respondent_id"].nunique()) if len(frame) else 0
    text = f"{n} respondent{'s' if n != 1 else ''}"
    if file:
        text += f" from {file}"
    if filters.states:
        text += " in " + ", ".join(filters.states)
    parts = [text]
    if filters.pop_groups:
        parts.append("population " + ", ".join(POPULATION_LABELS.get(g, g) for g in filters.pop_groups))
    if filters.coalitions:
        parts.append("members of " + ", ".join(names.get(c, c) for c in filters.coalitions))
    if filters.by:
        parts.append("by " + BREAKDOWNS.get(filters.by, filters.by))
    return " · ".join(parts)


def _groups(
    frame: pd.DataFrame, members_of: dict[str, tuple[str, ...]], by: str, names: dict[str, str]
) -> pd.DataFrame:
    """frame with a 'group' column; a respondent in two coalitions appears once in each."""
    if by == "state":
        return frame.assign(group=frame["state"])
    if by == "population":
        return frame.assign(group=frame["pop_group"].map(lambda g: POPULATION_LABELS.get(g, g)))
    if by == "coalition":
        groups = frame["respondent_id"].map(
            lambda r: [names.get(c, c) for c in members_of.get(str(r), ())] or [NOT_A_MEMBER]
        )
        return frame.assign(group=groups).explode("group")
    return frame.assign(group=ALL_RESPONDENTS)


def _counts(grouped: pd.DataFrame) -> pd.DataFrame:
    """Per question, group and answer: respondents answering (n) and selecting it (selected_n)."""
    n = grouped.groupby(["question_id", "group"], sort=False)["respondent_id"].nunique().rename("n")
    chosen = (
        grouped[grouped["selected"]]
        .groupby(["question_id", "group", "answer"], sort=False)["respondent_id"]
        .nunique()
        .rename("selected_n")
    )
    answers = grouped[["question_id", "group", "answer"]].drop_duplicates()
    out = answers.merge(n.reset_index(), on=["question_id", "group"]).merge(
        chosen.reset_index(), on=["question_id", "group", "answer"], how="left"
    )
    out["selected_n"] = out["selected_n"].fillna(0).astype(int)
    return out


def question_results(
    frame: pd.DataFrame,
    members_of: dict[str, tuple[str, ...]],
    by: str = "",
    names: dict[str, str] | None = None,
    question_text: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Percent selecting each answer among respondents answering the question, per group.

    Columns: question_id, question, group, answer, selected_n, n, percent, small_base, label.
    """
    if frame.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    out = _counts(_groups(frame, members_of, by, names or {}))
    out["percent"] = (100 * out["selected_n"] / out["n"]).round(1)
    out["small_base"] = out["n"] < SMALL_BASE
    given = frame[frame["question"] != ""].drop_duplicates("question_id").set_index("question_id")["question"]
    texts = {**(question_text or {}), **given.to_dict()}
    out["question"] = out["question_id"].map(lambda q: texts.get(q, q))
    out["label"] = [
        f"{fmt_percent(p)} · {k} of {m}" + (" · small base" if s else "")
        for p, k, m, s in zip(out["percent"], out["selected_n"], out["n"], out["small_base"], strict=True)
    ]
    order = {q: i for i, q in enumerate(dict.fromkeys(frame["question_id"]))}
    out["_q"] = out["question_id"].map(order)
    out = out.sort_values(["_q", "group", "percent"], ascending=[True, True, False], kind="stable")
    return out.drop(columns="_q")[RESULT_COLUMNS].reset_index(drop=True)


def _overall_takeaway(rows: pd.DataFrame) -> str:
    n = int(rows["n"].iloc[0])
    if len(rows) == 1:
        only = rows.iloc[0]
        sentence = (
            f"{only['answer']}: {fmt_percent(only['percent'])} of the {n} respondent"
            f"{'s' if n != 1 else ''} answering ({int(only['selected_n'])} of {n})."
        )
        if n < SMALL_BASE:
            sentence += f" Small base: only {n} answered, so treat this with caution."
        return sentence
    ranked = rows.sort_values("percent", ascending=False, kind="stable")
    sentence = survey.takeaway(ranked, who=f"the {n} respondent{'s' if n != 1 else ''} answering").replace(
        " answers published", " answers"
    )
    if n < SMALL_BASE:
        sentence += (
            f" Small base: only {n} respondent{'s' if n != 1 else ''} answered, so treat this with caution."
        )
    return sentence


def _respondent_takeaway(rows: pd.DataFrame, by: str) -> str:
    if rows.empty:
        return "No respondent answered this question in the current selection."
    if not by:
        return _overall_takeaway(rows)
    totals = rows.groupby("answer", sort=False)["selected_n"].sum()
    top = str(totals.idxmax())
    spread = rows[rows["answer"] == top].sort_values("percent", ascending=False, kind="stable")
    hi, lo = spread.iloc[0], spread.iloc[-1]

    def part(r: pd.Series) -> str:
        flag = ", small base" if r["small_base"] else ""
        return f"{r['group']} ({fmt_percent(r['percent'])}, n = {int(r['n'])}{flag})"

    if len(spread) == 1:
        return f"{top} is the most chosen answer; only one group answered: {part(hi)}."
    return f"{top} is the most chosen answer overall; it is highest in {part(hi)} and lowest in {part(lo)}."


def _respondent_view(
    question_id: str,
    rows: pd.DataFrame,
    *,
    by: str,
    view_text: str,
    source_line: str,
    data_as_of: str,
    hidden_note: str = "",
) -> ChartView:
    """One question's chart (the biggest groups), sentence and table (every group shown)."""
    title = str(rows["question"].iloc[0])
    group_n = rows.drop_duplicates("group").set_index("group")["n"]
    biggest = list(group_n.sort_values(ascending=False, kind="stable").index[:MAX_GROUPS_CHARTED])
    charted = rows[rows["group"].isin(biggest)]
    series_names = {g: f"{g} (n = {int(group_n[g])})" for g in biggest}
    subtitle = [f"Your data: {view_text}.", _UPLOAD_NOTE]
    if len(group_n) > len(biggest):
        subtitle.append(
            f"The chart shows the {len(biggest)} groups with most respondents; the table lists all {len(group_n)}."
        )
    if hidden_note:
        subtitle.append(hidden_note)
    small = f"Small base (n < {SMALL_BASE})"
    columns = {"group": "Group", "answer": "Answer", "percent": "Percent", "selected_n": "Selected"}
    return charts.ChartParts(
        question_id,
        title,
        _respondent_takeaway(rows, by),
        bars=charted.assign(series=charted["group"].map(series_names)),
        described=rows.assign(answer=rows["group"] + ": " + rows["answer"]),
        subtitle=subtitle,
        footer=[source_line],
        table=charts.table_twin(rows, {**columns, "n": "Base n", "small_base": small}),
        header=[
            f"Respondent-level survey data: {title}",
            f"View: {view_text}",
            _UPLOAD_NOTE,
            *([hidden_note] if hidden_note else []),
            source_line,
            f"Coalition data as of {data_as_of}",
        ],
        series_order=[series_names[g] for g in biggest],
        colours=GROUP_COLOURS,
    ).view()


def respondent_views(
    results: pd.DataFrame,
    *,
    by: str,
    view_text: str,
    source_line: str,
    data_as_of: str,
    min_group: int = disclosure.DEFAULT_MIN_GROUP,
) -> tuple[list[ChartView], list[str]]:
    """One chart view per question from `question_results` output, groups under `min_group` left out.

    Returns the views and the notes on questions with nothing left to show. Nothing of a hidden
    group reaches a view: not its bars, its table row, its CSV, its description or its takeaway.
    """
    shown, hidden = disclosure.suppress(results, min_group, by)
    notes = [
        disclosure.whole_question_note(str(rows["question"].iloc[0]), by, min_group)
        for question_id, rows in results.groupby("question_id", sort=False)
        if question_id not in set(shown["question_id"])
    ]
    views = [
        _respondent_view(
            str(question_id),
            rows,
            by=by,
            view_text=view_text,
            source_line=source_line,
            data_as_of=data_as_of,
            hidden_note=disclosure.chart_note(hidden.get(str(question_id), disclosure.Hidden()), min_group),
        )
        for question_id, rows in shown.groupby("question_id", sort=False)
    ]
    return views, notes


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _paired_rows(qid: str, question: str, ours: pd.DataFrame, published: pd.DataFrame) -> list[dict]:
    """Your figure and the 2016 one for every published answer you also have (wording folded)."""
    by_answer = {_key(a): r for a, r in zip(ours["answer"], ours.itertuples(index=False), strict=True)}
    rows = []
    for pub in published.itertuples(index=False):
        hit = by_answer.get(_key(pub.answer))
        if hit is None:
            continue
        same = {"question_id": qid, "question": question, "answer": pub.answer}
        rows.append(
            {
                **same,
                "series": YOUR_DATA,
                "percent": hit.percent,
                "label": hit.label,
                "small_base": bool(hit.small_base),
                "n": int(hit.n),
            }
        )
        rows.append(
            {
                **same,
                "series": NATIONAL,
                "percent": pub.percent,
                "label": pub.label,
                "small_base": False,
                "n": None,
            }
        )
    return rows


def comparison(results: pd.DataFrame, data: Dataset) -> tuple[pd.DataFrame, list[str]]:
    """Your overall percentages beside the 2016 published ones, where question_id and answer match.

    Returns the tidy comparison (question_id, question, answer, series, percent, label, small_base,
    n) and plain notes on what did not match.
    """
    notes: list[str] = []
    rows = []
    mine = results[results["group"] == ALL_RESPONDENTS] if "group" in results else results
    questions = survey.questions(data.survey_results)
    for qid, question in questions:
        ours = mine[mine["question_id"] == qid]
        if ours.empty:
            continue
        published = survey.published_rows(data, qid)
        paired = _paired_rows(qid, question, ours, published)
        rows += paired
        unmatched = sorted(
            set(ours["answer"])
            - {a for a in ours["answer"] if _key(a) in {_key(p) for p in published["answer"]}}
        )
        if unmatched:
            notes.append(
                f"{question}: your answers not among the published 2016 figures: {', '.join(unmatched)}."
            )
        if not paired:
            notes.append(f"{question}: no answer matches the 2016 wording, so nothing is compared.")
    others = [q for q in dict.fromkeys(mine["question_id"]) if q not in {b for b, _ in questions}]
    if others:
        notes.append(f"Questions with no 2016 counterpart: {', '.join(others)}.")
    return pd.DataFrame(rows, columns=COMPARED_COLUMNS), notes


def _gap_takeaway(mine: pd.DataFrame, national: pd.DataFrame, n: int) -> str:
    """The answer where your respondents differ most from 2016, in one sentence."""
    gaps = (mine["percent"] - national["percent"]).dropna()
    answer = str(gaps.abs().idxmax())
    gap = float(gaps[answer])
    direction = "above" if gap > 0 else "below" if gap < 0 else "level with"
    sentence = (
        f"Largest difference: {answer} — {fmt_percent(mine.loc[answer, 'percent'])} of your {n} "
        f"respondents answering vs {fmt_percent(national.loc[answer, 'percent'])} nationally in 2016 "
        f"({abs(gap):.1f} points {direction})."
        if gap
        else f"Your respondents match the 2016 national figure for {answer} "
        f"({fmt_percent(mine.loc[answer, 'percent'])})."
    )
    if n < SMALL_BASE:
        sentence += f" Small base: only {n} of your respondents answered, so treat this with caution."
    return sentence


def _comparison_table(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    table = (
        rows.pivot_table(index="answer", columns="series", values="percent", sort=False)
        .reindex(columns=[YOUR_DATA, NATIONAL])
        .reset_index()
        .rename(
            columns={"answer": "Answer", YOUR_DATA: "Your respondents (%)", NATIONAL: "2016 national (%)"}
        )
    )
    table["Difference (points)"] = (table["Your respondents (%)"] - table["2016 national (%)"]).round(1)
    table["Your base n"] = n
    return table


def _comparison_view(
    question_id: str,
    rows: pd.DataFrame,
    data: Dataset,
    design: survey.SurveyDesign,
    *,
    view_text: str,
    file: str,
) -> ChartView:
    title = str(rows["question"].iloc[0])
    mine = rows[rows["series"] == YOUR_DATA].set_index("answer")
    national = rows[rows["series"] == NATIONAL].set_index("answer")
    n = int(mine["n"].iloc[0]) if len(mine) else 0
    published = survey.published_rows(data, question_id)
    subtitle = [
        f"Your data ({view_text}) beside the 2016 national figures ({design.base_line()}).",
        "Different bases and years: yours are of respondents answering; 2016 figures are national, "
        "unweighted and self-reported.",
    ]
    if len(published) and not published["list_complete"].all():
        subtitle.append("Only answers the 2016 sources publish can be compared.")
    lookup = survey.source_lookup(data.sources)
    sources = list(dict.fromkeys(published["source_id"]))
    footer = [
        f"Sources: your file {file}; 2016: "
        + "; ".join(f"{lookup[s]['short']} ({lookup[s]['date']})" for s in sources if s in lookup)
    ]
    return charts.ChartParts(
        question_id,
        title,
        _gap_takeaway(mine, national, n),
        bars=rows,
        described=rows.assign(answer=rows["series"] + ": " + rows["answer"]),
        subtitle=subtitle,
        footer=footer,
        table=_comparison_table(rows, n),
        header=[
            f"Comparison with the 2016 ICMA / Smart Cities Council survey: {title}",
            f"Your data: {view_text} (file {file})",
            f"2016: {design.base_line()}; national, unweighted, self-reported",
            f"Coalition data as of {data.as_of}",
        ],
        series_order=[YOUR_DATA, NATIONAL],
        colours=(BAR_COLOUR, BASELINE_COLOUR),
    ).view()


def comparison_views(
    compared: pd.DataFrame, data: Dataset, design: survey.SurveyDesign, *, view_text: str, file: str
) -> list[ChartView]:
    return [
        _comparison_view(str(question_id), rows, data, design, view_text=view_text, file=file)
        for question_id, rows in compared.groupby("question_id", sort=False)
    ]


@dataclass(frozen=True)
class RespondentShown:
    """The respondent section of /survey for one file and one set of filters."""

    view_text: str  # describe() of the selected respondents
    empty: bool  # no respondent matches the filters
    comparison_notes: tuple[str, ...] = ()
    comparison_views: tuple[ChartView, ...] = ()  # only when compared with 2016
    views: tuple[ChartView, ...] = ()
    disclosure_notes: tuple[str, ...] = ()  # groups and questions left out (too few respondents)


def _compared_with_2016(
    respondents: RespondentData,
    selected: pd.DataFrame,
    members_of: dict[str, tuple[str, ...]],
    data: Dataset,
    filters: RespondentFilters,
    *,
    names: dict[str, str],
    question_text: dict[str, str],
    min_group: int,
) -> tuple[list[str], list[ChartView]]:
    """The overall figures (no breakdown) beside the 2016 national ones: notes and views.

    A question fewer than `min_group` respondents answered is left out here too.
    """
    overall, _ = disclosure.suppress(
        question_results(selected, members_of, "", names, question_text), min_group, ""
    )
    overall_text = describe(selected, replace(filters, by=""), names)
    compared, notes = comparison(overall, data)
    views = comparison_views(
        compared, data, survey.survey_design(data), view_text=overall_text, file=respondents.file
    )
    return notes, views


def respondent_shown(
    respondents: RespondentData,
    members: pd.DataFrame,
    data: Dataset,
    filters: RespondentFilters,
    *,
    compare_2016: bool,
    names: dict[str, str],
    min_group: int = disclosure.DEFAULT_MIN_GROUP,
) -> RespondentShown:
    """Match, filter, break down and chart the respondents, with every chart's spec converted.

    Groups with fewer than `min_group` respondents answering are left out of every view (disclosure).

    The page keeps the result in the session (uploads never leave it), so a rerun that changes
    nothing here redraws the charts without recomputing them.
    """
    members_of = membership(respondents.frame, members)
    selected = apply_filters(respondents.frame, members_of, filters)
    view_text = describe(selected, filters, names)
    if selected.empty:
        return RespondentShown(view_text, empty=True)
    question_text = dict(survey.questions(data.survey_results))
    results = question_results(selected, members_of, filters.by, names, question_text)
    notes: list[str] = []
    compared_views: list[ChartView] = []
    if compare_2016:
        notes, compared_views = _compared_with_2016(
            respondents,
            selected,
            members_of,
            data,
            filters,
            names=names,
            question_text=question_text,
            min_group=min_group,
        )
    views, left_out = respondent_views(
        results,
        by=filters.by,
        view_text=view_text,
        source_line=respondents.source_line,
        data_as_of=data.as_of,
        min_group=min_group,
    )
    page_note = disclosure.page_note(
        disclosure.suppress(results, min_group, filters.by)[1], min_group, filters.by
    )
    for view in (*compared_views, *views):
        _ = view.spec, view.arrow_table  # convert once, here, not in every rerun that draws it
    return RespondentShown(
        view_text,
        False,
        tuple(notes),
        tuple(compared_views),
        tuple(views),
        tuple(n for n in (page_note, *left_out) if n),
    )
