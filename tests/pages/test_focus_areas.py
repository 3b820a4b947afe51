"""/focus-areas in AppTest: URL in, view out; bad parameters get a notice, never an exception."""

from __future__ import annotations

import json

import pytest

from components.data.filters import Filters, members_table
from components.data.load import load_dataset
from components.views.focus_areas import chart
from components.views.focus_areas import matrix as mx
from tests.pages.downloads import as_bytes, capture_downloads, eager_downloads
from tests.pages.helpers import all_text, html_tables, run_page

PAGE = "pages/focus-areas.py"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def unescape(text: str) -> str:
    return text.replace("\\", "")


def twin(at):
    """The table twin (focus areas as rows, a plain HTML table), found by its first header."""
    for frame in html_tables(at):
        if len(frame.columns) and frame.columns[0] == "Focus area":
            return frame
    raise AssertionError("no table twin on the page")


def test_default_view_shows_every_coalition_and_the_five_nscp_areas(data):
    at = run_page(PAGE)
    assert not at.exception
    table = twin(at)
    for short in data.coalitions["short_name"]:
        assert short in table.columns
    shared = data.focus_areas.loc[data.focus_areas["nscp_shared"], "label"]
    marked = [f for f in table["Focus area"] if f.endswith("★")]
    assert marked == [f"{label} ★" for label in shared]
    assert at.query_params["sort"] == "name"


def test_default_takeaway_is_computed_and_names_cybersecurity():
    text = unescape(all_text(at := run_page(PAGE)))
    assert not at.exception
    assert "none of the 7 coalitions shows evidence for cybersecurity" in text


def test_url_filters_focus_state_and_sort_round_trip():
    at = run_page(PAGE, {"focus": "cybersecurity", "state": "TX", "sort": "count"})
    assert not at.exception
    text = unescape(all_text(at))
    assert (
        "state: TX" in text and "focus: cybersecurity" in text and "sorted by number of focus areas" in text
    )
    table = twin(at)
    assert list(table["Focus area"]) == ["Cybersecurity ★", "Focus areas with evidence"]
    assert at.multiselect(key="focus_areas.state").value == ["TX"]
    assert at.selectbox(key="focus_areas.sort").value == "count"
    assert at.query_params["focus"] == "cybersecurity"


def test_state_filter_keeps_coalitions_with_a_hub_or_member_there(data):
    table = twin(run_page(PAGE, {"state": "AZ"}))
    columns = set(table.columns) - {"Focus area", "Coalitions with evidence"}
    assert columns == {"The Connective", "Southern Arizona Smart Region"}


def test_sort_by_a_focus_area_puts_stated_evidence_first(data):
    table = twin(run_page(PAGE, {"sort": "focus:workforce"}))
    coalitions = [c for c in table.columns if c not in ("Focus area", "Coalitions with evidence")]
    ev = data.focus_evidence
    names = dict(zip(data.coalitions["coalition_id"], data.coalitions["short_name"], strict=True))
    stated = {
        names[g] for g in ev.loc[(ev["focus_id"] == "workforce") & (ev["evidence"] == "stated"), "group_id"]
    }
    assert set(coalitions[: len(stated)]) == stated


def test_rows_all_adds_the_networks_with_their_own_statements():
    table = twin(run_page(PAGE, {"rows": "all"}))
    assert "National Smart Coalitions Partnership (network)" in table.columns
    cyber = table[table["Focus area"] == "Cybersecurity ★"].iloc[0]
    assert cyber["National Smart Coalitions Partnership (network)"] == "● stated"
    assert cyber["Coalitions with evidence"] == "0"  # networks stay out of the totals


def test_cell_in_the_url_lists_its_evidence_with_sources(data):
    at = run_page(PAGE, {"cell": "snf:transportation"})
    assert not at.exception
    assert at.selectbox(key="focus_areas.cell").value == "snf:transportation"
    ev = data.focus_evidence
    n = int(((ev["group_id"] == "snf") & (ev["focus_id"] == "transportation")).sum())
    evidence_tables = [t.value for t in at.table if "In their own words" in [str(c) for c in t.value.columns]]
    first = evidence_tables[0]
    assert len(first) == n
    assert all("](<https://" in str(v) for v in first["Source"])


def test_a_first_visit_draws_plain_html_tables_and_the_evidence_list_when_opened():
    """No st.table on a first visit (its code is ~0.8 MB the browser would fetch, issue 15); the list of
    all evidence is drawn once its expander is opened."""
    at = run_page(PAGE)
    assert not at.exception and not at.table
    assert twin(at).attrs["caption"].startswith("Coalition by focus-area matrix: ")
    (expander,) = [e for e in at.expander if e.label.startswith("All ")]
    at.session_state["focus_areas.evidence_list"] = True
    at.run()
    (listed,) = [t.value for t in at.table if "In their own words" in [str(c) for c in t.value.columns]]
    assert expander.label == f"All {len(listed)} pieces of evidence in this view, with sources"
    assert len(listed) > 0 and all("](<http" in str(v) for v in listed["Source"])


