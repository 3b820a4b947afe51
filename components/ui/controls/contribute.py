"""/contribute's controls: the coalition (in the link), the uploaded files, and this session's edited copy.

What one person uploads is theirs alone. The files are read in memory (components/views/contribute/
upload.py) and the edited copy is built in memory (apply.py); the result — the Proposal with its
Dataset, the diff and the member table of the edited data — is kept in this session's state under
`contribute.__proposal`, never in st.cache_* or any object another session can reach. The preview
reuses the shared per-dataset builders (map_shown, matrix_shown): their memo entries live on the
Dataset object they are given (`data.memo`), and the edited Dataset is a new object made for this
session, held only in its session state — another session cannot hold a reference to it, so it can
neither read nor write those entries. When the person removes the file, changes coalition or closes
the tab, the copy goes with the session.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import DeletedFile

from components.data.filters import Filters, group_names, members_table
from components.data.load import Dataset
from components.data.schema import problems_table
from components.data.text import md_text
from components.data.uploads import MAX_MB, MAX_ROWS
from components.ui import map_canvas, widgets
from components.ui.page_state import PageState
from components.ui.reconnect import lost_upload_name
from components.url.pages import PAGES_BY_PATH
from components.url.view_state import Param
from components.views.contribute.apply import Proposal, propose
from components.views.contribute.diff import DataDiff, dataset_diff, diff_table
from components.views.contribute.upload import MAX_FILES, read_files
from components.views.focus_areas.matrix import MatrixView
from components.views.map.shown import MapShown
from components.views.map.view import MapView

PAGE = PAGES_BY_PATH["contribute"]


def contribute_params(data: Dataset) -> list[Param]:
    """One parameter: the coalition whose roster is edited (the first one by default)."""
    ids = tuple(data.coalitions["coalition_id"])
    return [Param("coalition", "coalition", ids, multi=False, default=ids[:1])]


@dataclass(frozen=True)
class ContributeControls:
    """The coalition chosen, this session's proposal (None before an upload) and the canonical link."""

    state: PageState
    coalition_id: str
    coalition: str  # its short name
    canonical: dict[str, list[str]]
    proposal: Proposal | None
    diff: DataDiff | None  # the published data → the edited copy (when the proposal is ok)
    members: pd.DataFrame | None  # members_table of the edited copy (this session's)

    def key(self, name: str) -> str:
        return self.state.key(name)

    @property
    def map_view(self) -> MapView:
        return MapView(filters=Filters(coalitions=(self.coalition_id,)))

    @property
    def matrix_view(self) -> MatrixView:
        return MatrixView(filters=Filters(coalitions=(self.coalition_id,)))

    def upload_box(self) -> None:
        """The file uploader (its files were read by `page_controls`, before the page drew anything)."""
        st.file_uploader(
            "Upload your edited roster and facts (.csv or .xlsx)",
            accept_multiple_files=True,
            max_upload_size=MAX_MB,
            key=self.key("upload"),
            help=f"The workbook, or the roster and facts CSV files (UTF-8); at most {MAX_FILES} files, "
            f"{MAX_MB} MB and {MAX_ROWS:,} rows each.",
        )


def _proposal(
    state: PageState, data: Dataset, coalition_id: str
) -> tuple[Proposal, DataDiff | None, pd.DataFrame | None] | None:
    """The uploaded files applied to the published data, computed once per files and coalition."""
    # A DeletedFile is an upload this server no longer holds (restarted, or a replica moved): see
    # ui/reconnect.lost_upload_name; the page asks for it again.
    files = [f for f in state.get("upload") or [] if not isinstance(f, DeletedFile)]
    if not files:
        state.pop("__proposal")
        return None
    ident = (tuple(f.file_id for f in files), coalition_id)
    kept = state.get("__proposal")
    if kept and kept[0] == ident:
        return kept[1]
    proposal = propose(data, coalition_id, read_files([(f.name, f.getvalue()) for f in files]))
    result = (proposal, None, None)
    if proposal.ok:
        result = (proposal, dataset_diff(data, proposal.data), members_table(proposal.data))
    state.set("__proposal", (ident, result))
    return result


def page_controls(data: Dataset) -> ContributeControls:
    """Load the link, draw the coalition picker (top of the page), read the upload into this session, write the URL."""
    state = PageState(PAGE.keys, contribute_params(data), data)
    state.load()
    widgets.show_notices(state)
    lost = lost_upload_name(state.key("upload"))  # before anything reads (deserializes) the uploader
    if lost:
        st.warning(
            f"The file you uploaded ({md_text(lost)}) is no longer on the server (it restarted, or you were "
            "moved to another one). Nothing from it is shown: please upload it again.",
            icon=":material/upload_file:",
        )
    names = group_names(data)
    ids = list(data.coalitions["coalition_id"])
    st.selectbox(
        "Your coalition",
        ids,
        key=state.key("coalition"),
        format_func=lambda c: names.get(c, c),
        help="The roster you download and the change you upload are this coalition's. Saved in the link.",
    )
    coalition_id = state.first("coalition") or ids[0]
    canonical = state.write_url()
    result = _proposal(state, data, coalition_id)
    proposal, diff, members = result if result else (None, None, None)
    return ContributeControls(
        state, coalition_id, names.get(coalition_id, coalition_id), canonical, proposal, diff, members
    )


def report(proposal: Proposal) -> None:
    """The validation report: every problem (file, row, column, fix), or that every check passed."""
    for notice in proposal.upload.notices:
        st.info(md_text(notice), icon="ℹ️")
    if proposal.problems:
        n = len(proposal.problems)
        st.error(
            f"{n} problem{'s' if n != 1 else ''} found, so nothing was applied: fix {'them' if n != 1 else 'it'} "
            "in your file and upload it again. The published data is unchanged.",
            icon=":material/flag:",
        )
        st.dataframe(problems_table(proposal.problems), hide_index=True, width="stretch")
        return
    rows = sum(len(s.rows) for s in proposal.upload.sheets)
    st.success(
        md_text(
            f"No problems found in {proposal.upload.files} ({rows} rows): every row has a source, every "
            "reference resolves and every place was found."
        ),
        icon=":material/check_circle:",
    )
    if proposal.inherited:
        st.caption(f"{proposal.inherited} problems of the published data itself are not yours to fix.")


def changes(diff: DataDiff) -> None:
    """The plain diff against the published data: the sentence, then one row per change."""
    st.markdown(f"**Changes against the published data: {md_text(diff.summary)}.**")
    if not diff.empty:
        st.dataframe(diff_table(diff), hide_index=True, width="stretch")


def preview_map(shown: MapShown, controls: ContributeControls) -> None:
    """The map of the edited copy (the map page's canvas and deck, for this session's data)."""
    map_canvas.map_canvas(
        deck_json=shown.deck.to_json(),
        bounds=shown.sel.bounds,
        basemap="",
        alt=shown.alt_text,
        key=controls.key("deck"),
    )
