"""benchmarks/first_visit.py: what it reads from a Lighthouse report and how it judges each figure.

The report below has the shape Lighthouse 12 writes (`--output=json`), reduced to the audits read.
Lighthouse itself runs in `make bench`, not here.
"""

from __future__ import annotations

import json
import math

import pytest

from benchmarks import first_visit as fv
from benchmarks.floor import one_mark_deck


def _report(*, bytes_=2_800_000, tbt_ms=0.0, tti_ms=3200.0, cls=0.001, a11y=1.0, bp=1.0, failed=()):
    audits = {
        "total-byte-weight": {
            "numericValue": bytes_,
            "details": {
                "items": [{"url": "http://h/static/js/DeckGlJsonChart.Bk.js?x=1", "totalBytes": 3_050_684}]
            },
        },
        "total-blocking-time": {"numericValue": tbt_ms},
        "interactive": {"numericValue": tti_ms},
        "cumulative-layout-shift": {"numericValue": cls},
        "layout-shifts": {
            "details": {"items": [{"node": {"selector": "div.stAppViewContainer > div"}, "score": 0.2274}]}
        },
        "errors-in-console": {
            "details": {
                "items": [
                    {
                        "description": "Failed to load resource: the server responded with a status of 404",
                        "sourceLocation": {"url": "http://h/map/_stcore/health"},
                    }
                ]
            }
        },
        "heading-order": {"score": 0 if "heading-order" in failed else 1},
        "color-contrast": {"score": 1},
        "errors-in-console-bp": {"score": 0 if "errors-in-console-bp" in failed else 1},
        "unweighted": {"score": 0},
    }
    return {
        "finalDisplayedUrl": "http://h/map",
        "audits": audits,
        "categories": {
            "accessibility": {
                "score": a11y,
                "auditRefs": [
                    {"id": "heading-order", "weight": 3},
                    {"id": "color-contrast", "weight": 7},
                    {"id": "unweighted", "weight": 0},
                ],
            },
            "best-practices": {"score": bp, "auditRefs": [{"id": "errors-in-console-bp", "weight": 1}]},
        },
    }


def test_the_figures_are_read_in_the_units_the_table_prints():
    v = fv.parse_report(_report(bytes_=10_200_000, tbt_ms=6550, tti_ms=16300, cls=0.227, a11y=0.96, bp=0.93))
    assert (v.url, v.bytes, v.tbt, v.tti, v.cls) == ("http://h/map", 10_200_000, 6.55, 16.3, 0.227)
    assert (v.accessibility, v.best_practices) == (96, 93)
    assert v.shifted == ["div.stAppViewContainer > div (0.227)"]
    assert v.console_errors == [
        "Failed to load resource: the server responded with a status of 404 http://h/map/_stcore/health"
    ]
    assert v.largest == ["DeckGlJsonChart.Bk.js 3051 KB"]


def test_only_weighted_audits_that_did_not_pass_are_named():
    v = fv.parse_report(_report(failed=("heading-order",)))
    assert v.failed == ["heading-order"]  # "unweighted" scores 0 but does not count
    assert fv.parse_report(_report()).failed == []


def test_a_category_lighthouse_could_not_score_is_not_a_pass():
    v = fv.parse_report(_report(a11y=None))
    assert math.isnan(v.accessibility)
    (row,) = [r for r in fv.rows("run", v, {"/map": v}) if r.metric.endswith("accessibility")]
    assert row.met is False


def test_the_median_of_runs_is_taken_figure_by_figure():
    runs = [
        fv.parse_report(_report(tti_ms=t, tbt_ms=b, a11y=a))
        for t, b, a in ((3000, 10, 1.0), (5000, 400, 0.9), (4000, 20, 1.0))
    ]
    m = fv.median_visit(runs)
    assert (m.tti, m.tbt) == (4.0, 0.02)
    assert m.accessibility == 90, "a score is as good as its worst run"


