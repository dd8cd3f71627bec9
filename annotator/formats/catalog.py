"""The one list of exchange formats: name -> module. An unknown name raises.

Each module exports and imports, and provides what `protocol.ExchangeFormat` states: the lists
below are typed with it, so mypy checks every module against the protocol. `detect` guesses
the format of an input from its name and first bytes, for `import` without `--format`:
`detect` for a file or folder of the command line, `detect_data` for an upload (bytes).

A format's module is imported when it is first asked for (`get_format`): an import or export
in one format does not pay for the other five (issue 18: a command's start). `FORMATS`, every
module by name, imports them all on first use (the Import / export page lists them).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from .bundle import Limits, open_zip

if TYPE_CHECKING:
    from . import brat, csv_rows, labelstudio, native_jsonl, semeval, w3c
    from .protocol import BundleFormat, ExchangeFormat, FileFormat

    _FILE_FORMATS: tuple[FileFormat, ...] = (native_jsonl, csv_rows, w3c, labelstudio)
    _BUNDLE_FORMATS: tuple[BundleFormat, ...] = (brat, semeval)
    _ALL: tuple[ExchangeFormat, ...] = (*_FILE_FORMATS, *_BUNDLE_FORMATS)
    FORMATS: dict[str, ExchangeFormat]

#: Format name (each module's NAME; tests/formats/test_catalog.py checks them) -> its module.
MODULES = {"jsonl": "native_jsonl", "csv": "csv_rows", "w3c": "w3c", "labelstudio": "labelstudio",
           "brat": "brat", "semeval": "semeval"}
#: Formats that only bring articles in (no annotations, no export).
ARTICLE_FORMATS = ("txt", "html", "url")


def names() -> list[str]:
    return list(MODULES)


def get_format(name: str) -> ExchangeFormat:
    try:
        module = MODULES[name]
    except KeyError:
        raise InvalidInput(f"unknown format {name!r}; known: {', '.join(MODULES)}", field="format") from None
    found: ExchangeFormat = import_module(f"{__package__}.{module}")
    return found


def __getattr__(name: str) -> Any:
    if name == "FORMATS":
        return {key: get_format(key) for key in MODULES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_PEEK = 4096


def _peek(head: bytes) -> str:
    return head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def _detect_names(names: list[str]) -> str | None:
    if any(n.endswith(".ann") for n in names):
        return "brat"
    if any(n.endswith(".labels") for n in names):
        return "semeval"
    return None


def detect(path: Path, limits: Limits) -> str | None:
    """A format name for `path`, or None for a folder of article files to take one by one. A
    zip's names are read within `limits` (its number of members)."""
    if path.is_dir():
        return _detect_names([p.name for p in path.rglob("*") if p.is_file()])

    def head() -> str:
        with path.open("rb") as fp:
            return _peek(fp.read(_PEEK))

    def names() -> list[str]:
        with path.open("rb") as fp, open_zip(fp, str(path), limits) as archive:
            return archive.namelist()

    return _detect_file(path.name, str(path), head, names)


def detect_data(name: str, data: bytes, limits: Limits) -> str:
    """A format name for an upload called `name` holding `data` (a zip's names read within `limits`)."""
    def names() -> list[str]:
        with open_zip(io.BytesIO(data), name, limits) as archive:
            return archive.namelist()

    return _detect_file(name, name, lambda: _peek(data[:_PEEK]), names)


def _detect_file(name: str, source: str, head: Callable[[], str], names: Callable[[], list[str]]) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        found = _detect_names(names())
        if found is None:
            raise InvalidInput("a zip with neither .ann nor .labels files: say --format", file=source)
        return found
    if suffix == ".jsonl":
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".txt":
        return "txt"
    if suffix in (".json", ".jsonld"):
        start = head()
        if start.startswith("["):
            return "labelstudio"
        if '"AnnotationCollection"' in start or "anno.jsonld" in start or '"Annotation"' in start:
            return "w3c"
        if '"data"' in start:
            return "labelstudio"
    raise InvalidInput("cannot tell the format of this file: say --format", file=source)
