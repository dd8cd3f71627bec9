"""The one list of exchange formats: name -> module. An unknown name raises.

Each module exports and imports (see base.py for what a module exposes). `detect` guesses
the format of an input from its name and first bytes, for `import` without `--format`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import ModuleType

from ..errors import InvalidInput
from . import brat, csv_rows, labelstudio, native_jsonl, semeval, w3c

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (native_jsonl, csv_rows, w3c, labelstudio, brat, semeval)}
#: Formats that only bring articles in (no annotations, no export).
ARTICLE_FORMATS = ("txt", "html", "url")


def names() -> list[str]:
    return list(FORMATS)


def get_format(name: str) -> ModuleType:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(f"unknown format {name!r}; known: {', '.join(FORMATS)}", field="format") from None


def _peek(path: Path, size: int = 4096) -> str:
    with path.open("rb") as fp:
        return fp.read(size).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def _detect_names(names: list[str]) -> str | None:
    if any(n.endswith(".ann") for n in names):
        return brat.NAME
    if any(n.endswith(".labels") for n in names):
        return semeval.NAME
    return None


def detect(path: Path) -> str | None:
    """A format name for `path`, or None for a folder of article files to take one by one."""
    suffix = path.suffix.lower()
    if path.is_dir():
        return _detect_names([p.name for p in path.rglob("*") if p.is_file()])
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                found = _detect_names(archive.namelist())
        except zipfile.BadZipFile as error:
            raise InvalidInput(f"not a zip file: {error}", file=str(path)) from error
        if found is None:
            raise InvalidInput("a zip with neither .ann nor .labels files: say --format", file=str(path))
        return found
    if suffix == ".jsonl":
        return native_jsonl.NAME
    if suffix == ".csv":
        return csv_rows.NAME
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".txt":
        return "txt"
    if suffix in (".json", ".jsonld"):
        head = _peek(path)
        if head.startswith("["):
            return labelstudio.NAME
        if '"AnnotationCollection"' in head or "anno.jsonld" in head or '"Annotation"' in head:
            return w3c.NAME
        if '"data"' in head:
            return labelstudio.NAME
    raise InvalidInput("cannot tell the format of this file: say --format", file=str(path))
