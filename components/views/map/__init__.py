"""The map of connected regions as data: filtered member rows → a tile-free pydeck deck, its legend,
named extents, arcs, plain-text tooltips, the table twin, the downloads and the details panel.

No Streamlit here. Everything is a function of the Dataset, the member table
(filters.members_table) and a `MapView` value object, so the page stays thin and the deck spec is
unit-tested and pinned as golden JSON (tests/golden/map_ntxia_deck.json).

Modules, in the order a view is computed:
    view.py          MapView (what the URL says) and the filter options
    layers.py        layer ids and the layers a person can hide
    icons.py         member-type shapes and the icon atlas
    outlines.py      simplified state outlines, county footprints, county names
    extents.py       named extents, the frame that fits a selection, the camera
    marks.py         member symbols and tooltips, hubs, footprints
    arcs.py          hub → member links and partnerships
    counts.py        count marks when too many points are in view
    selection.py     MapSelection: one view's rows and marks (select)
    deck.py          the deck JSON (build_deck) the map canvas draws, its alt text
    legend.py        the legend as Vega-Lite
    table.py         the table twin, a page at a time
    downloads.py     CSV, GeoJSON and the sources of a view
    details.py       the details panel of a coalition or network
    shown.py         MapShown: everything the page draws, once per view (map_shown)
    static.py        the offline SVG, PNG and standalone HTML
    static_files.py  static/states.json and static/icons.svg (python -m components.views.map.static_files)
"""
