"""Documents (immutable article text) and who is assigned to annotate them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column

from ..words import count_words
from .base import Base, enum_type, new_uid, utcnow
from .enums import AssignmentStatus


def _word_count(context: DefaultExecutionContext | None) -> int | None:
    """The inserted text's word count: a default computed from the row's own text, so every way
    of inserting documents (the ORM, the import's executemany) stores it."""
    if context is None:  # filled in without a statement (services/bulk.py): the import sets it itself
        return None
    text = context.get_current_parameters().get("text")  # type: ignore[no-untyped-call]
    return count_words(text) if isinstance(text, str) else None


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("project_id", "text_sha256"),
        # The documents page lists a project's documents in id order, a page at a time.
        Index("ix_documents_project_id_id", "project_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    #: Identifier in the source collection, e.g. a PTC article id.
    external_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    author: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[date | None]
    language: Mapped[str | None] = mapped_column(String(20))
    #: Stored exactly as imported; never changed (annotations anchor to it).
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    #: `words.count_words(text)`, stored because rates per 1,000 words over a large project
    #: would otherwise read every text (NULL only where a row was written around the default).
    word_count: Mapped[int | None] = mapped_column(default=_word_count)
    #: Body / page furniture / comments as [{"kind", "start", "end"}] in code points.
    parts: Mapped[list[Any]] = mapped_column(default=list)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    import_batch: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id"),
        Index("ix_assignments_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_type(AssignmentStatus), default=AssignmentStatus.TODO
    )
    #: Order of this document in the annotator's queue (random order when asked for).
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
