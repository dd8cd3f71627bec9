"""Relations between two spans: the types a codebook declares, annotators' relations between
their own spans, and the gold layer's relations between gold spans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .base import Base, enum_type, new_uid, utcnow
from .enums import Origin


class RelationType(Base):
    """One entry of a codebook's `relations:` list, stored per codebook version like a Label,
    so that a relation keeps pointing at the type it was made with."""

    __tablename__ = "relation_types"
    __table_args__ = (UniqueConstraint("codebook_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    colour: Mapped[str] = mapped_column(String(7))
    hotkey: Mapped[str | None] = mapped_column(String(1))
    #: False: the relation reads the same both ways (A repeats B = B repeats A).
    directed: Mapped[bool] = mapped_column(default=True)
    #: Span label keys allowed at each end; empty means any span label.
    from_labels: Mapped[list[Any]] = mapped_column(default=list)
    to_labels: Mapped[list[Any]] = mapped_column(default=list)
    #: Attribute definitions, as a label's: [{"key", "name", "type", "choices"?}, ...].
    attributes: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(default=0)


class RelationColumns:
    """What annotators' and gold relations share: type, attributes, note, optimistic version
    and soft delete."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    type_id: Mapped[int] = mapped_column(ForeignKey("relation_types.id"), index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    #: Optimistic locking: every update must name the version it read.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Soft delete: set when deleted, cleared on restore.
    deleted_at: Mapped[datetime | None]
    #: The uid of the span whose deletion took this relation with it: restoring a span brings
    #: back such relations (once both their ends are live), not ones deleted on their own.
    deleted_with: Mapped[str | None] = mapped_column(String(36))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Relation(RelationColumns, Base):
    """A typed link from one span to another, both by the same annotator on one document."""

    __tablename__ = "relations"
    __table_args__ = (
        CheckConstraint("from_id <> to_id", name="two_ends"),
        Index("ix_relations_document_id_user_id", "document_id", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.MANUAL)


class GoldRelation(RelationColumns, Base):
    """A relation of the gold layer, between two gold spans of one document."""

    __tablename__ = "gold_relations"
    __table_args__ = (
        CheckConstraint("from_id <> to_id", name="two_ends"),
        Index("ix_gold_relations_document_id", "document_id"),
    )

    from_id: Mapped[int] = mapped_column(ForeignKey("gold_annotations.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("gold_annotations.id", ondelete="CASCADE"), index=True)
    #: uids of the annotators' relations this one was taken from (empty when drawn or imported).
    source_uids: Mapped[list[Any]] = mapped_column(default=list)
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
