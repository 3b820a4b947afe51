"""Survey page: published national figures with sources; respondent-level uploads with filters.

Uploaded rows here are SYNTHETIC (tests/fixtures/synthetic_survey_respondents.csv and inline rows).
"""

from __future__ import annotations

import csv
from pathlib import Path

from components.data.load import load_dataset
from components.exports import dataset as exports
from components.ui.loader import FOLDER_FILE_ENV
from components.views.survey import published as survey
from components.views.survey import respondents as survey_respondents
from components.views.survey.template import TEMPLATE_FILE, TEMPLATE_NAMES, template_csv
from tests.pages.downloads import as_bytes, capture_downloads, eager_downloads
from tests.pages.helpers import all_text, copy_texts, html_tables, run_page

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic_survey_respondents.csv"
PAGE = "pages/survey.py"


def _fixture_rows() -> list[dict[str, str]]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _fixture_bases(state: str) -> dict[str, int]:
    """Respondents of `state` with any row for each question, counted straight from the file."""
    seen: dict[str, set[str]] = {}
    for row in _fixture_rows():
        if row["state"] == state:
            seen.setdefault(row["question_id"], set()).add(row["respondent_id"])
    return {q: len(r) for q, r in seen.items()}


def _fixture_answers() -> set[tuple[str, str]]:
    return {(row["question_id"], row["answer"]) for row in _fixture_rows()}


def _charts(at):
    return at.get("vega_lite_chart")


def _upload(at, name: str, content: bytes, mime: str = "text/csv"):
    at.file_uploader(key="survey.upload").set_value((name, content, mime))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _param(at, key: str) -> list[str]:
    value = at.query_params.get(key)
    return value if isinstance(value, list) else [value]


def _plain(text: str) -> str:
    """Markdown-escaped page text without its escapes."""
    return text.replace("\\", "")


