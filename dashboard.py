"""Entry point: page config and navigation. The page paths are part of the public URL contract."""

import streamlit as st

st.set_page_config(
    page_title="US Smart-City Coalitions",
    page_icon="🏙️",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", url_path="overview", default=True),
    st.Page("pages/map.py", title="Map of connected regions", icon="🗺️", url_path="map"),
    st.Page("pages/focus_areas.py", title="Focus areas", icon="🧩", url_path="focus-areas"),
    st.Page("pages/compare.py", title="Compare coalitions", icon="⚖️", url_path="compare"),
    st.Page("pages/survey.py", title="2016 survey", icon="📊", url_path="survey"),
    st.Page("pages/data.py", title="Data and sources", icon="📚", url_path="data"),
]

st.navigation(PAGES).run()
