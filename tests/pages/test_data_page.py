"""Data page: tables with sources, validation report, dictionary, downloads."""

import io
import zipfile

from components.data.load import load_dataset
from components.data.schema import TABLES
from components.exports import dataset as exports
from tests.pages.downloads import as_bytes, capture_downloads, eager_downloads
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


def open_every_table(at):
    for spec in TABLES:
        at.session_state[f"data.table.{spec.name}"] = True
    at.run()
    assert not at.exception
    return at


def test_closed_tables_cost_nothing_and_an_opened_one_is_drawn():
    at = run_page("pages/data.py")
    assert not at.exception
    assert len(at.dataframe) == 0 and not any(
        e.label.startswith("Download ") for e in at.get("download_button")
    )
    at.session_state["data.table.entities"] = True
    at.run()
    (table,) = at.dataframe
    assert len(table.value) == len(load_dataset().entities)
    assert "Download entities.csv" in [b.proto.label for b in at.get("download_button")]


def test_the_data_dictionary_is_drawn_when_opened():
    at = run_page("pages/data.py")
    at.session_state["data.dictionary"] = True
    at.run()
    assert "entities.csv" in all_text(at) and "coalition_id" in all_text(at)


def test_every_download_is_built_only_on_click_and_holds_the_whole_table(monkeypatch):
    files = capture_downloads(monkeypatch)
    at = open_every_table(run_page("pages/data.py"))
    assert eager_downloads(at) == []
    data = load_dataset()
    for spec in TABLES:
        frame = data.tables[spec.name].drop(columns=["csv_row"], errors="ignore")
        # Yes/no columns are written as the data folder writes them, so a download loads again.
        words = {c: frame[c].map({True: "yes", False: "no"}) for c in frame if frame[c].dtype == bool}
        expected = exports.to_csv_bytes(frame.assign(**words))
        assert as_bytes(files[spec.file]()) == expected, spec.file
    assert as_bytes(files["sources.csv"]()) == exports.to_csv_bytes(data.sources.drop(columns=["csv_row"]))
    with zipfile.ZipFile(io.BytesIO(as_bytes(files[f"coalitions_data_{data.as_of}.zip"]()))) as zf:
        assert {spec.file for spec in TABLES} <= set(zf.namelist())


def test_every_table_is_sent_lazily_from_its_cached_arrow_table(monkeypatch):
    # AppTest itself renders every dataframe eagerly; what matters is what the page asks for.
    import pyarrow as pa
    from streamlit.dataframe import lazy_df_source

    asked = []
    original = lazy_df_source.resolve_lazy_source

    def resolve(data, lazy, **kwargs):
        asked.append((data, lazy))
        return original(data, lazy, **kwargs)

    monkeypatch.setattr(lazy_df_source, "resolve_lazy_source", resolve)
    open_every_table(run_page("pages/data.py"))
    data = load_dataset()
    tables = [(d, lazy) for d, lazy in asked if isinstance(d, pa.Table)]
    assert len(tables) == len(TABLES) and all(lazy is True for _, lazy in tables)
    entities = next(t for t, _ in tables if "entity_type" in t.column_names)
    assert entities.num_rows == len(data.entities)  # every row: the browser pages through them
