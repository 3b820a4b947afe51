"""The copy box alone in a tiny app: what it sends to the browser, and that its code stays small and inert.

What a person sees and does (the texts, the Copy buttons by mouse and keyboard, the clipboard) is checked
in Chromium by tests/browser/test_share_journey.py.
"""

from __future__ import annotations

import json
import re

from components.ui import copy_text as box
from tests.components.ui.apptest import run_app

TEXT = 'Map <b>of</b> regions\nhttp://localhost:8501/map?state=TX&v=1\n<script>alert("x")</script>'


def copy_app(text: str):
    import streamlit as st

    from components.ui.copy_text import CopyItem, copy_texts

    copy_texts(
        [CopyItem("Link", text, "Copy link"), CopyItem("Minutes", "m", "Copy minutes")], key="map.copy"
    )
    with st.sidebar:
        copy_texts([CopyItem("Other", "second", "Copy other")], key="data.copy")


def test_the_texts_and_labels_travel_as_data_unchanged():
    at = run_app(copy_app, text=TEXT)
    (main,) = at.main.get("bidi_component")
    (side,) = at.sidebar.get("bidi_component")
    assert main.proto.component_name == side.proto.component_name == "coalitions_copy_text"
    assert json.loads(main.proto.json) == {
        "items": [
            {"caption": "Link", "text": TEXT, "label": "Copy link"},
            {"caption": "Minutes", "text": "m", "label": "Copy minutes"},
        ]
    }
    assert json.loads(side.proto.json) == {
        "items": [{"caption": "Other", "text": "second", "label": "Copy other"}]
    }


def test_each_box_is_keyed_so_two_on_a_page_never_collide():
    at = run_app(copy_app, text="x")
    ids = [e.proto.id for e in (*at.main.get("bidi_component"), *at.sidebar.get("bidi_component"))]
    assert len(set(ids)) == 2
    assert any(i.endswith("map.copy") for i in ids)


def test_the_texts_are_set_as_text_never_as_markup():
    """Only constant markup goes through innerHTML; every value from data is textContent or an attribute."""
    assigned = re.findall(r"(\.\w+)\s*=\s*it\.\w+", box._JS)
    assert assigned == [".textContent", ".textContent"]  # the caption and the text
    assert re.search(r'setAttribute\("aria-label", it\.label\)', box._JS)
    inner = re.findall(r"innerHTML\s*=\s*([^;]*);", box._JS, flags=re.S)
    assert inner == ["MARKUP"], inner
    markup = re.search(r"const MARKUP = (.*?);\n", box._JS, flags=re.S).group(1)
    assert "data" not in markup and "it." not in markup


def test_the_control_is_a_real_button_with_a_polite_status():
    assert 'type="button"' in box._JS
    assert 'role="status"' in box._JS  # a live region: "Copied" is read out without moving focus
    assert ":focus-visible" in box._CSS  # a visible keyboard focus ring


def test_the_component_is_about_two_kilobytes_not_a_library():
    """The point of the box (issue 15): st.code's highlighter is 1.6 MB; this travels with each panel."""
    assert len(box._JS.encode()) + len(box._CSS.encode()) < 3_000


def test_copy_data_keeps_the_order_of_the_texts():
    items = [box.CopyItem("a", "1", "Copy a"), box.CopyItem("b", "2", "Copy b")]
    assert [i["text"] for i in box.copy_data(items)["items"]] == ["1", "2"]
