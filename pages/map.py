"""Map of connected regions: who works with whom, drawn without map tiles, every mark explained and sourced.

View state (filters, framing, layers, basemap, details) lives in the URL; the builders are in
components/views/map/maps.py (deck, legend, table, details) and components/views/map/static.py (offline export).
"""

import streamlit as st

from components.data.filters import Filters, group_names
from components.data.schema import ENTITY_TYPES
from components.exports import dataset as exports
from components.exports import handout as share
from components.ui.loader import get_dataset, get_members
from components.ui.widgets import (
    current_values,
    empty_state,
    init_from_url,
    multiselect,
    problems_banner,
    share_panel,
    show_notices,
    write_url,
)
from components.url.params import filter_params
from components.url.view_state import Param
from components.views.map import maps
from components.views.map import static as map_static

PAGE = "map"
data = get_dataset()
members = get_members()
names = group_names(data)
toggles = maps.layer_toggles(data)
filter_ps = filter_params(data)
params = [
    *filter_ps,
    Param("extent", "map extent", (), multi=False, validate=lambda v: maps.is_extent(v, data)),
    Param("basemap", "basemap", ("carto",), multi=False),
    Param("hide", "map layer", tuple(toggles)),
    Param("details", "details panel", lambda: maps.details_options(data)[1:], multi=False),
    Param("member", "selected member", lambda: data.entities["entity_id"], multi=False),
]

st.title("Map of connected regions")
st.caption(
    "Who works with whom: the regional smart-city coalitions, their members and the national networks "
    "that link them. Drawn on bundled US Census state outlines, so it needs no map tiles or internet. "
    f"Data as of {data.as_of}. Hover a mark for its source; click it (or use “Details for”) to see "
    "the coalition's members, focus areas and sources."
)
problems_banner(data)

# URL → widget state; a named extent holds until a filter changes, then the map fits the selection.
url_before = st.session_state.get(f"{PAGE}.__url")
init_from_url(PAGE, params, data)
url_loaded = st.session_state.get(f"{PAGE}.__url") != url_before
filters = Filters.from_values(current_values(PAGE, filter_ps))
st.session_state[f"{PAGE}.extent"] = maps.extent_after_filter_change(
    st.session_state.get(f"{PAGE}.extent", ""),
    st.session_state.get(f"{PAGE}.__filters"),
    filters,
    url_loaded,
)
st.session_state[f"{PAGE}.__filters"] = filters
show_notices(PAGE)


def clear_filters() -> None:
    for p in filter_ps:
        st.session_state[f"{PAGE}.{p.key}"] = []
    st.session_state[f"{PAGE}.extent"] = ""


def sync_layers() -> None:
    shown = st.session_state.get(f"{PAGE}.layers") or []
    st.session_state[f"{PAGE}.hide"] = [t for t in toggles if t not in shown]


def show_picked() -> None:
    state = st.session_state.get(f"{PAGE}.deck")
    hit = maps.picked(state["selection"]["objects"] if state else None)
    if hit:
        st.session_state[f"{PAGE}.details"], st.session_state[f"{PAGE}.member"] = hit


def forget_member() -> None:
    st.session_state[f"{PAGE}.member"] = ""


choices = maps.filter_choices(data, members)
extent_names = maps.extent_labels(data)
focus_labels = dict(zip(data.focus_areas["focus_id"], data.focus_areas["label"], strict=True))
with st.sidebar:
    st.header("Filters")
    state_names = maps.state_names()
    multiselect(
        PAGE,
        filter_ps[0],
        list(choices.states),
        {s: f"{s} — {state_names.get(s, s)}" for s in state_names},
        container=st.sidebar,
    )
    multiselect(PAGE, filter_ps[1], list(focus_labels), focus_labels, container=st.sidebar)
    multiselect(PAGE, filter_ps[2], list(data.coalitions["coalition_id"]), names, container=st.sidebar)
    multiselect(
        PAGE,
        filter_ps[3],
        list(choices.types),
        {t: maps.type_label(t) for t in ENTITY_TYPES},
        container=st.sidebar,
    )
    multiselect(PAGE, filter_ps[4], list(data.networks["network_id"]), names, container=st.sidebar)
    st.header("Map")
    st.selectbox(
        "Frame the map on",
        maps.extent_options(data),
        key=f"{PAGE}.extent",
        format_func=lambda v: extent_names.get(v, v),
        help="Saved in the link, so whoever opens it sees the same area. Changing a filter fits the map "
        "to the selection again.",
    )
    st.session_state[f"{PAGE}.layers"] = [
        t for t in toggles if t not in st.session_state.get(f"{PAGE}.hide", [])
    ]
    st.pills(
        "Layers shown",
        list(toggles),
        selection_mode="multi",
        format_func=lambda t: toggles[t],
        key=f"{PAGE}.layers",
        on_change=sync_layers,
    )
    st.radio(
        "Background",
        ["", "carto"],
        key=f"{PAGE}.basemap",
        format_func=lambda v: (
            "State outlines only (works offline)" if not v else "Outlines + Carto street map (needs internet)"
        ),
    )

canonical = write_url(PAGE, params, data)
link = share.view_url(st.context.url or "", PAGE, canonical)
view = maps.MapView.from_values(current_values(PAGE, params))
render = maps.render_view(data, members, view)  # computed once per view, shared by every session
sel = render.sel

