"""The filter parameters every page shares, their allowed values read from the loaded data."""

from __future__ import annotations

from components.data.load import USPS_CODES, Dataset
from components.data.schema import ENTITY_TYPES
from components.url.view_state import Param


def filter_params(data: Dataset) -> list[Param]:
    """The shared filter parameters, their values checked against the loaded data."""
    return [
        Param("state", "state", tuple(sorted(USPS_CODES))),
        Param("focus", "focus area", lambda: data.focus_areas["focus_id"]),
        Param("coalition", "coalition", lambda: data.coalitions["coalition_id"]),
        Param("type", "member type", ENTITY_TYPES),
        Param("network", "network", lambda: data.networks["network_id"]),
    ]
