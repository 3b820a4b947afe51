"""Every page in AppTest on generated links: no exception, a title, a notice naming what was ignored.

`make test` tries CI_EXAMPLES["page"] links per page (derandomized: the same ones every run); `make fuzz`
many more. The generated link mixes valid values, hostile text and keys no page reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from components.data.text import md_text
from components.url.view_state import RESERVED
from tests.pages.helpers import PAGE_FILES, run_page
from tests.properties.profiles import examples, tried
from tests.properties.strategies import all_keys, invalid_value, link_value, nasty_text, page_params

TARGET = "pages (AppTest)"
_PLAIN_UNKNOWN = re.compile(r"[a-z]{1,12}_x")


def _page(page_file: str) -> str:
    return Path(page_file).stem


def _links() -> st.SearchStrategy[dict[str, list[str]]]:
    keys = st.one_of(
        st.sampled_from(all_keys()),
        st.from_regex(_PLAIN_UNKNOWN, fullmatch=True),
        nasty_text.filter(lambda k: k.strip() != ""),
    )
    values = st.lists(st.one_of(link_value(), invalid_value), min_size=1, max_size=3)
    return st.dictionaries(keys, values, max_size=4)


def _notices(at) -> str:
    return "\n".join(str(w.value) for w in at.warning)


@pytest.mark.parametrize("page_file", PAGE_FILES)
@given(link=_links())
@example(link={"state": ["<b>ZZ</b>"], "zzz_x": ["1"], "mode": ["present"], "slide": ["javascript:x"]})
@examples("page")
def test_page_survives_any_link(page_file, link):
    tried(TARGET)
    at = run_page(page_file, link, timeout=120)
    # Streamlit redacts the message on screen; the stack trace says where it was raised.
    assert not at.exception, [(e.message, e.stack_trace[-8:]) for e in at.exception]
    assert at.title, "the page drew no title"
    declared = {p.key for p in page_params()[_page(page_file)]}
    notices = _notices(at)
    for key, values in link.items():
        if key in RESERVED:
            continue
        if key not in declared:
            if _PLAIN_UNKNOWN.fullmatch(key):
                assert md_text(key) in notices, f"no notice for unknown '{key}': {notices!r}"
            continue
        if all(v.startswith("<") for v in values):  # nothing valid given: every value dropped
            assert re.search(rf"(?<![a-z]){key}(?![a-z])", notices), f"no notice naming '{key}': {notices!r}"
