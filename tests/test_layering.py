"""Imports point one way: ui and cli -> services -> models/db; the pure packages stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"

# package prefix -> modules it must never import
RULES = {
    "annotator/spans.py": {"streamlit", "sqlalchemy"},
    "annotator/formats": {"streamlit"},
    "annotator/agreement": {"streamlit", "sqlalchemy", "annotator.services", "annotator.models"},
    "annotator/codebooks": {"streamlit", "sqlalchemy"},
    "annotator/suggest": {"streamlit", "sqlalchemy"},
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
                base = module.split(".")[: -node.level]
                names.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                names.add(node.module)
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


# The web import reads bytes and fetches public URLs; opening server paths is the command
# line's alone (ingest.local), so no module of the web path may import it (or the old loader).
WEB_PATH = ("annotator/ui", "annotator/services/uploads.py", "annotator/ingest/web.py", "annotator/ingest/readers.py")
PATH_LOADERS = {"annotator.ingest.local", "annotator.ingest.load"}


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
