"""The package layout keeps the architecture it shows (issue 17).

Read from the source with :mod:`ast`, so these run in milliseconds and load
nothing: a new import circle, a second chromadb importer, an error class outside
``rag/errors.py`` or the environment read outside ``Settings`` fails here, naming
the file, before a reviewer has to spot it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("rag", "ingest", "ui")
MAX_MODULE_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((REPO / package).rglob("*.py"))


def type_checking_imports(tree: ast.Module) -> set[ast.AST]:
    """Import statements under ``if TYPE_CHECKING:``: annotations, not dependencies."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.body:
                guarded.update(ast.walk(child))
    return guarded


def imported_modules(path: Path, known: set[str], *, runtime_only: bool = False) -> set[str]:
    """Our modules that ``path`` imports, at module level or inside functions.

    ``from rag.study import quiz`` names the module ``rag.study.quiz`` when that is a
    module of ours, else the package ``rag.study``. With ``runtime_only``, imports
    made only for type checkers are left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = type_checking_imports(tree) if runtime_only else set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph(*, runtime_only: bool = False) -> dict[str, set[str]]:
    files = {module_name(path): path for path in source_files()}
    known = set(files)
    graph = {}
    for name, path in files.items():
        # A package's __init__ is imported with each of its modules; an edge from a
        # module to its own package's __init__ is that, not a design choice.
        edges = imported_modules(path, known, runtime_only=runtime_only) - {name}
        graph[name] = {e for e in edges if not name.startswith(e + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_reports_a_circle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def component(module: str) -> str:
    """The architectural part a module belongs to: ``rag.retrieval``, ``ingest``, ``ui``...

    Top-level modules of ``rag`` (settings, errors, schema, assistant, uploads) are
    parts of their own.
    """
    parts = module.split(".")
    if parts[0] == "rag" and len(parts) > 1 and (REPO / "rag" / parts[1]).is_dir():
        return f"rag.{parts[1]}"
    return module if parts[0] == "rag" else parts[0]


def test_packages_depend_in_one_direction() -> None:
    """No two parts import each other (text < retrieval < answer < study, ...).

    The module graph can be free of circles while two packages still lean on each
    other through different modules; then neither can be understood or replaced
    alone. ``rag/__init__`` only re-exports, lazily, so it is no part.
    """
    graph: dict[str, set[str]] = {}
    for module, imports in import_graph(runtime_only=True).items():
        if module == "rag":
            continue
        source = component(module)
        graph.setdefault(source, set()).update(
            target for target in map(component, imports) if target not in (source, "rag")
        )
    cycle = find_cycle(graph)
    assert cycle is None, "packages import each other: " + " -> ".join(cycle or [])


def test_only_the_store_imports_chromadb() -> None:
    graph_files = [p for p in source_files() if "chromadb" in p.read_text(encoding="utf-8")]
    importers = [
        module_name(p)
        for p in graph_files
        if any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "chromadb" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "chromadb")
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    ]
    assert importers == ["rag.retrieval.store"]


def test_every_error_class_lives_in_errors_module() -> None:
    strays = []
    for path in source_files():
        if path == REPO / "rag" / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name | ast.Attribute)
                and ast.unparse(base).endswith(("Error", "Exception"))
                for base in node.bases
            ):
                strays.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}")
    assert strays == []


def test_environment_is_read_only_through_settings() -> None:
    """``os.environ`` / ``os.getenv`` reads belong in rag/settings.py.

    Setting a default for a library (``os.environ.setdefault``) and handing the
    environment to a child process (``dict(os.environ)``) are not reads of our
    configuration and are allowed.
    """
    readers = []
    for path in source_files():
        if path == REPO / "rag" / "settings.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            text = (
                ast.unparse(node)
                if isinstance(node, ast.Call | ast.Subscript | ast.Compare)
                else ""
            )
            if isinstance(node, ast.Call) and text.startswith(("os.getenv(", "os.environ.get(")):
                readers.append(f"{path.relative_to(REPO)}:{node.lineno} {text[:60]}")
            elif isinstance(node, ast.Subscript) and text.startswith("os.environ["):
                if not isinstance(getattr(node, "ctx", None), ast.Store):
                    readers.append(f"{path.relative_to(REPO)}:{node.lineno} {text[:60]}")
            elif isinstance(node, ast.Compare) and "os.environ" in text:
                readers.append(f"{path.relative_to(REPO)}:{node.lineno} {text[:60]}")
    assert readers == []


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(REPO)))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(REPO)} has {lines} lines"


def test_ui_imports_only_the_public_api() -> None:
    """Pages use what ``rag`` (and its study packages) export, not internals."""
    public = {"rag", "rag.study.quiz", "rag.study.coverage"}
    private = []
    for path in sorted((REPO / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rag"):
                module = node.module or ""
                if module == "rag.study" and all(
                    a.name in ("quiz", "coverage") for a in node.names
                ):
                    continue
                if module not in public:
                    private.append(f"{path.relative_to(REPO)}:{node.lineno} {module}")
    assert private == []


@pytest.mark.parametrize(
    "path",
    [REPO / "ui" / "app.py", *sorted((REPO / "ui" / "views").glob("[0-9]*.py"))],
    ids=lambda path: path.name,
)
def test_page_scripts_have_no_bare_strings(path: Path) -> None:
    """Streamlit's "magic" writes a page script's bare expressions onto the page.

    An attribute docstring under a constant of the Coverage page ("Streamlit's own icon
    font: emoji verdicts showed as empty boxes…") appeared above the page's title.
    """
    body = ast.parse(path.read_text(encoding="utf-8")).body
    bare = [
        node.lineno
        for node in body[1:]  # the module docstring is not shown
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert not bare, f"{path.name}: bare strings at lines {bare} would show on the page"
