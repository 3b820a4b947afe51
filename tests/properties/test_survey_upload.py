"""The survey upload on generated files: binary junk, wrong encodings, formula payloads, huge cells,
deep or huge XLSX archives. Each gets a clear message in bounded time and memory, and a rejected file
yields no rows to show.

The rows are SYNTHETIC (tests/components/views/survey/uploads.py): invented respondents, test use only.
"""

from __future__ import annotations

import io
import signal
import tracemalloc
import zipfile
from contextlib import contextmanager
from functools import cache

from hypothesis import example, given
from hypothesis import strategies as st

from components.data.load import USPS_CODES
from components.views.survey.template import TEMPLATE_NAMES
from components.views.survey.upload import MAX_BYTES, MAX_POPULATION, MAX_ROWS, display_name, read_upload
from tests.components.views.survey.uploads import GOOD, HEADER, csv_file, xlsx_file
from tests.properties.profiles import examples, tried
from tests.properties.strategies import nasty_text

TARGET = "survey upload"
PEAK_LIMIT = 160 * 1024 * 1024  # bytes of Python allocations while reading one file (its own size ≤ 5 MB)
SECONDS_LIMIT = 30  # a file that takes longer to refuse is a denial of service
SHEET = "xl/worksheets/sheet1.xml"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "=1+1"]


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def _raise(signum, frame):
        raise TookTooLong(f"reading the file took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def measured(read, *args):
    """`read(*args)` and the peak of Python allocations while it ran, within SECONDS_LIMIT."""
    tracemalloc.start()
    try:
        with time_limit(SECONDS_LIMIT):
            result = read(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@cache
def _template_parts() -> dict[str, bytes]:
    """The parts of a small real workbook (openpyxl), whose sheet the XLSX generators replace."""
    with zipfile.ZipFile(io.BytesIO(xlsx_file([HEADER.split(","), GOOD.split(",")]))) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(parts: dict[str, bytes], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _cell(ref: str, text: str) -> str:
    safe = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{safe}</t></is></c>'


def _sheet(rows: str, dimension: str = "A1:H2", prolog: str = "") -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{ns}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _header_row() -> str:
    return (
        '<row r="1">' + "".join(_cell(f"{chr(65 + i)}1", n) for i, n in enumerate(TEMPLATE_NAMES)) + "</row>"
    )


def _lie_about_size(content: bytes, member: str, claimed: int) -> bytes:
    """The archive with `member`'s uncompressed size rewritten in both headers (a lying zip bomb)."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        info = zf.getinfo(member)
    data[info.header_offset + 22 : info.header_offset + 26] = claimed.to_bytes(4, "little")
    central = data.find(b"PK\x01\x02" + bytes(data[info.header_offset + 4 : info.header_offset + 6]))
    while central != -1:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_len] == member.encode():
            data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def dimension_claim(last: str) -> bytes:
    """A 5 KB workbook whose sheet claims the cells A1:`last` and holds two rows (openpyxl pads to the claim)."""
    parts = dict(_template_parts())
    row = "".join(ch for ch in last if ch.isdigit())
    parts[SHEET] = _sheet(_header_row() + f'<row r="{row}">{_cell(last, "x")}</row>', f"A1:{last}")
    return _zip(parts)


@st.composite
def hostile_xlsx(draw) -> bytes:
    """A workbook built to hurt: a bomb, a lying size, a huge claimed sheet, deep XML, entities, many parts."""
    parts = dict(_template_parts())
    kind = draw(
        st.sampled_from(
            ["bomb", "lying-size", "huge-dimension", "far-cells", "deep", "entities"]
            + ["many-parts", "nested-zip", "junk-sheet", "formulas"]
        )
    )
    if kind == "bomb":
        row = "<row>" + _cell("A2", "x" * 1000) + "</row>"
        parts[SHEET] = _sheet(_header_row() + row * draw(st.integers(52_000, 80_000)))
    elif kind == "lying-size":
        parts[SHEET] = _sheet(_header_row() + ("<row>" + _cell("A2", "y" * 500) + "</row>") * 20_000)
        return _lie_about_size(_zip(parts), SHEET, draw(st.integers(100, 5000)))
    elif kind == "huge-dimension":
        return dimension_claim(draw(st.sampled_from(["XFD1048576", "XFD2", "A1048576", "ZZZ999999"])))
    elif kind == "far-cells":
        rows = "".join(
            f'<row r="{n}">{_cell(f"XFD{n}", "x")}</row>' for n in range(2, draw(st.integers(3, 3000)))
        )
        parts[SHEET] = _sheet(_header_row() + rows)
    elif kind == "deep":
        depth = draw(st.integers(1000, 200_000))
        parts[SHEET] = _sheet(_header_row() + '<row r="2">' + "<x>" * depth + "</x>" * depth + "</row>")
    elif kind == "entities":
        lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(10))
        parts[SHEET] = _sheet(
            _header_row() + '<row r="2">' + _cell("A2", "").replace("<t></t>", "<t>&l9;</t>") + "</row>",
            prolog=f"<!DOCTYPE worksheet [{lol}]>",
        )
    elif kind == "many-parts":
        for i in range(draw(st.integers(1001, 1500))):
            parts[f"xl/junk/{i}.xml"] = b"<a/>"
    elif kind == "nested-zip":
        parts[SHEET] = _zip({"sheet1.xml": _sheet(_header_row()) * 1000})
    elif kind == "junk-sheet":
        parts[SHEET] = draw(st.binary(max_size=2000))
    else:
        cells = [
            draw(st.sampled_from(FORMULAS)) if i in (1, 5, 6) else v for i, v in enumerate(GOOD.split(","))
        ]
        parts[SHEET] = _sheet(
            _header_row()
            + '<row r="2">'
            + "".join(_cell(f"{chr(65 + i)}2", v) for i, v in enumerate(cells))
            + "</row>"
        )
    return _zip(parts)


@st.composite
def hostile_csv(draw) -> bytes:
    """Text files: wrong encodings, formula payloads, huge cells, junk rows, BOMs and odd line endings."""
    kind = draw(
        st.sampled_from(["encoding", "formulas", "huge-cell", "junk-rows", "bom-lines", "many-rows", "wide"])
    )
    if kind == "wide":  # thousands to a million extra columns, in the header or a row
        extra = draw(st.sampled_from([",a", ",", ",1", ",x,y"])) * draw(st.integers(1_000, 1_000_000))
        return csv_file(GOOD + extra) if draw(st.booleans()) else csv_file(GOOD, header=HEADER + extra)
    if kind == "encoding":
        text = csv_file(
            GOOD.replace("Plano", draw(st.sampled_from(["Cañon City", "Española", "Ōtsu", "Zürich"])))
        ).decode()
        return text.encode(
            draw(st.sampled_from(["utf-16", "cp1252", "latin-1", "utf-32", "shift_jis"])), "replace"
        )
    if kind == "formulas":
        cells = GOOD.split(",")
        for i in draw(st.lists(st.sampled_from([0, 1, 5, 6]), min_size=1, unique=True)):
            cells[i] = draw(st.sampled_from(FORMULAS))
        return csv_file(
            ",".join(f'"{c}"' if "," in c or '"' in c else c for c in [x.replace('"', '""') for x in cells])
        )
    if kind == "huge-cell":
        size = draw(st.integers(301, MAX_BYTES - 1000))
        column = draw(st.integers(0, 7))
        cells = GOOD.split(",")
        cells[column] = draw(st.sampled_from(["x", "ab", "1"])) * size
        return csv_file(",".join(cells))
    if kind == "junk-rows":
        junk = draw(st.lists(st.lists(nasty_text, max_size=10).map(lambda r: ",".join(r)), max_size=20))
        return csv_file(GOOD, *junk)
    if kind == "bom-lines":
        body = csv_file(GOOD, GOOD.replace("r1", "r2"))
        end = draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"]))
        return draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])) + body.replace(
            b"\n", end
        )
    n = draw(st.integers(1_000, 120_000))
    return csv_file(*(GOOD.replace("r1", f"r{i}") for i in range(n)))


def upload_files() -> st.SearchStrategy[tuple[str, bytes]]:
    names = st.sampled_from(["survey.csv", "survey.xlsx", "Survey.CSV", "../../etc/x.csv", "a\u202e.xlsx"])
    return st.one_of(
        st.tuples(names, st.binary(max_size=4096)),
        st.tuples(st.sampled_from(["survey.csv", "responses.csv"]), hostile_csv()),
        st.tuples(st.sampled_from(["survey.xlsx", "book.xlsx"]), hostile_xlsx()),
        st.tuples(nasty_text, st.binary(max_size=64)),
    )


@given(upload=upload_files())
@example(upload=("survey.csv", b"\xff\xfe" + "respondent_id\n".encode("utf-16-le")))
# Found and fixed (components/views/survey/upload.py): a 4.7 KB workbook claiming A1:XFD1048576 allocated
# 4.5 GB (every row padded to 16,384 cells); a header of 200,000 repeated names took minutes (quadratic count).
@example(upload=("survey.xlsx", dimension_claim("XFD1048576")))
@example(upload=("survey.csv", csv_file(GOOD, header=HEADER + ",a" * 200_000)))
@examples("io")
def test_upload_gives_a_clear_message_in_bounded_memory(upload):
    tried(TARGET)
    name, content = upload
    result, peak = measured(read_upload, name, content)
    assert peak <= PEAK_LIMIT, f"reading {len(content):,} bytes allocated {peak / 2**20:.0f} MB"
    assert result.file == display_name(name)
    for problem in result.problems:
        assert problem.file == result.file and problem.message.strip()
        assert len(str(problem)) < 700, f"message too long: {str(problem)[:200]}…"
        if problem.column:
            assert problem.row is not None, problem
    if not result.usable:
        assert result.problems, "a file with no usable rows and no message"
        assert result.respondents == 0 and result.frame.empty
    else:
        assert len(result.frame) <= MAX_ROWS
        assert set(result.frame["state"]) <= USPS_CODES  # only validated rows are kept
        assert result.frame["population"].between(1, MAX_POPULATION).all()
