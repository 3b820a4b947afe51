"""Share: links, minutes text, QR code and the PDF handout (read back as text)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from components.exports import handout as share

VIEW = share.SharedView(
    title="Map of connected regions",
    url="http://localhost:8501/map?coalition=ntxia&v=1&data=2026-11-21",
    description="24 members of 1 coalition · coalition: NTXIA",
    sources=["https://fortworthbusiness.com/business/north-texas-innovation-alliance-consortium-launches/"],
    data_as_of="2026-11-21",
)


@pytest.mark.parametrize(
    ("current", "path", "params", "expected"),
    [
        (
            "http://localhost:8501/",
            "map",
            {"coalition": ["ntxia"]},
            "http://localhost:8501/map?coalition=ntxia",
        ),
        ("https://dash.example.gov/map?x=1", "focus-areas", {}, "https://dash.example.gov/focus-areas"),
        ("http://127.0.0.1:9000/compare", "/", {"v": ["1"]}, "http://127.0.0.1:9000/?v=1"),
        ("", "map", {"state": ["TX", "AZ"]}, "http://localhost:8501/map?state=TX&state=AZ"),
        ("http://h/", "map", {"q": ["<b>&"]}, "http://h/map?q=%3Cb%3E%26"),
    ],
)
def test_view_url(current, path, params, expected):
    assert share.view_url(current, path, params) == expected


def test_minutes_text_has_title_link_description_sources_and_date():
    text = share.minutes_text(VIEW, today=date(2026, 11, 21))
    lines = text.splitlines()
    assert lines[0] == VIEW.title and lines[1] == VIEW.url
    assert f"Shows: {VIEW.description}" in text
    assert "Sources: https://fortworthbusiness.com" in text
    assert "Data as of 2026-11-21 (latest source check); shared 2026-11-21." in text


def test_qr_codes_render():
    assert share.qr_png(VIEW.url).startswith(b"\x89PNG")
    assert b"<svg" in share.qr_svg(VIEW.url)


def test_handout_pdf_has_filters_sources_and_link():
    pdf = share.handout_pdf(VIEW, figure_png=share.qr_png("figure"), today=date(2026, 11, 21))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Map of connected regions" in text
    assert "coalition: NTXIA" in text
    assert "fortworthbusiness.com" in text
    assert "coalition=ntxia" in text.replace(" ", "")
    assert "2026-11-21" in text


def test_handout_pdf_handles_non_latin_names():
    view = share.SharedView("Loíza – C² Challenge", "http://h/", "naïve ✓", data_as_of="2026-11-21")
    reader = PdfReader(io.BytesIO(share.handout_pdf(view)))
    assert "Lo" in reader.pages[0].extract_text()


# What a printed page shows: every line inside the printable area, on US Letter and on A4. The
# paper sizes and the smallest margin are this test's own requirements, not read from the module.
PAPER_PT = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
MIN_MARGIN_PT = 20 / 25.4 * 72  # 20 mm: well clear of the ~5 mm a printer cannot reach
TOLERANCE_PT = 0.5
QR_MIN_PT = 2.5 / 2.54 * 72  # 2.5 cm

LONG_SOURCES = tuple(
    f"Source {i}: "
    + ("A regional smart-city coalition report on mobility and broadband " * 3)[:150]
    + f" — Publisher {i} (https://www.example.gov/"
    + "/".join(f"section-{i}-{j}" for j in range(40))[:170]
    + ")"
    for i in range(12)
)
MANY_SOURCES = share.SharedView(
    title="Map of connected regions",
    url="http://localhost:8501/map?" + "&".join(f"coalition=coalition-with-a-long-id-{i}" for i in range(8)),
    description="A view with many long sources · " + "state: TX, AZ, CA, NY, WA · " * 6,
    sources=LONG_SOURCES,
    data_as_of="2026-11-21",
    notes=("Respondent groups with fewer than 5 respondents are never shown.",),
)
HOSTILE = share.SharedView(
    title="<script>alert(1)</script> " + "A" * 400 + " TX\u202eXT line\nbreak\r\n\t tabbed {{7*7}} ＴＸ",
    url="http://h/map?q=%3Cscript%3E" + "x" * 300,
    description='"><img src=x onerror=alert(1)> \u0000\u0001\u0007 ' + "W" * 300 + " " + "🏙️" * 20,
    sources=("javascript:alert(1) " + "B" * 500, '=HYPERLINK("http://evil.example","x")'),
    data_as_of="2026-11-21",
)
VIEWS = {"short": VIEW, "many-long-sources": MANY_SOURCES, "hostile": HOSTILE}


def _figure_png(width: int = 900, height: int = 600) -> bytes:
    """A wide synthetic figure (not square, so the square image in the PDF is the QR code)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(img).rectangle((20, 20, width - 20, height - 20), outline="navy", width=8)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _handout(name: str, paper: str) -> bytes:
    return share.handout_pdf(VIEWS[name], figure_png=_figure_png(), today=date(2026, 11, 21), paper=paper)


