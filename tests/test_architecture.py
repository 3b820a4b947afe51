"""The architecture, as tests: layer order, thin pages, module sizes, mirrored tests.

Every rule reads the source with `ast` (never grep) and is parametrized over the files it governs
(`components/**/*.py`, `pages/*.py`), so a new module or page is covered without editing this file.
Each rule has self-tests on small files in tmp_path, so a checker that silently sees nothing fails.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "components"
UI = COMPONENTS / "ui"
VIEWS = COMPONENTS / "views"
PAGES = ROOT / "pages"
TESTS = ROOT / "tests"
DASHBOARD = ROOT / "dashboard.py"

# The layers, lowest first: a module may import its own layer or any layer to its left.
LAYERS = ("geo", "data", "url", "exports", "views", "ui")
RANK = {name: i for i, name in enumerate(LAYERS)}
# Modules directly in components/ (not in a layer package) and the layer they belong to.
# `components/__init__.py` is the package docstring: it imports nothing from components (rank -1).
TOP_LEVEL_LAYER = {
    "__init__": None,
    "validate": "data",  # `python -m components.validate`: the data folder's checker (Makefile, README)
    # `python -m components.diff OLD NEW`: the maintainer's diff over views/contribute/, an entry point
    # like a page, so it sits above every view package.
    "diff": "ui",
}
# What the entry scripts may import (a dotted prefix; stdlib `__future__` is always allowed).
PAGE_IMPORTS = ("streamlit", "components.ui", "components.views", "components.exports")
DASHBOARD_IMPORTS = ("streamlit", "components.ui", "components.url")
MAX_PAGE_LINES = 120
MAX_MODULE_LINES = 600

# Components modules without a mirrored tests/components/<path>/test_<module>.py, and why.
UNMIRRORED = {
    "validate.py": "the CLI around data.load.load_dataset (tests/components/data/test_load.py); "
    "`make test` runs it on the shipped data",
    "ui/loader.py": "st.cache_resource wrappers around data.load and the survey folder reader; every AppTest "
    "in tests/pages/ runs them",
}


def _rel(path: Path, base: Path = ROOT) -> str:
    return path.relative_to(base).as_posix()


def _module_name(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # absolute dotted name; for `from a.b import c` it is "a.b.c" (c may be a module)
    statement: str  # the import as written, for messages: "from a.b import …"


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import in the file (function-level ones included), relative imports resolved."""
    package = _module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend(Import(node.lineno, a.name, f"import {a.name}") for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            written = f"from {'.' * node.level}{node.module or ''} import …"
            found.extend(
                Import(node.lineno, f"{base}.{a.name}" if base else a.name, written) for a in node.names
            )
    return sorted(found, key=lambda i: i.line)


def top_names(path: Path) -> set[str]:
    """The top-level package of every import ('streamlit', 'pickle', 'components', ...)."""
    return {i.target.split(".")[0] for i in imports_of(path)}


def _starts(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _allowed(name: str, prefixes: tuple[str, ...]) -> bool:
    return _starts(name, "__future__") or any(_starts(name, p) for p in prefixes)


# Layers: every components module imports only its own layer or a lower one.
def layer_of(dotted: str) -> tuple[str | None, int]:
    """(layer, rank) of a module 'components.x.y...'; raises KeyError for a module in no layer."""
    parts = dotted.split(".")
    if len(parts) == 1:  # `import components`: the package docstring, nothing in it
        return None, -1
    if parts[1] in RANK:
        return parts[1], RANK[parts[1]]
    if parts[1] in TOP_LEVEL_LAYER:
        layer = TOP_LEVEL_LAYER[parts[1]]
        return layer, RANK[layer] if layer else -1
    raise KeyError(parts[1])


def view_package(dotted: str, components: Path = COMPONENTS) -> str | None:
    """'map' for components.views.map[.…]; None for a shared top-level views/*.py module."""
    parts = dotted.split(".")
    if len(parts) >= 3 and parts[1] == "views" and (components / "views" / parts[2]).is_dir():
        return parts[2]
    return None


def layer_problems(path: Path, components: Path = COMPONENTS) -> list[str]:
    """Imports of `path` (a module under `components`) that go up a layer or across view packages."""
    root = components.parent
    me = _module_name(path, root)
    where = _rel(path, root)
    try:
        my_layer, my_rank = layer_of(me)
    except KeyError:
        return [
            f"{where} is in no layer: move it into one of components/{{{','.join(LAYERS)}}}/, "
            "or (an entry point only) add it to TOP_LEVEL_LAYER in tests/test_architecture.py"
        ]
    my_view = view_package(me, components)
    found = []
    for imp in imports_of(path, root):
        if not _starts(imp.target, "components"):
            continue
        try:
            layer, rank = layer_of(imp.target)
        except KeyError:
            found.append(f"{where}:{imp.line} `{imp.statement}` imports {imp.target}, which is in no layer")
            continue
        if rank > my_rank:
            found.append(
                f"{where}:{imp.line} `{imp.statement}` imports {layer}/, a higher layer than its own "
                f"({my_layer or 'components/__init__'}); order is {' < '.join(LAYERS)}. Move the needed code "
                f"down into {my_layer or 'a layer'}/ (or lower), or move this code up."
            )
            continue
        their_view = view_package(imp.target, components)
        if my_layer == "views" and their_view and their_view != my_view:
            mine = f"views/{my_view}/" if my_view else "the shared views/*.py modules"
            found.append(
                f"{where}:{imp.line} `{imp.statement}`: {mine} must not import views/{their_view}/; "
                "move what both need into a shared views/<name>.py (like views/palette.py) or a lower layer."
            )
    return list(dict.fromkeys(found))  # one line per import statement, not per imported name


COMPONENT_MODULES = sorted(COMPONENTS.rglob("*.py"))
_component_ids = {"ids": lambda p: _rel(p, COMPONENTS)}


@pytest.mark.parametrize("module", COMPONENT_MODULES, **_component_ids)
def test_component_imports_only_its_own_or_a_lower_layer(module: Path):
    problems = layer_problems(module)
    assert not problems, "\n".join(problems)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A fake components/ package in tmp_path (with its view subpackages) for the self-tests."""
    components = tmp_path / "components"
    for rel, text in files.items():
        path = components / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return components


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("data/filters.py", "from components.url.view_state import Param\n"),
        ("data/filters.py", "from components.url import view_state\n"),
        ("data/filters.py", "import components.url.view_state\n"),
        ("data/filters.py", "from ..url import view_state\n"),
        ("data/filters.py", "def later():\n    from components.views.map import maps\n"),
        ("geo/boundaries.py", "from components.data.load import Dataset\n"),
        ("views/map/maps.py", "from components.ui.widgets import Download\n"),
        ("exports/dataset.py", "from components.views import palette\n"),
        ("views/palette.py", "from components.ui import widgets\n"),
        ("__init__.py", "from components.data import load\n"),
    ],
)
def test_the_layer_check_catches_an_import_that_goes_up(tmp_path: Path, module: str, source: str):
    components = _tree(tmp_path, {module: source, "views/map/__init__.py": ""})
    assert layer_problems(components / module, components), source


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("views/compare/comparison.py", "from components.views.focus_areas.matrix import md_text\n"),
        ("views/compare/comparison.py", "from components.views.focus_areas import matrix\n"),
        ("views/compare/comparison.py", "from ..focus_areas import matrix\n"),
        ("views/palette.py", "from components.views.map import maps\n"),
    ],
)
def test_the_layer_check_catches_one_view_package_importing_another(tmp_path: Path, module: str, source: str):
    components = _tree(
        tmp_path, {module: source, "views/focus_areas/__init__.py": "", "views/map/__init__.py": ""}
    )
    problems = layer_problems(components / module, components)
    assert problems and "must not import views/" in problems[0], source


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("data/load.py", "from components.geo import boundaries\nfrom components.data.memo import Memo\n"),
        ("ui/widgets.py", "from components.views.map.maps import MapView\nimport streamlit as st\n"),
        ("views/compare/comparison.py", "from components.views.palette import OKABE_ITO\n"),
        ("views/compare/peers.py", "from components.views.compare.comparison import x\nfrom . import y\n"),
        ("views/compare/peers.py", "from .comparison import x\n"),
        ("validate.py", "from components.data.load import load_dataset\n"),
    ],
)
def test_the_layer_check_allows_own_and_lower_layers(tmp_path: Path, module: str, source: str):
    components = _tree(tmp_path, {module: source, "views/compare/__init__.py": ""})
    assert layer_problems(components / module, components) == []


def test_a_module_outside_every_layer_is_reported(tmp_path: Path):
    components = _tree(tmp_path, {"helpers.py": "x = 1\n"})
    assert "is in no layer" in layer_problems(components / "helpers.py", components)[0]


def test_relative_imports_resolve_to_absolute_names(tmp_path: Path):
    components = _tree(tmp_path, {"views/map/deck.py": "from .legend import rows\nfrom .. import palette\n"})
    targets = [i.target for i in imports_of(components / "views/map/deck.py", tmp_path)]
    assert targets == ["components.views.map.legend.rows", "components.views.palette"]


PURE = [p for p in COMPONENT_MODULES if not p.is_relative_to(UI)]


@pytest.mark.parametrize("module", PURE, **_component_ids)
def test_pure_component_does_not_import_streamlit(module: Path):
    assert "streamlit" not in top_names(module), (
        f"{_rel(module)} imports streamlit; move that code to components/ui/"
    )


def test_the_check_sees_a_streamlit_import(tmp_path: Path):
    for source in ("from streamlit import session_state\n", "import streamlit as st\n"):
        bad = tmp_path / "bad.py"
        bad.write_text(source)
        assert "streamlit" in top_names(bad)


def test_pickle_is_not_used_for_view_state():
    for path in [*COMPONENTS.rglob("*.py"), *PAGES.glob("*.py"), DASHBOARD]:
        assert "pickle" not in top_names(path), f"{_rel(path)} imports pickle; view state is query params"


def test_dashboard_imports_only_the_shell_and_the_page_list():
    bad = [i for i in imports_of(DASHBOARD) if not _allowed(i.target, DASHBOARD_IMPORTS)]
    assert not bad, [
        f"dashboard.py:{i.line} imports {i.target}; it may import only {', '.join(DASHBOARD_IMPORTS)}"
        for i in bad
    ]


# Pages: layout only, checked rule by rule.
class PageChecker:
    """The page rules, one method per rule; each returns 'file:line what, and what to do instead'."""

    FORBIDDEN_ST = {
        "session_state": "read/write state through the page's PageState in components/ui/controls/<page>.py",
        "query_params": "the URL is read and written by PageState (load/write_url) in the controls module",
        "context": "use components.ui.share_panel.view_link or a helper in components/ui/",
    }
    CACHE = "cache the work in the builder (data.memo.per_dataset) or in components/ui/loader.py"
    ESCAPERS = {"md_text", "md_escape", "md_link", "safe_url", "html_text", "links_markdown", "quoted"}
    # Keywords that take a lazy callable: a label formatter, and share_panel's handout figure (built
    # only when the PDF is asked for, like a Download's build).
    LAMBDA_KEYWORDS = {"format_func", "figure_png"}
    PANDAS = {"rename", "set_index", "reset_index", "sort_values", "groupby", "merge", "pivot", "pivot_table"}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.text = path.read_text(encoding="utf-8")
        self.tree = ast.parse(self.text, filename=str(path))
        # Every node in source order, so problems are listed top to bottom.
        self.nodes = sorted(
            ast.walk(self.tree), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))
        )
        self.st_aliases = {
            a.asname or a.name
            for n in self.nodes
            if isinstance(n, ast.Import)
            for a in n.names
            if a.name == "streamlit"
        }

    def _at(self, node: ast.AST) -> str:
        return f"{self.name}:{getattr(node, 'lineno', '?')}"

    def _is_st(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.st_aliases

    def _st_from_imports(self) -> list[tuple[ast.ImportFrom, str]]:
        return [
            (n, a.name)
            for n in self.nodes
            if isinstance(n, ast.ImportFrom) and n.module == "streamlit"
            for a in n.names
        ]

    def lines(self) -> list[str]:
        n = len(self.text.splitlines())
        if n <= MAX_PAGE_LINES:
            return []
        return [
            f"{self.name} is {n} lines (limit {MAX_PAGE_LINES}): move widgets and callbacks into "
            "components/ui/controls/<page>.py, rendering blocks into helpers there, and data work into "
            "the page's builder in components/views/"
        ]

    def state(self) -> list[str]:
        found = [
            f"{self._at(n)} uses st.{n.attr}: {self.FORBIDDEN_ST[n.attr]}"
            for n in self.nodes
            if isinstance(n, ast.Attribute) and n.attr in self.FORBIDDEN_ST and self._is_st(n.value)
        ]
        found += [
            f"{self._at(n)} imports {name} from streamlit: {self.FORBIDDEN_ST[name]}"
            for n, name in self._st_from_imports()
            if name in self.FORBIDDEN_ST
        ]
        return found

    def cache(self) -> list[str]:
        found = [
            f"{self._at(n)} uses st.{n.attr} (as a decorator or a call): {self.CACHE}"
            for n in self.nodes
            if isinstance(n, ast.Attribute) and n.attr.startswith("cache") and self._is_st(n.value)
        ]
        found += [
            f"{self._at(n)} imports {name} from streamlit: {self.CACHE}"
            for n, name in self._st_from_imports()
            if name.startswith("cache")
        ]
        return found

    def definitions(self) -> list[str]:
        kinds = {ast.FunctionDef: "def", ast.AsyncFunctionDef: "async def", ast.ClassDef: "class"}
        return [
            f"{self._at(n)} defines {kinds[type(n)]} {n.name}: callbacks and rendering helpers go in "
            "components/ui/controls/<page>.py (or components/ui/<page>_panels.py), classes in components/"
            for n in self.nodes
            if type(n) in kinds
        ]

    @staticmethod
    def _is_download(call: ast.Call) -> bool:
        f = call.func
        return (isinstance(f, ast.Name) and f.id == "Download") or (
            isinstance(f, ast.Attribute) and f.attr == "Download"
        )

    def lambdas(self) -> list[str]:
        allowed: set[int] = set()
        for call in (n for n in self.nodes if isinstance(n, ast.Call)):
            allowed |= {id(k.value) for k in call.keywords if k.arg in self.LAMBDA_KEYWORDS}
            if self._is_download(call):
                allowed |= {id(k.value) for k in call.keywords if k.arg == "build"}
                allowed |= {id(call.args[1])} if len(call.args) > 1 else set()
        return [
            f"{self._at(n)} has a lambda that is not a format_func=, figure_png= or Download(...) build: "
            "put the callback in components/ui/controls/<page>.py and pass it from the controls object"
            for n in self.nodes
            if isinstance(n, ast.Lambda) and id(n) not in allowed
        ]

    def downloads(self) -> list[str]:
        found = [
            f"{self._at(n)} calls .download_button: list a widgets.Download(label, build, file_name, key) "
            "in widgets.download_row([...]) instead"
            for n in self.nodes
            if isinstance(n, ast.Attribute) and n.attr == "download_button"
        ]
        found += [
            f"{self._at(n)} imports download_button from streamlit: use widgets.download_row"
            for n, name in self._st_from_imports()
            if name == "download_button"
        ]
        return found

    def imports(self) -> list[str]:
        return [
            f"{self.name}:{i.line} `{i.statement}` imports {i.target}; a page may import only "
            f"{', '.join(PAGE_IMPORTS)} (data/geo/url work belongs in the page's controls module or builder)"
            for i in imports_of(self.path, self.path.parent.parent)
            if not _allowed(i.target, PAGE_IMPORTS)
        ]

    def _called(self, call: ast.Call) -> str:
        f = call.func
        return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""

    def escaping(self) -> list[str]:
        return [
            f"{self._at(n)} calls {self._called(n)}: show data text with widgets.data_text(...) or have the "
            "builder return it already escaped"
            for n in self.nodes
            if isinstance(n, ast.Call) and self._called(n) in self.ESCAPERS
        ]

    def pandas(self) -> list[str]:
        found = [
            f"{self._at(n)} calls .{n.func.attr}(...): builders return frames ready to show"
            for n in self.nodes
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in self.PANDAS
        ]
        found += [
            f"{self._at(n)} selects columns with [[...]]: builders return frames ready to show"
            for n in self.nodes
            if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.List)
        ]
        return found


PAGE_RULES = [name for name, member in vars(PageChecker).items() if callable(member) and name[0] != "_"]
PAGE_FILES = sorted(PAGES.glob("*.py"))


def test_there_are_pages_to_check():
    assert PAGE_FILES, f"no pages found in {PAGES}"


@pytest.mark.parametrize("rule", PAGE_RULES)
@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_page_follows_the_layout_rules(page: Path, rule: str):
    problems = getattr(PageChecker(page), rule)()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


GOOD_PAGE = '''"""A page that only lays out."""

import streamlit as st

from components.exports import dataset as exports
from components.ui import widgets
from components.ui.controls import demo as demo_controls
from components.ui.loader import get_dataset
from components.ui.share_panel import share_panel
from components.views.demo import demo_shown

data = get_dataset()
st.title("Demo")
widgets.problems_banner(data)
controls = demo_controls.sidebar(data)
shown = demo_shown(data, controls.view)
if shown.empty:
    widgets.empty_state("Nothing matches.", on_clear=controls.clear_filters, key=controls.key("clear"))
    st.stop()
choice = st.selectbox("Sort", shown.sorts, format_func=lambda v: shown.labels[v], key="demo.sort")
for line in shown.lines:
    widgets.data_text(line)
st.dataframe(shown.table, column_config={"Link": widgets.link_column()})
widgets.download_row([
    widgets.Download("CSV", lambda: exports.frame_csv(shown.table), "demo.csv", "demo.dl.csv"),
    widgets.Download("Text", build=lambda: shown.text, file_name="demo.md", key="demo.dl.md"),
])
share_panel(page_path="demo", title="Demo", params=controls.canonical, description=shown.description,
            sources=shown.sources, data=data, figure_png=lambda: exports.chart_png(shown.chart))
'''

BAD_PAGES = {
    "lines": [GOOD_PAGE + "st.write('x')\n" * MAX_PAGE_LINES],
    "state": [
        "import streamlit as st\nst.session_state['demo.x'] = 1\n",
        "import streamlit as st\nx = st.session_state.get('demo.x')\n",
        "import streamlit as st\nst.query_params.from_dict({})\n",
        "import streamlit as st\nurl = st.context.url\n",
        "import streamlit\nstreamlit.session_state.clear()\n",
        "from streamlit import session_state\n",
    ],
    "cache": [
        "import streamlit as st\n@st.cache_resource\ndef f():\n    return 1\n",
        "import streamlit as st\nf = st.cache_data(ttl=60)(len)\n",
        "from streamlit import cache_data\n",
    ],
    "definitions": [
        "def on_change():\n    pass\n",
        "async def later():\n    pass\n",
        "class Panel:\n    pass\n",
        "if True:\n    def nested():\n        pass\n",
    ],
    "lambdas": [
        "import streamlit as st\nst.button('x', on_click=lambda: None)\n",
        "key = lambda v: v\n",
        "from components.ui import widgets\nwidgets.Download('CSV', lambda: '', 'a.csv', key=lambda: 'k')\n",
    ],
    "downloads": [
        "import streamlit as st\nst.download_button('CSV', data='x', file_name='a.csv')\n",
        "import streamlit as st\ncol = st.columns(2)[0]\ncol.download_button('CSV', data='x')\n",
        "from streamlit import download_button\n",
    ],
    "imports": [
        "from components.data.filters import group_names\n",
        "from components.url.view_state import Param\n",
        "from components.geo import boundaries\n",
        "import pandas as pd\n",
        "from pathlib import Path\n",
        "import functools\n",
    ],
    "escaping": [
        "from components.ui import widgets\nx = widgets.md_text('a')\n",
        "from components.views.survey.published import md_escape\nst.markdown(md_escape('a'))\n",
    ],
    "pandas": [
        "shown = 1\ntable = shown.table.rename(columns={'a': 'A'})\n",
        "shown = 1\ntable = shown.table.set_index('a')\n",
        "shown = 1\ntable = shown.table[['a', 'b']]\n",
    ],
}


def _page(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pages").mkdir(exist_ok=True)
    path = tmp_path / "pages" / "demo.py"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", PAGE_RULES)
def test_a_page_that_only_lays_out_passes_every_rule(tmp_path: Path, rule: str):
    assert getattr(PageChecker(_page(tmp_path, GOOD_PAGE)), rule)() == []


@pytest.mark.parametrize(
    ("rule", "source"),
    [(rule, source) for rule, sources in BAD_PAGES.items() for source in sources],
)
def test_each_page_rule_catches_its_violation(tmp_path: Path, rule: str, source: str):
    problems = getattr(PageChecker(_page(tmp_path, source)), rule)()
    assert problems, f"rule {rule!r} missed:\n{source}"
    assert all(p.startswith("demo.py") for p in problems), problems


def test_every_page_rule_has_a_self_test():
    assert set(BAD_PAGES) == set(PAGE_RULES)


@pytest.mark.parametrize("module", COMPONENT_MODULES, **_component_ids)
def test_component_module_is_at_most_600_lines(module: Path):
    n = len(module.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, (
        f"{_rel(module)} is {n} lines (limit {MAX_MODULE_LINES}): split it into a package along its "
        f"concerns (e.g. {_rel(module.with_suffix(''))}/<concern>.py) and split its test file the same way"
    )


# Tests mirror the code: components/<path>/<m>.py → tests/components/<path>/test_<m>.py.
def mirrored_test(module: Path, components: Path = COMPONENTS, tests: Path = TESTS) -> Path:
    """components/views/map/maps.py → tests/components/views/map/test_maps.py."""
    rel = module.relative_to(components)
    return tests / "components" / rel.parent / f"test_{rel.name}"


TESTED_MODULES = [
    p for p in COMPONENT_MODULES if p.name != "__init__.py" and _rel(p, COMPONENTS) not in UNMIRRORED
]


@pytest.mark.parametrize("module", TESTED_MODULES, **_component_ids)
def test_component_module_has_a_mirrored_test_file(module: Path):
    rel = _rel(module, COMPONENTS)
    test = mirrored_test(module)
    assert test.exists(), (
        f"components/{rel} has no {_rel(test)}: create it (move this module's tests there if they live "
        f"in another file), or add '{rel}' to UNMIRRORED in tests/test_architecture.py with the reason"
    )


def test_unmirrored_lists_only_modules_that_exist_and_have_no_test():
    stale = [rel for rel in UNMIRRORED if not (COMPONENTS / rel).exists()]
    tested = [rel for rel in UNMIRRORED if mirrored_test(COMPONENTS / rel).exists()]
    assert not stale, f"UNMIRRORED lists modules that no longer exist: {stale}; remove them"
    assert not tested, f"UNMIRRORED lists modules that now have a mirrored test: {tested}; remove them"


def test_mirrored_test_path():
    assert mirrored_test(COMPONENTS / "views/map/maps.py") == TESTS / "components/views/map/test_maps.py"
    assert mirrored_test(COMPONENTS / "validate.py") == TESTS / "components/test_validate.py"
