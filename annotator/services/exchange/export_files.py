"""Writing an export to a file, a folder or a zip, in any catalog format, safely.

The writer streams records from `open_export` into a temporary file (or folder) beside the
destination, which replaces the destination only when everything was written: a refused or
failed export never leaves half a file where the user expects a whole one. Formats whose file
cannot hold the manifest (CSV, Label Studio) get it beside them as `<file>.manifest.json`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import IO

from ...db import Database
from ...errors import InvalidInput
from ...formats import native_jsonl
from ...formats.base import manifest_json
from ...formats.bundle import DirSink, ZipSink
from ...formats.catalog import get_format
from ...formats.records import Manifest
from ..actor import Actor
from .data_export import ExportFilter, ExportStream, open_export


@dataclass(frozen=True)
class ExportSummary:
    format: str
    paths: tuple[Path, ...]
    documents: int
    #: Spans in the export (annotations and gold, as counted for the manifest).
    annotations: int


def _format_id(module: ModuleType) -> str:
    return native_jsonl.FORMAT_ID if module is native_jsonl else f"annotator-{module.NAME}"


def default_filename(project_name: str, fmt: str) -> str:
    module = get_format(fmt)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", project_name).strip("-.") or "export"
    suffix: str = {"labelstudio": ".labelstudio.json", "semeval": ".semeval.zip", "brat": ".brat.zip"}.get(
        fmt, module.EXTENSIONS[0])
    return stem + suffix


@contextmanager
def _stream(db: Database, actor: Actor, project_id: int, module: ModuleType,
            filters: ExportFilter | None) -> Iterator[ExportStream]:
    flt = filters or ExportFilter()
    # Deleted spans travel only in the native format, where they can be restored.
    flt = ExportFilter(**{**asdict(flt), "include_deleted": module is native_jsonl and flt.include_deleted})
    with open_export(db, actor, project_id, fmt=_format_id(module), filters=flt) as stream:
        yield stream


def _readable(path: Path, *, folder: bool = False) -> None:
    """mkstemp/mkdtemp make private files; an export gets the usual permissions (umask)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod((0o777 if folder else 0o666) & ~umask)


def _spans(manifest: Manifest) -> int:
    return manifest.counts.get("annotations", 0) + manifest.counts.get("gold", 0)


def export_to_stream(db: Database, actor: Actor, project_id: int, fmt: str, fp: IO[str],
                     filters: ExportFilter | None = None) -> ExportSummary:
    """A file format written to an open text stream (e.g. standard output); no sidecar."""
    module = get_format(fmt)
    if module.KIND != "file":
        raise InvalidInput(f"{fmt} writes several files: give a folder or a .zip as output", field="output")
    with _stream(db, actor, project_id, module, filters) as stream:
        count = module.write(stream.manifest, stream.entities, stream.records, fp)
    return ExportSummary(fmt, (), count, _spans(stream.manifest))


def export_to_path(db: Database, actor: Actor, project_id: int, fmt: str, destination: Path,
                   filters: ExportFilter | None = None) -> ExportSummary:
    """Write the export at `destination`: a file, or for brat / SemEval a .zip or a folder."""
    module = get_format(fmt)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if module.KIND == "bundle" and destination.suffix.lower() != ".zip":
        return _to_folder(db, actor, project_id, module, destination, filters)
    handle, name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        with _stream(db, actor, project_id, module, filters) as stream:
            if module.KIND == "bundle":
                with partial.open("wb") as raw:
                    sink = ZipSink(raw)
                    try:
                        count = module.write(stream.manifest, stream.entities, stream.records, sink)
                    finally:
                        sink.close()
            else:
                with partial.open("w", encoding="utf-8", newline="") as fp:
                    count = module.write(stream.manifest, stream.entities, stream.records, fp)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _readable(partial)
    os.replace(partial, destination)
    paths = [destination]
    if module.SIDECAR:
        extras = {".manifest.json": manifest_json(stream.manifest)}
        if hasattr(module, "sidecars"):
            extras.update(module.sidecars(stream.manifest))
        for suffix, text in extras.items():
            side = destination.with_name(destination.name + suffix)
            side.write_text(text, encoding="utf-8")
            paths.append(side)
    return ExportSummary(fmt, tuple(paths), count, _spans(stream.manifest))


def _to_folder(db: Database, actor: Actor, project_id: int, module: ModuleType, destination: Path,
               filters: ExportFilter | None) -> ExportSummary:
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise InvalidInput("exists already and is not an empty folder: choose a new one", file=str(destination),
                           field="output")
    partial = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"))
    try:
        with _stream(db, actor, project_id, module, filters) as stream:
            count = module.write(stream.manifest, stream.entities, stream.records, DirSink(partial))
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if destination.exists():
        destination.rmdir()
    _readable(partial, folder=True)
    os.replace(partial, destination)
    return ExportSummary(module.NAME, (destination,), count, _spans(stream.manifest))
