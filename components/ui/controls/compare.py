"""/compare's controls: the link's coalitions, place and focus area, bound to the page's widgets.

The coalitions are resolved (two to four, the default pair when none) and written back into their
widget before it is drawn, so the view shown is the view in the widget and in the URL. The peer
finder's place and focus inputs are drawn further down the page (`peer_inputs`), its answer under
them (`peer_results`); their values are read from the page state first, so the URL is written once,
at the top. In presenter mode nothing is drawn: the view comes from the link.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.data.evidence import focus_labels
from components.data.filters import group_names
from components.data.load import Dataset
from components.data.text import md_text
from components.ui import widgets
from components.ui.page_state import PageState
from components.ui.shell import presenting
from components.url.pages import PAGES_BY_PATH
from components.url.view_state import Param, query_string
from components.views.compare.comparison import resolve_coalitions
from components.views.compare.peers import PeersShown, Place, parse_place, place_suggestions

PAGE = PAGES_BY_PATH["compare"]
SUGGESTIONS = 6


def compare_params(data: Dataset) -> tuple[Param, Param, Param]:
    """COALITION, FOCUS and PLACE, their values checked against the data and the gazetteers."""
    return (
        Param("coalition", "coalition", lambda: data.coalitions["coalition_id"]),
        Param("focus", "focus area", lambda: data.focus_areas["focus_id"], multi=False),
        Param("place", "place", (), multi=False, validate=lambda v: parse_place(v) is not None),
    )


@dataclass(frozen=True)
class CompareControls:
    """The compared coalitions and the peer finder's question, as the link and the widgets say."""

    state: PageState
    ids: tuple[str, ...]  # two to four coalition ids
    notices: tuple[str, ...]  # what resolving the coalitions changed (plain text)
    typed: str  # the place as typed ('' when none)
    place: Place | None  # the typed place, when the gazetteers know it
    focus: str  # focus-area id ('' when none is picked)
    canonical: dict[str, list[str]]  # the URL written for this view
    link: str  # the view's relative link, as the CSV downloads cite it
    path: str = PAGE.path

    @property
    def asks_for_peers(self) -> bool:
        return self.place is not None and bool(self.focus)

    @property
    def place_not_found(self) -> bool:
        return bool(self.typed) and self.place is None

    def key(self, name: str) -> str:
        return self.state.key(name)


def controls(data: Dataset, members: pd.DataFrame) -> CompareControls:
    """Load the link, show its notices, resolve and draw the coalitions, write the URL; return the view."""
    coalition, focus_param, place_param = params = compare_params(data)
    state = PageState(PAGE.keys, params, data)
    state.load()
    widgets.show_notices(state)
    ids, notices = resolve_coalitions(state.get(coalition.key, []), data, members)
    state.set(coalition.key, list(ids))  # the view shown is the view in the widget and the URL
    for notice in notices:
        st.warning(md_text(notice), icon="⚠️")
    if not presenting():  # presenter mode is read-only: the view comes from the link
        names = group_names(data)
        st.multiselect(
            "Coalitions to compare (two to four)",
            list(data.coalitions["coalition_id"]),
            key=state.key(coalition.key),
            format_func=lambda c: names.get(c, c),
        )
    typed, focus = state.get(place_param.key, ""), state.get(focus_param.key, "")
    place = parse_place(typed) if typed else None
    canonical = state.write_url([coalition, focus_param], extra={"place": [place.label]} if place else None)
    return CompareControls(
        state=state,
        ids=ids,
        notices=tuple(notices),
        typed=typed,
        place=place,
        focus=focus,
        canonical=canonical,
        link=f"/{PAGE.path}" + query_string(canonical),
    )


def peer_inputs(controls: CompareControls, data: Dataset) -> None:
    """The peer finder's place and focus inputs (not in presenter mode), and suggestions for a place
    the gazetteers do not know."""
    state = controls.state
    if not presenting():
        labels = focus_labels(data)
        place_col, focus_col = st.columns(2)
        place_col.text_input(
            "Your city or county, state", key=state.key("place"), placeholder="e.g. Tulsa, OK", max_chars=120
        )
        focus_col.selectbox(
            "Focus area",
            ["", *data.focus_areas["focus_id"]],
            key=state.key("focus"),
            format_func=lambda f: labels.get(f, "— pick a focus area —"),
        )
    if controls.place_not_found:
        _place_not_found(controls)


def peer_results(found: PeersShown | None, controls: CompareControls) -> None:
    """The peer finder's answer: the coalitions with evidence for the focus area, then the nearest
    listed members of those; or what to type (nothing more when the place was not found)."""
    if found is None:
        if not controls.place_not_found:
            st.info("Type a place and pick a focus area to see who is nearest.", icon="🔎")
        return
    widgets.data_text(found.sentence, bold=True)
    st.markdown(found.coalitions_heading)
    if found.coalitions.empty:
        st.info("No coalition or network has evidence for this focus area in the sources read.", icon="ℹ️")
    else:
        st.table(found.coalitions_table, hide_index=True)
    st.markdown("Nearest listed members and partners of those coalitions and networks")
    st.caption(
        "The evidence is the coalition's, not the member's own: a member of a coalition that works on "
        "this focus area is a good first call, not proof that the member works on it."
    )
    if found.members.empty:
        st.info("None of their members or partners has a place on the map.", icon="ℹ️")
    else:
        st.table(found.members_table, hide_index=True)


def _place_not_found(controls: CompareControls) -> None:
    """Say how to write a place, and offer the known places that start like it."""
    st.warning(
        f"Place '{md_text(controls.typed[:60])}' was not found: write it as 'City, ST' or 'Name County, ST' "
        "(a two-letter state code).",
        icon="⚠️",
    )
    suggestions = place_suggestions(controls.typed, limit=SUGGESTIONS)
    if not suggestions:
        return
    st.caption("Did you mean:")
    cols = st.columns(len(suggestions))
    for i, (col, suggestion) in enumerate(zip(cols, suggestions, strict=True)):
        col.button(
            suggestion,
            key=controls.key(f"suggest.{i}"),
            on_click=_use_place,
            args=(controls.state, suggestion),
        )


def _use_place(state: PageState, value: str) -> None:
    """A suggestion button's callback: the suggestion becomes the typed place."""
    state.set("place", value)
