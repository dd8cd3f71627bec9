"""Plain data returned by services: no live ORM object ever crosses the service boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..codebooks.ends import ends_fit


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    email: str | None = None
    #: "issuer|subject" of the linked single sign-on identity, if any.
    oidc_subject: str | None = None


@dataclass(frozen=True)
class MemberView:
    user_id: int
    username: str
    display_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class AttributeView:
    key: str
    name: str
    type: str
    choices: tuple[str, ...] = ()
    description: str = ""
    #: A document cannot be marked done while a span of the label lacks the value.
    required: bool = False


@dataclass(frozen=True)
class LabelView:
    id: int
    key: str
    name: str
    layer: str
    category: str
    colour: str
    hotkey: str | None
    description: str
    attributes: tuple[AttributeView, ...] = ()
    #: Spans of this label are claims (they join claim groups).
    claim: bool = False


@dataclass(frozen=True)
class RelationTypeView:
    """A relation type of the codebook; empty `from_labels` / `to_labels` allow any span label."""

    id: int
    key: str
    name: str
    description: str
    colour: str
    hotkey: str | None
    directed: bool
    from_labels: tuple[str, ...] = ()
    to_labels: tuple[str, ...] = ()
    attributes: tuple[AttributeView, ...] = ()

    def fits(self, from_label: str, to_label: str) -> bool:
        return ends_fit(self.from_labels, self.to_labels, self.directed, from_label, to_label)


@dataclass(frozen=True)
class CategoryView:
    key: str
    name: str
    layer: str
    multiple: bool
    description: str = ""


@dataclass(frozen=True)
class CodebookView:
    id: int
    key: str
    version: int
    name: str
    description: str
    categories: tuple[CategoryView, ...]
    labels: tuple[LabelView, ...]
    relations: tuple[RelationTypeView, ...] = ()

    def span_labels(self) -> list[LabelView]:
        return [label for label in self.labels if label.layer == "span"]

    def document_labels(self) -> list[LabelView]:
        return [label for label in self.labels if label.layer == "document"]

    def label(self, key: str) -> LabelView | None:
        return next((label for label in self.labels if label.key == key), None)

    def relation(self, key: str) -> RelationTypeView | None:
        return next((r for r in self.relations if r.key == key), None)
    def claim_labels(self) -> list[LabelView]:
        return [label for label in self.labels if label.claim and label.layer == "span"]

    def verdicts(self) -> tuple[str, ...]:
        """The choices of the claim labels' `verdict` attribute, in codebook order (a claim
        group's verdict is one of them)."""
        found: dict[str, None] = {}
        for label in self.claim_labels():
            for attribute in label.attributes:
                if attribute.key == "verdict":
                    found.update(dict.fromkeys(attribute.choices))
        return tuple(found)


@dataclass(frozen=True)
class ProjectView:
    id: int
    name: str
    description: str
    codebook_key: str
    codebook_version: int
    blind: bool
    allow_overlaps: bool
    annotators_per_document: int
    settings: dict[str, Any]
    created_at: datetime
    #: The caller's role in this project (admin for global admins who are not members).
    my_role: str | None = None
    #: Archived projects are out of the pickers (listed on the Projects page to restore).
    archived: bool = False


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    uid: str
    title: str
    url: str | None
    outlet: str | None
    external_id: str | None
    length: int
    #: Annotations the caller may see (their own only, in a blind project).
    annotation_count: int
    #: The caller's assignment status, or None when not assigned.
    status: str | None
    created_at: datetime


@dataclass(frozen=True)
class DocumentPage:
    """One page of a project's document list, filtered and counted in SQL: a project of
    100,000 documents shows its first page without loading the others."""

    documents: list[DocumentSummary]
    #: Documents that match the filter (the pages together).
    matching: int
    offset: int
    limit: int
    #: Whole-project figures: documents the caller may open, those they finished.
    total: int
    done: int
    #: Spans the caller may see on the documents of this page.
    spans: int


@dataclass(frozen=True)
class DocumentView:
    id: int
    uid: str
    project_id: int
    title: str
    text: str
    text_sha256: str
    url: str | None
    outlet_id: int | None
    outlet: str | None
    author: str | None
    published: date | None
    language: str | None
    external_id: str | None
    parts: list[dict[str, Any]]
    meta: dict[str, Any]
    status: str | None = None


@dataclass(frozen=True)
class EntityLinkView:
    id: int
    entity_id: int
    entity_name: str
    entity_kind: str
    role: str


@dataclass(frozen=True)
class AnnotationView:
    id: int
    uid: str
    document_id: int
    user_id: int
    username: str
    label: str
    label_name: str
    colour: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    attributes: dict[str, Any]
    note: str | None
    origin: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted: bool
    entities: tuple[EntityLinkView, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RelationView:
    """A relation between two spans of one annotator (or two gold spans, `user_id` None), with
    what a list needs to show its ends."""

    id: int
    uid: str
    document_id: int
    user_id: int | None
    username: str
    type: str
    type_name: str
    colour: str
    directed: bool
    from_id: int
    to_id: int
    from_uid: str
    to_uid: str
    from_label: str
    to_label: str
    from_quote: str
    to_quote: str
    attributes: dict[str, Any]
    note: str | None
    origin: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted: bool

    def touches(self, span_id: int) -> bool:
        return span_id in (self.from_id, self.to_id)

    def other_end(self, span_id: int) -> int:
        return self.to_id if self.from_id == span_id else self.from_id


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int
    document_ids: tuple[int, ...] = ()
    annotations: int = 0
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentLabelView:
    """A document-level label (genre, frame) that one user gave a document."""

    id: int
    document_id: int
    user_id: int
    username: str
    label: str
    label_name: str
    category: str
    colour: str
    created_at: datetime
