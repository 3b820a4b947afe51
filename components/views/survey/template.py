"""The respondent-level template: its columns, its population groups, and the blank files to fill in.

The template is tidy: one row per respondent × question × answer (see coalitions_data/README.md,
"Respondent-level survey data", which documents every column and population group listed here).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pandas as pd

from components.data.load import Dataset
from components.data.schema import ID, NUMBER, TEXT, USPS, Column

TEMPLATE_FILE = "survey_template.csv"  # the blank template shipped in coalitions_data/
TEMPLATE_XLSX = "survey_template.xlsx"
FLAG = "1/0"  # column kind of `selected`: 1/0, yes/no or true/false

TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "respondent_id", TEXT, help="Your identifier for one responding government; the same on all its rows."
    ),
    Column(
        "jurisdiction",
        TEXT,
        help="Name of the local government as the coalition data writes it (e.g. Plano, Dallas County); "
        "used to find coalition members.",
    ),
    Column("state", USPS, help="Two-letter USPS code of its state, e.g. TX."),
    Column(
        "population",
        NUMBER,
        help="Population, a whole number from 1 to 20,000,000; sets the population group.",
    ),
    Column(
        "question_id",
        ID,
        help="Question slug. Use a 2016 question_id from survey_results.csv to compare with the national figures.",
    ),
    Column("question", TEXT, required=False, help="Wording of the question (optional)."),
    Column(
        "answer",
        TEXT,
        help="One answer option; write the 2016 wording (survey_results.csv) to compare with the national figures.",
    ),
    Column("selected", FLAG, help="1 (or yes) if the respondent chose this answer, 0 (or no) if not."),
)
TEMPLATE_NAMES = tuple(c.name for c in TEMPLATE_COLUMNS)


@dataclass(frozen=True)
class PopulationGroup:
    group_id: str
    label: str
    low: int  # inclusive
    high: float  # exclusive


POPULATION_GROUPS: tuple[PopulationGroup, ...] = (
    PopulationGroup("under-25k", "under 25,000", 0, 25_000),
    PopulationGroup("25k-50k", "25,000–49,999", 25_000, 50_000),
    PopulationGroup("50k-100k", "50,000–99,999", 50_000, 100_000),
    PopulationGroup("100k-250k", "100,000–249,999", 100_000, 250_000),
    PopulationGroup("250k-plus", "250,000 and over", 250_000, math.inf),
)
POPULATION_LABELS = {g.group_id: g.label for g in POPULATION_GROUPS}


def population_group(population: float) -> str:
    for g in POPULATION_GROUPS:
        if g.low <= population < g.high:
            return g.group_id
    return ""


def template_csv() -> bytes:
    """The blank template: the header row only (UTF-8)."""
    return (",".join(TEMPLATE_NAMES) + "\n").encode("utf-8")


def baseline_answers(data: Dataset) -> pd.DataFrame:
    """The 2016 question ids and answer wordings an upload can be compared against."""
    results = data.survey_results
    return results.drop_duplicates(["question_id", "answer"])[
        ["question_id", "question", "answer"]
    ].reset_index(drop=True)


def template_xlsx(data: Dataset) -> bytes:
    """A workbook: a blank 'respondents' sheet and a '2016 questions' sheet listing the baseline answers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "respondents"
    sheet.append(list(TEMPLATE_NAMES))
    ref = book.create_sheet("2016 questions")
    ref.append(["question_id", "question", "answer"])
    for row in baseline_answers(data).itertuples(index=False):
        ref.append([str(row.question_id), str(row.question), str(row.answer)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
