"""Compare coalitions: two to four side by side, their overlap, and a peer finder for any US place."""

import streamlit as st

from components.ui import shell, widgets
from components.ui.controls import compare as compare_controls
from components.ui.loader import get_dataset, get_members
from components.ui.reserve import INPUT_HEIGHT, reserve
from components.ui.share_panel import share_panel
from components.views.compare import comparison, peers, slide
from components.views.overview import vintage_line

data = get_dataset()
members = get_members()

st.title("Compare coalitions")
with widgets.fold_away("intro"):
    st.caption(
        "Two to four coalitions side by side, each figure with its source, and a peer finder: who works on "
        "your focus area nearest to you. With no choice made, the page compares the two coalitions with the "
        f"most members listed. {vintage_line(data)}."
    )
widgets.problems_banner(data)
with reserve("coalitions", 0 if shell.presenting() else INPUT_HEIGHT):  # the multiselect; none on a slide
    controls = compare_controls.controls(data, members)

# One memoized builder per view: a rerun of a view anyone has seen does no pandas work.
shown = comparison.comparison_shown(data, members, controls.ids, comparison.MEMBER_LIST_LIMIT)
found = peers.peers_shown(data, members, controls.place, controls.focus) if controls.asks_for_peers else None

# A slide: who each lists, then five aspects side by side (values only); the page, with every source, folds.
if shell.presenting():
    widgets.takeaway(shown.sentences[0])
    with widgets.main_visual():
        st.table(slide.slide_table(data, members, controls.ids), hide_index=True)
with widgets.fold_away("page"):
    st.header("In plain words")
    st.markdown(shown.sentences_markdown)

    st.header("Side by side")
    st.caption(
        "Every value names its source; where sources disagree, each version is listed with its own "
        "source. Counts of members come from the member list further down, where each member has its sources."
    )
    st.table(shown.table, hide_index=True, alt=f"Comparison of {shown.names}, one row per aspect.")

    st.header("Overlap")
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

    # Drawn only while open (opening it reruns the page): the list grows with the rosters.
    member_list = st.expander(shown.member_list_title, key=controls.key("member_list"), on_change="rerun")
    if member_list.open:
        with member_list:
            st.table(shown.member_table, hide_index=True)

    st.header("Peer finder: who works on your focus area nearest to you?")
    st.caption(
        "Type any US city or county the packaged gazetteers know (GeoNames places of 500+ people; Census "
        "counties), with its state — for example Tulsa, OK or Ada County, ID — and pick a focus area. "
        "Distances are great-circle miles to a coalition's hub or a member's map point."
    )
    with reserve("peer_inputs", INPUT_HEIGHT):
        compare_controls.peer_inputs(controls, data)
    compare_controls.peer_results(found, controls)

    st.header("Download")
    # Every file is built only when its button is clicked (Streamlit runs the callable then).
    widgets.download_row(
        [
            widgets.Download(
                "Comparison (CSV)",
                lambda: comparison.comparison_csv(data, members, controls.ids, controls.link),
                f"coalition_comparison_{data.as_of}.csv",
                controls.key("dl_csv"),
            ),
            widgets.Download(
                "Member list (CSV)",
                lambda: comparison.member_list_csv(data, members, controls.ids, controls.link),
                f"coalition_members_{data.as_of}.csv",
                controls.key("dl_members"),
            ),
            widgets.Download(
                "Peer finder results (CSV)",
                lambda: peers.peers_csv(
                    data, members, controls.ids, controls.place, controls.focus, controls.link
                ),
                f"peer_finder_{data.as_of}.csv",
                controls.key("dl_peers"),
            )
            if found is not None
            else None,
        ]
    )

share_panel(
    page_path=controls.path,
    title=f"Compare coalitions: {shown.names}",
    params=controls.canonical,
    description=" ".join(shown.sentences),
    sources=list(shown.sources),
    data=data,
    notes=[found.title] if found is not None else (),
)
