"""The "Share this view" panel alone in a tiny app: link, minutes, QR code, handout, presenter link."""

from __future__ import annotations

import json
from datetime import date

from streamlit.testing.v1 import AppTest

from tests.components.ui.apptest import run_app

LINK = "http://localhost:8501/map?state=TX&v=1"  # AppTest has no browser address: the default host


def share_app(data, figure):
    import streamlit as st

    from components.ui.share_panel import share_panel, view_link

    share_panel(
        page_path="map",
        title="Map <b>of</b> regions",
        params={"state": ["TX"], "v": ["1"]},
        description="Members *in* TX",
        sources=["https://a.example/"],
        data=data,
        figure_png=(lambda: b"png") if figure else None,
        notes=["A note"],
    )
    st.text(view_link("compare", {"coalition": ["ntxia"], "place": ["Plano, TX"]}))


def _app(data, figure=False) -> AppTest:
    return run_app(share_app, data=data, figure=figure)


def _copied(at: AppTest) -> list[dict[str, str]]:
    """What the sidebar's copy box shows: per text its caption, the text and its button's accessible name."""
    (box,) = at.sidebar.get("bidi_component")
    return json.loads(box.proto.json)["items"]


def test_the_panel_is_one_sidebar_expander(data):
    at = _app(data)
    (panel,) = at.sidebar.expander
    assert panel.label == "Share this view"
    kinds = [child.type for child in panel.children.values()]
    assert kinds == [
        "bidi_component",
        "html",
        "caption",
        "download_button",
        "link_button",
    ]


def test_the_texts_are_copy_boxes_not_code_blocks(data):
    """st.code would load a 1.6 MB syntax highlighter on every first visit (issue 15)."""
    at = _app(data)
    assert not at.sidebar.code
    (box,) = at.sidebar.get("bidi_component")
    assert box.proto.component_name == "coalitions_copy_text"
    assert [(c["caption"], c["label"]) for c in _copied(at)] == [
        ("Link to exactly this view", "Copy link"),
        ("Copy for minutes", "Copy minutes text"),
    ]


def test_the_link_is_the_absolute_canonical_url(data):
    at = _app(data)
    assert _copied(at)[0]["text"] == LINK


def test_the_minutes_text_carries_title_link_description_notes_sources_and_vintage(data):
    at = _app(data)
    assert _copied(at)[1]["text"].split("\n") == [
        "Map <b>of</b> regions",  # plain text (set as textContent): nothing is rendered
        LINK,
        "",
        "Shows: Members *in* TX",
        "A note",
        "Sources: https://a.example/",
        f"Data as of {data.as_of} (latest source check); shared {date.today().isoformat()}.",
    ]


def test_the_qr_code_is_a_png_of_the_link_with_alternative_text(data):
    import base64
    import re

    from components.exports import handout

    at = _app(data)
    (html,) = at.sidebar.get("html")
    m = re.fullmatch(
        r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)" width="150">', html.proto.body
    )
    assert m, html.proto.body
    assert base64.b64decode(m.group(1)) == handout.qr_png(LINK)
    assert m.group(2) == "QR code of the link to this view"


def test_the_handout_is_a_deferred_download_keyed_by_the_page(data):
    at = _app(data, figure=True)
    (button,) = at.get("download_button")
    assert (button.key, button.proto.label) == ("map.share.pdf", "One-page handout (PDF)")
    assert button.proto.HasField("deferred_file_id")  # the PDF is built only when clicked


def test_the_presenter_link_adds_mode_present(data):
    at = _app(data)
    (button,) = at.get("link_button")
    assert (button.proto.label, button.proto.url) == ("Presenter mode", LINK + "&mode=present")


def test_view_link_is_absolute_and_percent_encoded(data):
    at = _app(data)
    assert at.text[0].value == "http://localhost:8501/compare?coalition=ntxia&place=Plano%2C+TX"


def test_the_handout_is_laid_out_for_the_paper_of_the_browsers_language(data, deferred, monkeypatch):
    """No locale (as in AppTest) → US Letter, 612 × 792 pt; a locale that prints on A4 → 595 × 842 pt."""
    import io

    from pypdf import PdfReader

    from components.exports import handout

    def page_size() -> tuple[int, int]:
        deferred.clear()
        _app(data)
        build, _ = deferred["map-handout.pdf"]
        box = PdfReader(io.BytesIO(build())).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert page_size() == (612, 792)
    monkeypatch.setattr(handout, "paper_for_locale", lambda locale: "a4")  # as for en-GB
    assert page_size() == (595, 842)
