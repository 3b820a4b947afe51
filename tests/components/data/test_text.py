"""The one sanitiser: one table of hostile strings against every function of components.data.text.

The check needs no Markdown renderer: in CommonMark a backslash before ASCII punctuation shows that
character, so text is inert when every Markdown/HTML character in it is backslash-escaped, and what
a person sees is the text with those backslashes removed.
"""

from __future__ import annotations

import html
import inspect
import re
import unicodedata

import pytest

from components.data import text
from tests.hostile import HOSTILE_VALUES, active_markdown, shown_text

# The shared hostile corpus plus the cases of the four old escapers' tables (maps.md_escape,
# survey.md_escape, matrix.md_text, compare.links_markdown) and Streamlit's own Markdown extensions.
HOSTILE = list(
    dict.fromkeys(
        [
            *HOSTILE_VALUES,
            "plain words",
            "<script>alert(1)</script>",
            "**bold** `code`",
            "[x](javascript:alert(1))",
            "<img src=x onerror=alert(1)>",
            "<b>",
            "**bold** _it_",
            ":red[x] $x$",
            ":material/warning: ~~gone~~ ^sup^",
            "# heading",
            "1. a list\n- another",
            "| a | b |\n|---|---|",
            "> quote",
            "![img](https://evil.example/x.png)",
            "<https://evil.example>",
            "[ref]: https://evil.example",
            "&lt;script&gt; &amp; &#60;",
            "<!-- hidden -->",
            "back\\slash \\* \\",
            "a\u00a0b\u2028c",
            "    indented code",
            "===\n---",
        ]
    )
)
IDS = [f"{i}-{v[:16]!r}" for i, v in enumerate(HOSTILE)]
# Link targets that must never become one: other schemes, relative and protocol-relative addresses.
REFUSED_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "mailto:x@example.org",
    "/map?state=TX",
    "//evil.example/x",
    "map",
    "../../etc/passwd",
    "http:/evil.example",
    "https:evil.example",
    "",
    None,
    "   ",
]
# http(s) addresses with characters that could close a link, an attribute or a tag.
WEB_URLS = [
    "https://a.example/x(1)",
    "http://a.example/a b",
    "https://example.org/<script>",
    'https://a.example/"onmouseover="alert(1)',
    "https://a.example/'x'",
    "https://a.example/x)[y](javascript:z)",
    "https://a.example/x>\n<script>",
    "https://a.example/`code`\\",
    "  HTTPS://A.EXAMPLE/Upper  ",
    "https://a.example/?q=1&r=2#frag",
    "https://a.example/ünï/日本",
]
NEVER_IN_A_TARGET = set(" \t\r\n\"'<>()`\\")


def folded(value: str) -> str:
    return " ".join(value.split())


def check_target(target: str, url: object) -> None:
    """A safe link target: '' or an http(s) address with nothing that could close its context."""
    if not target:
        return
    assert target.lower().startswith(("http://", "https://")), (url, target)
    assert not NEVER_IN_A_TARGET & set(target), (url, target)
    assert all(unicodedata.category(ch)[0] != "C" for ch in target), (url, target)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_md_text_leaves_no_active_markdown_and_shows_the_text(value):
    out = text.md_text(value)
    assert active_markdown(out) == [], (value, out)
    assert shown_text(out) == folded(value)
    assert "\n" not in out and "\r" not in out  # a value cannot start a block of its own


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_md_text_without_folding_keeps_the_whitespace(value):
    out = text.md_text(value, fold_whitespace=False)
    assert active_markdown(out) == [], (value, out)
    assert shown_text(out) == value


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_html_text_leaves_no_tag_or_attribute_quote(value):
    out = text.html_text(value)
    assert not set("<>\"'") & set(out), (value, out)
    assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot|#x27);)*", out, flags=re.DOTALL), out
    assert html.unescape(out) == value


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_quoted_is_printable_short_and_inert(value):
    out = text.quoted(value, limit=40)
    assert active_markdown(out) == [], (value, out)
    visible = shown_text(out)
    assert all(unicodedata.category(ch)[0] not in "CZ" or ch == " " for ch in visible), visible
    if len(value) > 40:
        assert visible.endswith(f"… ({len(value):,} characters)") and len(visible) <= 40 + 30
    else:
        assert len(visible) == len(value)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_safe_url_refuses_every_hostile_value(value):
    # None of the corpus is an http(s) address: nothing of it may become a link target.
    assert text.safe_url(value) == ""


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_md_link_label_is_inert_and_the_target_safe(value):
    out = text.md_link(value, "https://example.org/a b")
    assert out == f"[{text.md_text(value)}](<https://example.org/a%20b>)"
    assert active_markdown(out[1 : out.index("](<")]) == []
    assert text.md_link(value, value) == text.md_text(value)  # a hostile target gives no link at all


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_links_markdown_never_links_a_hostile_address(value):
    out = text.links_markdown(f"{value} | https://a.example/(x)")
    links = re.findall(r"\[source \d\]\(<([^>]*)>\)", out)
    assert links == ["https://a.example/%28x%29"], out  # the web address only, its brackets encoded
    rest = re.sub(r"\[source \d\]\(<[^>]*>\)", "", out)
    assert active_markdown(rest) == [], out


