"""Per-dataset memo for builders: everyone who asks for the same view shares one computation.

A shared link opened in a meeting asks 40 sessions for the same view at once; Streamlit reruns
the page script for each, so without this every builder ran 40 times. Results live on the
`Dataset` they were computed from (a new or edited data folder starts empty) and are shared by
every session: callers must treat them as read-only, as they do the dataset's own frames
(`tests/pages/test_read_only.py` checks both after every page has run).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, Protocol, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")

# Entries per dataset (a page stores a handful per view, so a few dozen views per page stay warm).
# A view's results are well under 1 MB with the shipped data, a few MB with 20,000+ members.
MAX_ENTRIES = 128


class Memo:
    """A bounded, thread-safe LRU map; a key being computed is computed once, others wait for it."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._values)

    def items(self) -> list[tuple[Hashable, Any]]:
        with self._lock:
            return list(self._values.items())

    def get(self, key: Hashable, compute: Callable[[], R]) -> R:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:  # another thread computed it while we waited
                    return self._values[key]
            value = compute()  # an exception propagates and nothing is stored
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
                self._pending.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


class _Same:
    """A key part for an object that is not hashable (a DataFrame): equal only to itself.

    It holds the object, so the id cannot be reused while the memo entry lives.
    """

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


def _key_part(value: object) -> Hashable:
    if isinstance(value, pd.DataFrame | pd.Series):
        return _Same(value)
    if isinstance(value, list | tuple):
        return tuple(_key_part(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple(sorted((k, _key_part(v)) for k, v in value.items()))
    hash(value)  # fail here, with the offending value in the traceback, not inside the memo
    return value


class HasMemo(Protocol):
    memo: Memo


def per_dataset(fn: Callable[P, R]) -> Callable[P, R]:
    """Memoize `fn(data, *args)` on `data.memo`, keyed by the function and the other arguments.

    DataFrame arguments count by identity, so pass the process-wide frames (the dataset's tables,
    `get_members()`), not frames made during the run. `fn.uncached` is the plain function.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        data = args[0]
        key = (fn.__module__, fn.__qualname__, _key_part(args[1:]), _key_part(kwargs))
        return data.memo.get(key, lambda: fn(*args, **kwargs))  # type: ignore[attr-defined]

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper
