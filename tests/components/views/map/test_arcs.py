"""Arcs: hub → member links and partnerships between coalitions."""

from __future__ import annotations

import itertools

from tests.components.views.map.helpers import select


def test_hub_links_join_a_coalition_hub_to_its_located_members(data, members):
    sel = select(data, members, coalitions=("ntxia",))
    hub = data.coalitions.set_index("coalition_id").loc["ntxia"]
    rows = members[(members["group_id"] == "ntxia") & members["lon"].notna()]
    expected = {
        r.entity_id
        for r in rows.itertuples()
        if r.located_by != "coalition-hub" and (abs(r.lon - hub.lon) >= 0.01 or abs(r.lat - hub.lat) >= 0.01)
    }
    assert {a["entity_id"] for a in sel.hub_links} == expected
    for a in sel.hub_links:
        assert a["source"] == [round(hub.lon, 4), round(hub.lat, 4)]


def test_partnership_arcs_join_every_pair_of_member_coalitions(data, members):
    sel = select(data, members, networks=("nscp",))
    nc = data.network_coalitions
    nscp = set(nc.loc[nc["network_id"] == "nscp", "coalition_id"])
    pairs = {frozenset((a["a"], a["b"])) for a in sel.partnerships}
    assert pairs == {frozenset(p) for p in itertools.combinations(sorted(nscp), 2)}
    assert {a["network_id"] for a in sel.partnerships} == {"nscp"}


def test_region_of_regions_has_its_own_arcs(data, members):
    sel = select(data, members, networks=("region-of-regions",))
    nc = data.network_coalitions
    ror = set(nc.loc[nc["network_id"] == "region-of-regions", "coalition_id"])
    assert {frozenset((a["a"], a["b"])) for a in sel.partnerships} == {
        frozenset(p) for p in itertools.combinations(sorted(ror), 2)
    }


def test_no_partnership_arc_leaves_the_selection(data, members):
    sel = select(data, members, coalitions=("ntxia", "connective"))
    ends = {a["a"] for a in sel.partnerships} | {a["b"] for a in sel.partnerships}
    assert ends == {"ntxia", "connective"}
    kinds = {a["network_id"] for a in sel.partnerships}
    assert kinds == {"nscp", "region-of-regions"}


def test_networks_have_no_invented_hub(data, members):
    sel = select(data, members, networks=("us-ignite", "project-overcome"))
    assert sel.hubs.empty and not sel.hub_links and not sel.partnerships
