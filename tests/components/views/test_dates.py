"""Two dates, never confused (issue 13): every date a view, export or tooltip shows says which date
it is — the fact's own date ("stated 2021-10-04"), or, for a source that gives none, when the source
was last checked ("undated source, checked 2026-11-21"); a source's own dates read "published …,
checked …" / "undated, checked …"; the dataset's version "Data as of … (latest source check)".

One table: each row names a date-bearing output of the shipped data and how to get its date strings;
every string must carry its label. Without the labels (a bare "2026-11-21" in an "As of" column, a
tooltip's "(Publisher, 2021-11-12)", a CSV column `as_of`) the row fails.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from components.data.filters import members_table
from components.data.load import load_dataset
from components.exports.handout import SharedView, minutes_text
from components.views.compare import comparison, members, peers
from components.views.focus_areas import cells, matrix
from components.views.map import arcs, details, downloads, selection, static, table
from components.views.map.view import MapView
from components.views.survey import published

DATE = r"\d{4}(?:-\d\d){0,2}"
FACT_DATE = re.compile(rf"^(?:stated {DATE}|undated source, checked {DATE})$")
SOURCE_DATES = re.compile(rf"^(?:published {DATE}|undated), checked {DATE}$")
# A date inside free text that must sit right after its label.
LABELLED = re.compile(rf"(?:stated|checked|published|joined|Data as of|shared|exported|Printed) {DATE}")
ANY_DATE = re.compile(rf"(?<![\d/.-]){DATE}(?![\d/])")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def member_rows(data):
    return members_table(data)


@pytest.fixture(scope="module")
def national(data, member_rows):
    return selection.select(data, member_rows, MapView())


def _cells(frame: pd.DataFrame, column: str) -> list[str]:
    """The non-empty values of a column (Markdown escapes removed: '2021\\-10' reads '2021-10')."""
    return [v.replace("\\", "") for v in frame[column] if isinstance(v, str) and v]


def _source_lines_of_tips(tips) -> list[str]:
    """The 'Source(s): …' lines of tooltips: each cited source ends with its labelled date."""
    out = []
    for tip in tips:
        for line in tip.split("\n"):
            if line.startswith(("Source: ", "Sources: ")):
                out.extend(part.rsplit(", ", 2)[-2:] for part in line.split(": ", 1)[1].split("; "))
    return [", ".join(p) if p[0].startswith("undated source") else p[-1] for p in out]


FACT_DATE_OUTPUTS = {
    "compare: long table `date`": lambda d, m, n: _cells(
        comparison.comparison(d, m, ("ntxia", "sasr")), "date"
    ),
    "compare: member list `Date`": lambda d, m, n: _cells(
        members.member_list_markdown(members.member_list(d, m, ("ntxia", "kcdd"))), "Date"
    ),
    "focus areas: evidence `date`": lambda d, m, n: _cells(matrix.evidence_rows(d), "date"),
    "focus areas: cell `date` (chart tooltip)": lambda d, m, n: _cells(
        matrix.build_matrix(d, m, matrix.MatrixView()).cells, "date"
    ),
    "focus areas: picked cell `Date`": lambda d, m, n: _cells(
        cells.cell_shown(d, "ntxia:energy").table, "Date"
    ),
    "map: table twin `Date`": lambda d, m, n: _cells(table.table_frame(n), "Date"),
    "map: GeoJSON member `date`": lambda d, m, n: [
        f["properties"]["date"]
        for f in json.loads(downloads.view_geojson(n, d, ""))["features"]
        if f["properties"]["kind"] in ("member", "partner", "hub")
    ],
    "map: member tooltips' sources": lambda d, m, n: _source_lines_of_tips(n.points["tip"]),
    "map: partnership arc tooltips' sources": lambda d, m, n: _source_lines_of_tips(
        a["tip"] for a in arcs.partnerships(n.hubs, d, n.view.filters)
    ),
    "map: details `Date` (members, focus, partnerships)": lambda d, m, n: (
        [
            v
            for g in ("ntxia", "nscp", "project-overcome")
            for frame in (details.group_details(d, m, g).members, details.group_details(d, m, g).focus)
            for v in _cells(frame, "Date")
        ]
        + _cells(details.group_details(d, m, "nscp").links, "Date")
    ),
    "map: clicked member's sources": lambda d, m, n: _source_lines_of_tips(
        details.member_lines(d, m, "cook-county-il", "iscra")
    ),
    "survey: context table `Date`": lambda d, m, n: _cells(published.context_table(d), "Date"),
    "survey: context points' cited dates": lambda d, m, n: [
        date for p in published.context_points(d) for _, _, date in p.sources
    ],
    "survey: charted rows `date`": lambda d, m, n: [
        v
        for q, _ in published.questions(d.survey_results)
        for v in _cells(published.published_rows(d, q), "date")
    ],
}


@pytest.mark.parametrize("name", list(FACT_DATE_OUTPUTS))
def test_every_fact_date_shown_says_which_date_it_is(name, data, member_rows, national):
    dates = FACT_DATE_OUTPUTS[name](data, member_rows, national)
    assert dates, f"{name}: no dates to check"
    bare = [d for d in dates if not FACT_DATE.match(d)]
    assert not bare, f"{name}: dates without their label: {bare[:5]}"


def test_undated_and_dated_facts_both_appear(data):
    """The shipped data has both kinds, so the table above checks both labels."""
    labels = set(matrix.evidence_rows(data)["date"].str.split(" ").str[0])
    assert labels == {"stated", "undated"}


SOURCE_DATE_OUTPUTS = {
    "map: details `Dates` of sources": lambda d, m, n: _cells(
        details.group_details(d, m, "ntxia").sources, "Dates"
    ),
    "survey: source lookup": lambda d, m, n: [v["date"] for v in published.source_lookup(d.sources).values()],
}


@pytest.mark.parametrize("name", list(SOURCE_DATE_OUTPUTS))
def test_every_source_date_shown_says_which_date_it_is(name, data, member_rows, national):
    dates = SOURCE_DATE_OUTPUTS[name](data, member_rows, national)
    assert dates and all(SOURCE_DATES.match(d) for d in dates), [
        d for d in dates if not SOURCE_DATES.match(d)
    ][:5]


def _unlabelled(text: str) -> list[str]:
    """Dates in free text that no label precedes (the labelled ones are removed first)."""
    return ANY_DATE.findall(LABELLED.sub("", text))


def test_text_exports_label_every_date(data, member_rows, national):
    ids = ("ntxia", "connective")
    html = static.standalone_html(national, data, "http://x/map")
    # Each listed source ends "(published …, checked …)" or "(undated, checked …)" before its link.
    items = re.findall(r"<li>(.*?): <a ", html.split("<h2>Sources</h2>")[1])
    assert items and all(SOURCE_DATES.match(item.rsplit("(", 1)[1].rstrip(")")) for item in items)
    texts = {
        "offline map HTML: meta line": re.search(r'<p class="meta">Data as of.*?</p>', html).group(0),
        "comparison CSV header": "\n".join(
            comparison.header_lines(data, ids, "http://x", "Coalition comparison")
        ),
        "map CSV header": "\n".join(downloads.csv_header_lines(national, data, "http://x")),
        "minutes": minutes_text(SharedView("t", "http://x", "d", (), data.as_of)).split("\n")[-1],
    }
    for name, text in texts.items():
        assert not _unlabelled(text), f"{name}: {_unlabelled(text)}"


def test_csv_and_geojson_columns_name_their_dates(data, member_rows, national):
    """No export carries a bare `as_of`: `stated` (the fact's date) beside `source_checked`."""
    ids = ("ntxia", "connective")
    frames = {
        "comparison": comparison.comparison(data, member_rows, ids),
        "member list": members.member_list(data, member_rows, ids),
        "evidence": matrix.build_matrix(data, member_rows, matrix.MatrixView()).evidence[
            matrix.EVIDENCE_COLUMNS
        ],
        "map sources": downloads.view_sources(national, data),
    }
    for name, frame in frames.items():
        assert "as_of" not in frame.columns and "accessed" not in frame.columns, name
        assert "source_checked" in frame.columns, name
    features = json.loads(downloads.view_geojson(national, data, ""))["features"]
    for f in features:
        if f["properties"]["kind"] in ("member", "partner", "hub"):
            assert "as_of" not in f["properties"] and {"stated", "source_checked", "date"} <= set(
                f["properties"]
            )
    peer = peers.nearest_coalitions(data, peers.parse_place("Tulsa, OK"), "transportation")
    assert all(
        FACT_DATE.match(label.split(", ", 1)[1])
        for cell in peer["source_labels"]
        for label in cell.split("; ")
    )
