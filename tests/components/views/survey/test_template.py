"""The respondent-level template: blank files, the data dictionary, population groups.

Test rows here are SYNTHETIC: invented respondents and answers, used only to check the code.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from components.views.survey import template
from components.views.survey.template import TEMPLATE_NAMES
from components.views.survey.upload import read_upload
from tests.components.views.survey.uploads import HEADER


def test_template_csv_is_the_header_and_the_blank_template_reads_as_no_data(data):
    assert template.template_csv().decode().strip() == HEADER
    assert "no data rows" in str(read_upload("t.csv", template.template_csv()).problems[0])
    xlsx = template.template_xlsx(data)
    assert "no data rows" in str(read_upload("t.xlsx", xlsx).problems[0])
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    listed = [tuple(r) for r in book["2016 questions"].iter_rows(min_row=2, values_only=True)]
    expected = data.survey_results.drop_duplicates(["question_id", "answer"])
    assert listed == list(zip(expected["question_id"], expected["question"], expected["answer"], strict=True))


def test_data_dictionary_documents_every_template_column():
    readme = (Path(__file__).resolve().parents[4] / "coalitions_data" / "README.md").read_text(
        encoding="utf-8"
    )
    section = readme.split("### Respondent-level survey data", 1)[1].split("\n## ", 1)[0]
    for name in TEMPLATE_NAMES:
        assert f"| `{name}` |" in section, name
    for group in template.POPULATION_GROUPS:
        assert f"`{group.group_id}`" in section


@pytest.mark.parametrize(
    ("population", "group"),
    [
        (1, "under-25k"),
        (24_999, "under-25k"),
        (25_000, "25k-50k"),
        (49_999, "25k-50k"),
        (50_000, "50k-100k"),
        (99_999, "50k-100k"),
        (100_000, "100k-250k"),
        (249_999, "100k-250k"),
        (250_000, "250k-plus"),
        (8_000_000, "250k-plus"),
    ],
)
def test_population_groups(population, group):
    assert template.population_group(population) == group


def test_shipped_template_matches_its_definition():
    path = Path(__file__).resolve().parents[4] / "coalitions_data" / "survey_template.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [list(TEMPLATE_NAMES)]
