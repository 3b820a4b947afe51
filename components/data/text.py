"""The one sanitiser: data text made inert for Markdown, HTML and link targets.

Every string that comes from the data folder, an upload or the URL reaches the screen or an export
through one of these functions. They replace four escapers that each had a different character set
(a fix to one did not reach the others); this set is their union. In CommonMark a backslash before
any ASCII punctuation renders as that character, so escaping more never changes what is shown.
"""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import quote

# Every character Markdown, Streamlit's Markdown extensions (:colour[], $math$, ~~strike~~) or HTML
# could act on.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&~$:'\"=^")
# What a link target may keep as it is; everything else is percent-encoded.
_URL_SAFE = ":/?#&=%@+,;~!$*'-._"


def md_text(value: object, *, fold_whitespace: bool = True) -> str:
    """Text that st.markdown shows literally: every Markdown/HTML character backslash-escaped.

    Whitespace runs (newlines included) fold to one space unless `fold_whitespace` is False, so a
    value cannot start a new block (a heading, a list, a table row).
    """
    text = " ".join(str(value).split()) if fold_whitespace else str(value)
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text)


def safe_url(url: object) -> str:
    """An http(s) address made safe as a Markdown or HTML link target; anything else gives ''.

    `javascript:`, `data:` and relative addresses are refused. Spaces, brackets, quotes and angle
    brackets are percent-encoded, so the address cannot close the link or the attribute it sits in.
    """
    text = str(url or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return ""
    return quote(text, safe=_URL_SAFE).replace("(", "%28").replace(")", "%29").replace("'", "%27")


def md_link(label: object, url: object) -> str:
    """A Markdown link to an http(s) address; anything else is shown as escaped text only."""
    target = safe_url(url)
    if not target:
        return md_text(label)
    return f"[{md_text(label)}](<{target}>)"


def links_markdown(urls: str, limit: int = 4) -> str:
    """' | '-joined addresses as short numbered Markdown links: '[source 1](…), [source 2](…)'."""
    parts = [u for u in str(urls or "").split(" | ") if u]
    links = [md_link(f"source {i}", u) for i, u in enumerate(parts[:limit], start=1)]
    if len(parts) > limit:
        links.append(md_text(f"and {len(parts) - limit} more on the Data page"))
    return ", ".join(links)


def html_text(value: object) -> str:
    """Text for an HTML element or a quoted attribute value (&, <, >, " and ' escaped)."""
    return html.escape(str(value), quote=True)


def quoted(value: str, limit: int = 40) -> str:
    """A value from a link, safe to quote in a notice: printable, short, Markdown-inert."""
    printable = "".join(
        ch if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " " else "�" for ch in value
    )
    if len(printable) > limit:
        printable = printable[:limit] + f"… ({len(value):,} characters)"
    return md_text(printable, fold_whitespace=False)
