"""What a slide (presenter mode) shows where the page's own view runs past one projector screen.

The overview's roster table without its notes column (a paragraph per coalition), and the Data page's
tables with their number of rows. /compare's slide table is in views/compare/slide.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.memo import per_dataset
from components.views.data_tables import tables_shown
from components.views.overview import overview_shown

ROSTER_COUNTS = "Members listed vs reported"


@per_dataset
def roster_counts(data: Dataset, members: pd.DataFrame) -> pd.DataFrame:
    """The overview's roster table, coalition by coalition, with how many members are listed only
    (shared, read-only)."""
    return overview_shown(data, members).roster[[ROSTER_COUNTS]]


@dataclass(frozen=True)
class TableCount:
    file: str
    rows: str  # "115 rows"
    about: str  # the Data page's label: what the table holds and what its dates mean


@per_dataset
def table_counts(data: Dataset) -> tuple[TableCount, ...]:
    """Every table of the dataset with its number of rows, in the Data page's order."""
    return tuple(
        TableCount(table.file, f"{len(data.tables[table.name]):,} rows", table.label)
        for table in tables_shown(data)
    )
