"""Map of connected regions (being built in issue 3): for now the member list with sources."""

import streamlit as st

from components.app_data import get_dataset, get_members
from components.widgets import problems_banner

data = get_dataset()
members = get_members()
st.title("Map of connected regions")
problems_banner(data)
st.dataframe(
    members[["name", "entity_type", "state", "group_name", "role", "sources"]],
    hide_index=True,
    width="stretch",
)
