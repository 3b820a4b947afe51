"""/contribute in AppTest: templates, an upload checked and previewed in its own session, the change package.

The uploaded roster is a SYNTHETIC edit of the shipped NTXIA template (tests/components/views/contribute/edits.py).
"""

from __future__ import annotations

import io
import zipfile

from components.data.load import data_dir_from_env
from components.data.memo import _Same
from components.ui import loader
from components.views.contribute.template import ROSTER, template_csv
from components.views.map.shown import MapShown
from tests.components.views.contribute.edits import COALITION, EXPECTED_SUMMARY, NEW_ENTITY, sample_edit
from tests.pages.downloads import as_bytes, capture_downloads, eager_downloads
from tests.pages.helpers import all_text, map_canvases, run_page

PAGE = "pages/contribute.py"


def _objects(key):
    """Every object a memo key holds by identity (DataFrames), however deeply nested."""
    if isinstance(key, _Same):
        yield key.obj
    elif isinstance(key, tuple):
        for part in key:
            yield from _objects(part)


def _shared_data():
    return loader._load(str(data_dir_from_env()))


def _upload(at, files):
    at.file_uploader(key="contribute.upload").set_value([(n, c, "text/csv") for n, c in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _sample() -> bytes:
    return sample_edit(template_csv(_shared_data(), ROSTER, COALITION))[0]


def test_templates_are_offered_and_built_on_click(monkeypatch):
    seen = capture_downloads(monkeypatch)
    at = run_page(PAGE, {"coalition": COALITION})
    assert not at.exception
    assert at.title[0].value == "Update your roster"
    assert eager_downloads(at) == []
    assert as_bytes(seen["ntxia_roster.csv"]()) == template_csv(_shared_data(), ROSTER, COALITION)
    book = zipfile.ZipFile(io.BytesIO(as_bytes(seen["ntxia_roster_and_facts.xlsx"]())))
    assert "xl/workbook.xml" in book.namelist()
    assert "No file uploaded yet" in all_text(at)
    assert not map_canvases(at)


def test_an_upload_shows_the_report_the_diff_the_preview_and_the_package(monkeypatch):
    seen = capture_downloads(monkeypatch)
    at = _upload(run_page(PAGE, {"coalition": COALITION}), [("ntxia_roster.csv", _sample())])
    text = all_text(at).replace("\\", "")
    assert "No problems found in ntxia_roster.csv" in text
    assert f"Changes against the published data: {EXPECTED_SUMMARY}." in text
    assert len(map_canvases(at)) == 1  # the preview map
    assert len(at.get("vega_lite_chart")) == 1  # the preview matrix
    data = _shared_data()
    published = len(data.memberships[data.memberships["group_id"] == COALITION]["entity_id"].unique())
    description = next(
        m.value
        for m in at.markdown
        if m.value.startswith("**") and "member" in m.value and "Changes" not in m.value
    )
    assert str(published + 1) in description  # one more member than published
    package = zipfile.ZipFile(io.BytesIO(as_bytes(seen[f"ntxia_changes_{data.as_of}.zip"]())))
    changes = package.read("CHANGES.md").decode("utf-8")
    assert EXPECTED_SUMMARY in changes and "Synthetic Member" in changes


def test_a_bad_upload_says_why_and_shows_no_preview():
    at = _upload(run_page(PAGE, {"coalition": COALITION}), [("roster.xls", b"old")])
    assert "nothing was applied" in at.error[0].value
    assert at.dataframe[0].value.iloc[0]["file"] == "roster.xls"
    assert not map_canvases(at)
    assert "Change package" not in [b.proto.label for b in at.get("download_button")]


def test_one_sessions_upload_is_not_seen_by_another():
    data = _shared_data()
    first = _upload(run_page(PAGE, {"coalition": COALITION}), [("ntxia_roster.csv", _sample())])
    proposal = first.session_state["contribute.__proposal"][1][0]
    assert proposal.ok and proposal.data is not data
    second = run_page(PAGE, {"coalition": COALITION})
    assert not second.exception
    assert "contribute.__proposal" not in second.session_state
    assert "No file uploaded yet" in all_text(second)
    assert "Synthetic Member" not in all_text(second)
    assert not map_canvases(second)
    # The shared dataset and its shared memo hold nothing of the upload.
    assert NEW_ENTITY not in set(data.entities["entity_id"])
    assert NEW_ENTITY not in set(loader._members(str(data_dir_from_env()))["entity_id"])
    session_members = first.session_state["contribute.__proposal"][1][2]
    shared_keys = [obj for key, _ in data.memo.items() for obj in _objects(key)]
    assert all(obj is not session_members and obj is not proposal.data for obj in shared_keys)
    assert all(
        "Synthetic Member" not in value.table.to_string()
        for _, value in data.memo.items()
        if isinstance(value, MapShown)
    )
    assert len(proposal.data.memo) > 0  # the preview's builders were memoized on the session's own copy
