"""Overview: what the dataset holds, in one screen, with a link to each view."""

import streamlit as st

from components.ui import shell, widgets
from components.ui.controls.common import no_parameters
from components.ui.loader import get_dataset, get_members
from components.ui.reserve import METRIC_HEIGHT, reserve, reserved_columns, table_height
from components.ui.share_panel import share_panel
from components.views import slides
from components.views.overview import TITLE, overview_shown, vintage_line

data = get_dataset()
members = get_members()
shown = overview_shown(data, members)
counts = shown.counts

st.title("US regional smart-city coalitions")
with widgets.fold_away("intro"):
    st.caption(
        f"{vintage_line(data)} · {counts['sources']} public sources · every figure links to its source on the "
        "Data page."
    )
widgets.problems_banner(data)
canonical = no_parameters("overview", data)  # this page has no parameters: anything in the link is reported

# A slide says the five figures in one sentence and shows the rosters' completeness below it.
if shell.presenting():
    widgets.takeaway(shown.description)
with widgets.fold_away("figures"):
    cols = reserved_columns("figures", 5, METRIC_HEIGHT)
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

with widgets.main_visual():
    st.header("How complete each roster is")
    # A slide leaves out the notes column (a paragraph per coalition): the counts fit one screen.
    roster = slides.roster_counts(data, members) if shell.presenting() else shown.roster
    with reserve("roster", table_height(roster)):
        st.table(roster)

with widgets.fold_away("views"):
    st.header("Views")
    for view in shown.views:
        st.page_link(view.file, label=view.title)
        st.caption(view.blurb)

share_panel(
    page_path="",
    title=TITLE,
    params=canonical,
    description=shown.description,
    sources=[f"{counts['sources']} public sources, listed on the Data page"],
    data=data,
)
