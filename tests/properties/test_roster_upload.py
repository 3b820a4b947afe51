"""The roster upload (the contribution page) on generated files, held to the survey upload's bar: a clear
message for every refusal, bounded time and memory, and nothing read from a refused file.

The base files are the page's own templates for a real coalition (its published roster); the
corruptions are generated.
"""

from __future__ import annotations

import csv
import io
from functools import cache

from hypothesis import example, given
from hypothesis import strategies as st

from components.views.contribute.template import ROSTER, template_csv, template_xlsx
from components.views.contribute.upload import read_files
from tests.properties.profiles import examples, tried
from tests.properties.strategies import nasty_text, shipped
from tests.properties.test_survey_upload import FORMULAS, PEAK_LIMIT, dimension_claim, hostile_xlsx, measured

TARGET = "roster upload"


@cache
def _roster_rows() -> list[list[str]]:
    text = template_csv(shipped(), ROSTER, "ntxia").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


@st.composite
def edited_roster(draw) -> bytes:
    """The template with cells replaced by hostile text, formulas or huge values, or rows cut short."""
    rows = [list(r) for r in _roster_rows()]
    body = [i for i, r in enumerate(rows) if r and not r[0].startswith("#")][1:] or [len(rows) - 1]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.sampled_from(body))
        if not rows[r]:
            continue
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(
            st.one_of(
                nasty_text, st.sampled_from(FORMULAS), st.integers(2_001, 400_000).map(lambda n: "x" * n)
            )
        )
        if draw(st.booleans()):
            rows[r] = rows[r][: draw(st.integers(0, len(rows[r])))]
    data = _csv(rows)
    return draw(st.sampled_from([data, data.decode().encode("utf-16"), b"\xef\xbb\xbf" + data]))


def roster_files() -> st.SearchStrategy[list[tuple[str, bytes]]]:
    one = st.one_of(
        st.tuples(st.just("ntxia_roster.csv"), edited_roster()),
        st.tuples(st.sampled_from(["ntxia.xlsx", "roster.xlsx"]), hostile_xlsx()),
        st.tuples(st.sampled_from(["ntxia_roster.csv", "ntxia.xlsx", "x.txt"]), st.binary(max_size=4096)),
        st.tuples(st.just("ntxia.xlsx"), st.just(template_xlsx(shipped(), "ntxia"))),
    )
    return st.lists(one, min_size=1, max_size=5)


@given(files=roster_files())
# Found by `make fuzz` on the survey upload and reproduced here: a 4.7 KB workbook whose sheet claims
# A1:XFD1048576 made openpyxl pad every row to 16,384 cells (gigabytes).
@example(files=[("ntxia.xlsx", dimension_claim("XFD1048576"))])
@examples("io")
def test_roster_upload_gives_a_clear_message_in_bounded_memory(files):
    tried(TARGET)
    result, peak = measured(read_files, files)
    assert peak <= PEAK_LIMIT, (
        f"reading {sum(len(c) for _, c in files):,} bytes allocated {peak / 2**20:.0f} MB"
    )
    for problem in result.problems:
        assert problem.file and problem.message.strip(), problem
        assert len(str(problem)) < 700, f"message too long: {str(problem)[:200]}…"
    if not result.sheets:
        assert result.problems, "nothing read and no message"
    if result.ok:
        assert all(len(c) <= 2_000 for s in result.sheets for row in s.rows for c in row.cells.values())
