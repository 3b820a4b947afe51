"""Page scripts take turns: one runs at a time and the others wait in line, briefly (issue 15).

Python runs one thread at a time (the GIL). Forty people opening a shared link at the same moment
otherwise run forty scripts interleaved, and every one of them finishes at the very end (the median
first render equals the slowest). In turns, the first person has the page after one script's time,
half the room after about half the total, and the last no later than before. A script never waits
longer than MAX_WAIT_S: one slow run (a large upload being checked) cannot hold everyone up; past
that the waiting script runs alongside it, as without turns. Two slots measured no better than none
(`benchmarks.run --only 5`): two interleaved scripts again finish together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT_S = 2.0
_slot = threading.Lock()


@contextmanager
def turn(max_wait_s: float = MAX_WAIT_S) -> Iterator[bool]:
    """Run the block when the slot is free or after `max_wait_s`; yields whether it had the slot.

    The slot is released however the block ends (st.stop, a rerun, an error).
    """
    mine = _slot.acquire(timeout=max_wait_s)
    try:
        yield mine
    finally:
        if mine:
            _slot.release()
