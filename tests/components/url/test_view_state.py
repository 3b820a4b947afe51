"""The query-parameter codec: round trips, invalid and hostile values, stale links."""

from __future__ import annotations

import pytest

from components.url import view_state as vs
from components.url.view_state import Param
from tests.hostile import HOSTILE_VALUES

PARAMS = [
    Param("state", "state", ("AZ", "CO", "TX")),
    Param("focus", "focus area", ("connectivity", "transportation")),
    Param("sort", "sort", ("name", "count"), multi=False, default=("name",)),
]


@pytest.mark.parametrize(
    "values",
    [
        {"state": ("TX",), "focus": (), "sort": ("name",)},
        {"state": ("TX", "AZ"), "focus": ("transportation",), "sort": ("count",)},
        {"state": (), "focus": ("connectivity", "transportation"), "sort": ("name",)},
    ],
)
def test_round_trip(values):
    encoded = vs.encode(values, PARAMS, data_as_of="2026-11-21")
    decoded, notices = vs.decode(encoded, PARAMS)
    assert decoded == values
    assert notices == []
    assert encoded["v"] == [vs.CONTRACT_VERSION] and encoded["data"] == ["2026-11-21"]


def test_encode_keeps_order_and_repeats_keys():
    q = vs.query_string(vs.encode({"state": ("TX", "AZ")}, PARAMS, data_as_of="2026-11-21"))
    assert q == "?state=TX&state=AZ&v=1&data=2026-11-21"


@pytest.mark.parametrize(
    ("raw", "expected", "notice_words"),
    [
        ({"state": ["TX", "XX"]}, {"state": ("TX",)}, "Ignored state 'XX'"),
        ({"state": ["TX", "TX"]}, {"state": ("TX",)}, None),
        ({"bogus": ["1"]}, {"state": ()}, "unknown link parameter 'bogus'"),
        ({"sort": ["count", "name"]}, {"sort": ("count",)}, "given 2 times"),
        ({"sort": ["nope"]}, {"sort": ("name",)}, "Ignored sort"),
        ({"state": [""]}, {"state": ()}, None),
        ({"state": ["TX"] * 100}, {"state": ("TX",)}, "Only the first"),
    ],
)
def test_invalid_values_fall_back_with_a_notice(raw, expected, notice_words):
    decoded, notices = vs.decode(raw, PARAMS)
    for key, value in expected.items():
        assert decoded[key] == value
    if notice_words:
        assert any(notice_words in n for n in notices), notices
    else:
        assert notices == []


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize("key", ["state", "focus", "sort"])
def test_hostile_values_are_dropped_and_quoted_inertly(key, value):
    decoded, notices = vs.decode({key: [value]}, PARAMS)
    allowed = {p.key: p.allowed() for p in PARAMS}[key]
    assert all(v in allowed for v in decoded[key])
    for notice in notices:
        assert "<" not in notice.replace("\\<", "")
        assert len(notice) < 300
        assert "](" not in notice


def test_hostile_keys_are_reported_inertly():
    _, notices = vs.decode({"<b>x</b>": ["1"], "A" * 5000: ["1"]}, PARAMS)
    assert len(notices) == 2
    assert all(len(n) < 300 and "<b>" not in n for n in notices)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TX", "TX"),
        ("<b>", "\\<b\\>"),
        ("a\u0000b", "a�b"),
        ("[x](y)", "\\[x\\]\\(y\\)"),
    ],
)
def test_shown(text, expected):
    assert vs.shown(text) == expected


def test_shown_truncates_long_values():
    out = vs.shown("A" * 10_000)
    assert out.startswith("A" * 40) and "10,000 characters" in out


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"v": ["1"], "data": ["2026-11-21"]}, None),
        ({"v": ["1"], "data": ["2025-01-01"]}, "data as of 2025\\-01\\-01"),
        ({"v": ["9"], "data": ["2026-11-21"]}, "link format v9"),
        ({}, None),
    ],
)
def test_stale_link_notice(raw, words):
    notice = vs.stale_link_notice(raw, "2026-11-21")
    if words is None:
        assert notice is None
    else:
        assert words in notice