@pytest.mark.parametrize(
    ("page", "met"),
    [
        # at each limit: bytes 1.5×, TTI 1.5×, TBT 300 ms, CLS 0.05, scores 100
        ({"bytes_": 3_000_000, "tti_ms": 3000, "tbt_ms": 300, "cls": 0.05}, [True] * 6),
        (
            {"bytes_": 3_000_001, "tti_ms": 3001, "tbt_ms": 301, "cls": 0.051, "a11y": 0.99, "bp": 0.99},
            [False] * 6,
        ),
    ],
)
def test_each_figure_is_judged_against_its_target(page, met):
    empty = fv.parse_report(_report(bytes_=2_000_000, tti_ms=2000))
    rows = fv.rows("serve", empty, {"/data": fv.parse_report(_report(**page))})
    assert [r.metric.rsplit(": ", 1)[1] for r in rows] == [
        "bytes",
        "time to interactive",
        "total blocking time",
        "layout shift (CLS)",
        "accessibility",
        "best practices",
    ]
    assert [r.met for r in rows] == met
    assert all(r.baseline is not None and r.metric.startswith("first visit (serve) /data") for r in rows)


def test_the_notes_name_what_lies_behind_a_missed_figure():
    empty = fv.parse_report(_report(bytes_=2_000_000))
    page = fv.parse_report(_report(bytes_=9_000_000, cls=0.2, failed=("heading-order",)))
    (head, floor, line) = fv.notes("run", empty, {"/map": page})
    assert floor == fv.FLOOR_RUN and fv.notes("serve", empty, {})[1:] == []
    assert head.startswith("First visit (run), empty page: 2.00 MB")
    assert "largest transfers DeckGlJsonChart.Bk.js 3051 KB" in line
    assert "shifted div.stAppViewContainer > div (0.227)" in line
    assert "not passed heading-order" in line and "/map/_stcore/health" in line


def test_a_warm_start_is_met_within_1_3_times_the_next_visitor():
    assert fv.warm_rows("run", 6.5, 5.0)[0].met is True
    assert fv.warm_rows("serve", 6.6, 5.0)[0].met is False


def test_a_floor_is_information_and_each_page_is_measured_against_it():
    empty = fv.parse_report(_report(tbt_ms=0, tti_ms=2000))
    floor = fv.parse_report(_report(tbt_ms=3000, tti_ms=6000))
    page = fv.parse_report(_report(tbt_ms=3600, tti_ms=7500))
    rows = fv.floor_rows("serve", "map floor", empty, floor, {"/map": page})
    assert all(r.met is None and r.target == "" for r in rows)
    assert [r.metric for r in rows[:3]] == [
        "first visit (serve) map floor: bytes",
        "first visit (serve) map floor: total blocking time",
        "first visit (serve) map floor: time to interactive",
    ]
    above = [r for r in rows if "/map above the map floor" in r.metric]
    assert [(r.vs, round(r.ratio, 2)) for r in above] == [
        ("map floor", 1.0),
        ("map floor", 1.2),
        ("map floor", 1.25),
    ]


def test_every_floor_script_exists_and_floors_pages_of_the_url_contract():
    for _label, script, pages, why in fv.FLOORS:
        assert (fv.ROOT / "benchmarks" / script).is_file()
        assert set(pages) <= set(fv.PATHS) and why


def test_the_floor_deck_keeps_every_layer_with_one_mark_and_the_outlines_whole():
    deck = {
        "layers": [
            {"id": "states", "data": "app/static/states.json"},
            {"id": "footprints", "data": {"type": "FeatureCollection", "features": [{"a": 1}, {"a": 2}]}},
            {"id": "members", "data": [{"p": [0, 0]}, {"p": [1, 1]}, {"p": [2, 2]}]},
            {"id": "empty", "data": []},
        ],
        "views": [{"@@type": "MapView"}],
    }
    cut = json.loads(one_mark_deck(json.dumps(deck)))
    assert [layer["id"] for layer in cut["layers"]] == ["states", "footprints", "members", "empty"]
    assert cut["layers"][0]["data"] == "app/static/states.json"
    assert cut["layers"][1]["data"] == {"type": "FeatureCollection", "features": [{"a": 1}]}
    assert cut["layers"][2]["data"] == [{"p": [0, 0]}] and cut["layers"][3]["data"] == []
    assert cut["views"] == deck["views"]
