"""Claim groups: one claim in many wordings across documents and outlets, with the fact-checks
that reviewed it. Groups are project data (audited, versioned, exported natively)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .base import Base, enum_type, new_uid, utcnow
from .enums import ClaimGroupStatus, LinkStatus, MemberOrigin


class ClaimGroup(Base):
    """One claim: a canonical wording, a verdict from the codebook's verdict choices, notes;
    its Claim spans are its members (ClaimMember). An automatic run only places spans that are
    in no group, so whatever a lead decided (confirmed, split, merged, renamed) stays."""

    __tablename__ = "claim_groups"
    __table_args__ = (Index("ix_claim_groups_project_id_deleted_at", "project_id", "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    canonical: Mapped[str] = mapped_column(Text)
    #: One of the verdict choices of the project's claim labels; NULL until a lead sets one.
    verdict: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ClaimGroupStatus] = mapped_column(enum_type(ClaimGroupStatus), default=ClaimGroupStatus.PROPOSED)
    #: A closed group gains no member in automatic runs (people may still link spans to it).
    closed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    #: Set (with deleted_at) when a lead merged this group into another.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("claim_groups.id", ondelete="SET NULL"))
    #: Optimistic locking: a change names the version it read.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class ClaimMember(Base):
    """A Claim span in a group; a span is in at most one group."""

    __tablename__ = "claim_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), index=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), unique=True)
    origin: Mapped[MemberOrigin] = mapped_column(enum_type(MemberOrigin))
    #: Similarity to the group when a run or a suggestion placed it (NULL when made by hand).
    score: Mapped[float | None]
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimExclusion(Base):
    """A person took this span out of this group: no automatic run puts it back (it is fed to
    the matcher as a cannot-link)."""

    __tablename__ = "claim_exclusions"
    __table_args__ = (UniqueConstraint("group_id", "annotation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"))
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimFactCheck(Base):
    """A fact-checker's review of a claim (schema.org ClaimReview), attached to a group or
    waiting for a lead to pick one."""

    __tablename__ = "claim_fact_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("claim_groups.id", ondelete="SET NULL"), index=True)
    claim_reviewed: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    publisher: Mapped[str | None] = mapped_column(String(500))
    publisher_url: Mapped[str | None] = mapped_column(String(2000))
    date_published: Mapped[date | None]
    #: The publisher's rating as numbers (when given) and in its words ("False").
    rating_value: Mapped[float | None]
    best_rating: Mapped[float | None]
    worst_rating: Mapped[float | None]
    rating_label: Mapped[str | None] = mapped_column(String(1000))
    claim_author: Mapped[str | None] = mapped_column(String(500))
    claim_date: Mapped[date | None]
    #: URLs where the reviewed claim appeared, as the publisher lists them.
    appearances: Mapped[list[Any]] = mapped_column(default=list)
    #: The review's other ratings, beside the one above (claims/claimreview.py has the rule):
    #: a list of {"value", "best", "worst", "label"}, the keys given.
    other_ratings: Mapped[list[Any]] = mapped_column(default=list)
    #: Where it came from: the imported file's name, or "added by hand".
    source: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]


class ClaimFactCheckProposal(Base):
    """An imported fact-check may review this group (matched by similarity); a lead accepts
    (the fact-check is attached) or rejects it."""

    __tablename__ = "claim_fact_check_proposals"
    __table_args__ = (UniqueConstraint("fact_check_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_check_id: Mapped[int] = mapped_column(ForeignKey("claim_fact_checks.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), index=True)
    score: Mapped[float]
    status: Mapped[LinkStatus] = mapped_column(enum_type(LinkStatus), default=LinkStatus.PROPOSED)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
