"""Compare coalitions (being built in issue 4): for now the coalition facts."""

import streamlit as st

from components.app_data import get_dataset
from components.widgets import problems_banner

data = get_dataset()
st.title("Compare coalitions")
problems_banner(data)
st.dataframe(data.coalition_facts.drop(columns=["csv_row"]), hide_index=True, width="stretch")