def _text_runs(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, x, y) of every text run, its start point in page space (text matrix × CTM)."""
    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text, cm, tm, _font, _size, page=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((page, text, x, y))

        page.extract_text(visitor_text=visit)
    return runs


def _outside(x: float, y: float, width: float, height: float) -> bool:
    """Whether a point lies outside [margin, width - margin] × [margin, height - margin] (± tolerance)."""
    low = MIN_MARGIN_PT - TOLERANCE_PT
    return not (low <= x <= width - low and low <= y <= height - low)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_every_text_run_starts_inside_the_margins(name, paper):
    pdf = _handout(name, paper)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            PAPER_PT[paper], abs=0.1
        )
    width, height = PAPER_PT[paper]
    runs = _text_runs(pdf)
    assert len(runs) > 5
    outside = [(p, t[:40], round(x), round(y)) for p, t, x, y in runs if _outside(x, y, width, height)]
    assert outside == []


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_every_word_ends_inside_the_margins(name, paper, tmp_path):
    """Poppler's own word boxes (pdftotext -bbox): no word runs past the right margin or off the page."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(_handout(name, paper))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    width, height = PAPER_PT[paper]
    boxes = [
        tuple(float(v) for v in m)
        for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)
    ]
    assert len(boxes) > 20
    limit_x, limit_y = width - MIN_MARGIN_PT + TOLERANCE_PT, height - MIN_MARGIN_PT + TOLERANCE_PT
    low = MIN_MARGIN_PT - TOLERANCE_PT
    outside = [b for b in boxes if b[0] < low or b[1] < low or b[2] > limit_x or b[3] > limit_y]
    assert outside == []


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_source_is_listed_in_full(paper):
    reader = PdfReader(io.BytesIO(_handout("many-long-sources", paper)))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for source in LONG_SOURCES:
        assert "".join(f"- {source}".split()) in text
    assert "".join(MANY_SOURCES.url.split()) in text


def _images(page) -> list[tuple[int, int, float, float, float, float]]:
    """(pixel width, pixel height, x, y, drawn width, drawn height) of every image drawn on a page."""
    xobjects = page["/Resources"]["/XObject"]
    ctm, stack, drawn = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = ctm
            ctm = [
                a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2],
                c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5],
            ]  # fmt: skip
        elif operator == b"Do":
            image = xobjects[operands[0]].get_object()
            drawn.append((int(image["/Width"]), int(image["/Height"]), ctm[4], ctm[5], ctm[0], ctm[3]))
    return drawn


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_the_qr_code_is_at_least_2_5_cm_and_the_figure_fits_the_width(name, paper):
    reader = PdfReader(io.BytesIO(_handout(name, paper)))
    width, height = PAPER_PT[paper]
    drawn = [image for page in reader.pages for image in _images(page)]
    qr = [d for d in drawn if d[0] == d[1]]
    figure = [d for d in drawn if d[0] != d[1]]
    assert len(qr) == 1 and len(figure) == 1
    for _, _, x, y, w, h in drawn:
        assert MIN_MARGIN_PT - TOLERANCE_PT <= x and x + w <= width - MIN_MARGIN_PT + TOLERANCE_PT
        assert MIN_MARGIN_PT - TOLERANCE_PT <= y and y + h <= height - MIN_MARGIN_PT + TOLERANCE_PT
    assert qr[0][4] >= QR_MIN_PT and qr[0][5] >= QR_MIN_PT
    assert figure[0][5] / figure[0][4] == pytest.approx(600 / 900, rel=0.01)  # scaled, not stretched


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_the_rendered_page_is_blank_in_its_right_hand_tenth(name, paper, tmp_path):
    """pdftoppm (poppler) renders each page as a PNG in tmp_path, for a person to look at too."""
    from PIL import Image

    path = tmp_path / f"handout-{name}-{paper}.pdf"
    path.write_bytes(_handout(name, paper))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / path.stem)], check=True)
    pngs = sorted(tmp_path.glob(f"{path.stem}*.png"))
    assert pngs, "pdftoppm produced no PNG"
    width_px = round(PAPER_PT[paper][0] / 72 * 60)
    for png in pngs:
        with Image.open(png) as img:
            gray = img.convert("L")
        assert abs(gray.width - width_px) <= 1
        ink = gray.point(lambda v: 255 if v < 240 else 0)  # anything darker than near-white
        printed = ink.crop((0, 0, gray.width * 9 // 10, gray.height)).getbbox()
        assert printed is not None  # the page is not blank
        assert ink.crop((gray.width * 9 // 10, 0, gray.width, gray.height)).getbbox() is None, png


@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        ("en-US", "letter"),
        ("es_MX", "letter"),
        ("fr-CA", "letter"),
        ("en", "letter"),
        ("", "letter"),
        (None, "letter"),
    ]
    + [("en-GB", "a4"), ("de-DE", "a4"), ("zh-Hans-CN", "a4"), ("pt_BR", "a4"), ("es-419", "letter")],
)
def test_paper_for_a_locale(locale, paper):
    assert share.paper_for_locale(locale) == paper


def test_an_unknown_paper_is_refused_by_name():
    with pytest.raises(ValueError, match="'legal'"):
        share.handout_pdf(VIEW, paper="legal")
