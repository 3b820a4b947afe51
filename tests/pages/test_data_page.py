"""Data page: tables with sources, validation report, dictionary, downloads."""

from tests.pages.helpers import all_text, run_page


def test_data_page_reports_clean_validation():
    at = run_page("pages/data.py")
    assert any("No problems found" in s.value for s in at.success)


def test_data_page_lists_every_table():
    at = run_page("pages/data.py")
    labels = [e.label for e in at.expander]
    for name in ("sources.csv", "coalitions.csv", "memberships.csv", "focus_evidence.csv", "entities.csv"):
        assert any(label.startswith(name) for label in labels), name


def test_data_page_lists_problems_of_a_corrupt_copy(data_copy, monkeypatch):
    path = data_copy / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Plano,TX,", ",Plano,XX,"), encoding="utf-8")
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    at = run_page("pages/data.py")
    assert not at.exception
    problems = at.dataframe[0].value
    hit = problems[(problems["file"] == "entities.csv") & (problems["column"] == "state")]
    assert len(hit) == 1 and "XX" in hit.iloc[0]["problem"]
    assert "problems found" in all_text(at)
