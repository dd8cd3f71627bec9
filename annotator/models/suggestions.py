"""Stored rule-based suggestions and the ones a user dismissed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Suggestion(Base):
    """A span a detector proposes for a document; becomes an Annotation only when accepted."""

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("document_id", "rule", "label_key", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(100))
    label_key: Mapped[str] = mapped_column(String(200))
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SuggestionDismissal(Base):
    """A user said no to a suggestion; it stays hidden for them on that document."""

    __tablename__ = "suggestion_dismissals"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id", "rule", "label_key", "start", "end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(100))
    label_key: Mapped[str] = mapped_column(String(200))
    start: Mapped[int]
    end: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
