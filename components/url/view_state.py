"""The URL is the view: a typed, validated codec between query parameters and view state.

Every page declares its parameters as `Param`s; `decode` turns whatever arrived in the URL into
valid values plus plain-text notices for what was dropped, and `encode` writes the canonical,
readable query string back (repeated keys for lists, `v=` and `data=` always explicit).
Nothing here renders or executes a value from the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from components.data.text import quoted

CONTRACT_VERSION = "1"
MAX_VALUE_CHARS = 120  # longer values are dropped, never echoed in full
MAX_VALUES = 30  # more repeats of one key than this are cut
RESERVED = {"v", "data", "mode", "slide", "step", "embed", "embed_options"}


@dataclass(frozen=True)
class Param:
    """One query parameter: its key, whether it repeats, and what values it accepts."""

    key: str
    label: str
    choices: Callable[[], Iterable[str]] | tuple[str, ...]
    multi: bool = True
    default: tuple[str, ...] = ()
    validate: Callable[[str], bool] | None = None  # for open-ended values (e.g. extent=TX)

    def allowed(self) -> set[str]:
        return set(self.choices() if callable(self.choices) else self.choices)

    def accepts(self, value: str) -> bool:
        if self.validate is not None:
            return self.validate(value)
        return value in self.allowed()


def _key_note(p: Param) -> str:
    """' (link parameter 'by')' when the label does not already name the key, so a notice always does."""
    return "" if re.search(rf"\b{re.escape(p.key)}\b", p.label) else f" (link parameter '{p.key}')"


def shown(value: str, limit: int = 40) -> str:
    """A URL value made safe to quote in a notice: printable, short, markdown-inert."""
    return quoted(value, limit)


def decode(
    raw: Mapping[str, Sequence[str]],
    params: Sequence[Param],
    *,
    extra_keys: Iterable[str] = (),
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Valid values per param key (defaults where nothing valid arrived) and notices."""
    notices: list[str] = []
    known = {p.key for p in params} | RESERVED | set(extra_keys)
    for key in raw:
        if key not in known:
            notices.append(f"Ignored unknown link parameter '{shown(key)}'.")
    values: dict[str, tuple[str, ...]] = {}
    for p in params:
        given = [v for v in raw.get(p.key, []) if v is not None]
        if not given:
            values[p.key] = p.default
            continue
        if not p.multi and len(given) > 1:
            notices.append(f"'{p.key}' was given {len(given)} times; used the first valid value.")
        if len(given) > MAX_VALUES:
            notices.append(f"Only the first {MAX_VALUES} values of '{p.key}' were read.")
            given = given[:MAX_VALUES]
        kept: list[str] = []
        for value in given:
            if value == "" and p.multi:
                continue  # '?state=' means an explicitly empty selection
            if len(value) > MAX_VALUE_CHARS or not p.accepts(value):
                notices.append(f"Ignored {p.label} '{shown(value)}'{_key_note(p)}: not a known value.")
                continue
            if value not in kept:
                kept.append(value)
            if not p.multi:
                break
        values[p.key] = tuple(kept) if (kept or p.multi) else p.default
    return values, notices


def encode(
    values: Mapping[str, Sequence[str]],
    params: Sequence[Param],
    *,
    data_as_of: str,
    extra: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Canonical query params: every declared key present when non-empty, plus v and data."""
    out: dict[str, list[str]] = {}
    for p in params:
        chosen = [v for v in values.get(p.key, ()) if v]
        if chosen:
            out[p.key] = list(chosen)
    for key, vals in (extra or {}).items():
        if vals:
            out[key] = list(vals)
    out["v"] = [CONTRACT_VERSION]
    out["data"] = [data_as_of]
    return out


def query_string(params: Mapping[str, Sequence[str]]) -> str:
    """'?a=1&a=2&b=x' with percent-encoding, for share links."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vals in params.items() for v in vals]
    return "?" + urlencode(pairs) if pairs else ""


def stale_link_notice(raw: Mapping[str, Sequence[str]], data_as_of: str) -> str | None:
    """Plain text when a link was made against another data vintage or contract version."""
    version = (raw.get("v") or [""])[0]
    vintage = (raw.get("data") or [""])[0]
    if version and version != CONTRACT_VERSION:
        return (
            f"This link was made with link format v{shown(version, 10)}; this dashboard uses "
            f"v{CONTRACT_VERSION}. Parameters it no longer understands were dropped."
        )
    if vintage and vintage != data_as_of:
        return (
            f"This link was made with data as of {shown(vintage, 20)}; you are seeing the current view, "
            f"with data as of {data_as_of}, and the address bar now links to it. Figures may differ "
            "from what the sender saw."
        )
    return None
