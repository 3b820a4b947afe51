"""The dependency rule: only the loader cache and widget helpers may import streamlit."""

import ast
from pathlib import Path

import pytest

COMPONENTS = Path(__file__).resolve().parent.parent / "components"
UI = COMPONENTS / "ui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


PURE = sorted(p for p in COMPONENTS.rglob("*.py") if not p.is_relative_to(UI))


@pytest.mark.parametrize("module", PURE, ids=lambda p: str(p.relative_to(COMPONENTS)))
def test_pure_component_does_not_import_streamlit(module: Path):
    assert "streamlit" not in _imports(module), (
        f"{module} imports streamlit; move that code to components/ui/"
    )


def test_the_check_sees_a_streamlit_import(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("from streamlit import session_state\n")
    assert "streamlit" in _imports(bad)


def test_pickle_is_not_used_for_view_state():
    for path in [*COMPONENTS.rglob("*.py"), *(COMPONENTS.parent / "pages").glob("*.py")]:
        assert "pickle" not in _imports(path), path.name
