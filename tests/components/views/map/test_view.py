"""The page's option lists come from the data (filter choices and extent labels)."""

from __future__ import annotations

from components.views.map.extents import extent_label, extent_labels, extent_options
from components.views.map.view import filter_choices


def test_page_option_lists_come_from_the_data(data, members):
    choices = filter_choices(data, members)
    assert choices.states == tuple(sorted(s for s in set(members["state"]) if s))
    assert set(choices.types) == set(members["entity_type"])
    labels = extent_labels(data)
    assert list(labels) == list(extent_options(data))
    assert all(labels[v] == extent_label(v, data) for v in labels)
    assert labels["coalition:ntxia"] == "NTXIA (coalition area)" and labels["TX"] == "Texas"


def test_the_camera_comes_from_the_link_and_never_changes_what_is_drawn(data, members):
    from components.data.filters import Filters
    from components.views.map.shown import map_shown
    from components.views.map.view import MapView

    moved = MapView.from_values({"coalition": ("ntxia",), "view": ("-98.2355,32.2630,-96.2592,33.7610",)})
    assert moved.camera == (-98.2355, 32.263, -96.2592, 33.761)
    assert MapView.from_values({"coalition": ("ntxia",), "view": ("not,a,box,here",)}).camera is None
    still = MapView(Filters(coalitions=("ntxia",)))
    assert moved.marks == still and moved != still
    # Panning reuses the view's marks: the very same deck text, computed once.
    assert map_shown(data, members, moved) is map_shown(data, members, still)
