"""The loader on the shipped data, and a table of bad inputs each reported at file/row/column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from components.data.load import load_dataset, parse_partial_date
from components.data.schema import (
    DUPLICATE_KEYS,
    TABLES,
    TABLES_BY_NAME,
    TEXT,
    Column,
    DuplicateProblem,
    TableSpec,
    duplicate_key,
    problems_table,
)


def test_shipped_data_has_no_problems():
    data = load_dataset()
    assert [str(p) for p in data.problems] == []


def test_shipped_data_has_the_seven_nscp_coalitions():
    data = load_dataset()
    assert set(data.coalitions["coalition_id"]) == {
        "csca",
        "ntxia",
        "connective",
        "iscra",
        "kcdd",
        "sasr",
        "snf",
    }
    nscp = data.network_coalitions[data.network_coalitions["network_id"] == "nscp"]
    assert set(nscp["coalition_id"]) == set(data.coalitions["coalition_id"])


def test_every_fact_row_has_a_source():
    data = load_dataset()
    for spec in TABLES:
        if spec.fact_table:
            assert (data.tables[spec.name]["source_id"] != "").all(), spec.name


def test_no_fact_is_dated_with_the_day_its_source_was_read():
    """Issue 13, two dates: `as_of` is the fact's own date, empty when the source gives none.

    The shipped data once filled it with the read date (2026-11-21) for facts years older; a fact
    whose as_of equals its source's `accessed` date is that mistake (the migration emptied them).
    """
    data = load_dataset()
    accessed = dict(zip(data.sources["source_id"], data.sources["accessed"], strict=True))
    for spec in TABLES:
        if spec.fact_table:
            frame = data.tables[spec.name]
            read = frame[
                [
                    a != "" and a == accessed[s]
                    for a, s in zip(frame["as_of"], frame["source_id"], strict=True)
                ]
            ]
            assert read.empty, (spec.name, list(read["csv_row"]))


def test_undated_facts_are_empty_and_dated_facts_keep_their_date():
    data = load_dataset()
    facts = data.coalition_facts.set_index(["coalition_id", "fact", "source_id"])
    # data_facts.md: "officially launched Monday September 25, 2017" (edcconline.org).
    assert facts.loc[("csca", "founded", "edcc-2017-09"), "as_of"] == "2017-09-25"
    nc = data.network_coalitions
    assert set(nc.loc[nc["source_id"] == "urbansdk-nscp", "as_of"]) == {"2021-10-04"}
    # GovTech's NSCP article shows no date: undated, not "2026-11-21".
    fe = data.focus_evidence
    assert set(fe.loc[fe["source_id"] == "govtech-nscp", "as_of"]) == {""}


def test_a_fact_dated_after_its_source_was_checked_is_reported(data_copy):
    row = _row_of(data_copy, "coalition_facts", "source_id", "edcc-2017-09")
    _edit(data_copy, "coalition_facts", row, "as_of", "2027-01-01")
    problems = [p for p in load_dataset(data_copy).problems if p.column == "as_of"]
    assert [(p.file, p.row) for p in problems] == [("coalition_facts.csv", row)]
    assert "later than edcc-2017-09's last check (2026-12)" in problems[0].message
    assert "leave it empty when the source gives none" in problems[0].fix


def test_a_name_the_map_would_read_as_code_is_reported_and_kept_off_the_map(data_copy):
    # deck.gl's JSON reader (the map canvas) evaluates a string starting with '@@=' as an expression.
    row = _row_of(data_copy, "entities", "entity_id", "plano-tx")
    _edit(data_copy, "entities", row, "name", "@@=document")
    data = load_dataset(data_copy)
    problems = [p for p in data.problems if p.column == "name"]
    assert [(p.file, p.row) for p in problems] == [("entities.csv", row)]
    assert "reads as code" in problems[0].message
    assert not data.entities["name"].astype(str).str.startswith("@@").any()


def test_wording_marks_quotes_and_paraphrases():
    data = load_dataset()
    fe = data.focus_evidence
    assert set(fe["wording"]) == {"quote", "paraphrase", ""}
    assert not fe["own_words"].str.startswith("[paraphrase]").any()
    ntxia = fe[(fe["group_id"] == "ntxia") & (fe["focus_id"] == "energy")].iloc[0]
    assert (ntxia["own_words"], ntxia["wording"]) == ("power, water and broadband connectivity", "paraphrase")


def test_a_paraphrase_marked_inside_the_text_is_reported(data_copy):
    _edit(data_copy, "focus_evidence", 2, "own_words", "[paraphrase] connectivity")
    (problem,) = load_dataset(data_copy).problems
    assert (problem.file, problem.row, problem.column) == ("focus_evidence.csv", 2, "own_words")
    assert "wording column" in problem.fix


def test_a_copy_without_the_wording_column_still_loads(data_copy):
    """wording was added after copies were made: a file without it reads as 'not checked'."""
    _drop_column(data_copy, "focus_evidence", "wording")
    data = load_dataset(data_copy)
    assert [str(p) for p in data.problems] == []
    assert len(data.focus_evidence) and set(data.focus_evidence["wording"]) == {""}


def test_a_wording_that_is_not_quote_or_paraphrase_is_reported(data_copy):
    _edit(data_copy, "focus_evidence", 2, "wording", "verbatim")
    (problem,) = load_dataset(data_copy).problems
    assert (problem.row, problem.column) == (2, "wording") and "quote, paraphrase" in problem.message


def test_places_resolve_from_packages():
    data = load_dataset()
    e = data.entities.set_index("entity_id")
    assert e.loc["plano-tx", "lat"] == pytest.approx(33.02, abs=0.05)
    assert e.loc["maricopa-county-az", "county_fips"] == "04013"
    assert e.loc["loiza-pr", "lon"] == pytest.approx(-65.88, abs=0.1)


def _edit(
    folder: Path, table: str, row: int | None = None, column: str | None = None, value: str = ""
) -> None:
    """Set one cell (row counted as a spreadsheet does: header = 1)."""
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    rows[row - 1][col] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _drop_column(folder: Path, table: str, column: str) -> None:
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:col] + r[col + 1 :] for r in rows])


def _row_of(folder: Path, table: str, column: str, value: str) -> int:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            if r[column] == value:
                return i
    raise LookupError(value)


BAD_INPUTS = [
    # (case, how to break the copy, expected file, row finder, column, words in the message)
    (
        "missing column",
        lambda d: _drop_column(d, "entities", "state"),
        "entities.csv",
        lambda d: 1,
        "state",
        "missing",
    ),
    (
        "duplicate id",
        lambda d: _edit(
            d, "entities", _row_of(d, "entities", "entity_id", "mesa-az"), "entity_id", "plano-tx"
        ),
        "entities.csv",
        lambda d: _row_of(d, "entities", "name", "Mesa"),
        "entity_id",
        "duplicate",
    ),
    (
        "unknown state",
        lambda d: _edit(d, "entities", _row_of(d, "entities", "entity_id", "plano-tx"), "state", "XX"),
        "entities.csv",
        lambda d: _row_of(d, "entities", "entity_id", "plano-tx"),
        "state",
        "not a US state",
    ),
    (
        "dangling reference",
        lambda d: _edit(d, "memberships", 2, "group_id", "no-such-coalition"),
        "memberships.csv",
        lambda d: 2,
        "group_id",
        "does not match",
    ),
    (
        "missing source",
        lambda d: _edit(d, "coalition_facts", 3, "source_id", ""),
        "coalition_facts.csv",
        lambda d: 3,
        "source_id",
        "empty but required",
    ),
    (
        "bad date",
        lambda d: _edit(d, "memberships", 4, "as_of", "21/11/2026"),
        "memberships.csv",
        lambda d: 4,
        "as_of",
        "not a date",
    ),
    (
        "name that will not resolve",
        lambda d: _edit(d, "entities", _row_of(d, "entities", "entity_id", "plano-tx"), "place", "Planoo"),
        "entities.csv",
        lambda d: _row_of(d, "entities", "entity_id", "plano-tx"),
        "place",
        "not found in the packaged gazetteer",
    ),
    (
        "county that will not resolve",
        lambda d: _edit(
            d, "entities", _row_of(d, "entities", "entity_id", "dallas-county-tx"), "place", "Atlantis County"
        ),
        "entities.csv",
        lambda d: _row_of(d, "entities", "entity_id", "dallas-county-tx"),
        "place",
        "not a county",
    ),
    (
        "source with no address",
        lambda d: _edit(d, "sources", 2, "url", "not a url"),
        "sources.csv",
        lambda d: 2,
        "url",
        "not a web address",
    ),
]


@pytest.mark.parametrize(
    ("case", "corrupt", "file", "row", "column", "words"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_is_reported_at_file_row_column(data_copy, case, corrupt, file, row, column, words):
    expected_row = row(data_copy)
    corrupt(data_copy)
    problems = load_dataset(data_copy).problems
    matching = [p for p in problems if p.file == file and p.row == expected_row and p.column == column]
    assert matching, f"no problem at {file} row {expected_row} column {column}: {[str(p) for p in problems]}"
    assert words in str(matching[0])


def test_empty_file_is_reported(data_copy):
    (data_copy / "networks.csv").write_text("", encoding="utf-8")
    problems = load_dataset(data_copy).problems
    assert any(p.file == "networks.csv" and p.row == 1 and "empty" in p.message for p in problems)


def test_wrong_encoding_is_reported_with_its_row(data_copy):
    path = data_copy / "focus_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + " caf\u00e9"
    path.write_bytes("\n".join(lines).encode("cp1252"))
    problems = load_dataset(data_copy).problems
    assert any(p.file == "focus_areas.csv" and p.row == 4 and "UTF-8" in p.message for p in problems)


def test_unquoted_comma_is_reported(data_copy):
    path = data_copy / "networks.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "extra,Extra, Network,national network,x,usignite-sparks,2026\n",
        encoding="utf-8",
    )
    problems = load_dataset(data_copy).problems
    assert any(p.file == "networks.csv" and p.row == 6 and "cells" in p.message for p in problems)


def test_a_problem_leaves_the_rest_usable(data_copy):
    _edit(data_copy, "entities", _row_of(data_copy, "entities", "entity_id", "plano-tx"), "state", "XX")
    data = load_dataset(data_copy)
    assert "plano-tx" not in set(data.entities["entity_id"])
    assert "mesa-az" in set(data.entities["entity_id"])
    assert len(data.coalitions) == 7


def test_missing_folder_is_one_problem_per_table(tmp_path):
    problems = load_dataset(tmp_path / "nowhere").problems
    assert any("is not a folder" in p.message for p in problems)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2021", (2021, 0, 0)),
        ("2021-06", (2021, 6, 0)),
        ("2021-06-17", (2021, 6, 17)),
        ("2021-02-30", None),
        ("2021-13", None),
        ("21/11/2026", None),
        ("", None),
        ("2021-6-1", None),
    ],
)
def test_partial_dates(text, parsed):
    assert parse_partial_date(text) == parsed


def test_data_dictionary_describes_every_table_and_column():
    readme = (Path(__file__).resolve().parents[3] / "coalitions_data" / "README.md").read_text(
        encoding="utf-8"
    )
    for spec in TABLES:
        section = readme.split(f"### `{spec.file}`", 1)
        assert len(section) == 2, f"{spec.file} has no section"
        body = section[1].split("### ", 1)[0]
        for col in spec.columns:
            assert f"`{col.name}`" in body, f"{spec.file}: column {col.name} undocumented"


# --- Duplicate rows and duplicate keys (issue 13) --------------------------------------------


def _rows(folder: Path, table: str) -> list[list[str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _paste(folder: Path, table: str, row: int, **changes: str) -> int:
    """Append a copy of spreadsheet row `row` (header = 1), with `changes`; return the new row's number."""
    rows = _rows(folder, table)
    header, copy = rows[0], list(rows[row - 1])
    for column, value in changes.items():
        copy[header.index(column)] = value
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(copy)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


