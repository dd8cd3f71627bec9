"""Spans, document-level labels and the gold layer that curation makes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .base import Base, enum_type, new_uid, utcnow
from .enums import EntityRole, GoldProvenance, Origin


class AnchoredSpan:
    """Columns every stored span shares: offsets anchored twice (position and quote with
    context, plus the text hash), attributes, note, optimistic version and soft delete."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    #: Code points, start inclusive, end exclusive, into Document.text.
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(default="")
    suffix: Mapped[str] = mapped_column(default="")
    #: sha256 of the document text the offsets were taken against.
    text_sha256: Mapped[str] = mapped_column(String(64))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    #: Optimistic locking: every update must name the version it read.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Soft delete: set when deleted, cleared on restore.
    deleted_at: Mapped[datetime | None]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Annotation(AnchoredSpan, Base):
    """A labelled span by one user."""

    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        Index("ix_annotations_document_id_user_id", "document_id", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), index=True)
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.MANUAL)


class DocumentLabel(Base):
    """A document-level label (genre, frame) chosen by one user."""

    __tablename__ = "document_labels"
    __table_args__ = (UniqueConstraint("document_id", "user_id", "label_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotationEntity(Base):
    """Ties a span to an outlet, organisation or person, in a role."""

    __tablename__ = "annotation_entities"
    __table_args__ = (UniqueConstraint("annotation_id", "entity_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    role: Mapped[EntityRole] = mapped_column(enum_type(EntityRole))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GoldAnnotation(AnchoredSpan, Base):
    """A span of the gold layer, made by curation, with where it came from."""

    __tablename__ = "gold_annotations"
    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="offsets_ordered"),
        Index("ix_gold_annotations_document_id", "document_id"),
    )

    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    provenance: Mapped[GoldProvenance] = mapped_column(enum_type(GoldProvenance))
    #: uids of the annotations this gold span was accepted or edited from.
    source_uids: Mapped[list[Any]] = mapped_column(default=list)
    #: Whose version the curator chose (provenance "chosen").
    chosen_from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
