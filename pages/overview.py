"""Overview: what the dataset holds, in one screen, with a link to each view."""

import streamlit as st

from components.data import summaries
from components.ui.loader import get_dataset, get_members
from components.ui.widgets import init_from_url, problems_banner, share_panel, show_notices

data = get_dataset()
members = get_members()
counts = summaries.overview_counts(data, members)

st.title("US regional smart-city coalitions")
st.caption(
    f"Data as of {counts['as_of']} · {counts['sources']} public sources · every figure links to its source on the Data page."
)
problems_banner(data)
init_from_url("overview", [], data)  # this page has no parameters: anything in the link is reported
show_notices("overview")

cols = st.columns(5)
cols[0].metric(
    "Regional coalitions",
    counts["coalitions"],
    help="The seven members of the National Smart Coalitions Partnership.",
)
cols[1].metric(
    "National networks",
    counts["networks"],
    help="NSCP, the 2021 'Region of Regions', US Ignite, Project OVERCOME.",
)
cols[2].metric(
    "Coalition members listed",
    counts["coalition_members_listed"],
    help="Named in public sources; no coalition publishes a full roster.",
)
cols[3].metric("States and territories", counts["states"])
cols[4].metric("Focus areas", counts["focus_areas"])

st.subheader("How complete each roster is")
roster = summaries.roster_completeness(data, members)
st.table(
    roster[["name", "completeness", "roster_note"]]
    .rename(
        columns={"name": "Coalition", "completeness": "Members listed vs reported", "roster_note": "Note"}
    )
    .set_index("Coalition")
)

st.subheader("Views")
links = [
    (
        "pages/map.py",
        "Map of connected regions",
        "Members, footprints and the links between coalitions — works with no map tiles.",
    ),
    (
        "pages/focus-areas.py",
        "Focus areas",
        "Who works on what: coalition × focus area, with the evidence behind every cell.",
    ),
    (
        "pages/compare.py",
        "Compare coalitions",
        "Two to four coalitions side by side, and a peer finder for your city.",
    ),
    (
        "pages/survey.py",
        "2016 survey",
        "The ICMA / Smart Cities Council survey of US local governments: published results.",
    ),
    (
        "pages/data.py",
        "Data and sources",
        "Every table with its sources and as-of dates, the data dictionary and downloads.",
    ),
]
for path, label, text in links:
    st.page_link(path, label=label)
    st.caption(text)

share_panel(
    page_path="",
    title="US regional smart-city coalitions — overview",
    params={"v": ["1"], "data": [data.as_of]},
    description=(
        f"{counts['coalitions']} regional coalitions, {counts['networks']} national networks, "
        f"{counts['coalition_members_listed']} coalition members listed, {counts['states']} states and territories"
    ),
    sources=[f"{len(data.sources)} public sources, listed on the Data page"],
    data=data,
)
