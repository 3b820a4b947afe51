"""The 2016 survey tables as shipped, and the tidy tables, sentences and chart specs built from them."""

from __future__ import annotations

import pandas as pd
import pytest

from components.data.load import load_dataset
from components.exports.charts import vega_lite_spec
from components.views.palette import OKABE_ITO
from components.views.survey import published as survey

# Every published figure of shared/research/data_facts.md §1.3, typed from that file (not from the code).
PUBLISHED = [
    ("top-priority-sector", "Public safety", 49, "icma-press-2016"),
    ("tech-deployed", "Payments and finance", 60, "icma-press-2016"),
    ("tech-deployed", "Payments and finance", 59.5, "icma-blog-trends"),
    ("tech-deployed", "Customer service/public engagement", 40, "icma-press-2016"),
    ("tech-deployed", "Energy", 39, "icma-press-2016"),
    ("tech-deployed", "Water and wastewater", 38, "icma-press-2016"),
    ("tech-deployed", "Telecommunications", 36, "icma-press-2016"),
    (
        "procurement",
        "A combination of external consultants or systems and internally developed and operated systems",
        69,
        "icma-press-2016",
    ),
    ("motivators", "Economic development", 44, "icma-press-2016"),
    ("motivators", "Capital and/or operational cost savings", 43, "icma-press-2016"),
    ("motivators", "Resiliency for critical operations", 43, "icma-press-2016"),
    ("motivators", "Enhanced services for residents", 38, "icma-press-2016"),
    ("motivators", "Safety and security benefits", 37, "icma-press-2016"),
    ("barriers", "Budget limitations", 42, "icma-press-2016"),
    ("barriers", "Need for more internal capacity", 21, "icma-press-2016"),
    ("barriers", "Need for more supporting infrastructure", 15, "icma-press-2016"),
]


@pytest.mark.parametrize(("question_id", "answer", "percent", "source_id"), PUBLISHED)
def test_every_published_figure_is_in_the_data_with_its_source(data, question_id, answer, percent, source_id):
    r = data.survey_results
    hit = r[(r["question_id"] == question_id) & (r["answer"] == answer) & (r["source_id"] == source_id)]
    assert len(hit) == 1
    assert hit.iloc[0]["percent"] == percent


def test_no_figure_beyond_the_sources(data):
    """Every row is one of the published figures above or a same-figure restatement by pdfslide.us."""
    known = {(q, a, p) for q, a, p, _ in PUBLISHED}
    for row in data.survey_results.itertuples(index=False):
        assert (row.question_id, row.answer, row.percent) in known, row
        assert 0 <= row.percent <= 100


def test_every_published_list_is_marked_partial(data):
    # The sources give only the top of each list (data_facts.md §1.3).
    assert not data.survey_results["list_complete"].any()


@pytest.mark.parametrize(
    ("fact_id", "number", "source_id"),
    [
        ("surveyed", 3423, "icma-summary-2016"),
        ("surveyed", 3423, "icma-store-2016"),
        ("surveyed", 3423, "icma-resource-guide"),
        ("surveyed", 3428, "realty-india-2016"),
        ("surveyed", 3428, "scc-icma-2016"),
        ("responses", 493, "icma-summary-2016"),
        ("responses", 500, "icma-press-2016"),
        ("response-rate", 14.4, "icma-summary-2016"),
        ("response-rate", 14.4, "icma-slides"),
        ("dataset-price", 2500, "icma-store-2016"),
    ],
)
def test_design_facts_and_their_conflicts_are_kept(data, fact_id, number, source_id):
    f = data.survey_facts
    hit = f[(f["fact_id"] == fact_id) & (f["source_id"] == source_id)]
    assert len(hit) == 1 and hit.iloc[0]["number"] == number


def test_as_of_is_the_source_date_or_empty(data):
    # Issue 13 (two dates): an undated source's facts have no date of their own (as_of empty), never
    # the date the source was read; that is sources.accessed, shown as "checked".
    sources = data.sources.set_index("source_id")
    for table in ("survey_facts", "survey_results"):
        for row in data.tables[table].itertuples(index=False):
            src = sources.loc[row.source_id]
            assert row.as_of == src["published"], (table, row.csv_row)


def test_design_headline_figures_and_what_other_sources_say(data):
    design = survey.survey_design(data)
    assert (design.surveyed.number, design.responses.number, design.rate.number) == (3423, 493, 14.4)
    assert "3,428" in design.surveyed.others[0] and "realty-india" in design.surveyed.others[0]
    assert "Roughly 500" in design.responses.others[0]
    assert design.base_line() == "493 responding local governments of 3,423 surveyed (14.4% response rate)"


