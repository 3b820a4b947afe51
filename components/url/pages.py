"""The page list (public URL contract), which link parameters carry across pages, and playlists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from components.url.view_state import MAX_VALUE_CHARS


# Page files are named after their URL path (pages/focus-areas.py): on a fresh server Streamlit
# resolves the first deep link against the pages/ folder before dashboard.py has run.
@dataclass(frozen=True)
class PageInfo:
    file: str
    path: str  # URL path without the leading slash; "" is the overview
    title: str
    icon: str
    carries: tuple[str, ...] = ()  # filter keys this page understands, kept when moving to it
    blurb: str = ""  # one line under its link on the overview
    key_prefix: str = ""  # session-state keys are "<key_prefix>.<name>"; defaults to the path

    @property
    def keys(self) -> str:
        return self.key_prefix or self.path or "overview"


PAGES: tuple[PageInfo, ...] = (
    PageInfo("pages/overview.py", "", "Overview", ":material/home:"),
    PageInfo(
        "pages/map.py",
        "map",
        "Map of connected regions",
        ":material/map:",
        ("state", "focus", "coalition", "type", "network"),
        "Members, footprints and the links between coalitions — works with no map tiles.",
    ),
    PageInfo(
        "pages/focus-areas.py",
        "focus-areas",
        "Focus areas",
        ":material/grid_view:",
        ("state", "focus", "coalition", "network"),
        "Who works on what: coalition × focus area, with the evidence behind every cell.",
        "focus_areas",
    ),
    PageInfo(
        "pages/compare.py",
        "compare",
        "Compare coalitions",
        ":material/compare_arrows:",
        ("coalition",),
        "Two to four coalitions side by side, and a peer finder for your city.",
    ),
    PageInfo(
        "pages/survey.py",
        "survey",
        "2016 survey",
        ":material/bar_chart:",
        ("state", "coalition", "pop"),
        "The ICMA / Smart Cities Council survey of US local governments: published results.",
    ),
    PageInfo(
        "pages/data.py",
        "data",
        "Data and sources",
        ":material/table_view:",
        (),
        "Every table with its sources and as-of dates, the data dictionary and downloads.",
    ),
    PageInfo(
        "pages/contribute.py",
        "contribute",
        "Update your roster",
        ":material/edit_note:",
        ("coalition",),
        "For coalition staff: download your roster, upload an edited copy, check it and send it in.",
    ),
)
PAGES_BY_PATH = {p.path: p for p in PAGES}
PRESENTER_KEYS = ("mode", "slide", "step")
MAX_SLIDES = 12


def carried_params(current: Mapping[str, Sequence[str]], target: PageInfo) -> dict[str, list[str]]:
    """The current filters that `target` understands, plus presenter state, for a nav link."""
    keep = set(target.carries) | set(PRESENTER_KEYS)
    return {k: list(v) for k, v in current.items() if k in keep and v}


@dataclass(frozen=True)
class Slide:
    page: PageInfo
    params: dict[str, list[str]]


def parse_slides(values: Sequence[str]) -> tuple[list[Slide], list[str]]:
    """`slide=/map?coalition=ntxia` values → slides; unknown pages and oversized values → notices."""
    slides: list[Slide] = []
    notices: list[str] = []
    for value in values[: MAX_SLIDES + 1]:
        if len(slides) == MAX_SLIDES:
            notices.append(f"Only the first {MAX_SLIDES} slides are used.")
            break
        if len(value) > 4 * MAX_VALUE_CHARS:
            notices.append("Ignored a slide link that is too long.")
            continue
        parts = urlsplit(value)
        page = PAGES_BY_PATH.get(parts.path.strip("/"))
        if page is None or parts.scheme or parts.netloc:
            notices.append("Ignored a slide that is not a page of this dashboard.")
            continue
        params = {k: v for k, v in parse_qs(parts.query).items() if k not in PRESENTER_KEYS}
        slides.append(Slide(page, params))
    return slides, notices


def slide_params(slides_raw: Sequence[str], slide: Slide, step: int) -> dict[str, list[str]]:
    """Query params to open `slide` in presenter mode, keeping the playlist and the step."""
    return {**slide.params, "mode": ["present"], "slide": list(slides_raw), "step": [str(step)]}


def parse_step(values: Sequence[str], n_slides: int) -> int:
    """1-based step within the playlist; anything invalid → 1."""
    try:
        step = int((values or ["1"])[0])
    except ValueError:
        return 1
    return step if 1 <= step <= n_slides else 1
