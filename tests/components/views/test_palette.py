"""Palette colours are colour-blind safe and legible: contrast computed, not assumed."""

from __future__ import annotations

import pytest

from components.views import palette

WHITE = "#FFFFFF"
COALITIONS = ["csca", "ntxia", "connective", "iscra", "kcdd", "sasr", "snf"]


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#767676", "#FFFFFF", 4.54)],
)
def test_contrast_ratio_matches_wcag_examples(a, b, ratio):
    assert palette.contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


def test_each_coalition_has_its_own_okabe_ito_colour():
    colours = [palette.colour_of(c) for c in COALITIONS]
    assert len(set(colours)) == len(colours)
    assert set(colours) <= set(palette.OKABE_ITO.values())


@pytest.mark.parametrize("group", COALITIONS + ["nscp", "us-ignite", "project-overcome"])
def test_mark_colours_are_at_least_3_to_1_against_white_or_outlined(group):
    colour = palette.colour_of(group)
    # Marks below 3:1 (yellow, sky blue, orange) must be drawn with a dark outline: see components/views/map/icons.py.
    assert palette.contrast_ratio(colour, WHITE) >= 3 or group in palette.NEEDS_OUTLINE


def test_outline_colour_is_legible():
    assert palette.contrast_ratio(palette.OUTLINE, WHITE) >= 4.5


def test_hex_to_rgb():
    assert palette.hex_to_rgb("#E69F00", 128) == [230, 159, 0, 128]
