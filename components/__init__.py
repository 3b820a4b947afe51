"""The dashboard's logic, in layers. A module imports only from its own layer or those above it here.

Layer (package)      rule in one line
- geo/               pure geometry over the bundled boundaries: projection, point-in-polygon, bounds, places.
- data/              the dataset and its vocabulary, pure pandas: load + validate, filters, memo, the one sanitiser.
- url/               the public URL contract: typed, validated view parameters and the page list; no Streamlit.
- exports/           files a person takes away (CSV, GeoJSON, charts as SVG/PNG, the PDF handout, QR code).
- views/<page>/      one package per page: (dataset, view) → a typed "<Page>Shown" object; specs, not pixels;
                     a view package never imports another (views/*.py modules are shared by all).
- ui/                the only code that imports streamlit: the cached loader, widgets, page state bound to
                     the URL, and one controls module per page that owns its session state and callbacks.
- pages/*.py         layout only: load, title, one controls call, one builder call per view, render, share.

tests/test_architecture.py enforces the order for every module (geo < data < url < exports < views < ui < pages).
"""
