"""Plain data returned by services: no live ORM object ever crosses the service boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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

    def span_labels(self) -> list[LabelView]:
        return [label for label in self.labels if label.layer == "span"]

    def document_labels(self) -> list[LabelView]:
        return [label for label in self.labels if label.layer == "document"]

    def label(self, key: str) -> LabelView | None:
        return next((label for label in self.labels if label.key == key), None)

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
