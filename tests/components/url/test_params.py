"""The shared filter parameters: their keys, and allowed values read from the loaded data."""

from __future__ import annotations

from components.data.load import load_dataset
from components.url.params import filter_params


def test_filter_params_are_the_five_shared_keys_all_repeatable():
    params = filter_params(load_dataset())
    assert [p.key for p in params] == ["state", "focus", "coalition", "type", "network"]
    assert all(p.multi for p in params)


def test_allowed_values_come_from_the_data():
    data = load_dataset()
    by_key = {p.key: p for p in filter_params(data)}
    assert by_key["coalition"].accepts("ntxia") and not by_key["coalition"].accepts("nope")
    assert by_key["focus"].accepts(data.focus_areas["focus_id"].iloc[0])
    assert by_key["state"].accepts("TX") and not by_key["state"].accepts("XX")
    assert by_key["network"].accepts("us-ignite") and by_key["type"].accepts("city")
