"""The change package: every table with the change applied, and CHANGES.md listing each change with its source."""

from __future__ import annotations

import io
import zipfile

from components.data.load import load_tables
from components.data.schema import TABLES
from components.views.contribute import package
from components.views.contribute.apply import propose
from components.views.contribute.diff import dataset_diff
from components.views.contribute.upload import read_files
from tests.components.views.contribute.edits import (
    COALITION,
    EXPECTED_SUMMARY,
    NEW_SOURCE,
    join_template,
    sample_edit,
    split_template,
)


def _package(data, content: bytes) -> tuple[zipfile.ZipFile, object]:
    proposal = propose(data, COALITION, read_files([("ntxia_roster.csv", content)]))
    assert proposal.ok, proposal.problems
    result = dataset_diff(data, proposal.data)
    return zipfile.ZipFile(io.BytesIO(package.change_package(proposal, result, data))), result


def test_the_package_holds_changes_and_a_complete_data_folder(data, roster_csv):
    archive, result = _package(data, sample_edit(roster_csv)[0])
    names = set(archive.namelist())
    assert names == {"CHANGES.md"} | {f"data/{spec.file}" for spec in TABLES}
    tables = {n.removeprefix("data/"): archive.read(n) for n in names if n.startswith("data/")}
    reread = load_tables(tables)
    assert dataset_diff(data, reread).summary == EXPECTED_SUMMARY


def test_changes_md_lists_every_change_with_its_source(data, roster_csv):
    archive, result = _package(data, sample_edit(roster_csv)[0])
    text = archive.read("CHANGES.md").decode("utf-8")
    assert f"**{EXPECTED_SUMMARY}.**" in text
    assert "North Texas Innovation Alliance" in text
    bullets = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(bullets) == len(result.changes) == 4
    assert all(" — source: " in b and "none given" not in b for b in bullets)
    assert "(<https://example.org/synthetic-roster>)" in text  # the new source, as a link
    plain = text.replace("\\", "")  # Markdown escapes off
    assert "role: 'founding member' → 'member'" in plain
    assert "Tables changed: `sources.csv`, `entities.csv`, `memberships.csv`" in text
    assert f"`{NEW_SOURCE}`" in plain


def test_data_strings_in_changes_md_are_markdown_inert(data, roster_csv):
    notes, header, rows = split_template(sample_edit(roster_csv)[0])
    rows[-1]["name"] = "<script>x</script> [link](javascript:alert(1))"
    archive, _ = _package(data, join_template(notes, header, rows))
    text = archive.read("CHANGES.md").decode("utf-8")
    assert "<script>" not in text and "](javascript" not in text


def test_package_name(data, roster_csv):
    proposal = propose(data, COALITION, read_files([("r.csv", roster_csv)]))
    assert package.package_name(proposal, data) == f"ntxia_changes_{data.as_of}.zip"
