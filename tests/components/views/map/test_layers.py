"""Layer ids and toggles: which layers a person can hide, and which points the shown layers draw."""

from __future__ import annotations

from components.views.map.layers import FIXED_TOGGLES, MEMBERS, layer_toggles, visible_points
from components.views.map.marks import located_points


def test_toggles_are_the_fixed_layers_then_each_network_with_members_of_its_own(data):
    toggles = layer_toggles(data)
    assert list(toggles)[: len(FIXED_TOGGLES)] == list(FIXED_TOGGLES)
    assert list(toggles)[len(FIXED_TOGGLES) :] == ["us-ignite", "project-overcome"]
    assert toggles["us-ignite"] == "US Ignite community network"
    assert "nscp" not in toggles  # a partnership of coalitions has no members of its own


def test_visible_points_leave_out_hidden_coalition_members_and_hidden_networks(data, members):
    points = located_points(members, members, data)
    assert len(visible_points(points, ())) == len(points)
    no_members = visible_points(points, (MEMBERS,))
    assert set(no_members["group_kind"]) == {"network"}
    no_ignite = visible_points(points, ("us-ignite",))
    assert "us-ignite" not in set(no_ignite["group_id"])
    assert len(no_ignite) == len(points) - (points["group_id"] == "us-ignite").sum()
