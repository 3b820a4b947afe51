"""One page's view state: the URL's validated parameters bound to that page's widget keys.

View state round-trips through the URL: on a fresh load (or when the URL changed outside the
app) widget values are set from the decoded query params; after the widgets run, the canonical
query string is written back, so the address bar is always a link to what is on screen. Every
session-state key of a page is `<page>.<name>`; the page's controls module is the only code that
reads or writes them, through this object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from components.data.load import Dataset
from components.url import pages as navigation
from components.url import view_state
from components.url.view_state import Param


def raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def presenter_params() -> dict[str, list[str]]:
    """mode/slide/step to keep in a rewritten URL: only a valid playlist, never a raw link value."""
    if st.query_params.get("mode") != "present":
        return {}
    slides = [
        v
        for v in st.query_params.get_all("slide")[: navigation.MAX_SLIDES]
        if navigation.parse_slides([v])[0]
    ]
    if not slides:
        return {"mode": ["present"]}
    step = navigation.parse_step(st.query_params.get_all("step"), len(slides))
    return {"mode": ["present"], "slide": slides, "step": [str(step)]}


class PageState:
    """The view state of one page: `PageState(page, params, data).load()` at the top of its controls."""

    def __init__(self, page: str, params: Sequence[Param], data: Dataset) -> None:
        self.page = page
        self.params = list(params)
        self.data = data

    def key(self, name: str) -> str:
        return f"{self.page}.{name}"

    def get(self, name: str, default: Any = None) -> Any:
        return st.session_state.get(self.key(name), default)

    def set(self, name: str, value: Any) -> None:
        st.session_state[self.key(name)] = value

    def pop(self, name: str) -> None:
        st.session_state.pop(self.key(name), None)

    def load(self) -> bool:
        """Seed widget state from the URL when it is new to this session; True when it was."""
        raw = raw_params()
        if self.get("__url") == raw:
            return False
        values, notices = view_state.decode(raw, self.params)
        for p in self.params:
            self.set(p.key, list(values[p.key]) if p.multi else (values[p.key] or ("",))[0])
        stale = view_state.stale_link_notice(raw, self.data.as_of)
        self.set("__notices", notices + ([stale] if stale else []))
        self.set("__url", raw)
        return True

    def values(self, params: Sequence[Param] | None = None) -> dict[str, tuple[str, ...]]:
        """The current widget values of `params` (default: all of the page's) as tuples."""
        out: dict[str, tuple[str, ...]] = {}
        for p in self.params if params is None else params:
            value = self.get(p.key, p.default)
            if isinstance(value, str):
                out[p.key] = (value,) if value else ()
            else:
                out[p.key] = tuple(v for v in value if v)
        return out

    def first(self, name: str, default: str = "") -> str:
        """A single-valued parameter's current value."""
        param = next(p for p in self.params if p.key == name)
        return (self.values([param])[name] or (default,))[0]

    def write_url(
        self,
        params: Sequence[Param] | None = None,
        extra: Mapping[str, Sequence[str]] | None = None,
    ) -> dict[str, list[str]]:
        """Write the canonical query string for the current widget values; return it."""
        # Presenter state belongs to the link, not to the page: keep it, or the rewrite would drop
        # presenter mode and its ◀/▶ buttons on the very next rerun.
        params = self.params if params is None else params
        extra = {**presenter_params(), **(extra or {})}
        canonical = view_state.encode(self.values(params), params, data_as_of=self.data.as_of, extra=extra)
        if raw_params() != canonical:
            st.query_params.from_dict(canonical)
        self.set("__url", canonical)
        return canonical

    def notices(self) -> list[str]:
        """Notices for link values that were dropped (already escaped by view_state.shown)."""
        return list(self.get("__notices") or [])

    def clear(self, names: Sequence[str]) -> None:
        """Empty these multi-valued parameters (the "Clear all filters" button's callback)."""
        for name in names:
            self.set(name, [])
