"""/compare in AppTest: URL in, view out; bad parameters get a notice, never an exception."""

from __future__ import annotations

import pytest

from components.data.filters import members_table
from components.data.load import load_dataset
from components.views.compare import comparison as cp
from components.views.compare import members as mb
from components.views.compare import peers as pr
from tests.pages.downloads import as_bytes, capture_downloads, eager_downloads
from tests.pages.helpers import all_text, run_page

PAGE = "pages/compare.py"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def unescape(text: str) -> str:
    return text.replace("\\", "")


def side_by_side(at):
    for table in at.table:
        if unescape(str(table.value.columns[0])) == "Aspect":
            return table.value.rename(columns=lambda c: unescape(str(c)))
    raise AssertionError("no side-by-side table")


def shared_focus_labels(data, ids):
    ev = data.focus_evidence
    common = set.intersection(*(set(ev.loc[ev["group_id"] == c, "focus_id"]) for c in ids))
    fa = data.focus_areas
    return [label.lower() for fid, label in zip(fa["focus_id"], fa["label"], strict=True) if fid in common]


def test_two_coalitions_from_the_url_side_by_side_with_shared_focus_areas(data):
    at = run_page(PAGE, {"coalition": ["ntxia", "connective"]})
    assert not at.exception
    table = side_by_side(at)
    assert list(table.columns) == ["Aspect", "NTXIA", "The Connective"]
    text = unescape(all_text(at))
    shared = shared_focus_labels(data, ["ntxia", "connective"])
    assert len(shared) >= 2
    assert "Both pursue " + ", ".join(shared[:-1]) + " and " + shared[-1] + "." in text
    assert at.multiselect(key="compare.coalition").value == ["ntxia", "connective"]
    assert at.query_params["coalition"] == ["ntxia", "connective"]


def test_every_sourced_value_links_its_source(data):
    table = side_by_side(run_page(PAGE, {"coalition": ["ntxia", "connective"]}))
    founded = table[table["Aspect"] == "Founded"].iloc[0]
    facts = data.coalition_facts
    n = int(((facts["coalition_id"] == "ntxia") & (facts["fact"] == "founded")).sum())
    assert founded["NTXIA"].count("](<http") == n  # every disagreeing source is kept


def test_four_coalitions_and_the_overlap_tables():
    at = run_page(PAGE, {"coalition": ["csca", "ntxia", "kcdd", "snf"]})
    assert not at.exception
    assert list(side_by_side(at).columns)[1:] == ["CSCA", "NTXIA", "KCDD", "SNF"]
    assert any("Pursued by" in [str(c) for c in t.value.columns] for t in at.table)


@pytest.mark.parametrize(
    ("params", "shown", "notice"),
    [
        ({}, 2, None),
        ({"coalition": "ntxia"}, 2, "at least 2"),
        ({"coalition": ["csca", "ntxia", "connective", "iscra", "kcdd"]}, 4, "at most 4"),
        ({"coalition": ["nope", "ntxia", "connective"]}, 2, "Ignored coalition"),
    ],
)
def test_two_to_four_with_a_notice_otherwise(params, shown, notice):
    at = run_page(PAGE, params)
    assert not at.exception
    assert len(side_by_side(at).columns) == 1 + shown
    warnings = unescape(" ".join(w.value for w in at.warning))
    if notice:
        assert notice in warnings
    else:
        assert not warnings


def test_peer_finder_from_the_url_for_a_city_that_is_not_a_member(data):
    assert not (data.entities["place"] == "Tulsa").any()
    at = run_page(PAGE, {"place": "tulsa, ok", "focus": "transportation"})
    assert not at.exception
    text = unescape(all_text(at))
    assert "The nearest coalition with evidence for transportation is" in text
    assert "miles from Tulsa, OK" in text
    assert at.query_params["place"] == "Tulsa, OK"  # canonical spelling written back
    headers = [[str(c) for c in t.value.columns] for t in at.table]
    assert ["Coalition or network", "Hub", "Miles", "Evidence", "In their own words", "Sources"] in headers


