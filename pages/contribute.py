"""Update your roster: coalition staff download their roster, upload an edited copy, check it and send it in.

The upload and everything built from it stay in this browser session (components/ui/controls/contribute.py).
"""

import streamlit as st

from components.ui.controls import contribute as contribute_controls
from components.ui.loader import get_dataset
from components.ui.share_panel import share_panel
from components.ui.widgets import Download, data_text, download_row, problems_banner
from components.views.contribute import package, template
from components.views.focus_areas import matrix
from components.views.map.shown import map_shown

TITLE = "Update your roster"
data = get_dataset()

st.title(TITLE)
st.caption(
    "For coalition staff: the published roster lists only the members public sources name. Download your "
    "coalition's roster and facts, correct or complete them with a source for each row, check the result "
    f"here, and send the change package to the maintainers. Published data as of {data.as_of}."
)
problems_banner(data)
controls = contribute_controls.page_controls(data)
cid = controls.coalition_id

data_text(f"1. Download the roster of {controls.coalition}", heading=2)
st.markdown(
    "Each template is pre-filled with what is published: the roster (one row per member or partner and "
    "source, with its place, type and source) and the coalition's facts. Notes at the top of each CSV, and "
    "the README sheet of the workbook, explain every column."
)
download_row(
    [
        Download(
            "Roster and facts (Excel workbook)",
            lambda: template.template_xlsx(data, cid),
            f"{cid}_roster_and_facts.xlsx",
            controls.key("dl.xlsx"),
        ),
        Download(
            "Roster (CSV)",
            lambda: template.template_csv(data, template.ROSTER, cid),
            template.ROSTER.file(cid),
            controls.key("dl.roster"),
        ),
        Download(
            "Facts (CSV)",
            lambda: template.template_csv(data, template.FACTS, cid),
            template.FACTS.file(cid),
            controls.key("dl.facts"),
        ),
    ]
)

st.header("2. Upload your edited copy")
st.caption(
    "Privacy: your files stay in this browser session only. They are read in memory and nothing is written "
    "to the server or shown to anyone else; remove the files or close the tab and they are gone. Nothing "
    "is published until the maintainers review your change package."
)
controls.upload_box()

proposal = controls.proposal
if proposal is None:
    st.info("No file uploaded yet: upload your edited roster above to check it and preview it.", icon="📄")
else:
    st.header("3. Check the result")
    contribute_controls.report(proposal)
    if proposal.ok:
        contribute_controls.changes(controls.diff)

        st.markdown("### Preview: the map with your change (this session only)")
        shown_map = map_shown(proposal.data, controls.members, controls.map_view)
        data_text(shown_map.sel.description, bold=True)
        contribute_controls.preview_map(shown_map, controls)

        st.markdown("### Preview: the focus-area matrix with your change")
        shown_matrix = matrix.matrix_shown(
            proposal.data, controls.members, controls.matrix_view, matrix.TITLE
        )
        st.caption(shown_matrix.caption)
        if not shown_matrix.matrix.empty:
            st.vega_lite_chart(shown_matrix.spec, width="content")

        st.header("4. Send it to the maintainers")
        st.markdown(
            "The change package holds every table with your change applied and CHANGES.md, which lists "
            "every change with its source. Send it to the dashboard's maintainers, who review it and publish it."
        )
        download_row(
            [
                Download(
                    "Change package (ZIP)",
                    lambda: package.change_package(proposal, controls.diff, data),
                    package.package_name(proposal, data),
                    controls.key("dl.package"),
                )
            ],
            columns=2,
        )

share_panel(
    page_path="contribute",
    title=TITLE,
    params=controls.canonical,
    description=f"Download, edit and check the roster of {controls.coalition}",
    sources=["coalitions_data/memberships.csv", "coalitions_data/coalition_facts.csv"],
    data=data,
    notes=["Uploaded files are never shared: each person uploads their own, in their own session."],
)
