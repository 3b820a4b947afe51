"""Respondent-level uploads: a table of bad files each reported at file/row/column, and the breakdowns.

Test rows here are SYNTHETIC: invented respondents and answers, used only to check the code.
"""

from __future__ import annotations

import builtins
import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from components.data import filters
from components.data.load import load_dataset
from components.data.schema import problems_table
from components.views.survey import published as survey
from components.views.survey import upload as survey_upload
from components.views.survey.upload import (
    MAX_BYTES,
    TEMPLATE_NAMES,
    RespondentFilters,
    read_upload,
)

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "synthetic_survey_respondents.csv"
HEADER = ",".join(TEMPLATE_NAMES)


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


GOOD = "r1,Plano,TX,285000,barriers,,Budget limitations,1"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def members(data):
    return filters.members_table(data)


def _xlsx(rows: list[list[object]], sheet: str = "respondents") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


BAD_UPLOADS = [
    # (case, file name, content, expected row, expected column, words in the message)
    (
        "missing column",
        "s.csv",
        _csv("r1,Plano,285000", header="respondent_id,jurisdiction,population"),
        1,
        "state",
        "missing",
    ),
    (
        "unknown state",
        "s.csv",
        _csv(GOOD, "r2,Mesa,XX,500000,barriers,,Budget limitations,1"),
        3,
        "state",
        "not a US state",
    ),
    (
        "percent over 100 where a 1/0 belongs",
        "s.csv",
        _csv(GOOD, "r2,Mesa,AZ,500000,barriers,,Budget limitations,150"),
        3,
        "selected",
        "not a percentage",
    ),
    (
        "percent sign",
        "s.csv",
        _csv("r2,Mesa,AZ,500000,barriers,,Budget limitations,42%"),
        2,
        "selected",
        "not a percentage",
    ),
    (
        "population not a number",
        "s.csv",
        _csv("r2,Mesa,AZ,lots,barriers,,Budget limitations,1"),
        2,
        "population",
        "not a number",
    ),
    (
        "population out of range",
        "s.csv",
        _csv("r2,Mesa,AZ,0,barriers,,Budget limitations,1"),
        2,
        "population",
        "out of range",
    ),
    (
        "population too large",
        "s.csv",
        _csv("r2,Mesa,AZ,30000000,barriers,,x,1"),
        2,
        "population",
        "out of range",
    ),
    (
        "population not whole",
        "s.csv",
        _csv("r2,Mesa,AZ,1234.5,barriers,,x,1"),
        2,
        "population",
        "whole number",
    ),
    (
        "bad question id",
        "s.csv",
        _csv("r2,Mesa,AZ,500000,Tech deployed!,,x,1"),
        2,
        "question_id",
        "not a valid id",
    ),
    (
        "empty required cell",
        "s.csv",
        _csv("r2,,AZ,500000,barriers,,x,1"),
        2,
        "jurisdiction",
        "empty but required",
    ),
    (
        "unquoted comma",
        "s.csv",
        _csv("r2,Mesa, AZ,AZ,500000,barriers,,x,1"),
        2,
        None,
        "cells but the header has",
    ),
    (
        "respondent changes state",
        "s.csv",
        _csv(GOOD, "r1,Plano,OK,285000,barriers,,Need for more internal capacity,0"),
        3,
        "state",
        "different state",
    ),
    ("duplicate answer", "s.csv", _csv(GOOD, GOOD), 3, "answer", "duplicate answer"),
    ("header only", "s.csv", _csv(), 2, None, "no data rows"),
    ("empty file", "s.csv", b"", 1, None, "is empty"),
    ("whitespace only", "s.csv", b"  \n\n", 1, None, "is empty"),
    ("wrong type", "s.pdf", b"%PDF-1.4", None, None, "upload a .csv or .xlsx"),
    ("old excel", "s.xls", b"\xd0\xcf\x11\xe0", None, None, "Old .xls"),
    ("no extension", "survey", b"a,b", None, None, "without an extension"),
    ("oversized file", "s.csv", b"x" * (MAX_BYTES + 1), None, None, "the limit is 5 MB"),
    (
        "wrong encoding",
        "s.csv",
        _csv(GOOD, "r2,Cañon City,CO,16000,barriers,,x,1").replace("ñ".encode(), b"\xf1"),
        3,
        None,
        "not UTF-8",
    ),
    ("binary posing as csv", "s.csv", b"a,b\x00c\n", 1, None, "NUL"),
    ("workbook named csv", "s.csv", _zip({"a": b"b"}), None, None, "not CSV text"),
    (
        "semicolons",
        "s.csv",
        HEADER.replace(",", ";").encode() + b"\n" + GOOD.replace(",", ";").encode(),
        1,
        None,
        "uses ';'",
    ),
    ("duplicate header", "s.csv", _csv(GOOD + ",x", header=HEADER + ",state"), 1, "state", "appears twice"),
    ("not a zip named xlsx", "s.xlsx", b"just text", None, None, "not a valid .xlsx"),
    (
        "zip that is no workbook",
        "s.xlsx",
        _zip({"readme.txt": b"hello"}),
        None,
        None,
        "not an Excel workbook",
    ),
    (
        "zip bomb posing as xlsx",
        "s.xlsx",
        _zip(
            {
                "[Content_Types].xml": b"<x/>",
                "xl/workbook.xml": b"<x/>",
                "xl/big.xml": b"0" * (60 * 1024 * 1024),
            }
        ),
        None,
        None,
        "expands to",
    ),
    (
        "xlsx unknown state at its spreadsheet row",
        "s.xlsx",
        _xlsx(
            [
                list(TEMPLATE_NAMES),
                ["r1", "Plano", "TX", 285000, "barriers", None, "Budget limitations", 1],
                ["r2", "Mesa", "ZZ", 500000, "barriers", None, "Budget limitations", 0],
            ]
        ),
        3,
        "state",
        "not a US state",
    ),
    (
        "xlsx missing column",
        "s.xlsx",
        _xlsx([["respondent_id", "jurisdiction", "state"], ["r1", "Plano", "TX"]]),
        1,
        "population",
        "missing",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "content", "row", "column", "words"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS]
)
def test_bad_upload_is_reported_at_file_row_column(case, name, content, row, column, words):
    result = read_upload(name, content)
    matching = [p for p in result.problems if p.row == row and p.column == column and words in str(p)]
    assert matching, [str(p) for p in result.problems]
    assert matching[0].file == name


