"""The registry of outlets and organisations: domains, funding, ratings, designations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..amounts import AMOUNT_DIGITS, AMOUNT_PLACES, SHARE_DIGITS, SHARE_PLACES
from .base import Base, ExactDecimal, enum_type, new_uid, utcnow
from .enums import Attribution, EntityKind, FundingKind, LinkStatus


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    kind: Mapped[EntityKind] = mapped_column(enum_type(EntityKind))
    name: Mapped[str] = mapped_column(String(500), index=True)
    country: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Set when this entity was merged into another; kept so old references can be followed.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EntityDomain(Base):
    """A web domain an outlet publishes under, stored lower-case without `www.`."""

    __tablename__ = "entity_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)


class FundingLink(Base):
    """Money or control flowing from a funder to a recipient, with evidence and who says so."""

    __tablename__ = "funding_links"
    __table_args__ = (
        CheckConstraint(
            "confidence IS NULL OR (confidence >= 0 AND confidence <= 1)", name="confidence_range"
        ),
        # The services check the same (services/registry/funding.py, checks.py) with clearer
        # words; these hold for rows written any other way. CAST(... AS NUMERIC): see ExactDecimal.
        CheckConstraint("amount IS NULL OR CAST(amount AS NUMERIC) >= 0", name="amount_not_negative"),
        CheckConstraint("(amount IS NULL) = (currency IS NULL)", name="amount_with_currency"),
        CheckConstraint("currency IS NULL OR (length(currency) = 3 AND upper(currency) = currency)",
                        name="currency_code"),
        CheckConstraint("period_start IS NULL OR period_end IS NULL OR period_start <= period_end",
                        name="period_order"),
        CheckConstraint("share_percent IS NULL OR (CAST(share_percent AS NUMERIC) >= 0"
                        " AND CAST(share_percent AS NUMERIC) <= 100)", name="share_range"),
        CheckConstraint("share_percent IS NULL OR kind = 'ownership'", name="share_of_ownership"),
        Index("ix_funding_links_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    #: NULL for a donation channel open to the public (the funders are readers).
    funder_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FundingKind] = mapped_column(enum_type(FundingKind))
    #: e.g. paypal, patreon, crypto, iban, donation_page.
    channel: Mapped[str | None] = mapped_column(String(100))
    #: e.g. the PayPal address, Patreon page, wallet address, IBAN.
    identifier: Mapped[str | None] = mapped_column(String(500))
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    evidence_quote: Mapped[str | None] = mapped_column(Text)
    #: The document (and code-point offsets) the evidence was found in, if any.
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    evidence_start: Mapped[int | None]
    evidence_end: Mapped[int | None]
    observed_on: Mapped[date | None]
    attribution: Mapped[Attribution] = mapped_column(enum_type(Attribution))
    #: Who says so, for third-party attribution.
    attributed_by: Mapped[str | None] = mapped_column(String(500))
    confidence: Mapped[float | None]
    #: How much, in `currency` (both or neither), for the period below: never a float.
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal(AMOUNT_DIGITS, AMOUNT_PLACES))
    #: An ISO 4217 code, upper-case (the services check it against the list: annotator/amounts.py).
    currency: Mapped[str | None] = mapped_column(String(3))
    #: The period the amount or the ownership covers; either end may be open.
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    #: For an ownership link: the funder's share of the recipient in per cent (0-100).
    share_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal(SHARE_DIGITS, SHARE_PLACES))
    status: Mapped[LinkStatus] = mapped_column(enum_type(LinkStatus), default=LinkStatus.ACCEPTED)
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Who accepted or rejected a proposed link, and when (NULL while proposed).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]


class Rating(Base):
    """One provider's rating of an entity on one dimension (never a single overall score)."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(200))
    dimension: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(200))
    rated_on: Mapped[date | None]
    url: Mapped[str | None] = mapped_column(String(2000))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Designation(Base):
    """A sanction or an official label (e.g. "foreign agent"), with issuer and evidence."""

    __tablename__ = "designations"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    #: sanction or official_label.
    kind: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    designated_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    url: Mapped[str | None] = mapped_column(String(2000))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
