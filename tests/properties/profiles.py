"""Hypothesis settings profiles: "ci" for `make test` (few examples, derandomized, so every run tries the
same cases) and "fuzz" for `make fuzz` (many examples, a fresh random seed each run).

`HYPOTHESIS_PROFILE` picks one (default "ci"); `FUZZ_EXAMPLES` sets the fuzz profile's examples per run
(tests/properties/run_fuzz.py sets it per chunk so each target stays inside its time share).
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings

# Examples per property under `make test`, by cost: pure functions are cheap, a whole page in AppTest is not.
CI_EXAMPLES = {"fast": 60, "io": 15, "page": 2}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
FUZZING = PROFILE == "fuzz"
_SLOW_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=_SLOW_CHECKS
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_CHECKS,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")),
)
settings.load_profile(PROFILE)

# Cases tried per target in this process (run_fuzz.py reads them through FUZZ_COUNTS).
CASES: Counter[str] = Counter()


def examples(cost: str) -> settings:
    """Settings for one property: the ci count for its cost, or the fuzz profile's count as loaded."""
    if FUZZING:
        return settings()
    return settings(max_examples=CI_EXAMPLES[cost])


def tried(target: str) -> None:
    """Count one generated case for `target` (called at the top of each property's body)."""
    CASES[target] += 1
