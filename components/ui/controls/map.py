"""/map's controls: the shared filters, the framing, layers and basemap, the details panel and the
table's page, bound to the URL; and the page's Streamlit blocks that read or write that state (the
deck, whose click picks a group; the details panel; the table twin with its pager).

A named extent holds until the user changes a filter, then the map fits what they select again; a
link always keeps the extent it carries. The "Layers shown" pills mirror the URL's `hide` list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from components.data.evidence import focus_labels
from components.data.filters import Filters, group_names
from components.data.load import Dataset
from components.data.schema import ENTITY_TYPES
from components.data.text import md_text
from components.geo.projection import camera_value, parse_camera
from components.ui import html_table, map_canvas, widgets
from components.ui.page_state import PageState
from components.ui.share_panel import view_link
from components.url.pages import PAGES_BY_PATH
from components.url.params import filter_params
from components.url.view_state import Param
from components.views.map.details import GroupDetails, details_options, group_details, member_lines
from components.views.map.extents import (
    extent_after_filter_change,
    extent_labels,
    extent_options,
    is_extent,
)
from components.views.map.layers import layer_toggles
from components.views.map.marks import type_label
from components.views.map.outlines import state_names
from components.views.map.shown import MapShown, table_page_html
from components.views.map.table import (
    TABLE_PAGE_ROWS,
    rows_label,
    table_pages,
)
from components.views.map.view import MapView, filter_choices

PAGE = PAGES_BY_PATH["map"]
FILTERS = ("state", "focus", "coalition", "type", "network")
BACKGROUNDS = {
    "": "State outlines only (works offline)",
    "carto": "Outlines + Carto street map (needs internet)",
}


def map_params(data: Dataset) -> list[Param]:
    """The shared filters, then the map's own parameters."""
    return [
        *filter_params(data),
        Param("extent", "map extent", (), multi=False, validate=lambda v: is_extent(v, data)),
        Param("view", "map camera", (), multi=False, validate=lambda v: parse_camera(v) is not None),
        Param("basemap", "basemap", ("carto",), multi=False),
        Param("hide", "map layer", tuple(layer_toggles(data))),
        Param("details", "details panel", lambda: details_options(data)[1:], multi=False),
        Param("member", "selected member", lambda: data.entities["entity_id"], multi=False),
    ]


@dataclass(frozen=True)
class MapControls:
    """The map view the link and the sidebar ask for, and the page's callbacks."""

    state: PageState
    view: MapView
    canonical: dict[str, list[str]]  # the URL written for this view
    link: str  # the view's absolute link, as the exports cite it
    path: str = PAGE.path

    def key(self, name: str) -> str:
        return self.state.key(name)

    def clear_filters(self) -> None:
        """The empty state's "Clear all filters" button: the filters and the framing."""
        self.state.clear(FILTERS)
        self.state.set("extent", "")

    def show_picked(self) -> None:
        """A clicked hub, member, arc or count opens its group's details (and names the member)."""
        hit = map_canvas.event(self.key("deck"), "click")
        group = hit.get("group_id") if isinstance(hit, dict) else None
        if isinstance(group, str) and group:
            entity = hit.get("entity_id")
            self.state.set("details", group)
            self.state.set("member", entity if isinstance(entity, str) else "")

    def keep_camera(self) -> None:
        """The person panned or zoomed: the link carries the area they see (`view=`)."""
        value = map_canvas.event(self.key("deck"), "view")
        camera = parse_camera(value) if isinstance(value, str) else None
        if camera is not None:
            self.state.set("view", camera_value(camera))

    def forget_member(self) -> None:
        """Choosing another group in "Details for" forgets the member clicked on the map."""
        self.state.set("member", "")


def sidebar(data: Dataset, members: pd.DataFrame) -> MapControls:
    """Load the link, show its notices, draw the sidebar, write the URL; return the view."""
    state = PageState(PAGE.keys, map_params(data), data)
    _load(state)
    widgets.show_notices(state)
    with st.sidebar:
        _filters(state, data, members)
        _map_options(state, data)
    canonical = state.write_url()
    view = MapView.from_values(state.values())
    return MapControls(state, view, canonical, view_link(PAGE.path, canonical))


def _load(state: PageState) -> None:
    """URL → widget state; a named extent holds until a filter changes, then the map fits the selection."""
    url_loaded = state.load()
    filters = Filters.from_values(state.values([p for p in state.params if p.key in FILTERS]))
    before = state.get("__filters")
    state.set("extent", extent_after_filter_change(state.get("extent", ""), before, filters, url_loaded))
    # The camera follows the same rule: a filter change fits the map to the new selection.
    state.set("view", extent_after_filter_change(state.get("view", ""), before, filters, url_loaded))
    camera = parse_camera(state.get("view", ""))
    state.set("view", camera_value(camera) if camera else "")  # a hand-typed box, in the link's spelling
    state.set("__filters", filters)


def _filters(state: PageState, data: Dataset, members: pd.DataFrame) -> None:
    params = {p.key: p for p in state.params}
    choices = filter_choices(data, members)
    names = group_names(data)
    focus = focus_labels(data)
    states = state_names()
    st.header("Filters")
    for key, options, labels in (
        ("state", list(choices.states), {s: f"{s} — {states.get(s, s)}" for s in states}),
        ("focus", list(focus), focus),
        ("coalition", list(data.coalitions["coalition_id"]), names),
        ("type", list(choices.types), {t: type_label(t) for t in ENTITY_TYPES}),
        ("network", list(data.networks["network_id"]), names),
    ):
        widgets.multiselect(state, params[key], options, labels, container=st.sidebar)


