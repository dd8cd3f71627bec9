"""The native format: JSON Lines, lossless. A manifest line, the registry, then documents.

    {"type": "manifest", "format": "annotator-jsonl", "format_version": 1, ...}
    {"type": "entity", "uid": ..., "kind": "outlet", "name": ..., "domains": [...]}
    {"type": "document", "uid": ..., "text": ..., "annotations": [...], "gold": [...], ...}
    {"type": "claim_group", ...} and {"type": "fact_check", ...}   (claim_lines.py)

Everything a project holds travels: ids as uids, users as user names, timestamps as ISO 8601,
deleted spans with their deletion time. Exporting, importing into an empty database and
exporting again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Final

from pydantic import TypeAdapter, ValidationError

from ..amounts import plain_decimal
from ..errors import InvalidInput
from . import claim_lines
from .base import EXAMPLES, ReadResult, manifest_of
from .claim_records import ClaimGroupRecord
from .input_checks import RecordLimit, take
from .json_input import json_lines
from .records import DocumentRecord, EntityRecord, Manifest

NAME = "jsonl"
TITLE = "annotator JSONL (native, lossless)"
FORMAT_ID = "annotator-jsonl"
FORMAT_VERSION = 1
EXTENSIONS = (".jsonl",)
EXPORT_SUFFIX = ".jsonl"
MEDIA_TYPE = "application/x-ndjson"
KIND: Final = "file"
EXAMPLE = EXAMPLES / "example.jsonl"
SIDECARS = ()
LOSSLESS = True
CARRIES_NO: tuple[str, ...] = ()
SINGLE_LAYER = None
RELATION_TABLE = None

_documents = TypeAdapter(DocumentRecord)
_entities = TypeAdapter(EntityRecord)


def json_default(value: Any) -> Any:
    """Dates and times as ISO 8601, decimals (amounts) as their digits in text, so that no
    reader takes them for a float (json.dump's `default`)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_decimal(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_NAMES: dict[type, tuple[str, ...]] = {}
#: What a reader notes about a record, not part of it.
_UNWRITTEN = frozenset({"source", "uid_made"})


def plain(value: Any) -> Any:
    """Records as dicts in field order, without `source` (where a record was read from) and
    `uid_made` (whether its reader made its uid).
    A shallow walk (dataclasses.asdict deep-copies every value: 3x slower on large exports)."""
    kind = type(value)
    if kind is list:
        return [plain(v) for v in value]
    names = _NAMES.get(kind)
    if names is None:
        if not hasattr(kind, "__dataclass_fields__"):
            return value
        names = _NAMES[kind] = tuple(f.name for f in fields(kind) if f.name not in _UNWRITTEN)
    return {name: plain(getattr(value, name)) for name in names}


def _line(kind: str, data: Any) -> str:
    return json.dumps({"type": kind, **plain(data)}, ensure_ascii=False, default=json_default) + "\n"


def write(
    manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]
) -> int:
    """Write the file; returns the number of documents written."""
    fp.write(_line("manifest", manifest))
    for entity in entities:
        fp.write(_line("entity", entity))
    count = 0
    for record in records:
        fp.write(_line("document", record))
        count += 1
    return count


def sidecars(manifest: Manifest) -> dict[str, str]:
    """Nothing beside the file: its first line is the manifest."""
    return {}


def _strip_type(data: dict[str, Any], model: type) -> dict[str, Any]:
    known = {f.name for f in fields(model)}
    return {k: v for k, v in data.items() if k in known}


def iter_lines(fp: IO[str], source: str) -> Iterator[tuple[int, dict[str, Any] | InvalidInput]]:
    for number, data in json_lines(fp, source):
        if isinstance(data, InvalidInput):
            yield number, data
            continue
        if not isinstance(data, dict) or "type" not in data:
            yield number, InvalidInput("each line must be a JSON object with a 'type'", file=source, line=number, field="type")
            continue
        yield number, data


def read(fp: IO[str], *, source: str = "<jsonl>", limit: RecordLimit | None = None) -> ReadResult:
    """Parse a native file; problems are collected (file, line, field), not raised (but
    TooManyRecords ends the reading at the first record beyond `limit`)."""
    result = ReadResult()
    for number, data in iter_lines(fp, source):
        if isinstance(data, InvalidInput) or data.get("type") != "manifest":
            take(limit, 1, file=source, line=number)  # a line, even a bad one: the problems are kept too
        if isinstance(data, InvalidInput):
            result.issues.append(data)
            continue
        kind = data.pop("type")
        try:
            if kind == "manifest":
                if data.get("format") != FORMAT_ID:
                    raise InvalidInput(f"not an {FORMAT_ID} file (format {data.get('format')!r})", file=source, line=number, field="format")
                version = data.get("format_version", 0)
                if type(version) is not int:
                    raise InvalidInput("format_version must be a whole number", file=source, line=number,
                                       field="format_version")
                if version > FORMAT_VERSION:
                    raise InvalidInput(f"format version {data.get('format_version')} is newer than this tool reads ({FORMAT_VERSION})", file=source, line=number, field="format_version")
                result.manifest = manifest_of(_strip_type(data, Manifest), source, number)
                result.manifest_source = f"{source}, line {number}"
            elif kind == "entity":
                entity = _entities.validate_python(_strip_type(data, EntityRecord))
                entity.source = f"{source}, line {number}"
                result.entities.append(entity)
            elif kind == "document":
                record = _documents.validate_python(_strip_type(data, DocumentRecord))
                record.source = f"{source}, line {number}"
                take(limit, len(record.annotations) + len(record.gold) + len(record.relations) + len(record.gold_relations),
                     file=source, line=number)
                result.records.append(record)
            elif kind in claim_lines.KINDS:
                claim = claim_lines.read(kind, data, f"{source}, line {number}")
                if isinstance(claim, ClaimGroupRecord):
                    result.claim_groups.append(claim)
                else:
                    result.fact_checks.append(claim)
            else:
                result.issues.append(InvalidInput(f"unknown record type {kind!r}", file=source, line=number, field="type"))
        except ValidationError as error:
            result.issues.append(InvalidInput.from_validation(error, file=source, line=number))
        except InvalidInput as error:
            result.issues.append(error)
    if result.manifest is None and not result.issues:
        result.issues.append(InvalidInput("no manifest line: is this an annotator JSONL export?", file=source, line=1))
    return result
