"""Map of connected regions: who works with whom, drawn without map tiles, every mark explained and sourced.

View state (filters, framing, layers, basemap, details) lives in the URL (components/ui/controls/map.py);
everything shown is built once per view in components/views/map/ (deck, legend, table, details, exports).
"""

import streamlit as st

from components.exports import dataset as exports
from components.ui import shell, widgets
from components.ui.controls import map as map_controls
from components.ui.loader import get_dataset, get_members
from components.ui.share_panel import share_panel
from components.views.map import downloads
from components.views.map import static as map_static
from components.views.map.shown import map_shown
from components.views.overview import vintage_line

data = get_dataset()
members = get_members()

presenting = shell.presenting()

st.title("Map of connected regions")
widgets.problems_banner(data)
controls = map_controls.sidebar(data, members)

# Computed once per view and shared by every session: a rerun of a view anyone has seen is free.
shown = map_shown(data, members, controls.view)
widgets.takeaway(shown.sel.description)

if shown.sel.empty:
    map_controls.nothing_matches(shown, controls)
    st.stop()

# Title, takeaway, then the map: on a phone and on a slide they share the first screen. A slide gives
# the map the whole width (the details panel is for the person at the keyboard).
map_col, side_col = (st.container(), None) if presenting else st.columns([2, 1], gap="medium")
with map_col, st.container(key="map_canvas"):
    map_controls.deck(shown, controls)
if side_col is not None:
    with side_col, st.container(key="map_details"):
        map_controls.details_panel(data, members, controls)

with widgets.fold_away("intro"):
    st.caption(
        "Who works with whom: the regional smart-city coalitions, their members and the national networks "
        "that link them. Drawn on bundled US Census state outlines, so it needs no map tiles or internet. "
        f"{vintage_line(data)}. Hover a mark for its source; click it (or use “Details for”) to see "
        "the coalition's members, focus areas and sources."
    )
with st.container(key="map_legend"):
    st.markdown(shown.legend, unsafe_allow_html=True)  # drawn from the first paint, as the tables

with widgets.fold_away("twin"):
    st.header("Members shown")
    st.caption(
        "The map's table twin: the same filters, one row per member and coalition or network, by "
        "coalition or network, then name. 'On the map' says how each was placed. To sort or filter, "
        "open the “What I see (CSV)” download (every row) in a spreadsheet."
    )
    map_controls.table_twin(data, members, shown, controls)

with widgets.fold_away("downloads"):
    st.header("Downloads")
    # Every file is built only when its button is clicked (Streamlit runs the callable then).
    widgets.download_row(
        [
            widgets.Download(
                "What I see (CSV)",
                lambda: downloads.members_csv(shown.sel, data, controls.link),
                "map-members.csv",
                controls.key("dl.csv"),
            ),
            widgets.Download(
                "Members and arcs (GeoJSON)",
                lambda: downloads.view_geojson(shown.sel, data, controls.link),
                "map-view.geojson",
                controls.key("dl.geojson"),
            ),
            widgets.Download(
                "This map, offline (HTML)",
                lambda: map_static.standalone_html(
                    shown.sel, data, controls.link, bounds=controls.view.camera
                ),
                "map-of-connected-regions.html",
                controls.key("dl.html"),
            ),
            widgets.Download(
                "Full dataset (ZIP)",
                lambda: exports.dataset_zip(data),
                f"coalitions_data_{data.as_of}.zip",
                controls.key("dl.zip"),
            ),
        ]
    )

share_panel(
    page_path=controls.path,
    title="Map of connected regions",
    params=controls.canonical,
    description=shown.sel.description,
    sources=shown.source_lines,
    data=data,
    figure_png=lambda: map_static.map_png(shown.sel, data, bounds=controls.view.camera),
)
