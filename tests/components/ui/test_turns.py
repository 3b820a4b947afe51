"""Page scripts take turns (components/ui/turns.py): one at a time, never a long wait, always released."""

from __future__ import annotations

import threading

import pytest

from components.ui import turns
from tests.pages.helpers import run_page


def _in_another_thread(fn):
    out = []
    thread = threading.Thread(target=lambda: out.append(fn()))
    thread.start()
    thread.join()
    return out[0]


def test_a_second_script_waits_for_the_first_or_runs_anyway_after_its_wait():
    def second() -> tuple[bool, bool]:
        ran = False
        with turns.turn(max_wait_s=0.05) as mine:
            ran = True
        return mine, ran

    with turns.turn() as mine:
        assert mine
        assert _in_another_thread(second) == (False, True)  # no slot, and it still ran
    assert _in_another_thread(second) == (True, True)  # the first one's turn ended: the slot is free


def test_the_slot_is_released_however_the_script_ends():
    with pytest.raises(RuntimeError), turns.turn():
        raise RuntimeError("st.stop, a rerun or an error")
    with turns.turn(max_wait_s=0) as mine:  # a non-blocking try: free at once
        assert mine


def test_the_whole_page_runs_in_one_turn(monkeypatch):
    seen: list[str] = []
    real = turns.turn

    def recording(*args, **kwargs):
        seen.append("turn")
        return real(*args, **kwargs)

    monkeypatch.setattr(turns, "turn", recording)
    at = run_page("pages/map.py", {"state": "TX"})
    assert not at.exception
    assert seen == ["turn"] and at.title[0].value == "Map of connected regions"