def test_a_bad_row_leaves_the_good_rows_usable():
    result = read_upload(
        "s.csv",
        _csv(
            GOOD,
            "r2,Mesa,XX,500000,barriers,,Budget limitations,1",
            "r3,Mesa,AZ,500000,barriers,,Budget limitations,0",
        ),
    )
    assert len(result.problems) == 1
    assert list(result.frame["respondent_id"]) == ["r1", "r3"]
    assert list(result.frame["row"]) == [2, 4]


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(survey_upload, "MAX_ROWS", 3)
    result = read_upload("s.csv", _csv(*[f"r{i},Plano,TX,285000,barriers,,a{i},1" for i in range(5)]))
    assert not result.usable and "more than 3 rows" in str(result.problems[0])


@pytest.mark.parametrize(
    ("cell", "parsed"),
    [("1", True), ("0", False), ("yes", True), ("No", False), ("TRUE", True), ("false", False)],
)
def test_selected_accepts_1_0_yes_no(cell, parsed):
    result = read_upload("s.csv", _csv(f"r1,Plano,TX,285000,barriers,,Budget limitations,{cell}"))
    assert result.problems == [] and bool(result.frame["selected"].iloc[0]) is parsed


def test_lenient_spellings_are_normalised():
    result = read_upload("s.csv", _csv('r1,Plano,tx,"285,000",Barriers,,Budget limitations,1'))
    assert result.problems == []
    row = result.frame.iloc[0]
    assert (row["state"], row["population"], row["question_id"]) == ("TX", 285000, "barriers")


def test_comment_lines_before_the_header_are_skipped_and_rows_keep_their_numbers():
    content = b"# a note\n# another\n" + _csv("r1,Plano,XX,285000,barriers,,Budget limitations,1")
    result = read_upload("s.csv", content)
    assert [(p.row, p.column) for p in result.problems] == [(4, "state")]


def test_extra_columns_are_ignored_with_a_notice():
    result = read_upload("s.csv", _csv(GOOD + ",hello", header=HEADER + ",comment"))
    assert result.problems == [] and "comment" in result.notices[0]


def test_xlsx_upload_reads_numbers_and_uses_the_respondents_sheet():
    rows = [
        list(TEMPLATE_NAMES),
        ["r1", "Plano", "TX", 285000.0, "barriers", None, "Budget limitations", True],
    ]
    result = read_upload("s.xlsx", _xlsx(rows))
    assert result.problems == []
    assert result.frame.iloc[0]["population"] == 285000 and bool(result.frame.iloc[0]["selected"])


