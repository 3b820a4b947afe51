"""Near-empty comparison page for the benchmarks: one multiselect (the widget our filters use) and one line.

Every figure of `make bench` is printed with its ratio to this page, served the same way (same
`.streamlit/config.toml`, same server options, same proxy), so the ratio is what the dashboard adds.
"""

import streamlit as st

choice = st.multiselect("Filter", ["alpha", "beta", "gamma", "delta"], key="empty.filter")
st.caption(f"Selected: {', '.join(choice) or 'nothing'}")
