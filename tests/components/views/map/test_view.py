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