def test_file_name_is_reduced_to_a_short_base_name():
    result = read_upload("C:\\Users\\me\\secret\\" + "x" * 200 + ".pdf", b"x")
    assert "\\" not in result.file and "secret" not in result.file and len(result.file) <= 61


def test_nothing_is_written_to_disk(monkeypatch, tmp_path):
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            raise AssertionError(f"write attempted: {file}")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(
        tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(AssertionError("temp file"))
    )
    monkeypatch.chdir(tmp_path)
    csv_result = read_upload("s.csv", FIXTURE.read_bytes())
    rows = [list(TEMPLATE_NAMES), ["r1", "Plano", "TX", 285000, "barriers", None, "Budget limitations", 1]]
    monkeypatch.setattr(builtins, "open", real_open)
    xlsx_bytes = _xlsx(rows)
    monkeypatch.setattr(builtins, "open", guarded_open)
    xlsx_result = read_upload("s.xlsx", xlsx_bytes)
    assert csv_result.usable and xlsx_result.usable
    assert list(tmp_path.iterdir()) == []


def test_the_synthetic_fixture_is_labelled_and_valid():
    first = FIXTURE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "SYNTHETIC" in first
    result = read_upload(FIXTURE.name, FIXTURE.read_bytes())
    assert result.problems == [] and result.respondents == 30


def test_template_csv_is_the_header_and_the_blank_template_reads_as_no_data(data):
    assert survey_upload.template_csv().decode().strip() == HEADER
    assert "no data rows" in str(read_upload("t.csv", survey_upload.template_csv()).problems[0])
    xlsx = survey_upload.template_xlsx(data)
    assert "no data rows" in str(read_upload("t.xlsx", xlsx).problems[0])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    listed = [tuple(r) for r in book["2016 questions"].iter_rows(min_row=2, values_only=True)]
    expected = data.survey_results.drop_duplicates(["question_id", "answer"])
    assert listed == list(zip(expected["question_id"], expected["question"], expected["answer"], strict=True))


def test_data_dictionary_documents_every_template_column():
    readme = (Path(__file__).resolve().parents[4] / "coalitions_data" / "README.md").read_text(
        encoding="utf-8"
    )
    section = readme.split("### Respondent-level survey data", 1)[1].split("\n## ", 1)[0]
    for name in TEMPLATE_NAMES:
        assert f"| `{name}` |" in section, name
    for group in survey_upload.POPULATION_GROUPS:
        assert f"`{group.group_id}`" in section


def test_folder_file_is_read_with_the_same_checks(tmp_path):
    assert survey_upload.read_folder(tmp_path) is None
    (tmp_path / survey_upload.FOLDER_FILE).write_bytes(_csv(GOOD, "r2,Mesa,XX,500000,barriers,,x,1"))
    result = survey_upload.read_folder(tmp_path)
    assert result.origin == "folder" and result.respondents == 1
    assert [(p.file, p.row, p.column) for p in result.problems] == [("survey_respondents.csv", 3, "state")]
    assert "data folder" in result.source_line


@pytest.mark.parametrize(
    ("population", "group"),
    [
        (1, "under-25k"),
        (24_999, "under-25k"),
        (25_000, "25k-50k"),
        (49_999, "25k-50k"),
        (50_000, "50k-100k"),
        (99_999, "50k-100k"),
        (100_000, "100k-250k"),
        (249_999, "100k-250k"),
        (250_000, "250k-plus"),
        (8_000_000, "250k-plus"),
    ],
)
def test_population_groups(population, group):
    assert survey_upload.population_group(population) == group


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
    assert survey_upload.membership(frame, members) == {"r1": coalitions}


