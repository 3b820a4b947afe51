"""Focus areas (being built in issue 4): for now the evidence table."""

import streamlit as st

from components.app_data import get_dataset
from components.widgets import problems_banner

data = get_dataset()
st.title("Focus areas")
problems_banner(data)
st.dataframe(data.focus_evidence.drop(columns=["csv_row"]), hide_index=True, width="stretch")
