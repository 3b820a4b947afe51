"""Sharing a view: the link, text for the minutes, a QR code and a one-page PDF handout.

All of it works offline: segno draws the QR code and fpdf2 lays out the PDF on the server.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import segno
from fpdf import FPDF, XPos, YPos
from PIL import Image

from components.data.summaries import vintage_label
from components.url.view_state import query_string

# A Unicode font for names such as Loíza or "C² Challenge"; Debian's fonts-dejavu-core.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
FIGURE_MAX_HEIGHT_MM = 120
FIGURE_MIN_HEIGHT_MM = 60  # less room than this left on the page: the figure starts a new one
# Paper sizes (fpdf2 names) for handout_pdf(paper=...): US Letter in the US, A4 elsewhere.
PAPER_SIZES = {"letter": "Letter", "a4": "A4"}
# 22 mm on every side: more than the ~5 mm most printers cannot reach, and more than 10 % of either
# paper's width, so the right-hand tenth of a page is always blank (the rendered-page test checks it).
MARGIN_MM = 22
# Countries whose offices print on US Letter (ISO 3166 codes); everywhere else uses A4.
LETTER_COUNTRIES = frozenset(
    {"US", "PR", "CA", "MX", "CL", "CO", "CR", "GT", "PA", "PH", "DO", "VE", "SV", "NI"}
)
QR_MM = 32  # at least 2.5 cm, so a phone scans it from a printed page at arm's length
QR_GAP_MM = 4


@dataclass(frozen=True)
class SharedView:
    """Everything a shared view needs to be understood without the app."""

    title: str
    url: str
    description: str
    sources: Sequence[str] = ()
    data_as_of: str = ""
    notes: Sequence[str] = field(default_factory=tuple)


def view_url(current_url: str, page_path: str, params: Mapping[str, Sequence[str]]) -> str:
    """The absolute link to `page_path` with the canonical query string, on the host in use."""
    parts = urlsplit(current_url or "http://localhost:8501/")
    base = f"{parts.scheme or 'http'}://{parts.netloc or 'localhost:8501'}"
    path = "/" + page_path.strip("/")
    return base + (path if path != "/" else "/") + query_string(params)


def minutes_text(view: SharedView, today: date | None = None) -> str:
    """Plain text for meeting minutes: title, link, what it shows, sources, data as-of."""
    day = (today or date.today()).isoformat()
    lines = [view.title, view.url, "", f"Shows: {view.description}"]
    lines.extend(view.notes)
    if view.sources:
        lines.append("Sources: " + "; ".join(view.sources))
    lines.append(f"{vintage_label(view.data_as_of)}; shared {day}.")
    return "\n".join(lines)


@lru_cache(maxsize=256)  # the share panel draws one on every rerun; a link's code never changes
def qr_png(url: str, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def qr_svg(url: str) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2, title="QR code of the link")
    return buf.getvalue()


def _font(pdf: FPDF) -> str:
    for path in UNICODE_FONTS:
        if path.is_file():
            pdf.add_font("dejavu", "", str(path))
            return "dejavu"
    return "helvetica"


def _text(value: str, font: str) -> str:
    # The built-in Helvetica is Latin-1 only: degrade other characters instead of failing.
    return value if font != "helvetica" else value.encode("latin-1", "replace").decode("latin-1")


def paper_for_locale(locale: str | None) -> str:
    """'letter' for a browser locale of a country that prints on US Letter ('en-US', 'es_MX'), else 'a4'.

    No locale or one without a country ('en') gives 'letter': the dashboard is about US coalitions.
    """
    parts = (locale or "").replace("_", "-").split("-")
    country = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    return "letter" if not country or country in LETTER_COUNTRIES else "a4"


def _paragraph(pdf: FPDF, font: str, size: float, line_mm: float, value: str) -> None:
    """Text wrapped in the printable width, the cursor back at the left margin afterwards.

    fpdf2's multi_cell leaves the cursor at the right of the cell unless told otherwise: the next
    cell then starts at the right edge of the page and runs off it.
    """
    pdf.set_font(font, size=size)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, line_mm, _text(value, font), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _figure(pdf: FPDF, figure_png: bytes) -> None:
    """The figure in the printable width and at most ~half the page, keeping its aspect ratio."""
    with Image.open(io.BytesIO(figure_png)) as img:
        aspect = img.height / img.width
    room = pdf.h - pdf.b_margin - pdf.get_y() - 2
    if room < FIGURE_MIN_HEIGHT_MM:
        pdf.add_page()
        room = pdf.h - pdf.b_margin - pdf.get_y() - 2
    w = min(pdf.epw, FIGURE_MAX_HEIGHT_MM / aspect, room / aspect)
    pdf.ln(2)
    pdf.image(io.BytesIO(figure_png), w=w, x=pdf.l_margin + (pdf.epw - w) / 2)


def _link_block(pdf: FPDF, font: str, url: str) -> None:
    """The QR code (QR_MM wide) with the link, wrapped, to its right."""
    y = pdf.get_y()
    if y + QR_MM > pdf.h - pdf.b_margin:
        pdf.add_page()
        y = pdf.get_y()
    page = pdf.page_no()
    pdf.image(io.BytesIO(qr_png(url, scale=4)), x=pdf.l_margin, y=y, w=QR_MM)
    pdf.set_font(font, size=9)
    pdf.set_xy(pdf.l_margin + QR_MM + QR_GAP_MM, y)
    text = _text(f"Open this view: {url}", font)
    pdf.multi_cell(pdf.epw - QR_MM - QR_GAP_MM, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    if pdf.page_no() == page:  # below both the code and the link, whichever is taller
        pdf.set_y(max(pdf.get_y(), y + QR_MM))


def handout_pdf(
    view: SharedView, figure_png: bytes | None = None, today: date | None = None, paper: str = "letter"
) -> bytes:
    """A PDF on US Letter or A4 (`paper`): title, figure, description, sources in full, link and QR code.

    Every line is wrapped inside MARGIN_MM margins; a long view continues on a second page.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    pdf = FPDF(orientation="portrait", unit="mm", format=PAPER_SIZES[paper])
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(view.title)
    pdf.set_author("US smart-city coalitions dashboard")
    pdf.add_page()
    font = _font(pdf)
    day = (today or date.today()).isoformat()
    _paragraph(pdf, font, 16, 8, view.title)
    _paragraph(pdf, font, 9, 5, f"Printed {day} · {vintage_label(view.data_as_of)}")
    pdf.ln(2)
    _paragraph(pdf, font, 11, 6, f"Shows: {view.description}")
    for note in view.notes:
        _paragraph(pdf, font, 11, 5, note)
    if figure_png:
        _figure(pdf, figure_png)
    pdf.ln(3)
    if view.sources:
        _paragraph(pdf, font, 9, 5, "Sources:")
        for source in view.sources:
            _paragraph(pdf, font, 9, 4.5, f"- {source}")
    pdf.ln(3)
    _link_block(pdf, font, view.url)
    return bytes(pdf.output())
