"""Property tests: load the hypothesis profile, and report cases tried per target to `make fuzz`."""

from __future__ import annotations

import json
import os

from tests.properties import profiles


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("FUZZ_COUNTS")
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(dict(profiles.CASES), fh)
