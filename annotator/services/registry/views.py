"""Plain data the registry services return: entities, funding links, ratings, designations,
and the pages built from them (entity detail, outlet context, proposals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ...amounts import describe


@dataclass(frozen=True)
class EntitySummary:
    id: int
    uid: str
    kind: str
    name: str
    country: str | None
    domains: tuple[str, ...]
    #: Set when the entity was merged into another one.
    merged_into_id: int | None = None


@dataclass(frozen=True)
class EntityView:
    id: int
    uid: str
    kind: str
    name: str
    country: str | None
    description: str
    domains: tuple[str, ...]
    meta: dict[str, Any]
    merged_into_id: int | None
    merged_into_name: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class FundingLinkView:
    id: int
    uid: str
    funder_id: int | None
    #: The funder's name, or None for a donation channel open to the public.
    funder: str | None
    recipient_id: int
    recipient: str
    kind: str
    channel: str | None
    identifier: str | None
    evidence_url: str | None
    evidence_quote: str | None
    evidence_document_id: int | None
    evidence_start: int | None
    evidence_end: int | None
    observed_on: date | None
    attribution: str
    attributed_by: str | None
    confidence: float | None
    status: str
    note: str | None
    created_by: str | None
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    amount: Decimal | None = None
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    share_percent: Decimal | None = None

    @property
    def amount_text(self) -> str:
        """How much, the share and the period in one line ("EUR 2,300,000 · 2023-01-01 to
        2023-12-31"; empty when none is recorded)."""
        return describe(self.amount, self.currency, self.share_percent, self.period_start, self.period_end)

    @property
    def says_who(self) -> str:
        """Who says so, in words: "self-declared" or "third party: NAME"."""
        if self.attribution == "self_declared":
            return "self-declared"
        return f"third party: {self.attributed_by}" if self.attributed_by else "third party"


@dataclass(frozen=True)
class RatingView:
    id: int
    uid: str
    entity_id: int
    provider: str
    dimension: str
    value: str
    rated_on: date | None
    url: str | None
    note: str | None


@dataclass(frozen=True)
class DesignationView:
    id: int
    uid: str
    entity_id: int
    kind: str
    name: str
    issuer: str
    designated_on: date | None
    ended_on: date | None
    url: str | None
    note: str | None


@dataclass(frozen=True)
class EntityDocumentView:
    """A document published by an outlet, in a project the caller can read."""

    id: int
    project_id: int
    project: str
    title: str
    url: str | None


@dataclass(frozen=True)
class EntitySpanView:
    """A span linked to an entity, as far as the caller may see it."""

    link_id: int
    annotation_id: int
    document_id: int
    document_title: str
    project: str
    username: str
    label: str
    quote: str
    role: str


@dataclass(frozen=True)
class EntityDetail:
    entity: EntityView
    funding_in: tuple[FundingLinkView, ...]
    funding_out: tuple[FundingLinkView, ...]
    ratings: tuple[RatingView, ...]
    designations: tuple[DesignationView, ...]
    documents: tuple[EntityDocumentView, ...]
    spans: tuple[EntitySpanView, ...]
    #: Entities that were merged into this one.
    merged_from: tuple[EntitySummary, ...] = ()


@dataclass(frozen=True)
class OutletContext:
    """What the workspace shows beside an article about its outlet."""

    outlet: EntityView
    funding_in: tuple[FundingLinkView, ...]
    ratings: tuple[RatingView, ...]
    designations: tuple[DesignationView, ...]
    #: Proposed links waiting for a decision (counted, not shown as facts).
    proposed: int = 0


@dataclass(frozen=True)
class MergeResult:
    survivor_id: int
    loser_id: int
    moved: dict[str, int]


@dataclass(frozen=True)
class RegistryImportResult:
    entities_created: int
    entities_existing: int
    domains_added: int
    funding_links_added: int
    ratings_added: int
    designations_added: int
    skipped: int = 0


@dataclass(frozen=True)
class ProposalView:
    """A proposed (or decided) funding link with the article passage around its evidence;
    the document's title and context only when the caller may read that document."""

    link: FundingLinkView
    document_title: str | None = None
    before: str = ""
    after: str = ""
