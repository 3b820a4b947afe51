"""Every page that is a slide, run in presenter mode (`mode=present`) through dashboard.py in AppTest:
the takeaway and the main visual are drawn, in their slide form; the secondary panels go in folds.

What a projector shows of them (sizes, what is hidden) is measured in tests/browser/test_slides.py.
"""

from __future__ import annotations

import json

import pytest

from tests.pages.helpers import run_page

PRESENT = {"mode": "present"}


def blocks(node, found=None) -> dict[str, object]:
    """Every keyed container under `node`, by key (Streamlit ends a block's id with its key)."""
    found = {} if found is None else found
    for child in getattr(node, "children", {}).values():
        block_id = getattr(child.proto, "id", "") if hasattr(child, "proto") else ""
        if block_id:
            found[block_id.rsplit("-", 1)[-1]] = child
        blocks(child, found)
    return found


def run(page_file: str, params: dict[str, str | list[str]] | None = None):
    at = run_page(page_file, {**PRESENT, **(params or {})})
    assert not at.exception, [e.value for e in at.exception]
    return at, blocks(at.main)


@pytest.mark.parametrize(
    ("page_file", "visual"),
    [
        ("pages/overview.py", "main_visual"),
        ("pages/map.py", "map_canvas"),
        ("pages/focus-areas.py", "main_visual"),
        ("pages/compare.py", "main_visual"),
        ("pages/survey.py", "main_visual"),
        ("pages/data.py", "main_visual"),
    ],
)
def test_a_slide_has_its_main_visual_and_folds_the_rest(page_file, visual):
    at, keyed = run(page_file)
    assert visual in keyed
    assert any(key.startswith("fold_") for key in keyed), sorted(keyed)
    if page_file != "pages/survey.py":  # the survey chart's own takeaway heads that slide
        (line,) = keyed["takeaway"].get("markdown")
        assert line.value.startswith("**") and len(line.value) > 10


def test_the_map_slide_has_no_details_column():
    _, keyed = run("pages/map.py", {"coalition": "ntxia"})
    assert "map_canvas" in keyed and "map_details" not in keyed
    at = run_page("pages/map.py", {"coalition": "ntxia"})
    assert "map_details" in blocks(at.main)  # not a slide: the details panel beside the map


def test_the_matrix_slide_reads_at_18_px():
    at, keyed = run("pages/focus-areas.py")
    (chart,) = keyed["main_visual"].get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    sizes = [v for k, v in _items(spec) if k.lower().endswith("fontsize")]
    assert sizes and min(sizes) >= 18


def _items(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from _items(v)
    elif isinstance(node, list):
        for v in node:
            yield from _items(v)


def test_the_compare_slide_is_five_aspects_side_by_side():
    at, keyed = run("pages/compare.py", {"coalition": ["ntxia", "connective"]})
    (table,) = keyed["main_visual"].get("table")
    assert "NTXIA" in table.value.columns and len(table.value) == 5
    assert keyed["takeaway"].get("markdown")[0].value.startswith("**NTXIA lists")


def test_the_overview_and_data_slides_show_counts():
    _, keyed = run("pages/overview.py")
    (table,) = keyed["main_visual"].get("table")
    assert list(table.value.columns) == ["Members listed vs reported"]
    _, keyed = run("pages/data.py")
    metrics = keyed["main_visual"].get("metric")
    assert metrics and all(m.value.endswith(" rows") for m in metrics)