def test_every_function_of_the_sanitiser_is_in_the_table():
    public = {
        name
        for name, fn in vars(text).items()
        if inspect.isfunction(fn) and fn.__module__ == text.__name__ and not name.startswith("_")
    }
    tested = {"md_text", "safe_url", "md_link", "links_markdown", "html_text", "quoted"}
    assert public == tested, f"add a check over HOSTILE for {sorted(public - tested)}"


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_safe_url_refuses_other_schemes_and_relative_addresses(url):
    assert text.safe_url(url) == ""
    assert text.md_link("label", url) == "label"


@pytest.mark.parametrize("url", WEB_URLS)
def test_safe_url_keeps_web_addresses_but_nothing_that_closes_a_link(url):
    target = text.safe_url(url)
    assert target, url
    check_target(target, url)


@pytest.mark.parametrize("url", [*HOSTILE, *REFUSED_URLS, *WEB_URLS])
def test_safe_url_never_emits_a_space_quote_angle_bracket_or_parenthesis(url):
    check_target(text.safe_url(url), url)


# The old escapers' exact tables, now against the one sanitiser.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain words", "plain words"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("<b>", "\\<b\\>"),
        ("**bold** _it_", "\\*\\*bold\\*\\* \\_it\\_"),
        (":red[x] $x$", "\\:red\\[x\\] \\$x\\$"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_text_escapes_markdown(value, expected):  # was matrix.md_text
    assert text.md_text(value) == expected


def test_md_text_can_keep_line_breaks():  # was maps.md_escape, which did not fold
    assert text.md_text("a\nb *c*", fold_whitespace=False) == "a\nb \\*c\\*"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a_(b)", "[x](<https://example.org/a_%28b%29>)"),
        ("javascript:alert(1)", "x"),
        ("https://example.org/<script>", "[x](<https://example.org/%3Cscript%3E>)"),
    ],
)
def test_md_link_only_links_web_addresses(url, expected):  # was matrix.md_link
    assert text.md_link("x", url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x(1)", "https://a.example/x%281%29"),
        ("javascript:alert(1)", ""),
        ("http://a.example/a b", "http://a.example/a%20b"),
    ],
)
def test_safe_url(url, expected):  # was survey.safe_url
    assert text.safe_url(url) == expected


def test_links_markdown_numbers_the_first_sources_and_counts_the_rest():  # was compare.links_markdown
    urls = " | ".join(f"https://s{i}.example/" for i in range(1, 7))
    assert text.links_markdown(urls) == (
        "[source 1](<https://s1.example/>), [source 2](<https://s2.example/>), "
        "[source 3](<https://s3.example/>), [source 4](<https://s4.example/>), "
        "and 2 more on the Data page"
    )
    assert text.links_markdown("") == ""
    assert text.links_markdown("https://a.example/ | javascript:x", limit=4) == (
        "[source 1](<https://a.example/>), source 2"
    )


def test_quoted_cuts_long_values_and_says_how_long_they_were():
    assert text.quoted("A" * 10_000, limit=5) == r"AAAAA… \(10,000 characters\)"
    assert text.quoted("TX\u202eXT") == "TX\ufffdXT"
    assert text.quoted("a\tb") == "a\ufffdb"
