"""The map canvas: deck.gl drawn by the app's own bundle, reporting the camera the person chose.

`st.pydeck_chart` returns no view state (streamlit/streamlit#8654), so a panned map could not be
shared. This `st.components.v2` component draws the same deck JSON (views/map/deck.py) with deck.gl 9,
bundled from the npm registry into static/map-canvas.<hash>.js (frontend/map-canvas/), which the
browser fetches once from the app itself: no CDN, no internet, no Node at run time. The component's
own JavaScript is a few lines that import that bundle; the bundle is cached by its hashed name.

It reports two events: `view` ("w,s,e,n", after the person stops moving the map) and `click`
({group_id, entity_id} of a clicked mark).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from components.geo.projection import Bounds, camera_value
from components.views.map.deck import TOOLTIP

FRAME_MARGIN = 0.08  # of the canvas's shorter side, around a frame (not around a chosen camera)
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
BUNDLE_GLOB = "map-canvas.*.js"

# The component's own code: import the bundle (relative to the page, so a path prefix works) and let
# it draw. Constant text: no data or URL value ever goes in it.
_LOADER = """
const loaded = new Map();
function bundle(path) {
  const url = new URL(path, document.baseURI).href;
  if (!loaded.has(url)) loaded.set(url, import(url));
  return loaded.get(url);
}
function decode(data) {
  if (typeof data === "string") return JSON.parse(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return JSON.parse(new TextDecoder().decode(data));
  return data;
}
export default function (args) {
  const data = decode(args.data);
  const ready = bundle(data.bundle);
  ready.then(
    (m) => m.render(args),
    () => {
      loaded.clear(); // a blip or a stale page: the next run tries again
      args.parentElement.textContent = "The map could not be loaded. Reload the page to try again.";
    },
  );
  return () => ready.then((m) => m.unmount(args.key));
}
"""
# The canvas's height is a CSS variable, so presenter mode and phones can size it (components/ui/shell.py).
_CSS = """
.map-canvas { position: relative; width: 100%; height: var(--map-height, 480px); }
.map-canvas canvas:focus-visible { outline: 3px solid #0E0E0E; outline-offset: -3px; }
"""


@functools.cache
def bundle_path(static_dir: Path = STATIC_DIR) -> str:
    """The bundle's URL path relative to the page (app/static/map-canvas.<hash>.js); exactly one exists."""
    found = sorted(static_dir.glob(BUNDLE_GLOB))
    if len(found) != 1:
        raise RuntimeError(f"expected one {BUNDLE_GLOB} in {static_dir}, found {len(found)}: rebuild it")
    return f"app/static/{found[0].name}"


@st.cache_resource
def _component() -> Callable[..., Any]:
    # Not in a shadow root: the focused canvas is then the page's activeElement, so the keyboard focus
    # ring and a screen reader's name are those of the map itself (its CSS classes are its own).
    return st.components.v2.component("coalitions_map_canvas", js=_LOADER, css=_CSS, isolate_styles=False)


@functools.lru_cache(maxsize=256)
def _deck_id(deck_json: str) -> str:
    """A short digest of a view's deck text, once per view: the text is one shared object, whose hash
    Python keeps, so a rerun finds it without reading 100 KB again."""
    return hashlib.blake2b(deck_json.encode("utf-8"), digest_size=8).hexdigest()


def canvas_data(
    deck_json: str, bounds: Bounds, basemap: str, alt: str, exact: bool = False
) -> dict[str, Any]:
    """What the browser gets: the deck, the area to show, the basemap, the text alternative.

    `exact`: the bounds are a camera someone chose (edge to edge); otherwise a frame, shown with a margin
    so the outermost marks and their names are not cut by the edge.
    """
    return {
        "bundle": bundle_path(),
        "deck": deck_json,
        "deck_id": _deck_id(deck_json),
        "bounds": [float(v) for v in bounds],
        "bounds_value": camera_value(bounds),
        "margin": 0.0 if exact else FRAME_MARGIN,
        "basemap": basemap,
        "alt": alt,
        "tooltip": TOOLTIP,
    }


def canvas_bytes(data: dict[str, Any]) -> bytes:
    """The data as one JSON document with the deck text spliced in as it is (already compact JSON):
    sent as a string it would be escaped, a backslash before every quote (+8% on every rerun)."""
    rest = json.dumps(
        {k: v for k, v in data.items() if k != "deck"}, separators=(",", ":"), ensure_ascii=False
    )
    return f'{rest[:-1]},"deck":{data["deck"]}}}'.encode()


def map_canvas(
    *,
    deck_json: str,
    bounds: Bounds,
    basemap: str,
    alt: str,
    key: str,
    on_view: Callable[[], None] | None = None,
    on_click: Callable[[], None] | None = None,
    exact: bool = False,
) -> None:
    """Draw the map showing `bounds`; `on_view` / `on_click` run when the person moves it or clicks a mark
    (a preview passes neither: its camera and clicks go nowhere)."""
    callbacks = {"on_view_change": on_view, "on_click_change": on_click}
    _component()(
        data=canvas_bytes(canvas_data(deck_json, bounds, basemap, alt, exact)),
        key=key,
        width="stretch",
        height="content",
        **{name: callback for name, callback in callbacks.items() if callback is not None},
    )


def event(key: str, name: str) -> Any:
    """The value of the component's `name` event in this rerun (None when it did not fire)."""
    result = st.session_state.get(key)
    if result is None:
        return None
    return result.get(name) if hasattr(result, "get") else getattr(result, name, None)