def test_design_without_survey_tables_says_so(data_copy):
    (data_copy / "survey_facts.csv").unlink()
    (data_copy / "survey_results.csv").unlink()
    empty = load_dataset(data_copy)
    design = survey.survey_design(empty)
    assert not design.complete
    assert "not in the data" in design.base_line()
    assert survey.published_views(empty) == ()


def test_published_rows_chart_the_first_source_and_footnote_the_other(data):
    rows = survey.published_rows(data, "tech-deployed")
    assert list(rows["percent"]) == sorted(rows["percent"], reverse=True)
    assert rows["answer"].is_unique
    pay = rows[rows["answer"] == "Payments and finance"].iloc[0]
    assert pay["percent"] == 60 and pay["source_id"] == "icma-press-2016"
    assert "59.5%" in pay["also_reported"] and "What makes your community smart" in pay["also_reported"]


def test_undated_source_is_labelled_with_the_date_it_was_checked(data):
    # Issue 13 (two dates): the press release gives no date, so its figures are "undated source,
    # checked …", never a bare date that reads as the figure's own.
    rows = survey.published_rows(data, "barriers")
    assert rows.iloc[0]["date"] == "undated source, checked 2026-11-21"


def test_a_dated_source_labels_the_fact_with_its_stated_date(data):
    table = survey.context_table(data)
    mailed = table[table["Topic"] == "When it was mailed"]
    assert list(mailed["Date"]) == ["stated 2016-04-05", "stated 2016-05-21"]


def _design_facts(rows):
    """A survey_facts frame of one fact with these (value, number, source_id, as_of) rows."""
    return pd.DataFrame(
        [
            {
                "fact_id": "mailed",
                "label": "When it was mailed",
                "value": v,
                "number": n,
                "source_id": s,
                "as_of": a,
                "note": "",
            }
            for v, n, s, a in rows
        ]
    )


def test_rows_without_a_number_agree_only_when_their_words_do():
    """The context panel bug (issue 13): rows with an empty number all counted as agreeing with the
    first, so "April 2016" was printed citing the post that says May as well."""
    facts = _design_facts(
        [
            ("April 2016", None, "a", "2016-04-05"),
            ("May 2016", None, "b", "2016-05-21"),
            ("April 2016", None, "c", ""),
        ]
    )
    assert list(survey.agreeing_rows(facts)["source_id"]) == ["a", "c"]
    numbered = _design_facts([("3,423", 3423, "a", ""), ("3,428", 3428, "b", ""), ("3423", 3423, "c", "")])
    assert list(survey.agreeing_rows(numbered)["source_id"]) == ["a", "c"]


def test_disagreeing_mailing_dates_show_as_two_versions_each_with_its_own_source(data):
    point = next(p for p in survey.context_points(data) if p.topic == "When it was mailed")
    assert point.text.startswith("April 2016 (announced).")
    assert [(label.split(",")[0], date) for label, _, date in point.sources] == [
        ("realty-india.com", "stated 2016-04-05")
    ]
    assert "Other sources: This month, i.e. May 2016 (announced) (Smart Cities Council" in point.text
    assert "(stated 2016-05-21))." in point.text


def _rows(pairs):
    return pd.DataFrame(pairs, columns=["answer", "percent"])


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("A", 49)], "A: 49% of responding local governments — the only answer the sources publish here."),
        (
            [("A", 60), ("B", 40)],
            "A leads at 60% of responding local governments, followed by B at 40% (2 answers published).",
        ),
        (
            [("A", 60), ("B", 40), ("C", 36)],
            "A leads at 60% of responding local governments, followed by B at 40%; C is lowest at 36% (3 answers published).",
        ),
        (
            [("A", 44), ("B", 43), ("C", 43)],
            "A leads at 44% of responding local governments, followed by B and C at 43% (3 answers published).",
        ),
        (
            [("A", 45.8), ("B", 45.8), ("C", 33.3)],
            "A and B tie at 45.8%, followed by C at 33.3% (3 answers published).",
        ),
        ([("A", 50), ("B", 40), ("C", 30), ("D", 30)], "C and D are lowest at 30%"),
        ([], "The sources publish no figures for this question."),
    ],
)
def test_takeaway_sentence(pairs, expected):
    assert expected in survey.takeaway(_rows(pairs))


def _layers(spec):
    return spec["vconcat"][0]["layer"]


