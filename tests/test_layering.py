"""Imports point one way: ui and cli -> services -> models/db; the pure packages stay pure;
pages reach each other only through annotator.ui.routes; the import graph has no cycle; the
service domains import each other along a declared acyclic graph."""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"

# package prefix -> modules it must never import
RULES = {
    "annotator/spans.py": {"streamlit", "sqlalchemy"},
    "annotator/formats": {"streamlit"},
    "annotator/agreement": {"streamlit", "sqlalchemy", "annotator.services", "annotator.models"},
    # The metric library stands alone; the study computes through it, never the reverse.
    "annotator/agreement/metrics": {"annotator.agreement.study"},
    "annotator/agreement/__init__.py": {"annotator.agreement.study"},
    "annotator/codebooks": {"streamlit", "sqlalchemy"},
    "annotator/suggest": {"streamlit", "sqlalchemy"},
    "annotator/claims": {"streamlit", "sqlalchemy", "annotator.services", "annotator.models", "annotator.ui",
                         "annotator.cli", "annotator.db"},
    "annotator/services": {"streamlit", "annotator.ui", "annotator.cli"},
    "annotator/models": {"streamlit", "annotator.services"},
    "annotator/ingest": {"streamlit"},
    "annotator/charts": {"streamlit", "sqlalchemy"},
    "annotator/domains.py": {"streamlit", "sqlalchemy"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = "annotator." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")[: -node.level]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            # `from .. import study` names a module too
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_imports_point_one_way() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        for prefix, banned in RULES.items():
            if relative.startswith(prefix):
                for name in _imports(path):
                    if any(name == b or name.startswith(b + ".") for b in banned):
                        problems.append(f"{relative} imports {name}")
    assert problems == []


def test_only_ui_imports_streamlit() -> None:
    offenders = [
        str(p.relative_to(PACKAGE.parent))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts and any(n.split(".")[0] == "streamlit" for n in _imports(p))
    ]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that runs: at module level and inside functions and classes alike (an
    import moved into a function to dodge a cycle still closes it), but not those under
    `if TYPE_CHECKING:`, which never run."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _known(name: str) -> str | None:
    """The annotator module `name` loads: itself, or the nearest enclosing module (for
    `from package.module import function`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _dependencies(path: Path) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_statements(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            targets = [f"{source}.{alias.name}" for alias in node.names]
        found.update(t for t in map(_known, targets) if t is not None and t != name)
    return found


GRAPH = {name: _dependencies(path) for name, path in MODULES.items()}
PAGES = "annotator.ui.pages"


def test_the_import_graph_has_no_cycle() -> None:
    try:
        graphlib.TopologicalSorter(GRAPH).prepare()
    except graphlib.CycleError as error:
        raise AssertionError("import cycle: " + " -> ".join(error.args[1])) from None


def test_pages_are_reached_only_through_routes() -> None:
    """No module imports a page, pages included: routes names them and imports each on its
    first draw, and a page links to another with routes.switch_to / link / open_document."""
    offenders = [f"{name} imports {target}" for name, targets in GRAPH.items()
                 for target in targets if target.startswith(PAGES + ".")]
    assert offenders == []


def test_only_routes_makes_pages_and_links() -> None:
    """st.Page, st.navigation, st.switch_page and page_link belong to annotator.ui.routes."""
    offenders = []
    for name, path in MODULES.items():
        if name == "annotator.ui.routes":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                node.attr in {"switch_page", "page_link"}
                or (node.attr in {"Page", "navigation"} and isinstance(node.value, ast.Name) and node.value.id == "st")
            ):
                offenders.append(f"{name}:{node.lineno} uses {node.attr}")
    assert offenders == []


SERVICES = "annotator.services"
#: What every service domain shares stays at the top of services/; the rest lives in a domain.
SHARED_SERVICES = {"actor", "audit", "bulk", "in_batches", "names", "paging", "permissions", "unit", "views"}
#: Service package -> the service packages it may import (the shared modules aside). A new
#: arrow here is a decision about the design, not a convenience: the graph must stay acyclic.
SERVICE_PACKAGES: dict[str, set[str]] = {
    "accounts": set(),
    "registry": set(),
    "annotation": {"registry"},  # a document gets its outlet from the registry
    # curation writes gold spans; projects pin a codebook; a project admin invites a new account
    "team": {"annotation", "accounts"},
    "claims": {"annotation", "registry"},  # groups of Claim spans; a spread shows outlets' funding
    # an import writes into all of them, and makes accounts for the names it does not know
    "exchange": {"annotation", "registry", "team", "claims", "accounts"},
}


def _service_package(module: str) -> str | None:
    """'registry' for annotator.services.registry(.x); None for a shared module or outside."""
    parts = module.split(".")
    if parts[:2] != SERVICES.split(".") or len(parts) < 3 or parts[2] in SHARED_SERVICES:
        return None
    return parts[2]


def test_services_are_grouped_by_domain() -> None:
    top = {name.split(".")[2] for name in MODULES if name.startswith(SERVICES + ".")}
    assert top == SHARED_SERVICES | set(SERVICE_PACKAGES)
    for package in SERVICE_PACKAGES:
        assert f"{SERVICES}.{package}" in MODULES, f"services/{package}/ needs an __init__.py"


def test_service_packages_import_each_other_only_as_declared() -> None:
    """Shared modules import no domain; a domain imports another only along SERVICE_PACKAGES;
    no service module imports the UI or the command line."""
    offenders = []
    for name, targets in GRAPH.items():
        if not name.startswith(SERVICES + "."):
            continue
        mine = _service_package(name)
        allowed = SERVICE_PACKAGES.get(mine, set()) if mine else set()
        for target in targets:
            theirs = _service_package(target)
            if target.startswith(("annotator.ui", "annotator.cli")):
                offenders.append(f"{name} imports {target}")
            elif theirs is not None and theirs != mine and theirs not in allowed:
                offenders.append(f"{name} imports {target} ({mine or 'shared'} -> {theirs} is not declared)")
    assert offenders == []


def test_the_service_packages_form_no_cycle() -> None:
    try:
        graphlib.TopologicalSorter(SERVICE_PACKAGES).prepare()
    except graphlib.CycleError as error:
        raise AssertionError("service packages in a cycle: " + " -> ".join(error.args[1])) from None


# The web import reads bytes and fetches public URLs; opening server paths is the command
# line's alone (ingest.local, and the command line's entries in services/exchange/local_imports),
# so no module of the web path may import them (or the old loader).
WEB_PATH = ("annotator/ui", "annotator/services/exchange/imports.py", "annotator/services/exchange/import_preview.py",
            "annotator/services/exchange/label_mapping.py", "annotator/ingest/web.py", "annotator/ingest/readers.py")
PATH_LOADERS = {"annotator.ingest.local", "annotator.ingest.load", "annotator.services.exchange.local_imports"}


def test_the_web_import_cannot_reach_the_path_loader() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if relative.startswith(WEB_PATH):
            problems += [f"{relative} imports {name}" for name in _imports(path)
                         if any(name == b or name.startswith(b + ".") for b in PATH_LOADERS)]
    assert problems == []
    for module in ("web.py", "readers.py"):
        source = (PACKAGE / "ingest" / module).read_text(encoding="utf-8")
        names = _imports(PACKAGE / "ingest" / module)
        assert not names & {"pathlib", "os", "shutil", "tempfile", "glob"}, (module, names)
        assert "open(" not in source.replace("zip_bundle(", "").replace(".open(", ""), module


def test_nothing_the_pages_import_reaches_the_path_loader() -> None:
    """Not even through a chain of imports: whatever a ui module loads, and whatever that
    loads in turn, never includes the command line's path reader or its import entries."""
    reached: set[str] = set()
    stack = [name for name in GRAPH if name.startswith("annotator.ui")]
    while stack:
        name = stack.pop()
        if name not in reached:
            reached.add(name)
            stack.extend(GRAPH.get(name, ()))
    assert sorted(reached & PATH_LOADERS) == []
