"""The records every format reads into and writes from.

A format module turns a file into `DocumentRecord`s (plus the problems it found) and records
back into a file; the import and export services move records in and out of the database.
Offsets are code points into `DocumentRecord.text`, end exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ..amounts import decimal_from_file


class _FileDecimal:
    """How pydantic reads an amount or share from a JSON file (amounts.decimal_from_file): text
    held to the rules of the CSV tables, and no JSON number whose digits a float may have
    changed. Marks the field in an `Annotated`; pydantic is imported only when it asks."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(decimal_from_file, handler(source))


FileDecimal = Annotated[Decimal | None, _FileDecimal()]


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
    #: The reader made `uid` (formats.base.EndUids: a relation names the span, the file gives
    #: it no id): the import matches it like a span without uid, by what it is.
    uid_made: bool = False


@dataclass
class GoldRecord(AnnotationRecord):
    provenance: str = "imported"
    source_uids: list[str] = field(default_factory=list)
    chosen_from: str | None = None
    curator: str | None = None


@dataclass
class RelationRecord:
    """A typed link between two spans of one document, named by the spans' uids (a reader
    gives uids to spans that have none when a relation names them). The relation belongs to
    the annotator of its spans; in `DocumentRecord.gold_relations` it joins two gold spans."""

    type: str
    from_uid: str
    to_uid: str
    uid: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    origin: str = "import"
    version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    #: The uid of the span whose deletion took this relation with it (restored with it).
    deleted_with: str | None = None
    source: str | None = None


@dataclass
class GoldRelationRecord(RelationRecord):
    source_uids: list[str] = field(default_factory=list)
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
    relations: list[RelationRecord] = field(default_factory=list)
    gold_relations: list[GoldRelationRecord] = field(default_factory=list)
    #: Where the record came from, for error messages.
    source: str | None = None


@dataclass
class FundingLinkRecord:
    """Money or control flowing from a funder to a recipient, with evidence and who says so.

    Entities are named by uid (native, JSON) or by name (hand-written CSV). Nested in an
    `EntityRecord.funding_received`, the recipient is that entity and is left out. A link
    without a funder is a donation channel open to the public."""

    kind: str
    attribution: str
    uid: str | None = None
    funder_uid: str | None = None
    funder: str | None = None
    recipient_uid: str | None = None
    recipient: str | None = None
    channel: str | None = None
    identifier: str | None = None
    evidence_url: str | None = None
    evidence_quote: str | None = None
    #: The document the evidence was found in, and code-point offsets into its text.
    evidence_document_uid: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    observed_on: date | None = None
    attributed_by: str | None = None
    confidence: float | None = None
    status: str = "accepted"
    note: str | None = None
    #: How much (a decimal: written as text in JSON, so no digit is lost), in `currency`
    #: (ISO 4217), for the period; `share_percent` is an owner's share of the recipient.
    amount: FileDecimal = None
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    share_percent: FileDecimal = None
    created_by: str | None = None
    created_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    source: str | None = None


@dataclass
class RatingRecord:
    """One provider's rating of an entity on one dimension."""

    provider: str
    dimension: str
    value: str
    uid: str | None = None
    #: The rated entity (left out when nested in its EntityRecord).
    entity_uid: str | None = None
    entity: str | None = None
    rated_on: date | None = None
    url: str | None = None
    note: str | None = None
    created_at: datetime | None = None
    source: str | None = None


@dataclass
class DesignationRecord:
    """A sanction or an official label, with its issuer."""

    kind: str
    name: str
    issuer: str
    uid: str | None = None
    entity_uid: str | None = None
    entity: str | None = None
    designated_on: date | None = None
    ended_on: date | None = None
    url: str | None = None
    note: str | None = None
    created_at: datetime | None = None
    source: str | None = None


@dataclass
class EntityRecord:
    """A registry entry (outlet, organisation, ...) as exchanged in the native format, with
    its ratings, designations and the funding it receives."""

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
    ratings: list[RatingRecord] = field(default_factory=list)
    designations: list[DesignationRecord] = field(default_factory=list)
    funding_received: list[FundingLinkRecord] = field(default_factory=list)
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
    #: What the project holds that this format cannot carry (e.g. SemEval: "relations").
    carries_no: list[str] = field(default_factory=list)

    def leaving_out(self, names: Iterable[str]) -> Manifest:
        """This manifest with `names` added to `carries_no` (each once, in order)."""
        return replace(self, carries_no=list(dict.fromkeys([*self.carries_no, *names])))


@dataclass
class RegistryFile:
    """What a registry file (JSON or CSV) holds: entities (possibly with nested ratings,
    designations and funding) and flat rows that name their entities, plus the problems
    found while reading (file, line, field)."""

    entities: list[EntityRecord] = field(default_factory=list)
    funding_links: list[FundingLinkRecord] = field(default_factory=list)
    ratings: list[RatingRecord] = field(default_factory=list)
    designations: list[DesignationRecord] = field(default_factory=list)
    issues: list[Any] = field(default_factory=list)