def _duplicates(problems):
    return [p for p in problems if isinstance(p, DuplicateProblem)]


def _other_source(folder: Path, source_id: str) -> str:
    """A source cited nowhere yet (added to sources.csv), so the copy is one more source's row."""
    header = _rows(folder, "sources")[0]
    values = {"source_id": "another-source", "title": "Another source", "publisher": "Test"}
    values.update(url="https://example.org/another-source", accessed="2026-12")
    with (folder / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([values.get(h, "") for h in header])
    assert values["source_id"] != source_id
    return values["source_id"]


def test_a_memberships_row_pasted_twice_is_one_problem_naming_both_rows(data_copy):
    before = load_dataset(data_copy).memberships
    new = _paste(data_copy, "memberships", 14)
    data = load_dataset(data_copy)
    assert [str(p) for p in data.problems if not isinstance(p, DuplicateProblem)] == []
    (problem,) = data.problems
    assert isinstance(problem, DuplicateProblem)
    assert (problem.file, problem.first_row, problem.row) == ("memberships.csv", 14, new)
    assert problem.rows == (14, new)
    assert problem.column == "entity_id, group_id, role, source_id"
    assert f"row {new} is an exact copy of row 14" in problem.message
    assert problem.fix.startswith(f"Remove one of rows 14 and {new}")
    assert f"row {new}" in str(problem) and "14" in str(problem)
    # The later copy is left out of the views; the member counts once.
    assert len(data.memberships) == len(before)
    assert 14 in set(data.memberships["csv_row"]) and new not in set(data.memberships["csv_row"])
    table = problems_table(data.problems)
    assert table.loc[0, "row"] == new and "14" in table.loc[0, "problem"]


def test_same_entity_group_and_role_from_another_source_is_not_a_duplicate(data_copy):
    """The README keeps one row per source: agreeing or disagreeing sources are separate rows."""
    header, *rows = _rows(data_copy, "memberships")
    source = rows[12][header.index("source_id")]
    new = _paste(
        data_copy, "memberships", 14, source_id=_other_source(data_copy, source), note="Other source."
    )
    data = load_dataset(data_copy)
    assert [str(p) for p in data.problems] == []
    assert {14, new} <= set(data.memberships["csv_row"])


def test_same_entity_group_role_and_source_with_other_details_is_a_duplicate(data_copy):
    new = _paste(data_copy, "memberships", 14, note="Pasted with a different note.", cohort="Other")
    (problem,) = load_dataset(data_copy).problems
    assert isinstance(problem, DuplicateProblem) and problem.rows == (14, new)
    assert f"rows 14 and {new} have the same entity_id, group_id, role, source_id" in problem.message
    assert "differ only in cohort, note" in problem.message
    assert f"Remove one of rows 14 and {new}" in problem.fix


def test_shipped_data_has_no_duplicates():
    assert _duplicates(load_dataset().problems) == []


def test_every_duplicate_key_names_columns_of_a_real_table():
    for name, key in DUPLICATE_KEYS.items():
        spec = TABLES_BY_NAME[name]
        assert set(key) <= {c.name for c in spec.columns}, name
        assert not spec.key, f"{name} has an id key; DUPLICATE_KEYS would be ignored"


def test_a_table_without_a_declared_key_is_checked_for_exact_copies():
    spec = TableSpec("new_table", (Column("a"), Column("b"), Column("c", required=False)))
    assert duplicate_key(spec) == ("a", "b", "c")


def _free_text_column(spec: TableSpec) -> str | None:
    """A column outside the key that takes any text (so changing it keeps the row valid)."""
    key = duplicate_key(spec)
    return next(
        (c.name for c in spec.columns if c.kind == TEXT and not c.choices and c.name not in key), None
    )


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_every_table_reports_an_exact_copy_with_both_rows(data_copy, spec):
    if len(_rows(data_copy, spec.name)) < 2:
        pytest.skip(f"{spec.file} has no data rows to copy")
    new = _paste(data_copy, spec.name, 2)
    data = load_dataset(data_copy)
    assert [str(p) for p in data.problems if not isinstance(p, DuplicateProblem)] == []
    (problem,) = data.problems
    assert (problem.file, problem.rows) == (spec.file, (2, new))
    assert problem.column == ", ".join(duplicate_key(spec))
    assert "exact copy" in problem.message and f"Remove one of rows 2 and {new}" in problem.fix
    assert new not in set(data.tables[spec.name]["csv_row"])
    assert 2 in set(data.tables[spec.name]["csv_row"])


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_every_table_reports_the_same_key_with_other_details(data_copy, spec):
    column = _free_text_column(spec)
    if column is None or len(_rows(data_copy, spec.name)) < 2:
        pytest.skip(f"{spec.file}: every column is part of its key")
    new = _paste(data_copy, spec.name, 2, **{column: "Changed in a pasted copy."})
    (problem,) = load_dataset(data_copy).problems
    assert isinstance(problem, DuplicateProblem)
    assert (problem.file, problem.rows, problem.key) == (spec.file, (2, new), duplicate_key(spec))
    assert f"differ only in {column}" in problem.message


@pytest.mark.parametrize(
    "spec", [t for t in TABLES if t.fact_table], ids=[t.name for t in TABLES if t.fact_table]
)
def test_a_copy_from_another_source_is_allowed_where_the_key_includes_the_source(data_copy, spec):
    rows = _rows(data_copy, spec.name)
    if len(rows) < 2:
        pytest.skip(f"{spec.file} has no data rows to copy")
    source = rows[1][rows[0].index("source_id")]
    new = _paste(data_copy, spec.name, 2, source_id=_other_source(data_copy, source))
    problems = load_dataset(data_copy).problems
    if "source_id" in duplicate_key(spec):
        assert [str(p) for p in problems] == []
    else:  # one row per id (coalitions, networks): another source does not make a second row
        (problem,) = problems
        assert isinstance(problem, DuplicateProblem) and problem.rows == (2, new)
