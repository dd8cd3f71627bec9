"""The records claim groups and fact-checks travel in (the native format's `claim_group` and
`fact_check` lines, claim_lines.py). Spans, groups and users are named by uid and user name,
as everywhere in the native format; times are naive UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class ClaimMemberRecord:
    annotation_uid: str
    #: proposed (by an automatic run), linked (by a person), confirmed (with the group).
    origin: str = "proposed"
    score: float | None = None
    linked_by: str | None = None
    created_at: datetime | None = None


@dataclass
class ClaimExclusionRecord:
    """A person took this span out of the group: runs keep it out."""

    annotation_uid: str
    by: str | None = None
    created_at: datetime | None = None


@dataclass
class ClaimGroupRecord:
    uid: str
    canonical: str
    verdict: str | None = None
    notes: str | None = None
    status: str = "proposed"
    closed: bool = False
    version: int | None = None
    created_by: str | None = None
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    merged_into_uid: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    members: list[ClaimMemberRecord] = field(default_factory=list)
    excluded: list[ClaimExclusionRecord] = field(default_factory=list)
    source: str | None = None


@dataclass
class FactCheckProposalRecord:
    group_uid: str
    score: float
    status: str = "proposed"
    decided_by: str | None = None
    decided_at: datetime | None = None
    created_at: datetime | None = None


@dataclass
class FactCheckRatingRecord:
    """One more rating a review gives beside the one the fact-check uses: numbers when the
    publisher gave numbers, and its words."""

    value: float | None = None
    best: float | None = None
    worst: float | None = None
    label: str | None = None


@dataclass
class FactCheckRecord:
    """A fact-checker's review (the fields of schema.org ClaimReview), attached to a group or
    not, with the proposals that matched it to groups."""

    uid: str
    claim_reviewed: str
    group_uid: str | None = None
    url: str | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    date_published: date | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    rating_label: str | None = None
    claim_author: str | None = None
    claim_date: date | None = None
    appearances: list[str] = field(default_factory=list)
    #: The review's other ratings (schema.org allows several), in its order.
    other_ratings: list[FactCheckRatingRecord] = field(default_factory=list)
    #: Where it came from before: the imported file's name, or "added by hand".
    origin_source: str | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    deleted_at: datetime | None = None
    proposals: list[FactCheckProposalRecord] = field(default_factory=list)
    source: str | None = None
