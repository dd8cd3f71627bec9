"""Curation decisions that leave no gold span behind (a rejected disagreement)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when the curator reopens the cluster (the decision is kept for the trail).
    deleted_at: Mapped[datetime | None]
