"""One view's selection: filtered rows, located points, what is drawn one by one."""

from __future__ import annotations

from components.views.map.counts import MAX_POINTS
from components.views.map.layers import visible_points
from components.views.map.table import table_frame
from tests.components.views.map.helpers import select


def test_state_and_type_filters_combine(data, members):
    sel = select(data, members, states=("AZ",), types=("city",))
    assert set(sel.rows["state"]) == {"AZ"} and set(sel.rows["entity_type"]) == {"city"}
    shapes = set(sel.points["shape"])
    assert shapes == {"circle"}


def test_focus_filter_keeps_groups_with_evidence(data, members):
    sel = select(data, members, focus=("transportation",))
    ev = data.focus_evidence
    with_focus = set(ev.loc[ev["focus_id"] == "transportation", "group_id"])
    assert set(sel.rows["group_id"]) <= with_focus
    assert "us-ignite" not in set(sel.rows["group_id"])


def test_members_without_a_location_are_listed_not_drawn(data, members):
    sel = select(data, members, networks=("us-ignite",))
    table = table_frame(sel)
    adelaide = table[table["Name"].str.contains("Adelaide")]
    assert len(adelaide) == 1
    assert adelaide.iloc[0]["On the map"].startswith("not on the map")
    assert "adelaide-au" not in set(sel.points["entity_id"])
    assert "not on the map" in sel.description


def test_shipped_views_draw_every_member_one_by_one(data, members):
    for kwargs in ({}, {"states": ("TX",)}, {"networks": ("us-ignite",)}):
        sel = select(data, members, **kwargs)
        assert not sel.aggregated and sel.aggregates.empty and sel.link_level == ""
        assert len(sel.drawn_points) == len(visible_points(sel.points, ()))
    assert len(visible_points(select(data, members).points, ())) <= MAX_POINTS
