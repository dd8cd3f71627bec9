"""Reading import inputs (files, folders, zips, URLs) in any format into records.

The one place that opens what a user hands to `import` or uploads: it picks the format (the
`--format` given, else `formats.catalog.detect`), applies the size limits of the settings
(largest file, largest total a zip may expand to, fetch time and size) and collects every
problem instead of stopping at the first. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..config import Settings
from ..errors import InvalidInput
from ..formats import native_jsonl
from ..formats.bundle import Limits, open_bundle
from ..formats.catalog import ARTICLE_FORMATS, detect, get_format
from ..formats.input_checks import check_size
from ..formats.records import DocumentRecord, EntityRecord, Manifest
from ..models import new_uid
from . import documents_jsonl
from .html import read_html
from .text import read_text_file
from .url import fetch

_FOLDER_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}


@dataclass
class Loaded:
    records: list[DocumentRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    manifest: Manifest | None = None
    issues: list[InvalidInput] = field(default_factory=list)
    #: A codebook the data implies (e.g. semeval2020-ptc), for a project this import creates.
    codebook: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def load_inputs(inputs: Sequence[str | Path], *, fmt: str | None, settings: Settings) -> Loaded:
    if fmt is not None and fmt not in ARTICLE_FORMATS:
        get_format(fmt)  # an unknown name raises here, before anything is read
    loaded = Loaded()
    batch = new_uid()[:8]
    for raw in inputs:
        try:
            _load_one(str(raw), fmt, settings, loaded, batch)
        except InvalidInput as error:
            loaded.issues.append(error)
    if not loaded.records and not loaded.issues:
        loaded.issues.append(InvalidInput("nothing to import (no documents found)"))
    return loaded


def _load_one(raw: str, fmt: str | None, settings: Settings, loaded: Loaded, batch: str) -> None:
    if is_url(raw) or fmt == "url":
        if not is_url(raw):
            raise InvalidInput("not an http:// or https:// address", file=raw)
        page = fetch(raw, timeout=settings.fetch_timeout, max_bytes=settings.max_import_bytes)
        loaded.records.append(read_html(page.data, source=raw, url=page.url, batch=batch))
        return
    path = Path(raw)
    if not path.exists():
        raise InvalidInput("no such file or folder", file=raw)
    chosen = fmt or detect(path)
    if chosen is None:  # a folder of article files (and JSON lines), each taken on its own
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _FOLDER_SUFFIXES)
        if not files:
            raise InvalidInput("no .txt, .jsonl or .html files found", file=raw)
        for file in files:
            try:
                _load_file(file, _FOLDER_SUFFIXES[file.suffix.lower()], settings, loaded, batch)
            except InvalidInput as error:
                loaded.issues.append(error)
        return
    if path.is_dir() and chosen in ("txt", "html"):
        suffixes = (".txt",) if chosen == "txt" else (".html", ".htm")
        for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes):
            _load_file(file, chosen, settings, loaded, batch)
        return
    _load_file(path, chosen, settings, loaded, batch)


def _load_file(path: Path, fmt: str, settings: Settings, loaded: Loaded, batch: str) -> None:
    source = str(path)
    if fmt in ("txt", "html"):
        check_size(path, settings.max_import_bytes)
        if fmt == "txt":
            loaded.records.append(read_text_file(path, batch=batch))
        else:
            loaded.records.append(read_html(path.read_bytes(), source=source, batch=batch))
        return
    module = get_format(fmt)
    if module.KIND == "bundle":
        bundle = open_bundle(path, Limits(settings.max_import_bytes, settings.max_unzipped_bytes))
        result = module.read(bundle, source=source)
    else:
        if path.is_dir():
            raise InvalidInput(f"{fmt} reads a file, not a folder", file=source)
        check_size(path, settings.max_import_bytes)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fp:
                if fmt == native_jsonl.NAME and not _is_native(fp):
                    records, problems = documents_jsonl.read(fp, source=source)
                    for record in records:
                        record.import_batch = batch
                    loaded.records += records
                    loaded.issues += problems
                    return
                result = module.read(fp, source=source)
        except UnicodeDecodeError as error:
            raise InvalidInput(f"not UTF-8 text (byte {error.start})", file=source) from error
    if module is not native_jsonl:  # the native format carries its own batches (or none)
        for record in result.records:
            record.import_batch = record.import_batch or batch
    loaded.records += result.records
    loaded.entities += result.entities
    loaded.issues += result.issues
    if result.manifest is not None and loaded.manifest is None:
        loaded.manifest = result.manifest
    loaded.codebook = loaded.codebook or result.codebook


def _is_native(fp: IO[str]) -> bool:
    """Does the file start with a native manifest line (else it holds articles, one per line)?
    The file is read again from its start afterwards."""
    first = fp.readline()
    fp.seek(0)
    return '"type"' in first and '"manifest"' in first
