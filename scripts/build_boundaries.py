"""Build coalitions_data/boundaries/{states,counties}.geojson from us-atlas 3.0.1.

us-atlas redistributes the US Census Bureau cartographic boundary files (2017,
1:10m) as TopoJSON. This script installs the pinned npm package into a
temporary directory (or reads an existing copy given with --atlas-dir), decodes
the topology with components.geo.topojson and writes compact GeoJSON.

    python scripts/build_boundaries.py
    python scripts/build_boundaries.py --atlas-dir node_modules/us-atlas
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import us

# Run as a plain script, so the repository root is not on sys.path by default.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

ATLAS_PACKAGE = "us-atlas"
ATLAS_VERSION = "3.0.1"
DEFAULT_OUT_DIR = REPO_ROOT / "coalitions_data" / "boundaries"
# 4 decimals is ~11 m, finer than the 1:10m source's quantization step (~0.0036° lon).
COORDINATE_DIGITS = 4


def usps_for_state_fips(state_fips: str) -> str:
    """Return the postal code for a 2-digit state or territory FIPS code."""
    state = us.states.lookup(state_fips, field="fips")
    if state is None:
        raise ValueError(f"no USPS code known for state FIPS {state_fips!r}")
    return state.abbr


def state_properties(geometry: dict[str, Any]) -> dict[str, str]:
    """Properties of one us-atlas state geometry."""
    fips = geometry["id"]
    return {
        "fips": fips,
        "name": geometry["properties"]["name"],
        "usps": usps_for_state_fips(fips),
    }


def county_properties(geometry: dict[str, Any]) -> dict[str, str]:
    """Properties of one us-atlas county geometry."""
    fips = geometry["id"]
    return {
        "fips": fips,
        "name": geometry["properties"]["name"],
        "state_fips": fips[:2],
        "usps": usps_for_state_fips(fips[:2]),
    }


def build_states(topology: dict[str, Any]) -> dict[str, Any]:
    """Return the states FeatureCollection, sorted by FIPS code."""
    collection = _decode(topology, "states", state_properties)
    return _sorted_by_fips(collection, width=2)


def build_counties(topology: dict[str, Any]) -> dict[str, Any]:
    """Return the counties FeatureCollection, sorted by FIPS code."""
    collection = _decode(topology, "counties", county_properties)
    return _sorted_by_fips(collection, width=5)


def _decode(
    topology: dict[str, Any],
    object_name: str,
    properties: Callable[[dict[str, Any]], dict[str, str]],
) -> dict[str, Any]:
    # Imported here rather than at the top: components/ is importable only once
    # REPO_ROOT is on sys.path, and a late top-level import would trip E402.
    from components.geo.topojson import feature_collection

    return feature_collection(topology, object_name, properties=properties, ndigits=COORDINATE_DIGITS)


def _sorted_by_fips(collection: dict[str, Any], width: int) -> dict[str, Any]:
    features = collection["features"]
    for feature in features:
        fips = feature["properties"]["fips"]
        if len(fips) != width or not fips.isdigit():
            raise ValueError(f"unexpected FIPS code {fips!r}")
        # The fips property is the one key; a duplicate top-level id only adds bytes.
        feature.pop("id", None)
    features.sort(key=lambda feature: feature["properties"]["fips"])
    return collection


def install_atlas(prefix: Path) -> Path:
    """npm-install the pinned us-atlas into ``prefix``; return the package directory."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found; install Node.js or pass --atlas-dir")
    subprocess.run(
        [npm, "install", "--prefix", str(prefix), f"{ATLAS_PACKAGE}@{ATLAS_VERSION}"],
        check=True,
    )
    return prefix / "node_modules" / ATLAS_PACKAGE


def check_atlas_version(atlas_dir: Path) -> None:
    """Refuse to build from any us-atlas other than the pinned version."""
    package = json.loads((atlas_dir / "package.json").read_text(encoding="utf-8"))
    if package.get("version") != ATLAS_VERSION:
        raise SystemExit(f"{atlas_dir} holds us-atlas {package.get('version')}, expected {ATLAS_VERSION}")


def write_geojson(collection: dict[str, Any], path: Path) -> None:
    """Write compact GeoJSON (no indentation) with one trailing newline."""
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def build(atlas_dir: Path, out_dir: Path) -> list[Path]:
    """Write states.geojson and counties.geojson from ``atlas_dir`` into ``out_dir``."""
    check_atlas_version(atlas_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    states_topology = json.loads((atlas_dir / "states-10m.json").read_text(encoding="utf-8"))
    counties_topology = json.loads((atlas_dir / "counties-10m.json").read_text(encoding="utf-8"))
    outputs = [
        (build_states(states_topology), out_dir / "states.geojson"),
        (build_counties(counties_topology), out_dir / "counties.geojson"),
    ]
    for collection, path in outputs:
        write_geojson(collection, path)
    return [path for _, path in outputs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--atlas-dir",
        type=Path,
        help=f"installed {ATLAS_PACKAGE}@{ATLAS_VERSION} (default: npm install it)",
    )
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)

    if args.atlas_dir is not None:
        written = build(args.atlas_dir, args.out_dir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            written = build(install_atlas(Path(tmp)), args.out_dir)
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1_000_000:.2f} MB)")
    if args.out_dir.resolve() == DEFAULT_OUT_DIR.resolve():
        # The map's static/ files are derived from these boundaries: keep them in step.
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from components.views.map import static_files

        for path, size in static_files.write_static_files().items():
            print(f"wrote {path} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
