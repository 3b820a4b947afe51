"""`python -m components.diff OLD NEW`: the contribution page's diff, printed for a maintainer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from components import diff as cli
from components.data.load import load_dataset
from components.views.contribute.apply import propose
from components.views.contribute.template import ROSTER, template_csv
from components.views.contribute.upload import read_files
from tests.components.views.contribute.edits import COALITION, EXPECTED_SUMMARY, NEW_SOURCE, sample_edit

ROOT = Path(__file__).resolve().parents[2]


def _edited_folder(tmp_path: Path) -> Path:
    """The `data/` folder of the change package for the sample edit, as a maintainer unzips it."""
    data = load_dataset()
    edited, _ = sample_edit(template_csv(data, ROSTER, COALITION))
    proposal = propose(data, COALITION, read_files([("r.csv", edited)]))
    assert proposal.ok, proposal.problems
    folder = tmp_path / "data"
    folder.mkdir()
    for name, content in proposal.files.items():
        (folder / name).write_bytes(content)
    return folder


def test_prints_the_same_diff_as_the_page(tmp_path, capsys):
    folder = _edited_folder(tmp_path)
    assert cli.main([str(ROOT / "coalitions_data"), str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    summary = next(i for i, line in enumerate(out) if line == EXPECTED_SUMMARY + ".")
    changes = out[summary + 1 :]
    assert sum(1 for line in changes if line[:2] in ("+ ", "- ", "~ ")) == 4
    assert any(line.startswith(f"+ sources.csv: {NEW_SOURCE}") for line in changes)
    assert any("role: 'founding member' → 'member'" in line for line in changes)


def test_the_same_folder_twice_has_no_changes(capsys):
    folder = str(ROOT / "coalitions_data")
    assert cli.main([folder, folder]) == 0
    assert "No changes." in capsys.readouterr().out


def test_a_new_problem_is_printed_and_exits_1(tmp_path, capsys):
    folder = _edited_folder(tmp_path)
    sources = folder / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "https://example.org/synthetic-roster", "not a web address"
        )
    )
    assert cli.main([str(ROOT / "coalitions_data"), str(folder)]) == 1
    assert "sources.csv, row" in capsys.readouterr().out


def test_usage(capsys):
    assert cli.main(["only-one"]) == 2
    assert "usage" in capsys.readouterr().err


def test_runs_as_a_module():
    folder = str(ROOT / "coalitions_data")
    done = subprocess.run(
        [sys.executable, "-m", "components.diff", folder, folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "No changes." in done.stdout
