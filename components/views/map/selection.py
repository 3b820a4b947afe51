"""One view's selection: the filtered rows and every mark the map, legend, table and exports show.

Computed once per (dataset, view) and shared by every session that shows the view
(components/data/memo.py): a link opened by a room full of people costs one computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from components.data import summaries
from components.data.filters import apply, describe
from components.data.load import Dataset
from components.data.memo import per_dataset
from components.geo.projection import Bounds
from components.views.map.arcs import area_links, hub_links, partnerships
from components.views.map.counts import (
    MAX_MEMBER_LINKS,
    MAX_POINTS,
    aggregate,
    area_keys,
    area_places,
    no_aggregates,
)
from components.views.map.extents import camera_for, extent_bounds, extent_label, fit_bounds, off_frame_text
from components.views.map.layers import visible_points
from components.views.map.marks import coalition_hubs, county_footprints, located_points
from components.views.map.view import MapView


@dataclass(frozen=True)
class MapSelection:
    """Everything the map, legend, table and exports show for one view.

    Computed once per (dataset, view) and shared by every session that shows the view: read-only.
    """

    view: MapView
    rows: pd.DataFrame  # member-table rows the filters select (with or without coordinates)
    points: pd.DataFrame  # the rows that can be drawn, with tooltip text and shape
    hubs: pd.DataFrame  # coalitions in view with a hub
    hub_links: list[dict[str, Any]]
    partnerships: list[dict[str, Any]]
    footprints: list[dict[str, Any]]
    bounds: Bounds
    camera: dict[str, float]
    description: str
    not_mapped: int = 0
    groups: tuple[str, ...] = field(default_factory=tuple)
    # One count mark per county or state when more than MAX_POINTS points are in view (else empty):
    # the deck then draws these instead of the visible points.
    aggregates: pd.DataFrame = field(default_factory=no_aggregates)
    level: str = ""  # "", "county" or "state": what one count mark stands for
    link_level: str = ""  # "": one hub link per member; "county"/"state": one per hub and area

    @property
    def empty(self) -> bool:
        return self.rows.empty

    @property
    def aggregated(self) -> bool:
        return bool(self.level)

    @property
    def drawn_points(self) -> pd.DataFrame:
        """The points drawn one by one: those of the layers shown, none when counts are drawn."""
        if self.aggregated:
            return self.points.iloc[0:0]
        return visible_points(self.points, self.view.hidden)


def _links_and_counts(
    data: Dataset, members: pd.DataFrame, points: pd.DataFrame, hubs: pd.DataFrame, hidden: tuple[str, ...]
) -> tuple[list[dict[str, Any]], str, str, pd.DataFrame]:
    """(hub links, count level, link level, count marks): marks and links per area when too many."""
    visible = visible_points(points, hidden)
    if len(visible) > MAX_POINTS:
        level, marks, keys = aggregate(data, members, visible)
        return area_links(visible, keys, marks, hubs), level, level, marks
    links = hub_links(points, hubs)
    if len(links) > MAX_MEMBER_LINKS:
        link_level, keys = area_keys(data, members, visible)
        links = area_links(visible, keys, area_places(link_level, visible, keys), hubs)
        return links, "", link_level, no_aggregates()
    return links, "", "", no_aggregates()


def _description(
    rows: pd.DataFrame, data: Dataset, view: MapView, off_frame: str, not_mapped: int, counted: str
) -> str:
    text = describe(rows, data, view.filters)
    if view.extent:
        text += " · framed on " + extent_label(view.extent, data)
    if off_frame:
        text += " · map framed on the lower 48 states; " + off_frame
    if not_mapped:
        text += f" · {not_mapped} not on the map (location unknown; listed in the table)"
    if counted:
        text += " · " + counted
    return text


@per_dataset
def select(data: Dataset, members: pd.DataFrame, view: MapView) -> MapSelection:
    """Apply the filters and compute every mark of the view (members is the full member table).

    Memoized per (dataset, members, view): pass the process-wide member table; the result is shared.
    """
    # Each row's date, labelled ('stated …' / 'undated source, checked …'), for the table and exports.
    rows = summaries.add_dates(data, apply(members, data, view.filters), "source_ids")
    points = located_points(rows, members, data)
    hubs = coalition_hubs(rows, data, members)
    links, level, link_level, aggregates = _links_and_counts(data, members, points, hubs, view.hidden)
    bounds = extent_bounds(view.extent, data, members) if view.extent else None
    off_frame: list[str] = []
    if bounds is None:
        bounds, off_frame = fit_bounds(points, hubs)
    not_mapped = int(rows.loc[rows["lon"].isna() | rows["lat"].isna(), "entity_id"].nunique())
    counted = ""
    if level:
        counted = f"{len(visible_points(points, view.hidden)):,} points in view, drawn as counts per {level}"
    off_text = off_frame_text(off_frame, points) if off_frame else ""
    return MapSelection(
        view=view,
        rows=rows,
        points=points,
        hubs=hubs,
        hub_links=links,
        partnerships=partnerships(hubs, data, view.filters),
        footprints=county_footprints(points),
        bounds=bounds,
        camera=camera_for(bounds),
        description=_description(rows, data, view, off_text, not_mapped, counted),
        not_mapped=not_mapped,
        groups=tuple(dict.fromkeys(rows["group_id"])),
        aggregates=aggregates,
        level=level,
        link_level=link_level,
    )
