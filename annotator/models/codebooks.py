"""Codebooks (versioned label schemes) and their labels."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_type, utcnow
from .enums import Layer

if TYPE_CHECKING:
    from .relations import RelationType


class Codebook(Base):
    """One version of a label scheme. Frozen once a project uses it; changes make a new version."""

    __tablename__ = "codebooks"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    frozen: Mapped[bool] = mapped_column(default=False)
    #: sha256 of the canonical JSON definition: the same content is never stored twice.
    content_sha256: Mapped[str] = mapped_column(String(64))
    #: The validated definition as loaded (categories, labels, attributes).
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    labels: Mapped[list[Label]] = relationship(
        back_populates="codebook", order_by="Label.position", lazy="selectin"
    )
    relation_types: Mapped[list[RelationType]] = relationship(
        order_by="RelationType.position", lazy="selectin", viewonly=True
    )


class Label(Base):
    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("codebook_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    codebook_id: Mapped[int] = mapped_column(ForeignKey("codebooks.id", ondelete="CASCADE"))
    #: The string written to exports (e.g. PTC's "Name_Calling,Labeling").
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    layer: Mapped[Layer] = mapped_column(enum_type(Layer))
    category: Mapped[str] = mapped_column(String(200), default="")
    colour: Mapped[str] = mapped_column(String(7))
    hotkey: Mapped[str | None] = mapped_column(String(1))
    description: Mapped[str] = mapped_column(default="")
    #: Attribute definitions: [{"key", "name", "type", "choices"?}, ...].
    attributes: Mapped[list[Any]] = mapped_column(default=list)
    position: Mapped[int] = mapped_column(default=0)
    #: Spans of this label are claims and may join claim groups (the codebook's `claim: true`).
    claim: Mapped[bool] = mapped_column(default=False, server_default=false())

    codebook: Mapped[Codebook] = relationship(back_populates="labels")
