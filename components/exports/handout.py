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
from fpdf import FPDF
from PIL import Image

from components.data.summaries import vintage_label
from components.url.view_state import query_string

# A Unicode font for names such as Loíza or "C² Challenge"; Debian's fonts-dejavu-core.
UNICODE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
FIGURE_MAX_HEIGHT_MM = 120


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


def handout_pdf(view: SharedView, figure_png: bytes | None = None, today: date | None = None) -> bytes:
    """A one-page A4/Letter-neutral PDF: title, figure, description, sources, link and QR code."""
    pdf = FPDF(orientation="portrait", unit="mm", format="Letter")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(view.title)
    pdf.set_author("US smart-city coalitions dashboard")
    pdf.add_page()
    font = _font(pdf)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(font, size=16)
    pdf.multi_cell(width, 8, _text(view.title, font))
    pdf.set_font(font, size=9)
    day = (today or date.today()).isoformat()
    pdf.multi_cell(width, 5, _text(f"Printed {day} · {vintage_label(view.data_as_of)}", font))
    pdf.ln(2)
    pdf.set_font(font, size=11)
    pdf.multi_cell(width, 6, _text(f"Shows: {view.description}", font))
    for note in view.notes:
        pdf.multi_cell(width, 5, _text(note, font))
    if figure_png:
        pdf.ln(2)
        # Fit the figure in the width and at most ~half the page, keeping its aspect ratio.
        with Image.open(io.BytesIO(figure_png)) as img:
            aspect = img.height / img.width
        w = min(width, FIGURE_MAX_HEIGHT_MM / aspect)
        pdf.image(io.BytesIO(figure_png), w=w, x=pdf.l_margin + (width - w) / 2)
    pdf.ln(3)
    pdf.set_font(font, size=9)
    if view.sources:
        pdf.multi_cell(width, 5, _text("Sources:", font))
        for source in view.sources[:25]:
            pdf.multi_cell(width, 4.5, _text(f"- {source}", font))
        if len(view.sources) > 25:
            pdf.multi_cell(width, 4.5, _text(f"… and {len(view.sources) - 25} more on the Data page.", font))
    pdf.ln(3)
    y = pdf.get_y()
    if y > pdf.h - 50:
        pdf.add_page()
        y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(view.url, scale=4)), x=pdf.l_margin, y=y, w=32)
    pdf.set_xy(pdf.l_margin + 36, y)
    pdf.multi_cell(width - 36, 5, _text(f"Open this view: {view.url}", font))
    return bytes(pdf.output())
