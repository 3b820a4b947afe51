"""After a restart: the name of an upload the browser still lists but this server no longer holds."""

from __future__ import annotations

import pytest

from components.ui import reconnect


class _FakeFiles:
    def __init__(self, held: set[str]) -> None:
        self.held = held

    def get_files(self, session_id, file_ids):
        from types import SimpleNamespace

        return [SimpleNamespace(file_id=f) for f in file_ids if f in self.held]


def _browser_state(key: str, files: list[tuple[str, str]]):
    """The uploader's state as a browser sends it after reconnecting: file ids and names, serialized."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.runtime.state.session_state import Serialized

    proto = WidgetState(id=f"$$ID-0123abcd-{key}")
    for file_id, name in files:
        info = proto.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name = file_id, name
    return proto.id, Serialized(proto)


@pytest.mark.parametrize(
    ("key", "files", "held", "expected"),
    [
        ("survey.upload", [("f1", "mine <b>.csv")], set(), "mine <b>.csv"),  # restarted: the file is gone
        ("survey.upload", [("f1", "mine.csv")], {"f1"}, ""),  # the file is here
        ("survey.upload", [], set(), ""),  # nothing uploaded
        ("other.upload", [("f1", "theirs.csv")], set(), ""),  # another page's uploader is not ours
        ("survey.upload", [("f1", "C:\\Users\\me\\mine.csv")], set(), "mine.csv"),  # a name, never a path
    ],
)
def test_lost_upload_name_reads_what_the_browser_still_lists(monkeypatch, key, files, held, expected):
    from types import SimpleNamespace

    from streamlit.runtime.state.session_state import WStates

    widgets = WStates()
    wid, state = _browser_state(key, files)
    widgets.states[wid] = state
    ctx = SimpleNamespace(
        session_state=SimpleNamespace(_state=SimpleNamespace(_new_widget_state=widgets)),
        uploaded_file_mgr=_FakeFiles(held),
        session_id="s",
    )
    import streamlit.runtime.scriptrunner as scriptrunner

    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: ctx)
    assert reconnect.lost_upload_name("survey.upload") == expected
