"""The keyed widget helpers, each alone in a tiny app (AppTest.from_function, STYLE habit 9)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from components.data.schema import Problem
from components.data.text import md_text
from components.ui import widgets
from tests.components.ui.apptest import run_app
from tests.hostile import HOSTILE_VALUES, active_markdown, shown_text


def downloads_app(columns):
    from components.ui.widgets import Download, download_row

    download_row(
        [
            Download("Table (CSV)", lambda: "a,b\n1,2\n", "members.csv", "demo.dl.csv"),
            None,
            Download("Chart (PNG)", lambda: b"\x89PNG", "chart.png", "demo.dl.png"),
        ],
        columns=columns,
    )


def test_download_row_draws_one_button_per_download_with_its_key_and_label():
    at = run_app(downloads_app, columns=None)
    buttons = at.get("download_button")
    assert [(b.key, b.proto.label) for b in buttons] == [
        ("demo.dl.csv", "Table (CSV)"),
        ("demo.dl.png", "Chart (PNG)"),
    ]


def test_download_row_leaves_the_column_of_a_none_empty():
    at = run_app(downloads_app, columns=None)
    assert [len(c.children) for c in at.columns] == [1, 0, 1]


def test_download_row_can_reserve_more_columns_than_downloads():
    at = run_app(downloads_app, columns=4)
    assert [len(c.children) for c in at.columns] == [1, 0, 1, 0]


def test_download_files_are_built_only_when_clicked_with_their_name_and_mime(deferred):
    at = run_app(downloads_app, columns=None)
    assert all(b.proto.HasField("deferred_file_id") for b in at.get("download_button"))
    build, mime = deferred["members.csv"]
    assert (build(), mime) == ("a,b\n1,2\n", "text/csv")
    build, mime = deferred["chart.png"]
    assert (build(), mime) == (b"\x89PNG", "image/png")


@pytest.mark.parametrize(
    ("file_name", "mime"),
    [
        ("a.csv", "text/csv"),
        ("a.geojson", "application/geo+json"),
        ("handout.PDF", "application/pdf"),
        ("a.zip", "application/zip"),
        ("a.svg", "image/svg+xml"),
        ("template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("spec.json", "application/json"),
        ("minutes.md", "text/markdown"),
    ],
)
def test_download_mime_comes_from_the_file_suffix(file_name, mime):
    assert widgets.Download("x", lambda: "", file_name, "k").mime == mime


def test_download_with_an_unknown_suffix_fails_loudly():
    with pytest.raises(KeyError):
        _ = widgets.Download("x", lambda: "", "a.exe", "k").mime


def data_text_app(values):
    import streamlit as st

    from components.ui.widgets import data_text

    for value in values:
        data_text(value)
    data_text("Plano *TX*", bold=True)
    data_text("# Plano", heading=3)
    data_text("[in the sidebar](javascript:x)", container=st.sidebar)


def test_data_text_shows_every_hostile_string_literally():
    at = run_app(data_text_app, values=HOSTILE_VALUES)
    shown = [m.value for m in at.main.markdown][: len(HOSTILE_VALUES)]
    for value, markdown in zip(HOSTILE_VALUES, shown, strict=True):
        assert markdown == md_text(value)
        assert active_markdown(markdown) == [], (value, markdown)
        assert shown_text(markdown) == " ".join(value.split()), value


def test_data_text_bold_and_heading_wrap_the_escaped_text():
    at = run_app(data_text_app, values=[])
    assert [m.value for m in at.main.markdown] == [r"**Plano \*TX\***", r"### \# Plano"]


def test_data_text_writes_into_the_container_it_is_given():
    at = run_app(data_text_app, values=[])
    assert [m.value for m in at.sidebar.markdown] == [r"\[in the sidebar\]\(javascript\:x\)"]


def multiselect_app(data, selected):
    import streamlit as st

    from components.ui.page_state import PageState
    from components.ui.widgets import multiselect
    from components.url.view_state import Param

    param = Param("state", "state", ("TX", "OK", "CA", "AZ"))
    state = PageState("demo", [param], data)
    if "demo.state" not in st.session_state:
        state.set("state", selected)
    picked = multiselect(
        state, param, ["TX", "CA"], labels={"TX": "Texas", "OK": "Oklahoma"}, help="Where members are"
    )
    st.text(repr(picked))


def test_multiselect_keeps_a_selected_value_that_is_not_among_the_options(data):
    at = run_app(multiselect_app, data=data, selected=["OK", ""])
    box = at.multiselect(key="demo.state")
    assert box.options == ["Texas", "CA", "Oklahoma"]
    assert box.value == ["OK"]
    assert at.text[0].value == "['OK']"


def test_multiselect_is_labelled_from_its_param_with_help(data):
    at = run_app(multiselect_app, data=data, selected=[])
    box = at.multiselect(key="demo.state")
    assert (box.label, box.help, box.value) == ("State", "Where members are", [])


def test_multiselect_returns_what_the_person_picks(data):
    at = run_app(multiselect_app, data=data, selected=[])
    at.multiselect(key="demo.state").select("CA").run()
    assert at.text[0].value == "['CA']"
    assert at.session_state["demo.state"] == ["CA"]


def notices_app(data):
    from components.ui.page_state import PageState
    from components.ui.widgets import show_notices
    from components.url.view_state import Param

    state = PageState("demo", [Param("state", "state", ("TX", "OK"))], data)
    state.load()
    show_notices(state)


def test_show_notices_lists_each_link_value_that_was_not_applied(data):
    at = run_app(notices_app, {"state": ["TX", "**ZZ**"], "zzz": "1"}, data=data)
    assert not at.exception
    (warning,) = at.warning
    lines = warning.value.split("\n")
    assert lines[0] == "**Some link settings were not applied.**"
    assert "- Ignored unknown link parameter 'zzz'." in lines
    assert r"- Ignored state '\*\*ZZ\*\*': not a known value." in lines


def test_show_notices_shows_nothing_for_a_clean_link(data):
    at = run_app(notices_app, {"state": "TX"}, data=data)
    assert not at.exception and not at.warning


def empty_state_app(data):
    import streamlit as st

    from components.ui.page_state import PageState
    from components.ui.widgets import empty_state
    from components.url.view_state import Param

    state = PageState("demo", [Param("state", "state", ("TX", "OK"))], data)
    state.load()
    st.multiselect("State", ["TX", "OK"], key=state.key("state"))
    if state.values()["state"]:
        empty_state(
            "No members match these filters.", on_clear=lambda: state.clear(["state"]), key="demo.clear"
        )


def test_empty_state_says_nothing_matches_and_offers_to_clear(data):
    at = run_app(empty_state_app, {"state": "TX"}, data=data)
    assert [i.value for i in at.info] == ["No members match these filters."]
    assert at.button(key="demo.clear").label == "Clear all filters"


def test_empty_state_button_calls_on_clear(data):
    at = run_app(empty_state_app, {"state": "TX"}, data=data)
    at.button(key="demo.clear").click().run()
    assert not at.exception
    assert at.multiselect(key="demo.state").value == []
    assert not at.info and not at.button


def problems_app(data):
    from components.ui.widgets import problems_banner

    problems_banner(data)


def test_problems_banner_is_silent_when_the_data_is_clean(data):
    assert data.ok
    at = run_app(problems_app, data=data)
    assert not at.error


@pytest.mark.parametrize(("count", "words"), [(1, "1 problem;"), (3, "3 problems;")])
def test_problems_banner_counts_the_problems_once(data, count, words):
    broken = dataclasses.replace(data, problems=[Problem("entities.csv", "is empty.", 2)] * count)
    at = run_app(problems_app, data=broken)
    (error,) = at.error
    assert words in error.value and "The Data page lists each one" in error.value


def test_link_column_shows_the_host_name():
    config = widgets.link_column("Source")
    assert config["label"] == "Source"
    assert config["type_config"]["type"] == "link"
    assert config["type_config"]["display_text"] == widgets.LINK_HOST
    # Streamlit shows the pattern's first group.
    assert re.match(widgets.LINK_HOST, "https://www.icma.org/about").group(1) == "icma.org"
    assert re.match(widgets.LINK_HOST, "http://data.example.gov/x").group(1) == "data.example.gov"


def slide_parts_app(text):
    import streamlit as st

    from components.ui import widgets

    widgets.takeaway(text)
    with widgets.main_visual():
        st.text("the chart")
    with widgets.enlarge_on_slide("charts"):
        st.text("more charts")
    with widgets.fold_away("twin"):
        st.text("the table twin")


def keyed_blocks(at) -> dict[str, object]:
    """The main column's keyed containers by key (Streamlit ends a block's id with its key)."""
    return {b.proto.id.rsplit("-", 1)[-1]: b for b in at.main.children.values()}


def test_slide_parts_are_containers_keyed_for_presenter_mode():
    at = run_app(slide_parts_app, text="5 of 7 coalitions")
    blocks = keyed_blocks(at)
    assert list(blocks) == [widgets.TAKEAWAY_KEY, widgets.MAIN_VISUAL_KEY, "enlarge_charts", "fold_twin"]
    assert [m.value for m in blocks[widgets.TAKEAWAY_KEY].get("markdown")] == ["**5 of 7 coalitions**"]
    assert [t.value for t in blocks["fold_twin"].get("text")] == ["the table twin"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_the_takeaway_is_data_text_inert_markdown(value):
    at = run_app(slide_parts_app, text=value)
    (line,) = keyed_blocks(at)[widgets.TAKEAWAY_KEY].get("markdown")
    assert line.value == f"**{md_text(value)}**"
    assert not active_markdown(line.value.removeprefix("**").removesuffix("**"))  # only the bold is markup
