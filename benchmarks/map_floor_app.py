"""The floor of the map's first visit: the empty page (benchmarks/empty_app.py) plus the map's own canvas
drawing the national view's deck with one mark per layer (the state outlines whole).

What /map's total blocking time and time to interactive cannot go below while the map is drawn by
deck.gl in this browser: its start-up (shader compiling and linking, the first frames) costs the same
for one mark as for a thousand, and Chromium's software WebGL here (SwiftShader, no
KHR_parallel_shader_compile) runs it on the page's main thread. benchmarks/first_visit.py measures
this page beside /map; `servers.write_floor_app` copies it next to a link to the app's static folder.
"""

import sys
from pathlib import Path

# Run from a temporary folder (for its static/ link) with the repository as the working folder, as
# benchmarks/servers.py starts every server: the project's modules are the repository's.
sys.path.insert(0, str(Path.cwd()))

import streamlit as st  # noqa: E402

from benchmarks.floor import one_mark_deck  # noqa: E402
from components.ui.loader import get_dataset, get_members  # noqa: E402
from components.ui.map_canvas import map_canvas  # noqa: E402
from components.views.map.shown import map_shown  # noqa: E402
from components.views.map.view import MapView  # noqa: E402

shown = map_shown(get_dataset(), get_members(), MapView())
choice = st.multiselect("Filter", ["alpha", "beta", "gamma", "delta"], key="empty.filter")
st.caption(f"Selected: {', '.join(choice) or 'nothing'}")
with st.container(key="map_canvas"):
    map_canvas(
        deck_json=one_mark_deck(shown.deck.to_json()),
        bounds=shown.sel.bounds,
        basemap="",
        alt="The map's layers, one mark each",
        key="floor",
    )