# SYNTHETIC rows: 3 respondents; r3 skipped 'barriers'; r1 and r2 answered 'x-q' only with 0s.
SMALL = _csv(
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
    return result.frame, survey_upload.membership(result.frame, members)


def _pick(results, **where):
    sel = results
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_percent_is_of_respondents_answering_the_question(small):
    frame, members_of = small
    res = survey_upload.question_results(frame, members_of)
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
    res = survey_upload.question_results(frame, members_of, "state")
    tx = _pick(res, question_id="barriers", group="TX", answer="Need for more internal capacity")
    az = _pick(res, question_id="barriers", group="AZ", answer="Need for more internal capacity")
    assert (tx["n"], tx["percent"]) == (1, 0.0)
    assert (az["n"], az["percent"]) == (1, 100.0)


def test_breakdown_by_coalition_and_population(small, data):
    frame, members_of = small
    names = filters.group_names(data)
    res = survey_upload.question_results(frame, members_of, "coalition", names)
    assert set(res["group"]) == {names["ntxia"], names["connective"], survey_upload.NOT_A_MEMBER}
    res = survey_upload.question_results(frame, members_of, "population")
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
    assert set(survey_upload.apply_filters(frame, members_of, chosen)["respondent_id"]) == respondents


def test_describe_the_view(small, data):
    frame, members_of = small
    chosen = RespondentFilters(states=("TX",), pop_groups=("25k-50k",), coalitions=("ntxia",), by="state")
    text = survey_upload.describe(frame.iloc[:2], chosen, filters.group_names(data))
    assert text == "1 respondent in TX · population 25,000–49,999 · members of NTXIA · by state"


def test_respondent_chart_puts_the_base_on_every_bar_and_flags_small_bases(small):
    frame, members_of = small
    res = survey_upload.question_results(frame, members_of, "state")
    views = survey_upload.respondent_views(
        res, by="state", view_text="3 respondents · by state", source_line="Source: test", data_as_of="2026"
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
    result = read_upload("many.csv", _csv(*lines))
    res = survey_upload.question_results(result.frame, {}, "state")
    view = survey_upload.respondent_views(res, by="state", view_text="v", source_line="s", data_as_of="d")[0]
    values = pd.DataFrame(view.chart.to_dict()["datasets"].popitem()[1])
    assert values["series"].nunique() == survey_upload.MAX_GROUPS_CHARTED
    assert len(view.table) == 9
    assert "the table lists all 9" in " ".join(view.chart.to_dict()["title"]["subtitle"])


def test_comparison_matches_question_and_answer_wording(data, members):
    content = _csv(
        "r1,Plano,TX,285000,barriers,,budget  LIMITATIONS,1",
        "r2,Mesa,AZ,500000,barriers,,Budget limitations,0",
        "r1,Plano,TX,285000,barriers,,Staff turnover,1",
        "r1,Plano,TX,285000,x-q,,Yes,1",
    )
    result = read_upload("c.csv", content)
    overall = survey_upload.question_results(result.frame, {}, "")
    compared, notes = survey_upload.comparison(overall, data)
    assert set(compared["question_id"]) == {"barriers"}
    mine = _pick(compared, series=survey_upload.YOUR_DATA)
    national = _pick(compared, series=survey_upload.NATIONAL)
    assert (mine["answer"], mine["percent"], mine["n"]) == ("Budget limitations", 50.0, 2)
    assert national["percent"] == 42
    assert any("Staff turnover" in n for n in notes)
    assert any("no 2016 counterpart: x-q" in n for n in notes)
    views = survey_upload.comparison_views(
        compared, data, survey.survey_design(data), view_text="v", file="c.csv"
    )
    assert "8.0 points above" in views[0].takeaway and "Small base" in views[0].takeaway
    spec = views[0].chart.to_dict()
    assert spec["vconcat"][0]["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        survey_upload.YOUR_DATA,
        survey_upload.NATIONAL,
    ]
    assert list(views[0].table["Difference (points)"]) == [8.0]


def test_problems_table_columns():
    result = read_upload("s.csv", _csv("r2,Mesa,XX,500000,barriers,,x,1"))
    table = problems_table(result.problems)
    assert list(table.columns) == ["file", "row", "column", "problem", "how to fix"]
    assert table.iloc[0][["file", "row", "column"]].tolist() == ["s.csv", 2, "state"]


def test_respondent_shown_is_what_the_page_used_to_compute_each_run(data, members):
    respondents = read_upload("synthetic.csv", FIXTURE.read_bytes())
    names = filters.group_names(data)
    chosen = RespondentFilters(states=("TX", "AZ"), by="state")
    shown = survey_upload.respondent_shown(respondents, members, data, chosen, compare_2016=True, names=names)
    members_of = survey_upload.membership(respondents.frame, members)
    selected = survey_upload.apply_filters(respondents.frame, members_of, chosen)
    assert not shown.empty and shown.view_text == survey_upload.describe(selected, chosen, names)
    question_text = dict(survey.questions(data.survey_results))
    results = survey_upload.question_results(selected, members_of, "state", names, question_text)
    views = survey_upload.respondent_views(
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
    shown = survey_upload.respondent_shown(
        respondents, members, data, chosen, compare_2016=False, names=filters.group_names(data)
    )
    assert shown.empty and shown.views == () and shown.view_text.startswith("0 respondents")
