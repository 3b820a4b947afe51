"""axe-core in headless Chromium, offline: the engine comes from the npm package installed by `make test`."""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(pg) -> dict:
    """Run axe on the current page for WCAG 2.1 A/AA; returns axe's results object."""
    assert AXE_JS.is_file(), f"{AXE_JS} missing: run `make test` (it installs axe-core from npm)"
    pg.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return pg.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})""",
        WCAG_TAGS,
    )


def describe_violations(results: dict) -> str:
    lines = []
    for v in results["violations"]:
        targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s): {targets}")
    return "\n".join(lines)
