"""The HTML table widget alone in a tiny app (AppTest.from_function, STYLE habit 9)."""

from __future__ import annotations

from tests.components.ui.apptest import run_app
from tests.pages.helpers import html_tables


def table_app(key):
    import pandas as pd

    from components.ui import html_table

    frame = pd.DataFrame({"Name": ["Plano", "<b>Mesa</b>"], "Source": ["https://www.plano.gov/x", "data:x"]})
    html_table.table(frame, "Members shown (2 rows)", link_columns=("Source",), max_height_px=400, key=key)


def test_the_table_is_drawn_as_html_markdown_with_its_stylesheet_and_no_data_grid():
    at = run_app(table_app, key=None)
    assert not at.dataframe  # no st.dataframe: a first visit loads no data-grid JavaScript
    (markdown,) = at.markdown
    # Markdown's code comes with the page, so the table is drawn at its height from the first paint.
    assert markdown.proto.allow_html and not at.get("html")
    assert markdown.value.startswith("<style>") and ".data-table" in markdown.value
    assert "\n\n" not in markdown.value  # one HTML block: a blank line would end it
    (table,) = html_tables(at)
    assert table.attrs["caption"] == "Members shown (2 rows)"
    assert table.to_dict("list") == {"Name": ["Plano", "<b>Mesa</b>"], "Source": ["plano.gov", "data:x"]}
    assert table.attrs["hrefs"]["Source"] == ["https://www.plano.gov/x", ""]


def test_a_key_names_the_tables_container():
    at = run_app(table_app, key="map_table")
    # Streamlit ends a keyed block's id with its key (st-key-map_table in the browser).
    (block,) = [b for b in at.main.children.values() if b.proto.id.endswith("-map_table")]
    assert [e.type for e in block.children.values()] == ["markdown"]
