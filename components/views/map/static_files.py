"""The files the map's deck points at instead of carrying them: static/states.json (the simplified
state outlines) and static/icons.svg (the icon atlas), generated from the bundled boundaries and the
palette. A test fails when static/ differs from what this module writes.

Streamlit's static file server (server.enableStaticServing) serves static/ next to dashboard.py at
app/static/. The URLs are relative, so they also work when the app is served under a path prefix:
from /map they resolve to /app/static/states.json.

Regenerate with `python -m components.views.map.static_files [folder]`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from components.views.map.icons import static_atlas
from components.views.map.outlines import state_outlines

STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
STATES_FILE = STATIC_DIR / "states.json"
STATES_URL = "app/static/states.json"
ICONS_FILE = STATIC_DIR / "icons.svg"
ICONS_URL = "app/static/icons.svg"


def state_outlines_json() -> bytes:
    """The simplified state outlines as compact JSON: the content of static/states.json."""
    return json.dumps(state_outlines(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def icons_svg() -> bytes:
    """The content of static/icons.svg."""
    return static_atlas()[0].encode("utf-8")


def static_files() -> dict[Path, bytes]:
    """What static/ must hold: the state outlines and the icon atlas, both generated here."""
    return {STATES_FILE: state_outlines_json(), ICONS_FILE: icons_svg()}


def write_static_files(folder: Path = STATIC_DIR) -> dict[Path, int]:
    """Write static/states.json and static/icons.svg (into `folder`); returns each file's size."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for path, blob in static_files().items():
        (folder / path.name).write_bytes(blob)
        sizes[folder / path.name] = len(blob)
    return sizes


if __name__ == "__main__":  # python -m components.views.map.static_files [folder]: regenerate static/
    for written, size in write_static_files(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR).items():
        print(f"wrote {written} ({size:,} bytes)")
