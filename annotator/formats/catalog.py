"""The one list of exchange formats: name -> module. An unknown name raises.

Each module exports and imports, and provides what `protocol.ExchangeFormat` states: the lists
below are typed with it, so mypy checks every module against the protocol. `detect` guesses
the format of an input from its name and first bytes, for `import` without `--format`:
`detect` for a file or folder of the command line, `detect_data` for an upload (bytes).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import InvalidInput
from . import brat, csv_rows, labelstudio, native_jsonl, semeval, w3c
from .protocol import BundleFormat, ExchangeFormat, FileFormat

_FILE_FORMATS: tuple[FileFormat, ...] = (native_jsonl, csv_rows, w3c, labelstudio)
_BUNDLE_FORMATS: tuple[BundleFormat, ...] = (brat, semeval)
_ALL: tuple[ExchangeFormat, ...] = (*_FILE_FORMATS, *_BUNDLE_FORMATS)
FORMATS: dict[str, ExchangeFormat] = {m.NAME: m for m in _ALL}
#: Formats that only bring articles in (no annotations, no export).
ARTICLE_FORMATS = ("txt", "html", "url")


def names() -> list[str]:
    return list(FORMATS)


def get_format(name: str) -> ExchangeFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(f"unknown format {name!r}; known: {', '.join(FORMATS)}", field="format") from None


_PEEK = 4096


def _peek(head: bytes) -> str:
    return head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")


def _detect_names(names: list[str]) -> str | None:
    if any(n.endswith(".ann") for n in names):
        return brat.NAME
    if any(n.endswith(".labels") for n in names):
        return semeval.NAME
    return None


def detect(path: Path) -> str | None:
    """A format name for `path`, or None for a folder of article files to take one by one."""
    if path.is_dir():
        return _detect_names([p.name for p in path.rglob("*") if p.is_file()])

    def head() -> str:
        with path.open("rb") as fp:
            return _peek(fp.read(_PEEK))

    return _detect_file(path.name, str(path), head, lambda: zipfile.ZipFile(path))


def detect_data(name: str, data: bytes) -> str:
    """A format name for an upload called `name` holding `data`."""
    return _detect_file(name, name, lambda: _peek(data[:_PEEK]), lambda: zipfile.ZipFile(io.BytesIO(data)))


def _detect_file(name: str, source: str, head: Callable[[], str], archive: Callable[[], zipfile.ZipFile]) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        try:
            with archive() as opened:
                found = _detect_names(opened.namelist())
        except zipfile.BadZipFile as error:
            raise InvalidInput(f"not a zip file: {error}", file=source) from error
        if found is None:
            raise InvalidInput("a zip with neither .ann nor .labels files: say --format", file=source)
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
        start = head()
        if start.startswith("["):
            return labelstudio.NAME
        if '"AnnotationCollection"' in start or "anno.jsonld" in start or '"Annotation"' in start:
            return w3c.NAME
        if '"data"' in start:
            return labelstudio.NAME
    raise InvalidInput("cannot tell the format of this file: say --format", file=source)
