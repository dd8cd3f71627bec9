"""Reading the whole registry out as records: each entity with its domains, ratings,
designations and the funding it receives (funders by uid, users by name, evidence documents
by uid). The native export writes these as its entity lines; the registry JSON and CSV files
are made from them too."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...formats.records import DesignationRecord, EntityRecord, FundingLinkRecord, RatingRecord
from ...models import Designation, Document, Entity, FundingLink, Rating, User
from ..actor import Actor
from ..registry.rows import domains_of
from ..unit import read_service


def registry_records(session: Session) -> list[EntityRecord]:
    entities = list(session.scalars(select(Entity).order_by(Entity.id)))
    uids = {e.id: e.uid for e in entities}
    names = {e.id: e.name for e in entities}
    domains = domains_of(session, uids)
    users = dict(session.execute(select(User.id, User.username)).all())
    ratings: dict[int, list[RatingRecord]] = defaultdict(list)
    for r in session.scalars(select(Rating).order_by(Rating.id)):
        ratings[r.entity_id].append(RatingRecord(
            provider=r.provider, dimension=r.dimension, value=r.value, uid=r.uid, rated_on=r.rated_on,
            url=r.url, note=r.note, created_at=r.created_at,
        ))
    designations: dict[int, list[DesignationRecord]] = defaultdict(list)
    for d in session.scalars(select(Designation).order_by(Designation.id)):
        designations[d.entity_id].append(DesignationRecord(
            kind=d.kind, name=d.name, issuer=d.issuer, uid=d.uid, designated_on=d.designated_on,
            ended_on=d.ended_on, url=d.url, note=d.note, created_at=d.created_at,
        ))
    links = list(session.scalars(select(FundingLink).order_by(FundingLink.id)))
    doc_ids = {link.evidence_document_id for link in links if link.evidence_document_id}
    doc_uids = dict(session.execute(select(Document.id, Document.uid).where(Document.id.in_(doc_ids))).all()) if doc_ids else {}
    funding: dict[int, list[FundingLinkRecord]] = defaultdict(list)
    for link in links:
        funding[link.recipient_id].append(FundingLinkRecord(
            kind=link.kind.value, attribution=link.attribution.value, uid=link.uid,
            funder_uid=uids.get(link.funder_id) if link.funder_id else None,
            funder=names.get(link.funder_id) if link.funder_id else None,
            channel=link.channel, identifier=link.identifier, evidence_url=link.evidence_url,
            evidence_quote=link.evidence_quote,
            evidence_document_uid=doc_uids.get(link.evidence_document_id) if link.evidence_document_id else None,
            evidence_start=link.evidence_start, evidence_end=link.evidence_end, observed_on=link.observed_on,
            attributed_by=link.attributed_by, confidence=link.confidence, status=link.status.value,
            note=link.note, created_by=users.get(link.created_by_id) if link.created_by_id else None,
            created_at=link.created_at, decided_by=users.get(link.decided_by_id) if link.decided_by_id else None,
            decided_at=link.decided_at, amount=link.amount, currency=link.currency,
            period_start=link.period_start, period_end=link.period_end, share_percent=link.share_percent,
        ))
    return [
        EntityRecord(
            kind=e.kind.value, name=e.name, uid=e.uid, country=e.country, description=e.description,
            domains=list(domains.get(e.id, ())), meta=dict(e.meta),
            merged_into_uid=uids.get(e.merged_into_id) if e.merged_into_id else None,
            created_at=e.created_at, updated_at=e.updated_at, ratings=ratings.get(e.id, []),
            designations=designations.get(e.id, []), funding_received=funding.get(e.id, []),
        )
        for e in entities
    ]


@read_service
def export_registry(session: Session, actor: Actor) -> list[EntityRecord]:
    """The whole registry (everyone signed in may read it)."""
    return registry_records(session)
