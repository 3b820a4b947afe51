"""The evidence behind a cell: valid cell ids, their labels and levels, the evidence list.

On the SYNTHETIC dataset of tests/synthetic.py (expected values worked out by hand).
"""

from __future__ import annotations

import pytest

from components.data.evidence import LEVEL_PROGRAMME, LEVEL_STATED
from components.data.text import md_text
from components.views.focus_areas import cells


def test_cell_choices_and_evidence(syn):
    data = syn[0]
    assert "zeta:f-one" in cells.cell_choices(data)
    assert "nscp:f-two" in cells.cell_choices(data) and "nscp:f-two" not in cells.cell_choices(data, False)
    ev = cells.cell_evidence(data, "zeta:f-one")
    assert list(ev["level"]) == [LEVEL_STATED, LEVEL_PROGRAMME]
    assert list(ev["url"]) == ["https://example.org/a", "https://example.org/b"]
    assert cells.cell_evidence(data, "alpha:f-one").empty
    levels = cells.cell_levels(data)
    assert cells.cell_label("alpha:f-one", data, levels) == "Alpha · One — none found in the sources read"
    assert cells.cell_label("zeta:f-one", data, levels) == "Zeta · One — stated focus area"


def test_cell_labels_label_every_cell_once(syn):
    data, _ = syn
    labels = cells.cell_labels(data)
    assert cells.cell_labels(data) is labels
    levels = cells.cell_levels(data)
    assert labels == {c: cells.cell_label(c, data, levels) for c in ["", *cells.cell_choices(data)]}
    assert labels["zeta:f-one"] == "Zeta · One — stated focus area"


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ("", ["", "zeta:f-one", "mu:f-one"]),
        ("mu:f-one", ["", "zeta:f-one", "mu:f-one"]),
        ("alpha:f-two", ["", "zeta:f-one", "mu:f-one", "alpha:f-two"]),  # a linked cell not on screen
    ],
)
def test_cell_options_are_the_cells_on_screen_and_the_chosen_one(chosen, expected):
    assert cells.cell_options(("zeta:f-one", "mu:f-one"), chosen) == expected


def test_cell_shown_lists_the_evidence_or_says_none_was_found(syn):
    data, _ = syn
    found = cells.cell_shown(data, "zeta:f-one")
    assert cells.cell_shown(data, "zeta:f-one") is found
    assert not found.empty and len(found.table) == 2 and found.none_found == ""
    assert found.label == "Zeta · One — stated focus area"
    none = cells.cell_shown(data, "alpha:f-one")
    assert none.empty
    assert none.none_found == (
        md_text("Alpha · One — none found in the sources read")
        + ". Nothing in the sources read links them; that is not proof of no work, "
        "only that no public source read for this dataset says so."
    )
