"""The command line's way in: files, folders and zips on this machine, and http(s) URLs;
and registry files on this machine.

Only `python -m annotator import PATH` comes here: the command line runs as the server's own
user, who may read these files anyway. The web page has its own way in (`ingest.web`), which
takes bytes and addresses and cannot reach this module (a test checks the imports).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ..config import Settings
from ..errors import InvalidInput
from ..formats.bundle import open_bundle
from ..formats.catalog import ARTICLE_FORMATS, detect, get_format
from ..formats.input_checks import check_size
from .readers import Loaded, Reading

_FOLDER_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def load_paths(inputs: Sequence[str | Path], *, fmt: str | None, settings: Settings) -> Loaded:
    """Every input read into records (the format given, else detected per input), with every
    problem found; nothing touches the database."""
    if fmt is not None and fmt not in ARTICLE_FORMATS:
        get_format(fmt)  # an unknown name raises here, before anything is read
    reading = Reading(settings)
    for raw in inputs:
        reading.attempt(_load_one, reading, str(raw), fmt)
    return reading.finish()


def _load_one(reading: Reading, raw: str, fmt: str | None) -> None:
    if is_url(raw) or fmt == "url":
        if not is_url(raw):
            raise InvalidInput("not an http:// or https:// address", file=raw)
        reading.page(raw)
        return
    path = Path(raw)
    if not path.exists():
        raise InvalidInput("no such file or folder", file=raw)
    if path.is_file() and reading.sidecar(path.name, lambda: _text_of(path, reading), source=raw):
        return
    chosen = fmt or detect(path, reading.bundle_limits)
    if chosen is None:  # a folder of article files (and JSON lines), each taken on its own
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _FOLDER_SUFFIXES)
        if not files:
            raise InvalidInput("no .txt, .jsonl or .html files found", file=raw)
        for file in files:
            reading.attempt(_load_file, reading, file, _FOLDER_SUFFIXES[file.suffix.lower()])
        return
    if path.is_dir() and chosen in ("txt", "html"):
        suffixes = (".txt",) if chosen == "txt" else (".html", ".htm")
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes):
            _load_file(reading, file, chosen)
        return
    _load_file(reading, path, chosen)


def _text_of(path: Path, reading: Reading) -> str:
    check_size(path, reading.settings.max_import_bytes)
    return path.read_text(encoding="utf-8-sig")


def _load_file(reading: Reading, path: Path, fmt: str) -> None:
    source = str(path)
    settings = reading.settings
    if fmt in ("txt", "html"):
        check_size(path, settings.max_import_bytes)
        reading.article(path.read_bytes(), fmt, name=path.name, source=source)
        return

    def text() -> IO[str]:
        if path.is_dir():
            raise InvalidInput(f"{fmt} reads a file, not a folder", file=source)
        check_size(path, settings.max_import_bytes)
        return path.open(encoding="utf-8-sig", newline="")

    reading.formatted(fmt, source=source, text=text, bundle=lambda: open_bundle(path, reading.bundle_limits))


def read_registry_paths(inputs: Sequence[str]) -> dict[str, bytes]:
    """Registry files on this machine as name -> content, for the registry import: files with
    a registry suffix, and the CSV tables of a folder."""
    from ..formats.registry.files import EXTENSIONS as REGISTRY_EXTENSIONS

    files: dict[str, bytes] = {}
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
            if not found:
                raise InvalidInput("no CSV tables in this folder", file=raw)
            files.update({str(p): p.read_bytes() for p in found})
        elif path.is_file():
            if path.suffix.lower() not in REGISTRY_EXTENSIONS:
                raise InvalidInput(f"not a registry file (expected {', '.join(REGISTRY_EXTENSIONS)})", file=raw)
            files[str(path)] = path.read_bytes()
        else:
            raise InvalidInput("no such file or folder", file=raw)
    return files
