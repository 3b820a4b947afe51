"""Shared, cached objects stay as loaded after every page has run.

The dataset, the member table and every memoized builder result (components/data/memo.py) are one
object per process, shared by all sessions: a page that changed one in place would change what
every other visitor sees. After each page has run on several views, each must still equal a fresh
computation.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re

import altair as alt
import pandas as pd
import pydeck as pdk
import pytest

from components.data import filters
from components.data.load import data_dir_from_env, load_dataset
from components.data.memo import Memo, _Same, per_dataset
from components.ui import loader as app_data
from tests.pages.helpers import run_page

VIEWS = [
    ("pages/overview.py", {}),
    ("pages/map.py", {}),
    ("pages/map.py", {"state": "TX"}),
    ("pages/map.py", {"coalition": "ntxia", "details": "ntxia"}),
    ("pages/map.py", {"focus": "transportation", "hide": "hub-links"}),
    ("pages/focus-areas.py", {}),
    ("pages/focus-areas.py", {"focus": ["transportation", "connectivity"]}),
    ("pages/focus-areas.py", {"state": "TX"}),
    ("pages/compare.py", {}),
    ("pages/compare.py", {"coalition": ["ntxia", "connective"]}),
    ("pages/survey.py", {}),
    ("pages/data.py", {}),
    ("pages/contribute.py", {"coalition": "ntxia"}),
]

# Altair numbers unnamed params and views from a process-wide counter: not part of the value.
_AUTO_NAME = re.compile(r"\b(param|view|selector|concat|layer)_\d+\b")


def canonical(value: object) -> str:
    """A comparable text form of a builder result (frames, charts, decks, dataclasses, containers)."""

    def plain(v: object) -> object:
        if isinstance(v, pd.DataFrame):
            return {"frame": json.loads(v.to_json(orient="split", default_handler=str))}
        if isinstance(v, pd.Series):
            return {"series": json.loads(v.to_json(orient="split", default_handler=str))}
        if isinstance(v, alt.TopLevelMixin):
            return {"chart": v.to_dict()}
        if isinstance(v, pdk.Deck):
            return {"deck": json.loads(v.to_json())}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [plain(x) for x in v]
        if isinstance(v, set | frozenset):
            return sorted(repr(x) for x in v)
        if isinstance(v, bytes):
            return v.hex()
        return v

    return _AUTO_NAME.sub(r"\1_N", json.dumps(plain(value), sort_keys=True, default=repr))


def _unwrap(part: object) -> object:
    if isinstance(part, _Same):
        return part.obj
    if isinstance(part, tuple):
        return tuple(_unwrap(p) for p in part)
    return part


def changed_entries(data: object) -> list[str]:
    """Memo entries of `data` whose value no longer equals a fresh call of their builder."""
    changed = []
    for (module, qualname, args, kwargs), value in data.memo.items():
        fn = importlib.import_module(module)
        for name in qualname.split("."):
            fn = getattr(fn, name)
        fresh = fn.uncached(data, *_unwrap(args), **dict(_unwrap(kwargs)))
        if canonical(fresh) != canonical(value):
            changed.append(f"{module}.{qualname}{_unwrap(args)!r:.80}")
    return changed


@per_dataset
def _frame_for(data: object, n: int) -> pd.DataFrame:
    return pd.DataFrame({"n": [n]})


def test_changed_entries_notices_a_result_changed_in_place():
    @dataclasses.dataclass
    class Fake:
        memo: Memo = dataclasses.field(default_factory=Memo)

    data = Fake()
    _frame_for(data, 1).loc[0, "n"] = 99  # what a careless page might do
    _frame_for(data, 2)
    assert changed_entries(data) == [f"{__name__}._frame_for(1,)"]


@pytest.fixture(scope="module")
def after_every_page():
    for page_file, params in VIEWS:
        at = run_page(page_file, params)
        assert not at.exception, (page_file, params, [e.value for e in at.exception])
        # Twice: the second run reads what the first one cached.
        at.run()
        assert not at.exception, (page_file, params, [e.value for e in at.exception])
    folder = str(data_dir_from_env())
    return app_data._load(folder), app_data._members(folder)


def test_dataset_tables_are_as_loaded(after_every_page):
    data, _ = after_every_page
    fresh = load_dataset(data.data_dir)
    assert data.tables.keys() == fresh.tables.keys()
    for name, frame in fresh.tables.items():
        pd.testing.assert_frame_equal(data.tables[name], frame, obj=name)


def test_member_table_is_as_computed(after_every_page):
    data, members = after_every_page
    pd.testing.assert_frame_equal(members, filters.members_table(load_dataset(data.data_dir)))


def test_memoized_results_equal_a_fresh_computation(after_every_page):
    data, _ = after_every_page
    assert len(data.memo) >= len(VIEWS), "the pages memoize their builders"
    assert changed_entries(data) == []
