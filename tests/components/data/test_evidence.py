"""The focus-evidence vocabulary shared by the focus-areas matrix and the comparison."""

from __future__ import annotations

import pandas as pd
import pytest

from components.data import evidence
from components.data.load import load_dataset


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_none_found_is_never_a_bare_no():
    assert evidence.LEVEL_NONE == "none found in the sources read"
    assert all(word != "no" for level in evidence.LEVELS for word in level.split())


def test_levels_are_ranked_stated_then_programme_then_none():
    assert sorted(evidence.LEVELS, key=evidence.RANK.__getitem__, reverse=True) == list(evidence.LEVELS)
    assert set(evidence.GLYPH) == set(evidence.SHORT) == set(evidence.LEVELS)
    assert len(set(evidence.GLYPH.values())) == len(evidence.LEVELS)  # a shape per level, not only a colour


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([evidence.LEVEL_PROGRAMME, evidence.LEVEL_STATED], evidence.LEVEL_STATED),
        ([evidence.LEVEL_NONE, evidence.LEVEL_PROGRAMME], evidence.LEVEL_PROGRAMME),
        ([], evidence.LEVEL_NONE),
    ],
)
def test_strongest(levels, expected):
    assert evidence.strongest(levels) == expected


def test_levels_of_maps_evidence_kinds_and_counts_an_unknown_one_as_none_found():
    kinds = pd.Series(["stated", "programme", "rumour"])
    assert list(evidence.levels_of(kinds)) == [
        evidence.LEVEL_STATED,
        evidence.LEVEL_PROGRAMME,
        evidence.LEVEL_NONE,
    ]


@pytest.mark.parametrize(
    ("published", "accessed", "publisher", "expected"),
    [
        ("2021-11-12", "2026-11-21", "GovTech", "GovTech, 2021-11-12"),
        ("", "2026-11-21", "GovTech", "GovTech, source undated (read 2026-11-21)"),
        (float("nan"), float("nan"), "GovTech", "GovTech, source undated"),
        ("2021", "", " ", "source, 2021"),
    ],
)
def test_source_label(published, accessed, publisher, expected):
    assert evidence.source_label(published, accessed, publisher) == expected


def test_labelled_sources_are_indexed_by_id_and_computed_once(data):
    src = evidence.labelled_sources(data)
    assert evidence.labelled_sources(data) is src
    assert list(src.index) == list(data.sources["source_id"])
    row = data.sources.iloc[0]
    assert src.loc[row["source_id"], "source"] == evidence.source_label(
        row["published"], row["accessed"], row["publisher"]
    )


def test_focus_labels(data):
    labels = evidence.focus_labels(data)
    assert evidence.focus_labels(data) is labels
    assert labels == dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
