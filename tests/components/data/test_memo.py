"""The per-dataset memo: computed once per key, shared, bounded, thread-safe."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pandas as pd
import pytest

from components.data.memo import Memo, per_dataset


@dataclass
class FakeData:
    memo: Memo = field(default_factory=Memo)


calls: list[tuple] = []


@per_dataset
def builder(data: FakeData, *args, **kwargs) -> dict:
    calls.append((args, kwargs))
    return {"args": args, "kwargs": kwargs}


@pytest.fixture(autouse=True)
def _reset_calls():
    calls.clear()


def test_memo_computes_a_key_once_and_returns_the_same_object():
    memo = Memo()
    first = memo.get("k", lambda: ["value"])
    second = memo.get("k", lambda: ["other"])
    assert second is first
    assert len(memo) == 1


def test_memo_evicts_the_least_recently_used_entry():
    memo = Memo(max_entries=2)
    memo.get("a", lambda: 1)
    memo.get("b", lambda: 2)
    memo.get("a", lambda: 1)  # "a" is now the most recent
    memo.get("c", lambda: 3)
    assert [k for k, _ in memo.items()] == ["a", "c"]


def test_memo_does_not_store_a_failed_computation():
    memo = Memo()

    def boom() -> int:
        raise ValueError("bad view")

    with pytest.raises(ValueError, match="bad view"):
        memo.get("k", boom)
    assert memo.get("k", lambda: 7) == 7


def test_concurrent_requests_for_one_key_compute_it_once():
    memo = Memo()
    started = []
    barrier = threading.Barrier(8)

    def slow() -> object:
        started.append(1)
        time.sleep(0.05)
        return object()

    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(memo.get("burst", slow))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(started) == 1
    assert len({id(r) for r in results}) == 1


def test_per_dataset_keys_on_the_other_arguments():
    data = FakeData()
    a = builder(data, "TX", focus=("transportation",))
    assert builder(data, "TX", focus=("transportation",)) is a
    assert builder(data, "OH", focus=("transportation",)) is not a
    assert len(calls) == 2


def test_per_dataset_treats_lists_like_tuples():
    data = FakeData()
    assert builder(data, ["a", "b"]) is builder(data, ("a", "b"))
    assert len(calls) == 1


def test_per_dataset_counts_frames_by_identity():
    data = FakeData()
    frame = pd.DataFrame({"x": [1, 2]})
    same = builder(data, frame)
    assert builder(data, frame) is same
    assert builder(data, frame.copy()) is not same  # equal values, another frame: not the same input
    assert len(calls) == 2


def test_per_dataset_keeps_datasets_apart():
    one, two = FakeData(), FakeData()
    assert builder(one, "TX") is not builder(two, "TX")
    assert len(calls) == 2


def test_per_dataset_rejects_unhashable_arguments_up_front():
    with pytest.raises(TypeError):
        builder(FakeData(), object.__new__(type("Unhashable", (), {"__hash__": None})))
    assert calls == []


def test_uncached_is_the_plain_function():
    data = FakeData()
    builder.uncached(data, "TX")
    builder.uncached(data, "TX")
    assert len(calls) == 2
    assert len(data.memo) == 0
