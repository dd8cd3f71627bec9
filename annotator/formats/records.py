"""The records every format reads into and writes from.

A format module turns a file into `DocumentRecord`s (plus the problems it found) and records
back into a file; the import and export services move records in and out of the database.
Offsets are code points into `DocumentRecord.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class EntityLinkRecord:
    """A span's link to a registry entity, by uid (native) or by name."""

    role: str
    entity_uid: str | None = None
    entity_name: str | None = None


@dataclass
class AnnotationRecord:
    start: int
    end: int
    label: str
    #: None means "take it from the text"; when given it must equal text[start:end].
    quote: str | None = None
    annotator: str | None = None
    uid: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    origin: str = "import"
    prefix: str | None = None
    suffix: str | None = None
    version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    entities: list[EntityLinkRecord] = field(default_factory=list)
    #: Where the record came from, for error messages: "file, line 12" or "task 7".
    source: str | None = None


@dataclass
class GoldRecord(AnnotationRecord):
    provenance: str = "imported"
    source_uids: list[str] = field(default_factory=list)
    chosen_from: str | None = None
    curator: str | None = None


@dataclass
class DocumentLabelRecord:
    label: str
    annotator: str | None = None
    created_at: datetime | None = None


@dataclass
class DocumentRecord:
    text: str
    title: str = ""
    url: str | None = None
    #: Outlet by registry uid (native format) or name.
    outlet_uid: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None
    external_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    parts: list[dict[str, Any]] = field(default_factory=list)
    uid: str | None = None
    text_sha256: str | None = None
    created_at: datetime | None = None
    import_batch: str | None = None
    annotations: list[AnnotationRecord] = field(default_factory=list)
    document_labels: list[DocumentLabelRecord] = field(default_factory=list)
    gold: list[GoldRecord] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    #: Where the record came from, for error messages.
    source: str | None = None


@dataclass
class EntityRecord:
    """A registry entry (outlet, organisation, ...) as exchanged in the native format."""

    kind: str
    name: str
    uid: str | None = None
    country: str | None = None
    description: str = ""
    domains: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    merged_into_uid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    source: str | None = None


@dataclass
class Manifest:
    """What an export carries about itself."""

    format: str
    format_version: int
    tool_version: str
    project: dict[str, Any]
    codebook: dict[str, Any]
    counts: dict[str, int]
    #: sha256 over the exported documents' text hashes, in export order.
    texts_sha256: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
