"""Exports of a project and of the registry: the one way out for the pages and the command line.

A project export goes to a path (a file with the sidecars its format names beside it, or for a
bundle format a folder or a .zip), to an open text stream (standard output; file formats only),
or to bytes (a page's download button). The filters and the actor's visibility apply alike
(data_export.open_export), and whatever differs by format comes from the format
(formats/protocol.py), never from its name. The registry leaves the same three ways, in the
registry formats (formats/registry/).
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ...db import Database
from ...errors import InvalidInput
from ...formats.base import manifest_json
from ...formats.bundle import DirSink, ZipSink
from ...formats.catalog import get_format
from ...formats.protocol import ExchangeFormat, FileFormat
from ...formats.records import EntityRecord, Manifest
from ..actor import Actor
from .data_export import ExportFilter, ExportStream, open_export
from .export_files import file_in_place, folder_in_place, write_beside
from .registry_export import export_registry

if TYPE_CHECKING:
    from ...formats.registry.files import RegistryFormat

# The claim lines (pydantic), the relation table (csv_rows) and the registry formats are
# imported where they are used: an export in one format does not pay for them at its start.


@dataclass(frozen=True)
class ExportSummary:
    format: str
    paths: tuple[Path, ...]
    documents: int
    #: Spans in the export (annotations and gold, as counted for the manifest).
    annotations: int
    #: What the format has no place for (its manifest's `carries_no`).
    left_out: tuple[str, ...] = ()


def default_filename(project_name: str, fmt: str) -> str:
    """The project's name, made safe for a file name, with the format's export suffix."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", project_name).strip("-.") or "export"
    return stem + get_format(fmt).EXPORT_SUFFIX


def missing_layer_choice(fmt: str, filters: ExportFilter) -> str | None:
    """What a single-layer format (SemEval) still needs before an export with these filters
    can be made (one annotator, or the gold layer), or None when nothing."""
    single = get_format(fmt).SINGLE_LAYER
    if single is None or filters.gold_only or len(filters.annotators) == 1:
        return None
    return f"{single}: choose one annotator, or the gold layer."


@contextmanager
def _stream(db: Database, actor: Actor, project_id: int, module: ExchangeFormat,
            filters: ExportFilter | None) -> Iterator[ExportStream]:
    flt = filters or ExportFilter()
    # Deleted spans travel in a lossless format, where they can be restored, and only there,
    # whichever entry asks (the page built its filter without them, so its native download
    # lost what the command line's kept).
    flt = replace(flt, include_deleted=module.LOSSLESS)
    with open_export(db, actor, project_id, fmt=module.FORMAT_ID, filters=flt, claims=module.LOSSLESS) as stream:
        # Every manifest names what its format leaves out, so that nothing goes without a word.
        stream.manifest = stream.manifest.leaving_out(module.CARRIES_NO)
        yield stream


def _spans(manifest: Manifest) -> int:
    return manifest.counts.get("annotations", 0) + manifest.counts.get("gold", 0)


def _write_text(module: FileFormat, stream: ExportStream, fp: IO[str]) -> int:
    """A file format's text; a lossless one carries the claim groups and fact-checks too, in
    lines of their own after the documents (formats/claim_lines.py)."""
    count = module.write(stream.manifest, stream.entities, stream.records, fp)
    if module.LOSSLESS:
        from ...formats import claim_lines

        claim_lines.write(stream.claim_groups, stream.fact_checks, fp)
    return count


def _write_file(module: ExchangeFormat, stream: ExportStream, path: Path) -> int:
    """The export as one file at `path`: a file format's text, or a bundle format's zip."""
    if module.KIND == "bundle":
        with path.open("wb") as raw:
            sink = ZipSink(raw)
            try:
                return module.write(stream.manifest, stream.entities, stream.records, sink)
            finally:
                sink.close()
    with path.open("w", encoding="utf-8", newline="") as fp:
        return _write_text(module, stream, fp)


def export_to_stream(db: Database, actor: Actor, project_id: int, fmt: str, fp: IO[str],
                     filters: ExportFilter | None = None) -> ExportSummary:
    """A file format written to an open text stream (e.g. standard output); no sidecar."""
    module = get_format(fmt)
    if module.KIND == "bundle":
        raise InvalidInput(f"{fmt} writes several files: give a folder or a .zip as output", field="output")
    with _stream(db, actor, project_id, module, filters) as stream:
        count = _write_text(module, stream, fp)
    return ExportSummary(fmt, (), count, _spans(stream.manifest), module.CARRIES_NO)


