"""Disclosure control: groups under the threshold are left out, and the hidden ones cannot be derived.

The group sizes here are SYNTHETIC: made-up bases, used only to check the rules.
"""

from __future__ import annotations

import pandas as pd
import pytest

from components.views.survey import disclosure
from components.views.survey.disclosure import Hidden


def _results(bases: dict[str, dict[str, int]]) -> pd.DataFrame:
    """question -> {group: base n}, as question_results rows (two answers per group)."""
    rows = [
        {"question_id": q, "question": q.title(), "group": g, "answer": a, "n": n}
        for q, groups in bases.items()
        for g, n in groups.items()
        for a in ("Yes", "No")
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("bases", "by", "min_group", "kept", "small", "secondary"),
    [
        # One group of one: hidden; the other three together are what the total says, so the next
        # smallest (CO, 6) goes too and the two hidden together (7) reach the threshold.
        ({"TX": 12, "AZ": 8, "CO": 6, "IL": 1}, "state", 5, {"TX", "AZ"}, ("IL",), ("CO",)),
        # Two small groups that together reach the threshold: nothing more is hidden.
        ({"TX": 12, "AZ": 8, "CO": 3, "IL": 2}, "state", 5, {"TX", "AZ"}, ("CO", "IL"), ()),
        # Exactly the threshold is shown.
        ({"TX": 12, "IL": 5}, "state", 5, {"TX", "IL"}, (), ()),
        ({"big": 40, "small": 4}, "population", 5, set(), ("small",), ("big",)),
        # Coalition groups overlap, so the total minus the others is not one group: no secondary.
        ({"NTXIA": 12, "Connective": 1}, "coalition", 5, {"NTXIA"}, ("Connective",), ()),
        # No breakdown: the whole selection is one group.
        ({"All respondents": 4}, "", 5, set(), ("All respondents",), ()),
        ({"All respondents": 4}, "", 3, {"All respondents"}, (), ()),
        # The operator's threshold is used, not the default.
        ({"TX": 12, "IL": 9}, "state", 10, set(), ("IL",), ("TX",)),
        ({"TX": 12, "IL": 1}, "state", 1, {"TX", "IL"}, (), ()),
    ],
)
def test_suppress(bases, by, min_group, kept, small, secondary):
    shown, hidden = disclosure.suppress(_results({"q": bases}), min_group, by)
    assert set(shown["group"]) == kept
    assert hidden.get("q", Hidden()) == Hidden(small, secondary)
    assert (shown["n"] >= min_group).all()


def test_each_question_is_judged_on_its_own_bases():
    results = _results({"a": {"TX": 12, "IL": 6}, "b": {"TX": 11, "IL": 3}})
    shown, hidden = disclosure.suppress(results, 5, "coalition")
    assert set(zip(shown["question_id"], shown["group"], strict=True)) == {
        ("a", "TX"),
        ("a", "IL"),
        ("b", "TX"),
    }
    assert hidden == {"b": Hidden(("IL",))}


def test_nothing_hidden_leaves_the_rows_as_they_are():
    results = _results({"a": {"TX": 12, "IL": 6}})
    shown, hidden = disclosure.suppress(results, 5, "state")
    pd.testing.assert_frame_equal(shown, results)
    assert hidden == {}


@pytest.mark.parametrize(
    ("hidden", "note"),
    [
        (Hidden(), ""),
        (Hidden(("IL",)), "1 group with fewer than 5 respondents is not shown."),
        (Hidden(("IL", "CO", "KS")), "3 groups with fewer than 5 respondents are not shown."),
        (
            Hidden(("IL",), ("CO",)),
            "1 group with fewer than 5 respondents is not shown; 1 more group is not shown so that the "
            "hidden one cannot be worked out from the total.",
        ),
    ],
)
def test_chart_note(hidden, note):
    assert disclosure.chart_note(hidden, 5) == note


def test_page_note_counts_groups_once_across_questions():
    hidden = {"a": Hidden(("IL",), ("CO",)), "b": Hidden(("IL", "KS"))}
    note = disclosure.page_note(hidden, 5, "state")
    assert note.startswith(
        "2 groups with fewer than 5 respondents are not shown (and 1 more group, so that they cannot be "
        "worked out from the total): "
    )
    assert "licensed not to be redistributed" in note
    assert disclosure.page_note({}, 5, "state") == ""
    assert disclosure.page_note({"a": Hidden(("All respondents",))}, 7, "").startswith(
        "1 question answered by fewer than 7 respondents in this selection is not shown"
    )


def test_whole_question_note():
    assert disclosure.whole_question_note("Barriers", "state", 5) == (
        "Barriers: not shown, because every group has fewer than 5 respondents answering it."
    )
    assert "fewer than 5 respondents in this selection" in disclosure.whole_question_note("Barriers", "", 5)