def test_peer_finder_typed_place_and_suggestions():
    at = run_page(PAGE)
    at.text_input(key="compare.place").set_value("Bois, ID").run()
    at.selectbox(key="compare.focus").set_value("connectivity").run()
    assert any("Bois" in w.value and "not found" in w.value for w in at.warning)
    at.button(key="compare.suggest.0").click().run()
    assert at.text_input(key="compare.place").value == "Boise, ID"
    assert "miles from Boise, ID" in unescape(all_text(at))
    assert at.query_params["place"] == "Boise, ID"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"place": "Nowhere, ZZ"}, "place"),
        ({"place": "<script>alert(1)</script>, OK"}, "place"),
        ({"focus": "bogus"}, "focus area"),
        ({"focus": ["transportation", "water"]}, "focus"),
        ({"zzz": "1"}, "zzz"),
    ],
)
def test_invalid_parameters_get_a_notice(params, named):
    at = run_page(PAGE, params)
    assert not at.exception
    assert named in " ".join(w.value for w in at.warning)
    assert side_by_side(at) is not None


def test_no_place_yet_asks_for_one():
    at = run_page(PAGE)
    assert any("Type a place and pick a focus area" in i.value for i in at.info)


def test_presenter_mode_is_read_only_and_keeps_the_view():
    at = run_page(
        PAGE,
        {
            "coalition": ["ntxia", "connective"],
            "place": "Tulsa, OK",
            "focus": "transportation",
            "mode": "present",
        },
    )
    assert not at.exception
    keys = {w.key for w in (*at.multiselect, *at.text_input, *at.selectbox)}
    assert not {"compare.coalition", "compare.place", "compare.focus"} & keys
    assert list(side_by_side(at).columns) == ["Aspect", "NTXIA", "The Connective"]
    assert "miles from Tulsa, OK" in unescape(all_text(at))


def test_every_download_is_built_only_on_click_and_is_the_views_file(monkeypatch, data):
    files = capture_downloads(monkeypatch)
    at = run_page(
        PAGE, {"coalition": ["ntxia", "connective"], "place": "Tulsa, OK", "focus": "transportation"}
    )
    assert not at.exception
    assert eager_downloads(at) == []
    members = members_table(data)
    ids = ("ntxia", "connective")
    comparison = as_bytes(files[f"coalition_comparison_{data.as_of}.csv"]())
    link = comparison.decode("utf-8-sig").splitlines()[3].removeprefix("# View: ")
    assert link.startswith("/compare?") and "coalition=ntxia" in link and "place=Tulsa" in link
    assert comparison == cp.comparison_csv(data, members, ids, link)
    members_csv = as_bytes(files[f"coalition_members_{data.as_of}.csv"]())
    assert members_csv == cp.member_list_csv(data, members, ids, link)
    tulsa = pr.parse_place("Tulsa, OK")
    peers = as_bytes(files[f"peer_finder_{data.as_of}.csv"]())
    assert peers == pr.peers_csv(data, members, ids, tulsa, "transportation", link)


def test_a_long_member_list_is_bounded_on_screen_and_complete_in_the_csv(monkeypatch, data):
    monkeypatch.setattr(cp, "MEMBER_LIST_LIMIT", 5)
    at = run_page(PAGE, {"coalition": ["ntxia", "connective"]})
    assert not at.exception
    assert not any("Counted as" in [str(c) for c in t.value.columns] for t in at.table)  # closed: not drawn
    at.session_state["compare.member_list"] = True
    at.run()
    members = members_table(data)
    listed = len(
        mb.member_list(data, members, ("ntxia", "connective"))
    )  # member_list now takes the dataset (dates)
    (expander,) = [e for e in at.expander if e.label.startswith("The member list")]
    assert expander.label == (
        f"The member list: all {listed} listed members and partners, with sources "
        "(the first 5 of each coalition here; all in the CSV below)"
    )
    member_table = next(t.value for t in at.table if "Counted as" in [str(c) for c in t.value.columns])
    assert len(member_table) == 10
