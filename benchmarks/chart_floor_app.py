"""The floor of a chart page's first visit: the empty page (benchmarks/empty_app.py) plus one small
Vega-Lite chart drawn the way the pages draw theirs (`st.vega_lite_chart`, theme None).

Streamlit loads its Vega chunk (about 260 KB compressed) and starts Vega for the first chart of a page
whatever the chart shows, so /survey's and /focus-areas' time to interactive cannot go below this
page's while their charts are Vega-Lite charts. benchmarks/first_visit.py measures it beside them.
The three bars are made up for the measurement and labelled so; nothing here is shown as data.
"""

import streamlit as st

choice = st.multiselect("Filter", ["alpha", "beta", "gamma", "delta"], key="empty.filter")
st.caption(f"Selected: {', '.join(choice) or 'nothing'}")
st.vega_lite_chart(
    {
        "description": "A benchmark's placeholder chart: three made-up bars.",
        "data": {"values": [{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "c", "v": 3}]},
        "mark": "bar",
        "encoding": {"x": {"field": "v", "type": "quantitative"}, "y": {"field": "k", "type": "nominal"}},
    },
    theme=None,
)
