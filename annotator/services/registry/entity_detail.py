"""Everything the entity page shows about one registry entry, in one read: the entry, funding
in and out (every status, so proposals and rejections show too), ratings, designations, the
documents that come from it and the spans that link it, as far as the caller may see them."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...models import Document, Entity, FundingLink, Project
from ..actor import Actor
from ..permissions import member_roles
from ..unit import read_service
from .entity_links import visible_span_links
from .rows import (
    designations_of,
    domains_of,
    entity_summary,
    entity_view,
    funding_views,
    load_entity,
    ratings_of,
)
from .views import EntityDetail, EntityDocumentView

DOCUMENT_LIMIT = 500


@read_service
def entity_detail(session: Session, actor: Actor, entity_id: int) -> EntityDetail:
    entity = load_entity(session, entity_id)
    links = list(session.scalars(select(FundingLink).where(
        or_(FundingLink.recipient_id == entity_id, FundingLink.funder_id == entity_id)
    ).order_by(FundingLink.status, FundingLink.kind, FundingLink.id)))
    views = funding_views(session, links)
    roles = member_roles(session, actor)
    documents = (
        select(Document.id, Document.project_id, Project.name, Document.title, Document.url)
        .join(Project, Project.id == Document.project_id)
        .where(Document.outlet_id == entity_id).order_by(Project.name, Document.id).limit(DOCUMENT_LIMIT)
    )
    if roles is not None:
        documents = documents.where(Document.project_id.in_(roles))
    merged = list(session.scalars(select(Entity).where(Entity.merged_into_id == entity_id).order_by(Entity.id)))
    merged_domains = domains_of(session, [e.id for e in merged])
    return EntityDetail(
        entity=entity_view(session, entity),
        funding_in=tuple(v for v in views if v.recipient_id == entity_id),
        funding_out=tuple(v for v in views if v.funder_id == entity_id),
        ratings=tuple(ratings_of(session, entity_id)),
        designations=tuple(designations_of(session, entity_id)),
        documents=tuple(EntityDocumentView(*row) for row in session.execute(documents)),
        spans=tuple(visible_span_links(session, actor, entity_id)),
        merged_from=tuple(entity_summary(e, merged_domains.get(e.id, ())) for e in merged),
    )
