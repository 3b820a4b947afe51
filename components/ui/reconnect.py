"""After a restart or a replica's death: redraw the page, and say plainly when an upload was lost.

An upload lives in the memory of the server process that received it; a view lives in the URL. When
the process restarts, or (under `make serve`) a replica dies and the browser reconnects to another
one, the view comes back from the URL, but an uploaded file does not.
"""

from __future__ import annotations

import streamlit as st

from components.data.uploads import display_name


def lost_upload_name(key: str) -> str:
    """The name of a file the browser still lists in uploader `key` but this server does not hold, else ''.

    An upload lives in the memory of the server process that received it. When that process
    restarts, or a replica dies and the browser reconnects to another one, the browser shows the file
    in its uploader and sends its id with every rerun, but the new server has no such file. Streamlit
    then reports no file at all (on the first run) or a `DeletedFile`; this reads the browser's own
    widget state (Streamlit's internal `_new_widget_state`) so the page can say "upload it again".
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return ""
    try:
        widgets = ctx.session_state._state._new_widget_state  # noqa: SLF001 - no public API for this
        # A keyed widget's id ends with "-<key>" (streamlit.elements.lib.utils.compute_element_id).
        protos = [widgets.get_serialized(wid) for wid in list(widgets.states) if wid.endswith(f"-{key}")]
    except AttributeError:  # another Streamlit version: nothing to say rather than a wrong claim
        return ""
    for proto in protos:
        if proto is None or proto.WhichOneof("value") != "file_uploader_state_value":
            continue
        infos = list(proto.file_uploader_state_value.uploaded_file_info)
        held = {
            f.file_id for f in ctx.uploaded_file_mgr.get_files(ctx.session_id, [i.file_id for i in infos])
        }
        missing = [i.name for i in infos if i.file_id not in held]
        if missing:
            return display_name(missing[0])
    return ""


REDRAW_TIMER_SECONDS = 600


@st.fragment(run_every=REDRAW_TIMER_SECONDS)
def redraw_after_reconnect() -> None:
    """Draws nothing; its timer makes the browser redraw the page after it reconnects to a server.

    Streamlit's browser client, on reconnecting, asks for a script run only when a run was under
    way or the page has a timed fragment (frontend `handleConnectionStateChanged`). Without one, a
    restarted server (or, under `make serve`, a replica that died) leaves the old page on screen with
    no session behind it: figures from an upload the new process does not have, widgets that do
    nothing until touched. With it, the new session reruns the page from the browser's URL and
    widgets, so the view comes back and a lost upload says so. Every 10 minutes it reruns this empty
    function only (microseconds).
    """
