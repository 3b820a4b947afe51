"""What the URL says about the map (MapView), and the filter options the data offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from components.data.filters import Filters
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.data.schema import ENTITY_TYPES
from components.geo.projection import Bounds, parse_camera


@dataclass(frozen=True)
class MapView:
    """What the URL says about the map: filters, named extent, camera, basemap and hidden layers."""

    filters: Filters = Filters()
    extent: str = ""  # "" fits the selection; "us", "TX", "coalition:ntxia", "network:us-ignite"
    basemap: str = ""  # "" = outlines only; "carto" = Carto light tiles (needs internet)
    hidden: tuple[str, ...] = ()
    # The area the person panned or zoomed to (`view=`); None = the extent's (or the selection's) frame.
    # It only moves the camera: the marks, legend and table of a view do not depend on it.
    camera: Bounds | None = None

    @property
    def marks(self) -> MapView:
        """This view without its camera: what the marks, legend and table are computed (and shared) for."""
        return replace(self, camera=None)

    @classmethod
    def from_values(cls, values: Mapping[str, Sequence[str]]) -> MapView:
        def one(key: str) -> str:
            return (tuple(values.get(key, ())) or ("",))[0]

        return cls(
            filters=Filters.from_values(dict(values)),
            extent=one("extent"),
            basemap=one("basemap"),
            hidden=tuple(values.get("hide", ())),
            camera=parse_camera(one("view")),
        )


@dataclass(frozen=True)
class FilterChoices:
    """The options of the page's filters that depend on the data."""

    states: tuple[str, ...]
    types: tuple[str, ...]


@per_dataset
def filter_choices(data: Dataset, members: pd.DataFrame) -> FilterChoices:
    present = set(members["entity_type"])
    return FilterChoices(
        states=tuple(sorted(s for s in set(members["state"]) if s)),
        types=tuple(t for t in ENTITY_TYPES if t in present),
    )
