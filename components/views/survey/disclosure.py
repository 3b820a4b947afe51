"""Disclosure control for respondent-level data: no group smaller than the operator's threshold is shown.

ICMA licenses its respondent file "do not distribute": a breakdown that shows a group of one
respondent republishes that jurisdiction's answers in the chart, its table, every download and every
link to the view. So a group (per question: the respondents of one state, population group or
coalition who answered it; without a breakdown, everyone selected) with fewer than `min_group`
respondents answering is left out of everything built from the results, and the chart says so.

Where the groups split the selection (state, population group, no breakdown), the hidden groups
together must also reach the threshold; otherwise the next smallest groups are hidden too, so the
hidden ones cannot be worked out as the total minus the groups shown ("secondary suppression").
Coalition groups overlap (a place can belong to two), so that rule does not apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DEFAULT_MIN_GROUP = 5  # the operator sets another with COALITIONS_SURVEY_MIN_GROUP (components.ui.loader)
PARTITIONS = frozenset({"state", "population"})  # breakdowns in which each respondent is in one group


@dataclass(frozen=True)
class Hidden:
    """One question's groups left out: too small, and hidden so the small ones cannot be derived."""

    small: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.small or self.secondary)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _hidden_groups(bases: pd.Series, min_group: int, by: str) -> Hidden:
    """bases: group -> respondents answering. Which groups to leave out, and why."""
    small = [g for g, n in bases.items() if n < min_group]
    secondary: list[str] = []
    if small and by in PARTITIONS:
        rest = bases.drop(small).sort_values(kind="stable")
        hidden_total = int(bases[small].sum())
        for group, n in rest.items():
            if hidden_total >= min_group:
                break
            secondary.append(str(group))
            hidden_total += int(n)
    return Hidden(tuple(map(str, small)), tuple(secondary))


def suppress(results: pd.DataFrame, min_group: int, by: str) -> tuple[pd.DataFrame, dict[str, Hidden]]:
    """question_results rows without the groups that are too small, and what was hidden per question.

    `results` has one row per question × group × answer with the group's base `n` (respondents
    answering the question in that group).
    """
    if results.empty:
        return results, {}
    hidden: dict[str, Hidden] = {}
    keep = pd.Series(True, index=results.index)
    for question_id, rows in results.groupby("question_id", sort=False):
        bases = rows.drop_duplicates("group").set_index("group")["n"]
        left_out = _hidden_groups(bases, min_group, by)
        if left_out:
            hidden[str(question_id)] = left_out
            keep[rows.index] = ~rows["group"].isin({*left_out.small, *left_out.secondary})
    return results[keep].reset_index(drop=True), hidden


def chart_note(hidden: Hidden, min_group: int) -> str:
    """'3 groups with fewer than 5 respondents are not shown; 1 more group is not shown so …'."""
    if not hidden:
        return ""
    n = len(hidden.small)
    text = (
        f"{plural(n, 'group')} with fewer than {min_group} respondents {'is' if n == 1 else 'are'} not shown"
    )
    if hidden.secondary:
        m = len(hidden.secondary)
        text += (
            f"; {plural(m, 'more group')} {'is' if m == 1 else 'are'} not shown so that the hidden "
            f"{'one' if n == 1 else 'ones'} cannot be worked out from the total"
        )
    return text + "."


def whole_question_note(question: str, by: str, min_group: int) -> str:
    """For a question with nothing left to show."""
    if not by:
        return f"{question}: not shown, because fewer than {min_group} respondents in this selection answered it."
    return f"{question}: not shown, because every group has fewer than {min_group} respondents answering it."


def page_note(hidden: dict[str, Hidden], min_group: int, by: str) -> str:
    """One line for the page: how many groups are not shown anywhere below, and why."""
    small = {g for h in hidden.values() for g in h.small}
    secondary = {g for h in hidden.values() for g in h.secondary} - small
    if not small and not secondary:
        return ""
    why = (
        "respondent-level files are licensed not to be redistributed, so no chart, table, download or link "
        "shows the answers of so few respondents."
    )
    if not by:
        n = len(hidden)
        return (
            f"{plural(n, 'question')} answered by fewer than {min_group} respondents in this selection "
            f"{'is' if n == 1 else 'are'} not shown: {why}"
        )
    n = len(small)
    text = (
        f"{plural(n, 'group')} with fewer than {min_group} respondents {'is' if n == 1 else 'are'} not shown"
    )
    if secondary:
        text += (
            f" (and {plural(len(secondary), 'more group')}, so that they cannot be worked out from the total)"
        )
    return f"{text}: {why}"