def test_published_chart_spec_sorted_labelled_with_base_source_and_partial_note(data):
    view = survey.published_view(data, "tech-deployed", survey.survey_design(data))
    spec = view.chart.to_dict()
    bar, text = _layers(spec)
    expected_order = list(survey.published_rows(data, "tech-deployed")["answer"])
    assert bar["encoding"]["y"]["sort"] == [a.replace("|", "/") for a in expected_order]
    assert bar["mark"]["type"] == "bar" and text["mark"]["type"] == "text"
    assert text["encoding"]["text"]["field"] == "label"
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "493" in subtitle and "3,423" in subtitle and "14.4%" in subtitle
    assert "unweighted" in subtitle and "self-reported" in subtitle and "national" in subtitle.lower()
    assert "Partial list" in subtitle
    footer = " ".join(spec["vconcat"][0]["title"]["text"])
    assert footer.startswith("Source: ICMA")
    assert spec["vconcat"][0]["title"]["orient"] == "bottom"
    assert "59.5%" in footer  # the other source's figure is footnoted
    assert "Payments and finance: 60%" in spec["description"]
    assert bar["encoding"]["color"]["value"] == OKABE_ITO["blue"]
    assert spec["title"]["text"] == ["Technology areas in which smart city solutions are actively deployed"]


def test_complete_list_has_no_partial_note(data_copy):
    path = data_copy / "survey_results.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["list_complete"] = "yes"
    frame.to_csv(path, index=False)
    complete = load_dataset(data_copy)
    view = survey.published_view(complete, "barriers", survey.survey_design(complete))
    assert "Partial list" not in " ".join(view.chart.to_dict()["title"]["subtitle"])
    assert (view.table["Complete list"] == "yes").all()


def test_table_twin_has_the_same_numbers_as_the_chart(data):
    view = survey.published_view(data, "motivators", survey.survey_design(data))
    chart_values = pd.DataFrame(view.chart.to_dict()["datasets"].popitem()[1])
    assert list(view.table["Percent"]) == list(chart_values["percent"])
    assert list(view.table["Answer"]) == list(chart_values["answer"])
    assert view.table["Address"].str.startswith("https://").all()


def test_one_view_per_question_in_file_order(data):
    views = survey.published_views(data)
    assert [v.question_id for v in views] == list(dict.fromkeys(data.survey_results["question_id"]))
    for v in views:
        assert v.takeaway and v.description and v.chart.to_dict()["description"] == v.description
        assert f"Data as of {data.as_of} (latest source check)" in v.header_lines


def test_context_points_cite_a_source_for_every_statement(data):
    points = survey.context_points(data)
    assert {p.topic for p in points} >= {
        "Who was surveyed",
        "Response rate",
        "How to obtain the full dataset",
    }
    for p in points:
        assert p.sources and all(url.startswith("http") for _, url, _ in p.sources)
    price = next(p for p in points if p.topic == "How to obtain the full dataset")
    assert "$2,500" in price.text
    assert "\\$2,500" in price.markdown()  # '$' escaped so markdown does not start maths


def test_context_table_lists_every_fact_row(data):
    table = survey.context_table(data)
    assert len(table) == len(data.survey_facts)
    assert table["Address"].str.startswith("http").all()


def test_chart_exports_as_svg_with_its_title_bars_and_source(data):
    from components.exports.charts import chart_svg

    view = survey.published_view(data, "tech-deployed", survey.survey_design(data))
    svg = chart_svg(view.chart).decode("utf-8")
    for words in ("Technology areas", "Payments and finance", "60%", "Source: ICMA", "Partial list", "3,423"):
        assert words in svg, words


# Computed once per dataset: no filter changes the published figures.


def test_published_views_are_built_once_with_their_spec(data):
    views = survey.published_views(data)
    assert survey.published_views(data) is views
    for view in views:
        assert "spec" in vars(view)  # converted while building, not in the first page run
        assert view.spec == vega_lite_spec(view.chart)
        assert view.spec["description"] == view.description


def test_a_chart_view_converts_its_chart_once(data):
    view = survey.published_view(data, "motivators", survey.survey_design(data))
    assert view.spec is view.spec


def test_design_citation_and_context_markdown_are_computed_once(data):
    design = survey.survey_design(data)
    assert survey.survey_design(data) is design
    lookup = survey.source_lookup(data.sources)
    cited = "; ".join(lookup[s]["short"] for s in design.surveyed.sources)
    assert survey.design_citation(data) == f"Figures from {cited}."
    points = survey.context_markdown(data)
    assert survey.context_markdown(data) is points
    assert points == tuple(p.markdown() for p in survey.context_points(data))


def test_table_twins_are_converted_to_arrow_once_as_streamlit_would(data):
    from streamlit import dataframe_util

    for view in survey.published_views(data):
        assert "arrow_table" in vars(view) and view.arrow_table is view.arrow_table
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(
            view.arrow_table
        ) == dataframe_util.convert_pandas_df_to_arrow_bytes(view.table)
