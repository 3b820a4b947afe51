"""Navigation contract: page paths, carried parameters, presenter playlists."""

from __future__ import annotations

import pytest

from components.url import pages as nav


def test_public_page_paths_are_stable():
    assert [p.path for p in nav.PAGES] == [
        "",
        "map",
        "focus-areas",
        "compare",
        "survey",
        "data",
        "contribute",
    ]


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        ({"state": ["TX"], "type": ["city"]}, "focus-areas", {"state": ["TX"]}),
        ({"state": ["TX"], "type": ["city"]}, "map", {"state": ["TX"], "type": ["city"]}),
        ({"coalition": ["ntxia", "snf"], "sort": ["count"]}, "compare", {"coalition": ["ntxia", "snf"]}),
        ({"state": ["TX"]}, "data", {}),
        ({"mode": ["present"], "state": ["TX"]}, "data", {"mode": ["present"]}),
        ({"coalition": ["ntxia"], "state": ["TX"]}, "contribute", {"coalition": ["ntxia"]}),
    ],
)
def test_carried_params(current, target, expected):
    assert nav.carried_params(current, nav.PAGES_BY_PATH[target]) == expected


def test_parse_slides():
    slides, notices = nav.parse_slides(
        ["/map?coalition=ntxia&state=TX", "/focus-areas?focus=cybersecurity", "/"]
    )
    assert [s.page.path for s in slides] == ["map", "focus-areas", ""]
    assert slides[0].params == {"coalition": ["ntxia"], "state": ["TX"]}
    assert notices == []


@pytest.mark.parametrize(
    "bad",
    ["https://evil.example/map", "//evil.example/map", "/nope", "javascript:alert(1)", "/map?" + "a" * 1000],
)
def test_bad_slides_are_dropped_with_a_notice(bad):
    slides, notices = nav.parse_slides([bad])
    assert slides == [] and len(notices) == 1


def test_slide_params_keep_the_playlist():
    raw = ["/map?coalition=ntxia", "/compare"]
    slides, _ = nav.parse_slides(raw)
    p = nav.slide_params(raw, slides[1], 2)
    assert p == {"mode": ["present"], "slide": raw, "step": ["2"]}


@pytest.mark.parametrize(
    ("values", "n", "step"), [(["2"], 3, 2), (["9"], 3, 1), (["x"], 3, 1), ([], 3, 1), (["-1"], 3, 1)]
)
def test_parse_step(values, n, step):
    assert nav.parse_step(values, n) == step


def test_page_files_are_named_after_their_paths():
    """A deep link on a fresh server is resolved against pages/ by file name (see navigation.py)."""
    for page in nav.PAGES:
        if page.path:
            assert page.file == f"pages/{page.path}.py"


def test_the_contribution_page_is_listed_with_its_blurb():
    page = nav.PAGES_BY_PATH["contribute"]
    assert (page.file, page.title, page.keys) == ("pages/contribute.py", "Update your roster", "contribute")
    assert "upload an edited copy" in page.blurb
