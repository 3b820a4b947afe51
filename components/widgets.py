"""Keyed Streamlit widgets shared by the pages: URL-synced filters, banners and notices.

View state round-trips through the URL: on a fresh load (or when the URL changed outside the
app) widget values are set from the decoded query params; after the widgets run, the canonical
query string is written back, so the address bar is always a link to what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from components import view_state
from components.data import Dataset
from components.view_state import Param


def _raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def init_from_url(page: str, params: Sequence[Param], data: Dataset) -> None:
    """Seed widget state from the URL when it is new to this session; show notices for what was dropped."""
    raw = _raw_params()
    marker = f"{page}.__url"
    if st.session_state.get(marker) == raw:
        return
    values, notices = view_state.decode(raw, params)
    for p in params:
        st.session_state[f"{page}.{p.key}"] = list(values[p.key]) if p.multi else (values[p.key] or ("",))[0]
    stale = view_state.stale_link_notice(raw, data.as_of)
    st.session_state[f"{page}.__notices"] = notices + ([stale] if stale else [])
    st.session_state[marker] = raw


def current_values(page: str, params: Sequence[Param]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for p in params:
        value = st.session_state.get(f"{page}.{p.key}", p.default)
        if isinstance(value, str):
            out[p.key] = (value,) if value else ()
        else:
            out[p.key] = tuple(v for v in value if v)
    return out


def write_url(
    page: str, params: Sequence[Param], data: Dataset, extra: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """Write the canonical query string for the current widget values; return it."""
    canonical = view_state.encode(current_values(page, params), params, data_as_of=data.as_of, extra=extra)
    if _raw_params() != canonical:
        st.query_params.from_dict(canonical)
    st.session_state[f"{page}.__url"] = canonical
    return canonical


def show_notices(page: str) -> None:
    """Link-parameter notices, as plain text (values are already escaped by view_state.shown)."""
    notices = st.session_state.get(f"{page}.__notices") or []
    if notices:
        st.warning(
            "**Some link settings were not applied.**\n\n" + "\n".join(f"- {n}" for n in notices), icon="⚠️"
        )


def multiselect(
    page: str,
    param: Param,
    options: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    help: str | None = None,
    container=st,
) -> list[str]:
    """A multiselect bound to `page.param.key`; the options always include what is selected."""
    key = f"{page}.{param.key}"
    selected = [v for v in st.session_state.get(key, []) if v]
    opts = list(dict.fromkeys([*options, *selected]))
    st.session_state[key] = selected
    names = labels or {}
    return container.multiselect(
        param.label.capitalize(),
        opts,
        key=key,
        format_func=lambda v: names.get(v, v),
        help=help,
    )


def problems_banner(data: Dataset) -> None:
    """One clear banner when the data folder has problems; the pages keep working on what is intact."""
    if data.ok:
        return
    n = len(data.problems)
    st.error(
        f"The data folder has {n} problem{'s' if n != 1 else ''}; the rows concerned are left out. "
        "The Data page lists each one with its file, row and column.",
        icon="🚩",
    )


def problems_frame(data: Dataset) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": p.file,
                "row": p.row,
                "column": p.column or "",
                "problem": p.message,
                "how to fix": p.fix,
            }
            for p in data.problems
        ],
        columns=["file", "row", "column", "problem", "how to fix"],
    )


def empty_state(message: str, on_clear: Callable[[], None], key: str) -> None:
    """Say plainly that nothing matches and offer to clear the filters."""
    st.info(message, icon="🔎")
    st.button("Clear all filters", key=key, on_click=on_clear)
