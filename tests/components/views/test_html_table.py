"""The plain HTML table: caption, headers with scope, every value escaped, links only to http(s)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from components.views.html_table import cell_text, html_table, link_host
from tests.hostile import HOSTILE_VALUES
from tests.pages.helpers import parse_html_tables


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Answer": ["Payments and finance", "Energy"],
            "Percent": [60.0, 39.5],
            "Small base": [True, False],
            "Address": ["https://www.icma.org/documents/x?a=1&b=2", "javascript:alert(1)"],
        }
    )


def test_a_table_has_its_caption_column_headers_and_row_headers():
    html = html_table(frame(), "Table: Technology areas", link_columns=("Address",))
    assert html.count("<table>") == 1 and "<caption>Table: Technology areas</caption>" in html
    assert '<th scope="col">Answer</th>' in html and '<th scope="col" class="num">Percent</th>' in html
    assert '<th scope="row">Payments and finance</th>' in html  # the first column names the row
    assert html.count('scope="row"') == 2
    (table,) = parse_html_tables(html)
    assert table.attrs["caption"] == "Table: Technology areas"
    assert table.to_dict("list") == {
        "Answer": ["Payments and finance", "Energy"],
        "Percent": ["60", "39.5"],
        "Small base": ["yes", "no"],
        "Address": ["icma.org", "javascript:alert(1)"],
    }


def test_only_http_addresses_become_links_shown_by_host_name():
    (table,) = parse_html_tables(html_table(frame(), "t", link_columns=("Address",)))
    assert table.attrs["hrefs"]["Address"] == ["https://www.icma.org/documents/x?a=1&b=2", ""]
    # Not a link column: the address is text.
    (plain,) = parse_html_tables(html_table(frame(), "t"))
    assert plain.attrs["hrefs"]["Address"] == ["", ""]
    assert plain["Address"][0] == "https://www.icma.org/documents/x?a=1&b=2"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.icma.org/documents/x", "icma.org"),
        ("http://realty-india.com/2016/04/05/x", "realty-india.com"),
        ("HTTPS://Example.org?q=1", "Example.org"),
        ("ftp://example.org/x", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_link_host(url, host):
    assert link_host(url) == host


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_every_value_caption_and_header_is_escaped(value):
    hostile = pd.DataFrame({value: [value], "Source": [value], "Address": [f"https://x.org/{value}"]})
    html = html_table(hostile, value, link_columns=("Source", "Address"))
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "\n" not in html  # one line: st.markdown would end the HTML block at a blank line
    (table,) = parse_html_tables(html)
    shown = " ".join(value.split())  # whitespace runs folded, as a browser shows them anyway
    assert table.attrs["caption"] == shown
    assert list(table.columns)[0] == shown and table.iloc[0, 0] == shown  # shown literally
    assert table.attrs["hrefs"]["Source"] == [""]  # not an http(s) address: text, never a link
    href = table.attrs["hrefs"]["Address"][0]
    assert href.startswith("https://x.org/") and '"' not in href and "<" not in href


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (np.float64(60.0), "60"),
        (59.5, "59.5"),
        (1 / 3, "0.3333"),
        (np.int64(42), "42"),
        (2016, "2016"),
        (True, "yes"),
        (np.bool_(False), "no"),
        ("undated source", "undated source"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_numbers_are_right_aligned_and_missing_values_empty():
    table = pd.DataFrame({"Answer": ["a", "b"], "Base n": [12, 3], "Share": [math.nan, 0.25]})
    html = html_table(table, "t")
    assert html.count('class="num"') == 2 + 4  # two headers, four cells
    (parsed,) = parse_html_tables(html)
    assert parsed["Share"].tolist() == ["", "0.25"]


def test_the_box_is_a_named_focusable_region_with_an_optional_height():
    html = html_table(frame(), "Members shown", max_height_px=1085)
    assert html.startswith('<div class="data-table" role="region" aria-label="Members shown" tabindex="0"')
    assert 'style="max-height: min(1085px, 80vh)"' in html
    assert "max-height" not in html_table(frame(), "Members shown")


def test_an_empty_table_keeps_its_headers():
    (table,) = parse_html_tables(html_table(frame().iloc[0:0], "Nothing"))
    assert list(table.columns) == list(frame().columns) and table.empty