def test_cell_without_evidence_says_none_found_not_no():
    at = run_page(PAGE, {"cell": "iscra:transportation"})
    text = unescape(all_text(at))
    assert "none found in the sources read" in text and "not proof of no work" in text


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"sort": "bogus"}, "sort order"),
        ({"sort": "focus:nope"}, "sort order"),
        ({"state": "XX"}, "state"),
        ({"focus": "<script>alert(1)</script>"}, "focus area"),
        ({"cell": "ntxia:nope"}, "cell"),
        ({"rows": "everything"}, "rows"),
        ({"coalition": "[x](javascript:alert(1))"}, "coalition"),
        ({"zzz": "1"}, "zzz"),
    ],
)
def test_invalid_parameters_get_a_notice_and_a_fallback(params, named):
    at = run_page(PAGE, params)
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert named in warning
    assert at.selectbox(key="focus_areas.sort").value == "name"  # the default, whatever was dropped
    assert twin(at) is not None


def test_a_state_with_no_coalition_shows_the_empty_state_and_clears():
    at = run_page(PAGE, {"state": "WY"})
    assert not at.exception
    assert any("No coalition matches" in i.value for i in at.info)
    at.button(key="focus_areas.clear").click().run()
    assert at.multiselect(key="focus_areas.state").value == []
    assert twin(at) is not None


def test_changing_a_widget_updates_the_url():
    at = run_page(PAGE)
    at.selectbox(key="focus_areas.sort").set_value("count").run()
    at.radio(key="focus_areas.rows").set_value("all").run()
    assert at.query_params["sort"] == "count"
    assert at.query_params["rows"] == "all"


def test_chart_is_drawn_with_a_description(data):
    at = run_page(PAGE)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    n_coalitions, n_focus = len(data.coalitions), len(data.focus_areas)
    assert f'"description": "Matrix of {n_coalitions} coalitions by {n_focus} focus areas.' in spec


def test_every_download_is_built_only_on_click(monkeypatch):
    files = capture_downloads(monkeypatch)
    at = run_page(PAGE, {"focus": "transportation"})
    assert not at.exception
    assert eager_downloads(at) == []
    as_of = load_dataset().as_of
    expected = {f"focus_matrix_{as_of}.{ext}" for ext in ("csv", "svg", "png")}
    expected.add(f"focus_evidence_{as_of}.csv")
    assert expected <= set(files)


def test_the_deferred_downloads_are_the_views_files(monkeypatch, data):
    files = capture_downloads(monkeypatch)
    at = run_page(PAGE, {"focus": "transportation", "sort": "count"})
    assert not at.exception
    members = members_table(data)
    view = mx.MatrixView(filters=Filters(focus=("transportation",)), sort="count")
    m = mx.build_matrix(data, members, view)
    matrix_csv = as_bytes(files[f"focus_matrix_{data.as_of}.csv"]()).decode("utf-8-sig")
    link = next(line for line in matrix_csv.splitlines() if line.startswith("# Link: "))[len("# Link: ") :]
    assert link.startswith("/focus-areas?") and "focus=transportation" in link and "sort=count" in link
    assert matrix_csv.encode("utf-8-sig") == mx.matrix_csv(data, members, view, link)
    evidence_csv = as_bytes(files[f"focus_evidence_{data.as_of}.csv"]())
    assert evidence_csv == mx.evidence_csv(data, members, view, link)
    assert len(m.evidence) and m.evidence["focus_id"].eq("transportation").all()
    svg = as_bytes(files[f"focus_matrix_{data.as_of}.svg"]()).decode("utf-8")
    assert svg.startswith("<svg") and "Which coalitions work on which focus areas" in svg
    assert as_bytes(files[f"focus_matrix_{data.as_of}.png"]()).startswith(b"\x89PNG")


def test_chart_is_the_cached_spec_with_its_cell_selection(data):
    at = run_page(PAGE)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    title = "Which coalitions work on which focus areas"
    shown = mx.matrix_shown(data, members_table(data), mx.MatrixView(), title)
    assert spec["description"] == shown.description
    assert [p["name"] for p in spec["params"]] == [chart.SELECTION]
    drawn = [(layer["mark"], layer["encoding"]) for layer in spec["layer"]]
    assert drawn == [(layer["mark"], layer["encoding"]) for layer in shown.spec["layer"]]