st.markdown(f"**{maps.md_escape(sel.description)}**")

if sel.empty:
    empty_state(
        f"No members match this view ({sel.description}). Remove a filter, or clear them all.",
        on_clear=clear_filters,
        key=f"{PAGE}.clear",
    )
    st.stop()

map_col, side_col = st.columns([2, 1], gap="medium")
with map_col:
    st.pydeck_chart(
        render.deck,
        key=f"{PAGE}.deck",
        on_select=show_picked,
        selection_mode="single-object",
        height=maps.MAP_HEIGHT_PX,
        alt=render.alt_text,
    )

with side_col, st.container(key="map_details"):
    st.subheader("Details")
    st.selectbox(
        "Details for",
        maps.details_options(data),
        key=f"{PAGE}.details",
        format_func=lambda v: names.get(v, v) if v else "Choose a coalition or network…",
        on_change=forget_member,
    )
    details = maps.group_details(data, members, st.session_state.get(f"{PAGE}.details", ""))
    if details is None:
        st.info(
            "Click a hub (★) or a member on the map, or choose a coalition above, to see its members, "
            "focus areas, roster and sources.",
            icon=":material/touch_app:",
        )
    else:
        picked_lines = maps.member_lines(
            data, members, st.session_state.get(f"{PAGE}.member", ""), details.group_id
        )
        if picked_lines:
            st.markdown("**Selected on the map:** " + maps.md_escape(picked_lines[0]))
            st.caption("  \n".join(maps.md_escape(line) for line in picked_lines[1:]))
        st.markdown(f"#### {maps.md_escape(details.title)}")
        for line in details.lines:
            st.markdown(maps.md_escape(line))
        link_col = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")
        tabs = st.tabs(["Members", "Focus areas", "Partnerships", "Sources"])
        with tabs[0]:
            st.dataframe(
                details.members, hide_index=True, width="stretch", column_config={"Source": link_col}
            )
            if not details.shared.empty:
                st.caption("Members also listed elsewhere")
                st.dataframe(details.shared, hide_index=True, width="stretch")
        with tabs[1]:
            if details.focus.empty:
                st.caption("No focus areas found in the sources read.")
            else:
                st.dataframe(
                    details.focus, hide_index=True, width="stretch", column_config={"Source": link_col}
                )
        with tabs[2]:
            if details.links.empty:
                st.caption("No partnership listed.")
            else:
                st.dataframe(
                    details.links, hide_index=True, width="stretch", column_config={"Source": link_col}
                )
        with tabs[3]:
            st.dataframe(
                details.sources,
                hide_index=True,
                width="stretch",
                column_config={
                    "Link": st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")
                },
            )

with st.container(key="map_legend"):
    st.vega_lite_chart(render.legend, theme=None, width="content")

st.subheader("Members shown")
st.caption(
    "The map's table twin: the same filters, one row per member and coalition or network. Sort by any "
    "column; search with the magnifier in the table's toolbar. 'On the map' says how each was placed."
)
table = render.table
if st.session_state.get(f"{PAGE}.__table_filters") != view.filters:  # new rows: back to the first page
    st.session_state[f"{PAGE}.__table_filters"] = view.filters
    st.session_state[f"{PAGE}.table_page"] = 1
if maps.table_pages(len(table)) > 1:
    st.selectbox(
        "Rows shown",
        range(1, maps.table_pages(len(table)) + 1),
        key=f"{PAGE}.table_page",
        format_func=lambda p: maps.rows_label(p, len(table)),
        help=f"The table shows {maps.TABLE_PAGE_ROWS} rows at a time; every row is in the “What I see (CSV)” "
        "download.",
    )
rows_shown = maps.table_page(table, st.session_state.get(f"{PAGE}.table_page", 1))
with st.container(key="map_table"):
    st.dataframe(
        rows_shown,
        hide_index=True,
        width="stretch",
        height=maps.table_height(len(rows_shown)),
        column_config={"Source": st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)")},
    )

st.subheader("Downloads")
d1, d2, d3, d4 = st.columns(4)
d1.download_button(
    "What I see (CSV)",
    data=lambda: maps.members_csv(sel, data, link),
    file_name="map-members.csv",
    mime="text/csv",
    key=f"{PAGE}.dl.csv",
    on_click="ignore",
)
d2.download_button(
    "Members and arcs (GeoJSON)",
    data=lambda: maps.view_geojson(sel, data, link),
    file_name="map-view.geojson",
    mime="application/geo+json",
    key=f"{PAGE}.dl.geojson",
    on_click="ignore",
)
d3.download_button(
    "This map, offline (HTML)",
    data=lambda: map_static.standalone_html(sel, data, link),
    file_name="map-of-connected-regions.html",
    mime="text/html",
    key=f"{PAGE}.dl.html",
    on_click="ignore",
)
d4.download_button(
    "Full dataset (ZIP)",
    data=lambda: exports.dataset_zip(data),
    file_name=f"coalitions_data_{data.as_of}.zip",
    mime="application/zip",
    key=f"{PAGE}.dl.zip",
    on_click="ignore",
)

share_panel(
    page_path=PAGE,
    title="Map of connected regions",
    params=canonical,
    description=sel.description,
    sources=list(render.source_lines),
    data=data,
    figure_png=lambda: map_static.map_png(sel, data),
)
