"""Generators of hostile input shared by the property tests: link values, keys and query strings."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from components.data.load import Dataset, load_dataset
from components.data.text import MARKDOWN_SPECIAL
from components.url.params import filter_params
from components.url.view_state import RESERVED, Param
from tests.hostile import HOSTILE_VALUES


@cache
def shipped() -> Dataset:
    """The shipped data, loaded once per process (read-only in every property)."""
    return load_dataset()


@cache
def page_params() -> dict[str, tuple[Param, ...]]:
    """Every page's declared link parameters, from components/ui/controls/<page>.py's `<page>_params(data)`
    (a page without one reads none), and the shared filters; a new page is covered without editing this."""
    from tests.pages.helpers import PAGE_FILES

    data = shipped()
    found: dict[str, tuple[Param, ...]] = {"filters": tuple(filter_params(data))}
    for page_file in PAGE_FILES:
        page = Path(page_file).stem
        module = page.replace("-", "_")
        try:
            controls = importlib.import_module(f"components.ui.controls.{module}")
        except ModuleNotFoundError:
            controls = None
        declare = getattr(controls, f"{module}_params", None)
        found[page] = tuple(declare(data)) if declare else ()
    return found


@cache
def all_keys() -> tuple[str, ...]:
    return tuple(sorted({p.key for ps in page_params().values() for p in ps} | RESERVED))


# Known-valid values of the open-ended parameters (checked by `validate`, not a list of choices).
PLACES = ("Tulsa, OK", "Plano, TX", "Dallas County, TX", "Tucson, AZ", "Kansas City, MO")
# Map cameras (`view=`) in the link's own spelling: the world, a state, a metro area, the smallest box.
CAMERAS = (
    "-180.0000,-85.0500,180.0000,85.0500",
    "-106.6456,25.8371,-93.5083,36.5007",
    "-97.5000,32.5000,-96.5000,33.2000",
    "-96.8000,32.7800,-96.7990,32.7810",
)


def valid_values(p: Param) -> tuple[str, ...]:
    """Values the parameter accepts: its choices, or for open-ended ones a known sample."""
    if p.key == "extent":
        from components.views.map.extents import extent_options

        return tuple(v for v in extent_options(shipped()) if v)
    if p.key == "place":
        return PLACES
    if p.key == "view":
        return CAMERAS
    return tuple(sorted(p.allowed()))


# Characters that have broken parsers and renderers: Markdown/HTML specials, controls, bidi marks,
# full-width look-alikes, surrogates are excluded (a URL cannot carry them).
_NASTY = "".join(sorted(MARKDOWN_SPECIAL)) + "\x00\x01\x07\t\n\r\x0b\x0c\u202e\u200b\ufeffＴＸ🏙️%&=?#,;/ "
nasty_text = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.text(alphabet=_NASTY, max_size=40),
    st.sampled_from(HOSTILE_VALUES),
    st.text(alphabet=_NASTY + "abcTXtx01", min_size=121, max_size=400),  # past MAX_VALUE_CHARS
)


def _surely_invalid(text: str) -> str:
    """A value no parameter accepts: it starts with '<', which no id, code, extent or place holds."""
    return "<" + text


invalid_value = nasty_text.map(_surely_invalid)


@cache
def _every_valid_value() -> tuple[str, ...]:
    return tuple(sorted({v for ps in page_params().values() for p in ps for v in valid_values(p)}))


def link_value() -> st.SearchStrategy[str]:
    """A value for any key: valid somewhere, hostile, or empty."""
    return st.one_of(st.sampled_from(_every_valid_value()), nasty_text, st.just(""))


def link_key() -> st.SearchStrategy[str]:
    """A key: one some page reads (reserved ones included), or anything else."""
    return st.one_of(st.sampled_from(all_keys()), nasty_text.filter(bool))


def raw_params(max_keys: int = 6) -> st.SearchStrategy[dict[str, list[str]]]:
    """A parsed query string: key -> repeated values, as st.query_params.get_all gives them."""
    return st.dictionaries(link_key(), st.lists(link_value(), min_size=1, max_size=4), max_size=max_keys)


def valid_view(params: tuple[Param, ...]) -> st.SearchStrategy[dict[str, tuple[str, ...]]]:
    """A view every parameter accepts: distinct values for repeatable ones, one (or the default) else."""
    fields = {}
    for p in params:
        choices = valid_values(p)
        if p.multi:
            fields[p.key] = st.lists(
                st.sampled_from(choices), unique=True, max_size=min(len(choices), 6)
            ).map(tuple)
        elif p.default:
            fields[p.key] = st.sampled_from(choices).map(lambda v: (v,))
        else:
            fields[p.key] = st.one_of(st.just(()), st.sampled_from(choices).map(lambda v: (v,)))
    return st.fixed_dictionaries(fields)
