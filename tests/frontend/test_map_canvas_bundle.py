"""The committed deck.gl bundle (static/map-canvas.<hash>.js) is exactly what frontend/map-canvas builds.

`make run` needs no Node because the bundle is committed; this test keeps it honest: it installs the
locked packages from the npm registry (`npm ci`) into a copy of frontend/map-canvas, builds, and
compares bytes. A changed src/index.js, lockfile or build script without a rebuilt bundle fails here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from components.ui.map_canvas import STATIC_DIR, bundle_path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend" / "map-canvas"


def test_the_packages_are_pinned_and_locked():
    package = json.loads((FRONTEND / "package.json").read_text())
    lock = json.loads((FRONTEND / "package-lock.json").read_text())
    wanted = {**package["dependencies"], **package["devDependencies"]}
    for name, version in wanted.items():
        assert version[0].isdigit(), f"{name} {version}: pin an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert lock["packages"][""]["dependencies"] == package["dependencies"]


def test_the_committed_bundle_is_what_the_lockfile_builds(tmp_path):
    work = tmp_path / "map-canvas"
    shutil.copytree(FRONTEND, work, ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "static"
    out.mkdir()
    npm = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert npm.returncode == 0, npm.stderr[-2000:]
    built = subprocess.run(
        ["node", "build.mjs", str(out)], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [fresh] = list(out.glob("map-canvas.*.js"))
    committed = STATIC_DIR / bundle_path().rsplit("/", 1)[1]
    assert fresh.name == committed.name, (
        "rebuild the bundle: cd frontend/map-canvas && npm ci && node build.mjs"
    )
    assert fresh.read_bytes() == committed.read_bytes()
