"""Respondent-level breakdowns: coalition membership, filters, percentages, charts, comparison with 2016.

Test rows here are SYNTHETIC: invented respondents and answers, used only to check the code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components.data import filters
from components.views.survey import published as survey
from components.views.survey import respondents as survey_respondents
from components.views.survey.respondents import RespondentFilters
from components.views.survey.upload import read_upload
from tests.components.views.survey.uploads import FIXTURE, csv_file


@pytest.mark.parametrize(
    ("jurisdiction", "state", "coalitions"),
    [
        ("Plano", "TX", ("ntxia",)),
        ("City of Plano", "TX", ("ntxia",)),
        ("PLANO.", "TX", ("ntxia",)),
        ("Plano", "IL", ()),
        ("Mesa", "AZ", ("connective",)),
        ("Dallas County", "TX", ("ntxia",)),
        ("Kansas City", "MO", ()),  # listed as a KC Digital Drive partner, not a member
        ("Synthetic Town 01", "TX", ()),
    ],
)
def test_membership_matches_listed_coalition_members_by_name_and_state(
    members, jurisdiction, state, coalitions
):
    frame = pd.DataFrame({"respondent_id": ["r1"], "jurisdiction": [jurisdiction], "state": [state]})
    assert survey_respondents.membership(frame, members) == {"r1": coalitions}


# SYNTHETIC rows: 3 respondents; r3 skipped 'barriers'; r1 and r2 answered 'x-q' only with 0s.
SMALL = csv_file(
    "r1,Plano,TX,285000,barriers,,Budget limitations,1",
    "r1,Plano,TX,285000,barriers,,Need for more internal capacity,0",
    "r2,Mesa,AZ,500000,barriers,,Budget limitations,1",
    "r2,Mesa,AZ,500000,barriers,,Need for more internal capacity,1",
    "r1,Plano,TX,285000,x-q,Own question,Yes,0",
    "r2,Mesa,AZ,500000,x-q,Own question,Yes,0",
    "r3,Synthetic Town,TX,30000,tech-deployed,,Energy,1",
)


@pytest.fixture
def small(members):
    result = read_upload("small.csv", SMALL)
    assert result.problems == []
    return result.frame, survey_respondents.membership(result.frame, members)


def _pick(results, **where):
    sel = results
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_percent_is_of_respondents_answering_the_question(small):
    frame, members_of = small
    res = survey_respondents.question_results(frame, members_of)
    budget = _pick(res, question_id="barriers", answer="Budget limitations")
    capacity = _pick(res, question_id="barriers", answer="Need for more internal capacity")
    assert (budget["selected_n"], budget["n"], budget["percent"]) == (2, 2, 100.0)
    assert (capacity["selected_n"], capacity["n"], capacity["percent"]) == (1, 2, 50.0)
    own = _pick(res, question_id="x-q", answer="Yes")
    assert (own["selected_n"], own["n"], own["percent"], own["question"]) == (0, 2, 0.0, "Own question")
    assert res["small_base"].all()  # every base here is under 10
    assert capacity["label"] == "50% · 1 of 2 · small base"


def test_breakdown_by_state_has_a_base_per_group(small):
    frame, members_of = small
    res = survey_respondents.question_results(frame, members_of, "state")
    tx = _pick(res, question_id="barriers", group="TX", answer="Need for more internal capacity")
    az = _pick(res, question_id="barriers", group="AZ", answer="Need for more internal capacity")
    assert (tx["n"], tx["percent"]) == (1, 0.0)
    assert (az["n"], az["percent"]) == (1, 100.0)


def test_breakdown_by_coalition_and_population(small, data):
    frame, members_of = small
    names = filters.group_names(data)
    res = survey_respondents.question_results(frame, members_of, "coalition", names)
    assert set(res["group"]) == {names["ntxia"], names["connective"], survey_respondents.NOT_A_MEMBER}
    res = survey_respondents.question_results(frame, members_of, "population")
    assert set(res["group"]) == {"250,000 and over", "25,000–49,999"}


@pytest.mark.parametrize(
    ("chosen", "respondents"),
    [
        (RespondentFilters(), {"r1", "r2", "r3"}),
        (RespondentFilters(states=("TX",)), {"r1", "r3"}),
        (RespondentFilters(pop_groups=("25k-50k",)), {"r3"}),
        (RespondentFilters(coalitions=("ntxia",)), {"r1"}),
        (RespondentFilters(coalitions=("ntxia", "connective")), {"r1", "r2"}),
        (RespondentFilters(states=("AZ",), coalitions=("ntxia",)), set()),
    ],
)
def test_filters(small, chosen, respondents):
    frame, members_of = small
    assert set(survey_respondents.apply_filters(frame, members_of, chosen)["respondent_id"]) == respondents


def test_describe_the_view(small, data):
    frame, members_of = small
    chosen = RespondentFilters(states=("TX",), pop_groups=("25k-50k",), coalitions=("ntxia",), by="state")
    text = survey_respondents.describe(frame.iloc[:2], chosen, filters.group_names(data))
    assert text == "1 respondent in TX · population 25,000–49,999 · members of NTXIA · by state"


def test_respondent_chart_puts_the_base_on_every_bar_and_flags_small_bases(small):
    frame, members_of = small
    res = survey_respondents.question_results(frame, members_of, "state")
    # min_group=1: the chart's drawing is checked here; the disclosure threshold is tested below.
    views, _ = survey_respondents.respondent_views(
        res,
        by="state",
        view_text="3 respondents · by state",
        source_line="Source: test",
        data_as_of="2026",
        min_group=1,
    )
    barriers = next(v for v in views if v.question_id == "barriers")
    spec = barriers.chart.to_dict()
    values = pd.DataFrame(spec["datasets"].popitem()[1])
    assert values["label"].str.contains(r" of \d+", regex=True).all()
    assert values["small_base"].all() and values["label"].str.endswith("small base").all()
    assert set(values["series"]) == {"TX (n = 1)", "AZ (n = 1)"}
    assert "yOffset" in spec["vconcat"][0]["layer"][0]["encoding"]
    assert "small base" in " ".join(spec["title"]["subtitle"])
    assert "Base n" in barriers.table.columns and list(barriers.table["Base n"]) == [1, 1, 1, 1]


def test_more_groups_than_charted_go_to_the_table(members):
    lines = [
        f"r{i},Town {i},{st},30000,barriers,,Budget limitations,1"
        for i, st in enumerate(["TX", "AZ", "CO", "IL", "MO", "FL", "KS", "OK", "NM"])
    ]
    result = read_upload("many.csv", csv_file(*lines))
    res = survey_respondents.question_results(result.frame, {}, "state")
    view = survey_respondents.respondent_views(
        res, by="state", view_text="v", source_line="s", data_as_of="d", min_group=1
    )[0][0]
    values = pd.DataFrame(view.chart.to_dict()["datasets"].popitem()[1])
    assert values["series"].nunique() == survey_respondents.MAX_GROUPS_CHARTED
    assert len(view.table) == 9
    assert "the table lists all 9" in " ".join(view.chart.to_dict()["title"]["subtitle"])


def test_comparison_matches_question_and_answer_wording(data, members):
    content = csv_file(
        "r1,Plano,TX,285000,barriers,,budget  LIMITATIONS,1",
        "r2,Mesa,AZ,500000,barriers,,Budget limitations,0",
        "r1,Plano,TX,285000,barriers,,Staff turnover,1",
        "r1,Plano,TX,285000,x-q,,Yes,1",
    )
    result = read_upload("c.csv", content)
    overall = survey_respondents.question_results(result.frame, {}, "")
    compared, notes = survey_respondents.comparison(overall, data)
    assert set(compared["question_id"]) == {"barriers"}
    mine = _pick(compared, series=survey_respondents.YOUR_DATA)
    national = _pick(compared, series=survey_respondents.NATIONAL)
    assert (mine["answer"], mine["percent"], mine["n"]) == ("Budget limitations", 50.0, 2)
    assert national["percent"] == 42
    assert any("Staff turnover" in n for n in notes)
    assert any("no 2016 counterpart: x-q" in n for n in notes)
    views = survey_respondents.comparison_views(
        compared, data, survey.survey_design(data), view_text="v", file="c.csv"
    )
    assert "8.0 points above" in views[0].takeaway and "Small base" in views[0].takeaway
    spec = views[0].chart.to_dict()
    assert spec["vconcat"][0]["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        survey_respondents.YOUR_DATA,
        survey_respondents.NATIONAL,
    ]
    assert list(views[0].table["Difference (points)"]) == [8.0]


def test_respondent_shown_is_what_the_page_used_to_compute_each_run(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    names = filters.group_names(data)
    chosen = RespondentFilters(states=("TX", "AZ"), by="state")
    shown = survey_respondents.respondent_shown(
        respondents, members, data, chosen, compare_2016=True, names=names
    )
    members_of = survey_respondents.membership(respondents.frame, members)
    selected = survey_respondents.apply_filters(respondents.frame, members_of, chosen)
    assert not shown.empty and shown.view_text == survey_respondents.describe(selected, chosen, names)
    question_text = dict(survey.questions(data.survey_results))
    results = survey_respondents.question_results(selected, members_of, "state", names, question_text)
    views, _ = survey_respondents.respondent_views(
        results,
        by="state",
        view_text=shown.view_text,
        source_line=respondents.source_line,
        data_as_of=data.as_of,
    )
    assert [v.takeaway for v in shown.views] == [v.takeaway for v in views]
    assert [v.spec for v in shown.views] == [v.spec for v in views]
    assert shown.comparison_views and shown.comparison_notes is not None
    converted = (*shown.views, *shown.comparison_views)
    assert all("spec" in vars(v) and "arrow_table" in vars(v) for v in converted)  # once, here


def test_respondent_shown_without_a_match_is_empty(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    chosen = RespondentFilters(states=("WY",))
    shown = survey_respondents.respondent_shown(
        respondents, members, data, chosen, compare_2016=False, names=filters.group_names(data)
    )
    assert shown.empty and shown.views == () and shown.view_text.startswith("0 respondents")


# Disclosure control. The fixture (SYNTHETIC) has 12 respondents in TX, 8 in AZ, 6 in CO and 4 in IL;
# IL is under the default threshold of 5, and CO goes too so IL cannot be worked out from the total.
HIDDEN_STATES = ("IL", "CO")


def _everything_a_view_gives_away(view) -> str:
    """The chart spec, its description and takeaway, the table twin and the CSV download, as text."""
    import json

    from components.exports import dataset as exports

    csv_text = exports.to_csv_bytes(view.table, view.header_lines).decode("utf-8")
    return "\n".join([json.dumps(view.spec), view.description, view.takeaway, view.table.to_csv(), csv_text])


def test_a_breakdown_never_shows_a_group_under_the_threshold(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    shown = survey_respondents.respondent_shown(
        respondents, members, data, RespondentFilters(by="state"), compare_2016=False, names={}
    )
    assert len(shown.views) == 3
    for view in shown.views:
        assert set(view.table["Group"]) == {"TX", "AZ"}
        text = _everything_a_view_gives_away(view)
        for state in HIDDEN_STATES:
            assert f"{state} (n =" not in text and f"{state}: " not in text and f'"{state}"' not in text
        note = (
            "1 group with fewer than 5 respondents is not shown; 1 more group is not shown so that the hidden "
            "one cannot be worked out from the total."
        )
        assert note in view.spec["title"]["subtitle"] or note in " ".join(view.spec["title"]["subtitle"])
        assert note in view.header_lines  # the CSV says so too
    assert shown.disclosure_notes[0].startswith(
        "1 group with fewer than 5 respondents is not shown (and 1 more group"
    )


def test_the_operator_threshold_is_used(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    chosen = RespondentFilters(by="state")
    low = survey_respondents.respondent_shown(
        respondents, members, data, chosen, compare_2016=False, names={}, min_group=3
    )
    assert all(set(v.table["Group"]) == {"TX", "AZ", "CO", "IL"} for v in low.views)
    assert low.disclosure_notes == ()
    high = survey_respondents.respondent_shown(
        respondents, members, data, chosen, compare_2016=False, names={}, min_group=7
    )
    # tech-deployed: CO 6 and IL 4 under 7, together 10: TX and AZ stay.
    tech = next(v for v in high.views if v.question_id == "tech-deployed")
    assert set(tech.table["Group"]) == {"TX", "AZ"}
    assert "2 groups with fewer than 7 respondents are not shown." in tech.header_lines


def test_a_selection_under_the_threshold_shows_no_figure_at_all(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    shown = survey_respondents.respondent_shown(
        respondents, members, data, RespondentFilters(states=("IL",)), compare_2016=True, names={}
    )
    assert not shown.empty and shown.view_text.startswith("4 respondents in IL")
    assert shown.views == () and shown.comparison_views == ()
    assert shown.disclosure_notes[0].startswith(
        "3 questions answered by fewer than 5 respondents in this selection are not shown"
    )
    assert any(n.startswith("Barriers to implementation: not shown") for n in shown.disclosure_notes)


def test_comparison_with_2016_leaves_out_a_question_too_few_answered(data, members):
    # SYNTHETIC: 5 respondents answered tech-deployed, only 2 answered barriers.
    lines = [f"r{i},Town {i},TX,30000,tech-deployed,,Energy,1" for i in range(5)]
    lines += [f"r{i},Town {i},TX,30000,barriers,,Budget limitations,1" for i in range(2)]
    respondents = read_upload("c.csv", csv_file(*lines))
    shown = survey_respondents.respondent_shown(
        respondents, members, data, RespondentFilters(), compare_2016=True, names={}
    )
    assert [v.question_id for v in shown.comparison_views] == ["tech-deployed"]
    assert [v.question_id for v in shown.views] == ["tech-deployed"]


def _blob(obj) -> bytes:
    import pickle

    try:
        return pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - an unpicklable value is searched through its repr
        return repr(obj).encode("utf-8", "replace")


def test_respondent_results_are_never_memoized_where_another_session_could_hit_them(members):
    """The per-dataset memo is shared by every session: nothing from an upload may be in it."""
    from components.data.load import load_dataset

    data = load_dataset()  # its own memo, so every entry below was made by this test
    names = filters.group_names(data)
    # Two people's SYNTHETIC files, each with a marker no shipped table holds.
    files = {
        "MEMO-ALPHA": csv_file(
            *[f"MEMO-ALPHA-{i},Alphaville {i},TX,30000,barriers,,Budget limitations,1" for i in range(6)]
        ),
        "MEMO-BRAVO": csv_file(
            *[f"MEMO-BRAVO-{i},Bravotown {i},AZ,60000,barriers,,Budget limitations,0" for i in range(6)]
        ),
    }
    for marker, content in files.items():
        respondents = read_upload(f"{marker}.csv", content)
        for chosen in (RespondentFilters(), RespondentFilters(by="state"), RespondentFilters(by="coalition")):
            shown = survey_respondents.respondent_shown(
                respondents, members, data, chosen, compare_2016=True, names=names
            )
            assert shown.views, marker
    entries = data.memo.items()
    assert entries, "the published builders used by the respondent views do share their results"
    for key, value in entries:
        blob = _blob((key, value))
        for marker, town in (("MEMO-ALPHA", b"Alphaville"), ("MEMO-BRAVO", b"Bravotown")):
            assert marker.encode() not in blob and town not in blob, key
