"""`make fuzz`: the property tests with many more generated cases, inside a time bound.

    FUZZ_SECONDS=600 python -m tests.properties.run_fuzz     # default 600 s, shared between targets

Each target gets a share of the time and runs its property file in chunks (a fresh random seed per
chunk, the "fuzz" hypothesis profile), sizing each chunk from the speed of the last so it ends inside
its share. It prints, per target, the cases tried and the failures found (each with the falsifying
example hypothesis printed: pin it with @example(...) once fixed). Exit status 1 when any failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET  # noqa: S405 - parses the junit file pytest just wrote
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@dataclass
class Target:
    name: str
    file: str
    share: float  # of FUZZ_SECONDS
    first_chunk: int  # examples per property in the first chunk
    cases: int = 0
    cut: int = 0  # chunks stopped at the time bound (their cases are not counted)
    seconds: float = 0.0
    chunks: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # test id -> first lines of its failure


TARGETS = [
    Target("url codec", "test_url_codec.py", 0.15, 100),
    Target("pages (AppTest)", "test_pages.py", 0.35, 2),
    Target("data validator", "test_data_validator.py", 0.20, 20),
    Target("survey upload", "test_survey_upload.py", 0.18, 20),
    Target("roster upload", "test_roster_upload.py", 0.12, 10),
]


def _failures(junit: Path) -> dict[str, str]:
    if not junit.is_file():
        return {}
    found = {}
    for case in ET.parse(junit).iter("testcase"):  # noqa: S314
        for bad in [*case.iter("failure"), *case.iter("error")]:
            text = (bad.get("message") or "") + "\n" + (bad.text or "")
            found[f"{case.get('classname')}::{case.get('name')}"] = "\n".join(text.strip().splitlines()[:12])
    return found


def _chunk(target: Target, examples: int, seconds_left: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        counts, junit = Path(tmp) / "counts.json", Path(tmp) / "junit.xml"
        env = {
            **os.environ,
            "HYPOTHESIS_PROFILE": "fuzz",
            "FUZZ_EXAMPLES": str(examples),
            "FUZZ_COUNTS": str(counts),
        }
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
        start = time.monotonic()
        try:
            subprocess.run(
                [*command, str(HERE / target.file)],
                cwd=ROOT,
                env=env,
                timeout=max(30.0, seconds_left + 30),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            target.cut += 1  # the time bound, not a failure: an example over SECONDS_LIMIT fails on its own
        target.seconds += time.monotonic() - start
        target.chunks += 1
        if counts.is_file():
            target.cases += sum(json.loads(counts.read_text()).values())
        target.failures.update(_failures(junit))


def fuzz(target: Target, budget: float) -> None:
    """Chunks until the target's share is spent; each sized from the last one's cases per second."""
    deadline = time.monotonic() + budget
    examples = target.first_chunk
    while (left := deadline - time.monotonic()) > 5:
        before, started = target.cases, time.monotonic()
        _chunk(target, examples, left)
        rate = (target.cases - before) / max(time.monotonic() - started, 0.1)
        left = deadline - time.monotonic()
        params = max(1, (target.cases - before) // max(examples, 1))  # parametrized copies per chunk
        examples = max(1, int(rate * left * 0.8 / params))
        if target.cases == before:
            break


def main() -> int:
    total = float(os.environ.get("FUZZ_SECONDS", "600"))
    only = set(sys.argv[1:])
    chosen = [t for t in TARGETS if not only or t.name in only or t.file in only]
    shares = sum(t.share for t in chosen)
    for target in chosen:
        fuzz(target, total * target.share / shares)
        print(
            f"{target.name:18} {target.cases:>8,} cases tried in {target.seconds:6.0f} s "
            f"({target.chunks} runs, {target.cut} cut at the time bound), {len(target.failures)} failures found",
            flush=True,
        )
        for test, text in target.failures.items():
            print(f"  FAILED {test}\n    " + text.replace("\n", "\n    "), flush=True)
    failed = sum(len(t.failures) for t in chosen)
    print(f"total: {sum(t.cases for t in chosen):,} cases tried, {failed} failures found")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