def export_to_path(db: Database, actor: Actor, project_id: int, fmt: str, destination: Path,
                   filters: ExportFilter | None = None) -> ExportSummary:
    """Write the export at `destination`: a file, or for a bundle format a .zip or a folder.
    Nothing is left there when the export is refused or fails."""
    module = get_format(fmt)
    destination = Path(destination)
    if module.KIND == "bundle" and destination.suffix.lower() != ".zip":
        with folder_in_place(destination) as partial, _stream(db, actor, project_id, module, filters) as stream:
            count = module.write(stream.manifest, stream.entities, stream.records, DirSink(partial))
        return ExportSummary(fmt, (destination,), count, _spans(stream.manifest), module.CARRIES_NO)
    table = destination.with_name(destination.name + module.RELATION_TABLE) if module.RELATION_TABLE else None
    with file_in_place(destination) as partial, _stream(db, actor, project_id, module, filters) as stream, \
            _relation_table(stream, table):
        count = _write_file(module, stream, partial)
    paths = (destination, *([table] if table else []), *write_beside(destination, module.sidecars(stream.manifest)))
    return ExportSummary(fmt, paths, count, _spans(stream.manifest), module.CARRIES_NO)


@contextmanager
def _relation_table(stream: ExportStream, path: Path | None) -> Iterator[None]:
    """With `path`, the records' relations go to a relation table there as the writer consumes
    the records (one pass over the project); put into place when the export is whole."""
    if path is None:
        yield
        return
    from ...formats.csv_rows import RelationTable

    with file_in_place(path) as partial, partial.open("w", encoding="utf-8", newline="") as fp:
        table = RelationTable(fp)
        stream.records = (table.add(record) for record in stream.records)
        yield


def export_relation_table(db: Database, actor: Actor, project_id: int, fmt: str,
                          filters: ExportFilter | None = None) -> bytes:
    """The relation table an export with these filters writes beside its file (CSV), as bytes
    for a download."""
    module = get_format(fmt)
    if not module.RELATION_TABLE:
        raise InvalidInput(f"{fmt} carries its relations in its own file", field="format")
    from ...formats.csv_rows import RelationTable

    text = io.StringIO(newline="")
    with _stream(db, actor, project_id, module, filters) as stream:
        table = RelationTable(text)
        for record in stream.records:
            table.add(record)
    return text.getvalue().encode("utf-8")


def export_to_bytes(db: Database, actor: Actor, project_id: int, fmt: str,
                    filters: ExportFilter | None = None) -> bytes:
    """The export's file (a bundle format's as a zip) as bytes, for a download."""
    name = "export" + get_format(fmt).EXPORT_SUFFIX
    with tempfile.TemporaryDirectory(prefix="annotator-export-") as directory:
        return export_to_path(db, actor, project_id, fmt, Path(directory) / name, filters).paths[0].read_bytes()


def export_manifest(db: Database, actor: Actor, project_id: int, fmt: str,
                    filters: ExportFilter | None = None) -> bytes:
    """The manifest an export with these filters carries (beside it, for CSV and Label Studio)."""
    with _stream(db, actor, project_id, get_format(fmt), filters) as stream:
        return manifest_json(stream.manifest).encode("utf-8")


# --- the registry ---------------------------------------------------------------------------


def _write_registry_file(module: RegistryFormat, entities: list[EntityRecord], fp: IO[bytes]) -> int:
    """The registry as one file: a file format's text, or a bundle format's zip."""
    if module.KIND == "bundle":
        sink = ZipSink(fp)
        try:
            return module.write(entities, sink)
        finally:
            sink.close()
    text = io.TextIOWrapper(fp, encoding="utf-8", newline="")
    try:
        return module.write(entities, text)
    finally:
        text.flush()
        text.detach()


def export_registry_to_stream(db: Database, actor: Actor, fmt: str, fp: IO[str]) -> int:
    """The whole registry in a file format written to an open text stream; returns the
    number of entities."""
    from ...formats.registry.files import get_registry_format

    module = get_registry_format(fmt)
    if module.KIND == "bundle":
        raise InvalidInput(f"{fmt} writes several files: give a folder or a .zip as output", field="output")
    return module.write(export_registry(db, actor), fp)


def export_registry_to_path(db: Database, actor: Actor, fmt: str, destination: Path) -> int:
    """The whole registry at `destination`: a file, or for a bundle format a .zip or a folder
    (whose tables are written into it, beside what it holds); returns the number of entities."""
    from ...formats.registry.files import get_registry_format

    module = get_registry_format(fmt)
    entities = export_registry(db, actor)
    destination = Path(destination)
    if module.KIND == "bundle" and destination.suffix.lower() != ".zip":
        destination.mkdir(parents=True, exist_ok=True)
        return module.write(entities, DirSink(destination))
    with file_in_place(destination) as partial, partial.open("wb") as fp:
        return _write_registry_file(module, entities, fp)


def export_registry_to_bytes(db: Database, actor: Actor, fmt: str) -> bytes:
    """The whole registry as one file's bytes (the CSV tables as a zip), for a download."""
    from ...formats.registry.files import get_registry_format

    buffer = io.BytesIO()
    _write_registry_file(get_registry_format(fmt), export_registry(db, actor), buffer)
    return buffer.getvalue()