def _sync_layers(state: PageState, toggles: dict[str, str]) -> None:
    """The pills' on_change: the layers not shown are the URL's `hide` list."""
    shown = state.get("layers") or []
    state.set("hide", [t for t in toggles if t not in shown])


def _map_options(state: PageState, data: Dataset) -> None:
    """Framing, layers shown and background."""
    extent_names = extent_labels(data)
    toggles = layer_toggles(data)
    st.header("Map")
    st.selectbox(
        "Frame the map on",
        extent_options(data),
        key=state.key("extent"),
        format_func=lambda v: extent_names.get(v, v),
        on_change=partial(state.set, "view", ""),
        help="Saved in the link, so whoever opens it sees the same area — and so is the area you pan or "
        "zoom to. Changing a filter fits the map to the selection again.",
    )
    st.button(
        "Fit the map to this framing again",
        key=state.key("refit"),
        on_click=partial(state.set, "view", ""),
        disabled=not state.get("view"),
        help="You moved the map: its link keeps the area you see. This forgets it.",
    )
    state.set("layers", [t for t in toggles if t not in state.get("hide", [])])
    st.pills(
        "Layers shown",
        list(toggles),
        selection_mode="multi",
        format_func=lambda t: toggles[t],
        key=state.key("layers"),
        on_change=partial(_sync_layers, state, toggles),
    )
    st.radio("Background", list(BACKGROUNDS), key=state.key("basemap"), format_func=BACKGROUNDS.get)


def nothing_matches(shown: MapShown, controls: MapControls) -> None:
    """The empty state: say so, with the view's description, and offer to clear the filters."""
    widgets.empty_state(
        f"No members match this view ({md_text(shown.sel.description)}). Remove a filter, or clear them all.",
        on_clear=controls.clear_filters,
        key=controls.key("clear"),
    )


def deck(shown: MapShown, controls: MapControls) -> None:
    """The map, showing the area in the link (or the view's frame); a click on a mark opens its details."""
    map_canvas.map_canvas(
        deck_json=shown.deck.to_json(),
        bounds=controls.view.camera or shown.sel.bounds,
        basemap=controls.view.basemap,
        alt=shown.alt_text,
        key=controls.key("deck"),
        on_view=controls.keep_camera,
        on_click=controls.show_picked,
        exact=controls.view.camera is not None,
    )


def details_panel(data: Dataset, members: pd.DataFrame, controls: MapControls) -> None:
    """ "Details for" a coalition or network (chosen, or clicked on the map), and the member clicked."""
    names = group_names(data)
    st.header("Details")
    st.selectbox(
        "Details for",
        details_options(data),
        key=controls.key("details"),
        format_func=lambda v: names.get(v, v) if v else "Choose a coalition or network…",
        on_change=controls.forget_member,
    )
    details = group_details(data, members, controls.state.get("details", ""))
    if details is None:
        st.info(
            "Click a hub (★) or a member on the map, or choose a coalition above, to see its members, "
            "focus areas, roster and sources.",
            icon=":material/touch_app:",
        )
        return
    picked_lines = member_lines(data, members, controls.state.get("member", ""), details.group_id)
    if picked_lines:
        st.markdown("**Selected on the map:** " + md_text(picked_lines[0]))
        st.caption("  \n".join(md_text(line) for line in picked_lines[1:]))
    widgets.data_text(details.title, heading=3)
    for line in details.lines:
        widgets.data_text(line)
    _details_tabs(details)


def _details_tabs(details: GroupDetails) -> None:
    sources = {"Source": widgets.link_column()}
    members_tab, focus_tab, links_tab, sources_tab = st.tabs(
        ["Members", "Focus areas", "Partnerships", "Sources"]
    )
    with members_tab:
        st.dataframe(details.members, hide_index=True, width="stretch", column_config=sources)
        if not details.shared.empty:
            st.caption("Members also listed elsewhere")
            st.dataframe(details.shared, hide_index=True, width="stretch")
    with focus_tab:
        if details.focus.empty:
            st.caption("No focus areas found in the sources read.")
        else:
            st.dataframe(details.focus, hide_index=True, width="stretch", column_config=sources)
    with links_tab:
        if details.links.empty:
            st.caption("No partnership listed.")
        else:
            st.dataframe(details.links, hide_index=True, width="stretch", column_config=sources)
    with sources_tab:
        st.dataframe(
            details.sources, hide_index=True, width="stretch", column_config={"Link": widgets.link_column()}
        )


def table_twin(data: Dataset, members: pd.DataFrame, shown: MapShown, controls: MapControls) -> None:
    """The table twin, a page of TABLE_PAGE_ROWS at a time ("Rows shown"); new rows start at page 1."""
    table = shown.table
    if controls.state.get("__table_filters") != controls.view.filters:
        controls.state.set("__table_filters", controls.view.filters)
        controls.state.set("table_page", 1)
    pages = table_pages(len(table))
    if pages > 1:
        st.selectbox(
            "Rows shown",
            range(1, pages + 1),
            key=controls.key("table_page"),
            format_func=lambda p: rows_label(p, len(table)),
            help=f"The table shows {TABLE_PAGE_ROWS} rows at a time; every row is in the “What I see (CSV)” "
            "download.",
        )
    page = min(max(1, int(controls.state.get("table_page", 1) or 1)), pages)
    html_table.draw(table_page_html(data, members, controls.view, page), key="map_table")
