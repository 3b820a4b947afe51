"""The Data page's content: one entry per table with its row count, the dictionary, the problems table."""

from __future__ import annotations

from components.data.load import load_dataset
from components.data.schema import TABLES, Problem
from components.views import data_tables as D


def test_every_table_is_listed_with_its_row_count():
    data = load_dataset()
    shown = D.tables_shown(data)
    assert [t.name for t in shown] == [s.name for s in TABLES]
    first = shown[0]
    assert first.label.startswith(f"{first.file} — {len(data.tables[first.name]):,} rows · ")


def test_each_table_label_says_what_its_dates_are():
    """Issue 13: the raw tables show `as_of` and `accessed`; their labels say which date is which."""
    shown = {t.name: t.label for t in D.tables_shown(load_dataset())}
    assert shown["memberships"].endswith(D.FACT_DATES_NOTE) and "as_of = stated" in D.FACT_DATES_NOTE
    assert shown["sources"].endswith("accessed = source checked")
    assert not shown["entities"].endswith((D.FACT_DATES_NOTE, D.SOURCE_DATES_NOTE))


def test_dictionary_is_the_shipped_readme():
    assert D.dictionary_markdown().startswith("#")


def test_problems_shown_has_file_row_column_and_fix(tmp_path):
    data = load_dataset()
    object.__setattr__(data, "problems", [Problem("memberships.csv", "bad", 3, "role", "use a role")])
    table = D.problems_shown(data)
    assert table.to_dict("records") == [
        {"file": "memberships.csv", "row": 3, "column": "role", "problem": "bad", "how to fix": "use a role"}
    ]
