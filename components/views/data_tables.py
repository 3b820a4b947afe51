"""The Data page's content: every table with its row count, and the data dictionary."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.load import DEFAULT_DATA_DIR, Dataset
from components.data.schema import TABLES, TableSpec, problems_table


@dataclass(frozen=True)
class TableShown:
    name: str
    file: str
    label: str  # "<file> — <rows> rows · <description>"


# What the date columns of the raw tables mean (issue 13: two dates, never confused).
FACT_DATES_NOTE = "dates: as_of = stated by the source (empty when it gives none); when each source was last checked: sources.csv"
SOURCE_DATES_NOTE = "dates: published by the source; accessed = source checked"


def _dates_note(spec: TableSpec) -> str:
    if spec.fact_table:
        return f" · {FACT_DATES_NOTE}"
    return f" · {SOURCE_DATES_NOTE}" if spec.name == "sources" else ""


def tables_shown(data: Dataset) -> tuple[TableShown, ...]:
    return tuple(
        TableShown(
            spec.name,
            spec.file,
            f"{spec.file} — {len(data.tables[spec.name]):,} rows · {spec.description}{_dates_note(spec)}",
        )
        for spec in TABLES
    )


def dictionary_markdown() -> str:
    """The data dictionary: the shipped coalitions_data/README.md (our own Markdown, not data text)."""
    return (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")


def problems_shown(data: Dataset) -> pd.DataFrame:
    """The validation report's table: file, row, column, problem, how to fix."""
    return problems_table(data.problems)