def _showing(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing:**"))


def test_headline_figures_and_one_chart_per_published_question():
    at = run_page(PAGE)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Local governments surveyed"] == "3,423"
    assert metrics["Responses"] == "493"
    assert metrics["Response rate"] == "14.4%"
    data = load_dataset()
    assert len(_charts(at)) == data.survey_results["question_id"].nunique()
    text = all_text(at)
    assert "3,428" in text and "Roughly 500" in text  # the disagreements are shown, not hidden


def test_each_chart_has_a_takeaway_and_a_table_twin_with_sources():
    at = run_page(PAGE)
    text = all_text(at)
    assert "Payments and finance leads at 60%" in text
    tables = [t for t in html_tables(at) if "Percent" in t.columns]
    assert len(tables) == len(_charts(at))
    tech = next(t for t in tables if "Payments and finance" in set(t["Answer"]))
    assert tech.set_index("Answer").loc["Payments and finance", "Percent"] == "60"
    assert tech["Source"].str.contains("ICMA").all()


def test_context_panel_says_who_when_and_how_to_get_the_data():
    at = run_page(PAGE)
    text = all_text(at)
    for words in (
        "Who was surveyed",
        "April 2016",
        "By August 2016",
        "\\$2,500",
        "Penn Libraries",
        "Unweighted",
    ):
        assert words in text, words


def test_a_state_filter_without_respondent_data_says_the_figures_are_national():
    at = run_page(PAGE, {"state": "TX", "pop": "50k-100k"})
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "national" in warning and "cannot be filtered" in warning
    assert _param(at, "state") == ["TX"] and _param(at, "pop") == ["50k-100k"]


def test_no_filter_no_national_warning():
    at = run_page(PAGE)
    assert not any("cannot be filtered" in w.value for w in at.warning)


def test_unknown_population_group_in_the_link_is_dropped_with_a_notice():
    at = run_page(PAGE, {"pop": "<script>", "by": "nonsense"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Ignored population group" in notices and "Ignored breakdown" in notices
    assert at.radio(key="survey.by").value == ""


def test_upload_draws_charts_with_bases_and_the_state_filter_works():
    at = run_page(PAGE)
    published = len(_charts(at))
    _upload(at, FIXTURE.name, FIXTURE.read_bytes())
    assert "30 respondents" in _showing(at)
    assert len(_charts(at)) == published + 3  # three questions in the synthetic file
    at.multiselect(key="survey.state").set_value(["AZ"])
    at.run()
    assert "8 respondents in AZ" in _showing(at)
    assert _param(at, "state") == ["AZ"]
    base_tables = [t for t in html_tables(at) if "Base n" in t.columns]
    bases = {(a, int(n)) for t in base_tables for a, n in zip(t["Answer"], t["Base n"], strict=True)}
    expected = _fixture_bases("AZ")
    assert bases == {(a, expected[q]) for q, a in _fixture_answers()}
    assert all((t["Small base (n < 10)"] == "yes").all() for t in base_tables), "bases under 10 are flagged"


def test_breakdown_by_state_round_trips_through_the_url():
    at = run_page(PAGE, {"by": "state"})
    _upload(at, FIXTURE.name, FIXTURE.read_bytes())
    assert at.radio(key="survey.by").value == "state"
    groups = {g for t in html_tables(at) if "Group" in t.columns for g in t["Group"]}
    # IL (4 respondents) is under the threshold of 5; CO goes too, or IL = total - TX - AZ - CO.
    assert groups == {"TX", "AZ"}
    assert any(i.value.startswith("1 group with fewer than 5 respondents is not shown") for i in at.info)
    assert _param(at, "by") == ["state"]


def test_comparison_mode_puts_your_data_beside_2016():
    at = run_page(PAGE, {"compare": "2016"})
    _upload(at, FIXTURE.name, FIXTURE.read_bytes())
    compared = [t for t in html_tables(at) if "2016 national (%)" in t.columns]
    assert len(compared) == 2  # tech-deployed and barriers match; the file's own question does not
    barriers = next(t for t in compared if "Budget limitations" in set(t["Answer"]))
    assert barriers.set_index("Answer").loc["Budget limitations", "2016 national (%)"] == "42"
    assert "no 2016 counterpart: broadband-priority" in _plain(all_text(at))


def test_coalition_filter_uses_listed_members():
    rows = [
        ",".join(TEMPLATE_NAMES),
        "s1,Plano,TX,285000,barriers,,Budget limitations,1",
        "s2,Mesa,AZ,500000,barriers,,Budget limitations,0",
        "s3,Synthetic Town,TX,30000,barriers,,Budget limitations,1",
    ]
    at = run_page(PAGE, {"coalition": "ntxia"})
    _upload(at, "synthetic.csv", ("\n".join(rows) + "\n").encode())
    assert "1 respondent" in _showing(at) and "members of NTXIA" in _showing(at)


def test_a_bad_upload_is_reported_and_the_page_keeps_working():
    at = run_page(PAGE)
    bad = (",".join(TEMPLATE_NAMES) + "\ns1,Plano,XX,285000,barriers,,Budget limitations,1\n").encode()
    _upload(at, "bad.csv", bad)
    assert any("1 problem" in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if "how to fix" in d.value.columns)
    assert problems.iloc[0][["file", "row", "column"]].tolist() == ["bad.csv", 2, "state"]
    assert len(_charts(at)) == load_dataset().survey_results["question_id"].nunique()


def test_a_wrong_file_type_sent_past_the_browser_gets_a_clear_message():
    at = run_page(PAGE)
    _upload(at, "notes.txt", b"hello", "text/plain")
    assert any("notes.txt" in _plain(e.value) for e in at.error)
    problems = next(d.value for d in at.dataframe if "how to fix" in d.value.columns)
    assert "upload a .csv or .xlsx file" in problems.iloc[0]["problem"]
    assert len(_charts(at)) == load_dataset().survey_results["question_id"].nunique()


def test_respondent_file_in_the_data_folder_is_used_when_the_operator_turns_it_on(data_copy, monkeypatch):
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    monkeypatch.setenv(FOLDER_FILE_ENV, "on")
    at = run_page(PAGE)
    assert not at.exception
    assert "30 respondents" in _showing(at)
    assert any("survey_respondents.csv from the data folder to every visitor" in i.value for i in at.info)


def test_respondent_file_in_the_data_folder_is_not_shown_by_default(data_copy, monkeypatch):
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    monkeypatch.delenv(FOLDER_FILE_ENV, raising=False)
    at = run_page(PAGE, {"by": "state"})
    assert not at.exception
    assert not any(m.value.startswith("**Showing:**") for m in at.markdown)
    assert "Synthetic Town" not in all_text(at) and "30 respondents" not in all_text(at)
    assert any("No respondent-level data loaded yet" in i.value for i in at.info)


def _texts_of(name: str, content: bytes) -> str:
    """What a person gets from a download, as text: the PDF's words, a workbook's parts, else the bytes."""
    import io
    import zipfile

    if name.endswith(".pdf"):
        from pypdf import PdfReader

        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return content.decode("utf-8", "replace")


def test_no_download_handout_or_share_text_shows_a_small_group_or_a_raw_row(data_copy, monkeypatch):
    """The operator's file, shown to everyone, broken down by state: IL (4) and CO are in nothing."""
    (data_copy / "survey_respondents.csv").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    monkeypatch.setenv(FOLDER_FILE_ENV, "on")
    files = capture_downloads(monkeypatch)
    at = run_page(PAGE, {"by": "state", "compare": "2016"})
    assert not at.exception
    respondent_files = [n for n in files if n.startswith("survey_respondents_")]
    assert len(respondent_files) == 9  # CSV, SVG and PNG of each of the three questions
    texts = {n: _texts_of(n, as_bytes(call())) for n, call in files.items() if not n.endswith(".png")}
    assert any("TX (n = " in t for t in texts.values()), "the shown groups are in the files"
    for name, text in texts.items():
        hidden_groups = ("IL (n", "CO (n", "IL,", "CO,") if name in respondent_files else ("IL (n", "CO (n")
        for hidden in hidden_groups:
            assert hidden not in text, (name, hidden)
        for raw in ("SYN-0", "Synthetic Town"):
            assert raw not in text, (name, raw)  # no download of respondent rows
    handout = texts["survey-handout.pdf"]
    assert "groups with fewer than 5 respondents are never shown" in " ".join(handout.split())
    share_text = " ".join(item["text"] for item in copy_texts(at))
    assert "groups with fewer than 5 respondents are never shown" in share_text
    assert "IL (n" not in share_text and "Synthetic Town" not in share_text
    assert "survey_respondents.csv" not in exports.dataset_zip(load_dataset(data_copy)).decode("latin-1")


def test_page_without_survey_tables_still_offers_the_upload(data_copy, monkeypatch):
    (data_copy / "survey_results.csv").unlink()
    (data_copy / "survey_facts.csv").unlink()
    monkeypatch.setenv("COALITIONS_DATA", str(data_copy))
    at = run_page(PAGE)
    assert not at.exception
    assert any("not in the data folder" in i.value for i in at.info)
    assert at.file_uploader(key="survey.upload") is not None


def test_every_download_is_built_only_on_click_and_is_the_charts_file(monkeypatch):
    files = capture_downloads(monkeypatch)
    at = run_page(PAGE)
    assert not at.exception
    assert eager_downloads(at) == []
    data = load_dataset()
    views = survey.published_views(data)
    for view in views:
        csv_bytes = as_bytes(files[f"survey_published_{view.question_id}.csv"]())
        assert csv_bytes == exports.to_csv_bytes(view.table, view.header_lines)
    first = views[0].question_id
    assert as_bytes(files[f"survey_published_{first}.svg"]()).startswith(b"<svg")
    assert as_bytes(files[f"survey_published_{first}.png"]()).startswith(b"\x89PNG")
    assert as_bytes(files[TEMPLATE_FILE]()) == template_csv()


def test_respondent_charts_are_kept_for_the_session_until_the_view_changes(monkeypatch):
    calls = []
    original = survey_respondents.respondent_shown

    def counted(*args, **kwargs):
        calls.append(args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(survey_respondents, "respondent_shown", counted)
    at = run_page(PAGE)
    _upload(at, FIXTURE.name, FIXTURE.read_bytes())
    at.run()  # a rerun that changes nothing here
    assert len(calls) == 1 and "30 respondents" in _showing(at)
    at.multiselect(key="survey.state").set_value(["AZ"]).run()
    assert len(calls) == 2 and "8 respondents in AZ" in _showing(at)
    assert "survey.__shown" in at.session_state
    at.file_uploader(key="survey.upload").set_value(None).run()
    assert not at.exception
    assert "survey.__shown" not in at.session_state  # a removed upload leaves nothing in the session
