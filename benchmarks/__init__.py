"""Performance benchmarks: `make bench` (= `python -m benchmarks.run`) prints one table of figures.

Every figure is measured side by side with a near-empty Streamlit page served by the same harness
in the same run, and printed with its ratio and target. The modules:

- `servers`: start/stop loopback Streamlit servers (the dashboard, the empty page, the stress data).
- `protocol`: a websocket client that speaks Streamlit's own protocol (BackMsg / ForwardMsg).
- `scenarios`: the pages and the representative filter change of each.
- `script_timing`: script-only rerun time with AppTest.
- `browser_timing`: click to visible update in headless Chromium.
- `load`: rerun cost, memory cycles, random load, meeting burst and payload, over the protocol.
- `stress`: the synthetic data-scale dataset (generated into a temp dir, never shipped).
- `replicas`: the load at 80 sessions against `deploy/serve.sh` (2 replicas behind nginx).
- `report`: the table and benchmarks/RESULTS.md.
"""
