"""A corpus of hostile values for URL parameters and text inputs (shared by unit and AppTest tests),
and the check that escaped text has nothing left that Markdown or HTML would act on."""

import re

from components.data.text import MARKDOWN_SPECIAL

HOSTILE_VALUES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(document.domain)>",
    "javascript:alert(1)",
    "[click me](javascript:alert(1))",
    "**bold** _it_ `code`",
    "'; DROP TABLE coalitions; --",
    '" OR "1"="1',
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\u0000\u0001\u0007",
    "line\nbreak\r\n",
    "\t tabbed",
    "A" * 10_000,
    "🏙️" * 500,
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "999999999999",
    "",
    " ",
    "%3Cscript%3E",
    "../../etc/passwd",
    "TX\u202eXT",
    "ＴＸ",
    "tx",
    "{{7*7}}",
    "${jndi:ldap://x}",
]


def active_markdown(text: str) -> list[str]:
    """Markdown/HTML-special characters in `text` that are not backslash-escaped (the sanitiser's rule).

    A backslash before anything but a special character counts too: on screen it would escape
    whatever follows it.
    """
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            if i + 1 >= len(text) or text[i + 1] not in MARKDOWN_SPECIAL:
                found.append("\\")
            i += 2
            continue
        if text[i] in MARKDOWN_SPECIAL:
            found.append(text[i])
        i += 1
    return found


def shown_text(text: str) -> str:
    """What CommonMark shows for fully escaped text: the text without its escaping backslashes."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)
