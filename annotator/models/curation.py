"""Curation decisions that leave no gold span behind (a rejected disagreement), and the state
of a document's curation as a whole (marked curated, gold released to its annotators)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class CurationDecision(Base):
    """A curator's verdict on one cluster of disagreeing spans, when no gold span records it.

    Accepting or editing a version is recorded by the gold span itself (provenance, source
    uids); rejecting a cluster leaves nothing in the gold layer, so it is kept here. The
    cluster is named by a hash of its spans' uids: if annotators change their spans later,
    the cluster gets a new key and comes back as open, which is what a curator needs to see.
    """

    # The stored names (table, index) keep the word of the first release: renaming them would
    # be a migration for no reader of the code.
    __tablename__ = "adjudication_decisions"
    __table_args__ = (Index("ix_adjudication_decisions_document_id_cluster_key", "document_id", "cluster_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    cluster_key: Mapped[str] = mapped_column(String(64))
    #: Only "rejected" so far; a column so that later outcomes need no migration.
    outcome: Mapped[str] = mapped_column(String(32), default="rejected")
    #: uids of the spans the cluster held when the decision was taken.
    source_uids: Mapped[list[Any]] = mapped_column(default=list)
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Why none of the versions is right: shown to the annotators once the gold is theirs to see.
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when the curator reopens the cluster (the decision is kept for the trail).
    deleted_at: Mapped[datetime | None]


class CuratedDocument(Base):
    """A document a curator has finished (and may reopen), and whether its gold layer is
    released to its annotators in a blind project (a project can also release all its curated
    documents at once: Project.settings["gold_released"]). One row per document, made on the
    first of these changes."""

    __tablename__ = "curated_documents"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    #: Set while the document is marked curated.
    curated_at: Mapped[datetime | None]
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set while this document's gold is released to its annotators.
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
