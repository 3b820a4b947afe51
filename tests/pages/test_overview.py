"""Overview page: the dataset in one screen."""

from components.data.load import load_dataset
from tests.pages.helpers import all_text, run_page


def test_overview_states_what_the_dataset_holds():
    at = run_page("pages/overview.py")
    data = load_dataset()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Regional coalitions"] == "7"
    assert metrics["Focus areas"] == str(len(data.focus_areas))
    assert f"Data as of {data.as_of}" in all_text(at)


def test_overview_shows_roster_completeness():
    at = run_page("pages/overview.py")
    table = at.table[0].value
    ntxia = table.loc["North Texas Innovation Alliance"]
    assert ntxia["Members listed vs reported"].startswith("24 of 40+ members listed")


def test_overview_shows_a_data_problem_banner(data_copy, monkeypatch):
    (data_copy / "networks.csv").write_text("", encoding="utf-8")
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    at = run_page("pages/overview.py")
    assert not at.exception
    assert any("problem" in e.value for e in at.error)
