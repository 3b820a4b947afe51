"""Compare coalitions: two to four side by side, their overlap, and a peer finder for any US place."""

import streamlit as st

from components.data.filters import group_names
from components.ui.loader import get_dataset, get_members
from components.ui.widgets import (
    init_from_url,
    presenting,
    problems_banner,
    share_panel,
    show_notices,
    write_url,
)
from components.url.view_state import Param, query_string
from components.views.compare import comparison as cp
from components.views.focus_areas.matrix import focus_labels, md_text

PAGE = "compare"

data = get_dataset()
members = get_members()
COALITION = Param("coalition", "coalition", lambda: data.coalitions["coalition_id"])
FOCUS = Param("focus", "focus area", lambda: data.focus_areas["focus_id"], multi=False)
PLACE = Param("place", "place", (), multi=False, validate=lambda v: cp.parse_place(v) is not None)
PARAMS = [COALITION, FOCUS, PLACE]
init_from_url(PAGE, PARAMS, data)

names = group_names(data)
labels = focus_labels(data)

st.title("Compare coalitions")
st.caption(
    "Two to four coalitions side by side, each figure with its source, and a peer finder: who works on "
    "your focus area nearest to you. With no choice made, the page compares the two coalitions with the "
    f"most members listed. Data as of {data.as_of}."
)
problems_banner(data)
show_notices(PAGE)

key = f"{PAGE}.coalition"
ids, notices = cp.resolve_coalitions(st.session_state.get(key, []), data, members)
st.session_state[key] = list(ids)  # the view shown is the view in the widget and the URL
for notice in notices:
    st.warning(md_text(notice), icon="⚠️")
if not presenting():  # presenter mode is read-only: the view comes from the link
    st.multiselect(
        "Coalitions to compare (two to four)",
        list(data.coalitions["coalition_id"]),
        key=key,
        format_func=lambda c: names.get(c, c),
    )

# One memoized builder for the compared coalitions: a rerun of a pair anyone has seen does no
# pandas work.
shown = cp.comparison_shown(data, members, ids, cp.MEMBER_LIST_LIMIT)

st.subheader("In plain words")
st.markdown("\n".join(f"- {md_text(s)}" for s in shown.sentences))

st.subheader("Side by side")
st.caption(
    "Every value names its source; where sources disagree, each version is listed with its own "
    "source. Counts of members come from the member list further down, where each member has its sources."
)
st.table(
    shown.table,
    hide_index=True,
    alt="Comparison of " + ", ".join(names[c] for c in ids) + ", one row per aspect.",
)

st.subheader("Overlap")
st.markdown("**Focus areas they pursue** (★ = one of the NSCP's five shared focus areas)")
if shown.overlap.empty:
    st.info("None of them has focus-area evidence in the sources read.", icon="ℹ️")
else:
    st.table(shown.overlap, hide_index=True)
st.markdown("**Members and partners that belong to more than one coalition or network**")
if shown.shared_members.empty:
    st.info("None of their listed members or partners belongs to another coalition or network.", icon="ℹ️")
else:
    st.table(shown.shared_members, hide_index=True)

member_title = f"The member list: all {shown.members_listed:,} listed members and partners, with sources"
if shown.members_left_out:
    member_title += f" (the first {cp.MEMBER_LIST_LIMIT} of each coalition here; all in the CSV below)"
# Drawn only while open (opening it reruns the page): the list grows with the rosters.
member_list = st.expander(member_title, key=f"{PAGE}.member_list", on_change="rerun")
if member_list.open:
    with member_list:
        st.table(shown.member_table, hide_index=True)

st.subheader("Peer finder: who works on your focus area nearest to you?")
st.caption(
    "Type any US city or county the packaged gazetteers know (GeoNames places of 500+ people; Census "
    "counties), with its state — for example Tulsa, OK or Ada County, ID — and pick a focus area. "
    "Distances are great-circle miles to a coalition's hub or a member's map point."
)
place_key = f"{PAGE}.place"


def _use_place(value: str) -> None:
    st.session_state[place_key] = value


if presenting():
    typed, focus = st.session_state.get(place_key, ""), st.session_state.get(f"{PAGE}.focus", "")
else:
    c1, c2 = st.columns(2)
    typed = c1.text_input(
        "Your city or county, state", key=place_key, placeholder="e.g. Tulsa, OK", max_chars=120
    )
    focus = c2.selectbox(
        "Focus area",
        ["", *data.focus_areas["focus_id"]],
        key=f"{PAGE}.focus",
        format_func=lambda f: labels.get(f, "— pick a focus area —"),
    )
place = cp.parse_place(typed) if typed else None
if typed and place is None:
    st.warning(
        f"Place '{md_text(typed[:60])}' was not found: write it as 'City, ST' or 'Name County, ST' "
        "(a two-letter state code).",
        icon="⚠️",
    )
    suggestions = cp.place_suggestions(typed, limit=6)
    if suggestions:
        st.caption("Did you mean:")
        cols = st.columns(len(suggestions))
        for i, (col, s) in enumerate(zip(cols, suggestions, strict=True)):
            col.button(s, key=f"{PAGE}.suggest.{i}", on_click=_use_place, args=(s,))

peers = None
if place and focus:
    peers = cp.peers_shown(data, members, place, focus)
    st.markdown("**" + md_text(peers.sentence) + "**")
    st.markdown(f"Coalitions and networks with evidence for {md_text(labels[focus].lower())}, nearest first")
    if peers.coalitions.empty:
        st.info("No coalition or network has evidence for this focus area in the sources read.", icon="ℹ️")
    else:
        st.table(peers.coalitions_table, hide_index=True)
    st.markdown("Nearest listed members and partners of those coalitions and networks")
    st.caption(
        "The evidence is the coalition's, not the member's own: a member of a coalition that works on "
        "this focus area is a good first call, not proof that the member works on it."
    )
    if peers.members.empty:
        st.info("None of their members or partners has a place on the map.", icon="ℹ️")
    else:
        st.table(peers.members_table, hide_index=True)
elif not (typed and place is None):
    st.info("Type a place and pick a focus area to see who is nearest.", icon="🔎")

canonical = write_url(PAGE, [COALITION, FOCUS], data, extra={"place": [place.label]} if place else None)
link = "/compare" + query_string(canonical)

st.subheader("Download")
# Every file is built only when its button is clicked (Streamlit runs the callable then).
d1, d2, d3 = st.columns(3)
d1.download_button(
    "Comparison (CSV)",
    data=lambda: cp.comparison_csv(data, members, ids, link),
    file_name=f"coalition_comparison_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_csv",
    on_click="ignore",
)
d2.download_button(
    "Member list (CSV)",
    data=lambda: cp.member_list_csv(data, members, ids, link),
    file_name=f"coalition_members_{data.as_of}.csv",
    mime="text/csv",
    key=f"{PAGE}.dl_members",
    on_click="ignore",
)
if peers is not None:
    d3.download_button(
        "Peer finder results (CSV)",
        data=lambda: cp.peers_csv(data, members, ids, place, focus, link),
        file_name=f"peer_finder_{data.as_of}.csv",
        mime="text/csv",
        key=f"{PAGE}.dl_peers",
        on_click="ignore",
    )

share_panel(
    page_path="compare",
    title="Compare coalitions: " + ", ".join(names[c] for c in ids),
    params=canonical,
    description=" ".join(shown.sentences),
    sources=list(shown.sources),
    data=data,
    notes=[f"Peer finder: {place.label} · {labels[focus]}"] if place and focus else (),
)
