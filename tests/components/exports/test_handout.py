"""Share: links, minutes text, QR code and the PDF handout (read back as text)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

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
