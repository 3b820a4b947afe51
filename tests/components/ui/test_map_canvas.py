"""The map canvas component: its bundle, what it sends the browser, and the events it reads back.

What the browser does with it (draw, fit, pan, report, click) is in tests/browser/test_camera_journey.py
and tests/browser/test_map_journey.py; that the bundle is what frontend/map-canvas builds is in
tests/frontend/test_map_canvas_bundle.py.
"""

from __future__ import annotations

import json

import pytest

from components.ui import map_canvas
from tests.components.ui.apptest import run_app


def test_the_bundle_is_one_hashed_file_in_static(tmp_path):
    path = map_canvas.bundle_path()
    assert path.startswith("app/static/map-canvas.") and path.endswith(".js")
    assert len(path.rsplit("/", 1)[1].split(".")[1]) == 12  # content hash: cached for good by name
    with pytest.raises(RuntimeError, match="found 0"):
        map_canvas.bundle_path(tmp_path)
    (tmp_path / "map-canvas.aaaaaaaaaaaa.js").write_text("")
    (tmp_path / "map-canvas.bbbbbbbbbbbb.js").write_text("")
    with pytest.raises(RuntimeError, match="found 2"):
        map_canvas.bundle_path(tmp_path)


def test_canvas_data_carries_the_deck_text_as_it_is_and_the_bounds_in_the_link_spelling():
    deck = '{"layers":[],"x":"<b>"}'
    sent = map_canvas.canvas_data(deck, (-98.23554, 32.26299, -96.25921, 33.76104), "", "NTXIA map")
    assert sent["deck"] == deck  # the shared, once-written text: not parsed and re-written per rerun
    assert sent["bounds_value"] == "-98.2355,32.2630,-96.2592,33.7610"
    assert sent["bounds"] == [-98.23554, 32.26299, -96.25921, 33.76104]
    assert sent["tooltip"]["text"] == "{tip}" and sent["alt"] == "NTXIA map"
    assert (
        len(sent["deck_id"]) == 16
        and sent["deck_id"] != map_canvas.canvas_data("{}", (0, 0, 1, 1), "", "")["deck_id"]
    )
    sent_bytes = map_canvas.canvas_bytes(sent)
    assert json.loads(sent_bytes) == {**sent, "deck": json.loads(deck)}  # one document, deck spliced in
    assert b'"deck":{"layers":[],"x":"<b>"}' in sent_bytes  # as it is: no escaped quotes


def test_the_loader_is_constant_code_that_imports_the_bundle_relative_to_the_page():
    # Components are trusted code (no data or URL value may go in): the loader is a constant string,
    # resolves the bundle against the page (a path prefix works) and hands each render to it.
    assert "document.baseURI" in map_canvas._LOADER and "import(url)" in map_canvas._LOADER
    assert "m.render(args)" in map_canvas._LOADER and "m.unmount(args.key)" in map_canvas._LOADER


def _canvas_app():
    import streamlit as st

    from components.ui import map_canvas

    map_canvas.map_canvas(
        deck_json='{"layers":[]}',
        bounds=(-98.0, 32.0, -96.0, 33.0),
        basemap="",
        alt="A map",
        key="m.deck",
        on_view=lambda: None,
        on_click=lambda: None,
    )
    st.text(repr(map_canvas.event("m.deck", "view")))
    st.text(repr(map_canvas.event("nothing.here", "view")))


def test_the_component_mounts_and_no_event_reads_as_none():
    at = run_app(_canvas_app)
    assert [t.value for t in at.text] == ["None", "None"]
