"""The details panel of a coalition or network, and of a member clicked on the map."""

from __future__ import annotations

from components.views.map.details import group_details, member_lines


def test_coalition_details(data, members):
    d = group_details(data, members, "ntxia")
    assert d.title == "North Texas Innovation Alliance" and d.kind == "coalition"
    assert any(line.startswith("Roster: 24 of 40+ members listed") for line in d.lines)
    assert "Plano" in set(d.members["Name"])
    assert len(d.members) == len(members[members["group_id"] == "ntxia"])
    ev = data.focus_evidence
    assert len(d.focus) == len(ev[ev["group_id"] == "ntxia"])
    assert "National Smart Coalitions Partnership" in set(d.links["Partnership"])
    assert d.sources["Link"].str.startswith("http").all()
    assert "Richardson" in set(d.shared["Member"])  # also a US Ignite community


def test_network_details(data, members):
    ignite = group_details(data, members, "us-ignite")
    assert ignite.kind == "national network"
    assert "Adelaide" in " ".join(ignite.members["Name"])
    nscp = group_details(data, members, "nscp")
    # 14 = 7 coalitions × 2 sources: issue 13 added the Oct 4, 2021 release (urbansdk-nscp) for each
    # of the seven NSCP members beside the undated announcement (data change, not code).
    assert len(nscp.links) == 14 and nscp.members.empty
    assert list(nscp.links["Date"]).count("stated 2021-10-04") == 7
    assert all(d.startswith(("stated ", "undated source, checked ")) for d in nscp.links["Date"])
    assert group_details(data, members, "nope") is None


def test_member_lines(data, members):
    lines = member_lines(data, members, "plano-tx", "ntxia")
    assert lines[0] == "Plano (city, TX)"
    assert lines[1] == "Founding member of NTXIA, joined 2020-05-26."
    assert lines[2] == "On the map: at its city."
    assert member_lines(data, members, "plano-tx", "connective") == ()
    richardson = member_lines(data, members, "richardson-tx", "ntxia")
    assert any(line.startswith("Also listed in: US Ignite") for line in richardson)
