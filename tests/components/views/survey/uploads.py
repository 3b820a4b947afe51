"""SYNTHETIC respondent files for the survey tests: the template header, one good row, file builders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from components.views.survey.template import TEMPLATE_NAMES

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "synthetic_survey_respondents.csv"
HEADER = ",".join(TEMPLATE_NAMES)
GOOD = "r1,Plano,TX,285000,barriers,,Budget limitations,1"


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def xlsx_file(rows: list[list[object]], sheet: str = "respondents") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def zip_file(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()
