"""The URL codec on generated links: never raises, round-trips, reports every drop, echoes nothing active."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from components.data.text import md_text
from components.url import view_state as vs
from tests.hostile import active_markdown
from tests.properties.profiles import examples, tried
from tests.properties.strategies import invalid_value, link_value, page_params, raw_params, valid_view

PAGES = sorted(page_params())
TARGET = "url codec"

# A notice is one of these sentences; the parts in <echo> come from the link, the rest is ours.
_TEMPLATES = [
    re.compile(r"Ignored unknown link parameter '(?P<echo>.*)'\."),
    re.compile(
        r"Ignored (?P<label>[a-z ]+) '(?P<echo>.*)'(?: \(link parameter '[a-z]+'\))?: not a known value\."
    ),
    re.compile(r"'(?P<key>[a-z]+)' was given \d+ times; used the first valid value\."),
    re.compile(r"Only the first \d+ values of '(?P<key>[a-z]+)' were read\."),
    re.compile(r"This link was made with link format v(?P<echo>.*); this dashboard uses v1\. .*", re.S),
    re.compile(r"This link was made with data as of (?P<echo>.*); you are seeing the current view, .*", re.S),
]


def assert_inert(notice: str) -> None:
    """The notice is one of our sentences, and everything it echoes from the link is escaped."""
    match = next((m for t in _TEMPLATES if (m := t.fullmatch(notice))), None)
    assert match, f"notice is not one of the codec's sentences: {notice!r}"
    echo = match.groupdict().get("echo") or ""
    assert not active_markdown(echo), f"active characters echoed: {notice!r}"
    assert not any(ch in echo for ch in "\n\r\t\x00"), f"control characters echoed: {notice!r}"
    assert len(notice) < 400


def names_key(notice: str, key: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", notice) is not None


@pytest.mark.parametrize("page", PAGES)
@given(raw=raw_params())
@example(raw={"<b>x</b>": ["1"], "state": ["**ZZ**", ""], "by": ["[x](javascript:alert(1))"]})
@examples("fast")
def test_any_link_decodes_and_echoes_nothing_active(page, raw):
    tried(TARGET)
    params = page_params()[page]
    values, notices = vs.decode(raw, params)
    assert set(values) == {p.key for p in params}
    for p in params:
        assert all(p.accepts(v) for v in values[p.key]), (p.key, values[p.key])
        assert p.multi or len(values[p.key]) <= 1
    stale = vs.stale_link_notice(raw, "2026-11-21")
    for notice in notices + ([stale] if stale else []):
        assert_inert(notice)


@given(query=st.text(max_size=300))
@example(query="state=TX&state=%3Cscript%3E&&=&%%&focus")
@examples("fast")
def test_any_query_string_decodes(query):
    tried(TARGET)
    raw = parse_qs(query, keep_blank_values=True)
    for page in PAGES:
        values, notices = vs.decode(raw, page_params()[page])
        for notice in notices:
            assert_inert(notice)


@pytest.mark.parametrize("page", PAGES)
@given(data=st.data())
@examples("fast")
def test_every_valid_view_round_trips(page, data):
    tried(TARGET)
    params = page_params()[page]
    view = data.draw(valid_view(params))
    encoded = vs.encode(view, params, data_as_of="2026-11-21")
    assert vs.decode(encoded, params) == (view, [])
    # and through the address bar: the percent-encoded string a share link carries
    parsed = parse_qs(vs.query_string(encoded)[1:], keep_blank_values=True)
    assert vs.decode(parsed, params) == (view, [])
    assert parsed["v"] == ["1"] and parsed["data"] == ["2026-11-21"]


def _dropping_raw() -> st.SearchStrategy[dict[str, list[str]]]:
    """Keys some page reads (reserved ones left out) or plainly unknown, with invalid or any values."""
    declared = sorted({p.key for ps in page_params().values() for p in ps})
    keys = st.one_of(st.sampled_from(declared), st.from_regex(r"[a-z]{1,12}_x", fullmatch=True))
    values = st.lists(st.one_of(invalid_value, link_value()), min_size=1, max_size=5)
    return st.dictionaries(keys, values, min_size=1, max_size=5)


@pytest.mark.parametrize("page", PAGES)
@given(raw=_dropping_raw())
@example(raw={"basemap": [""], "hide": ["<"]})  # found: "Ignored map layer …" did not name `hide` (fixed)
@examples("fast")
def test_every_dropped_value_is_reported_by_key(page, raw):
    tried(TARGET)
    params = {p.key: p for p in page_params()[page]}
    values, notices = vs.decode(raw, list(params.values()))
    for key, given_values in raw.items():
        if key not in params:
            assert any(md_text(key, fold_whitespace=False) in n for n in notices), (key, notices)
            continue
        dropped = [v for v in given_values if v and v not in values[key]]
        if dropped:
            assert any(names_key(n, key) for n in notices), (key, dropped, notices)
