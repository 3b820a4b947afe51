"""2016 ICMA / Smart Cities Council survey (being built in issue 5)."""

import streamlit as st

from components.app_data import get_dataset
from components.widgets import problems_banner

data = get_dataset()
st.title("2016 ICMA / Smart Cities Council survey")
problems_banner(data)
st.dataframe(data.survey_results.drop(columns=["csv_row"]), hide_index=True, width="stretch")
