"""A document's outlet: found from its URL's domain, or set by hand; and the outlet context
the workspace shows beside an article.

Domain match: the URL's host, lower-cased and without `www.`, equals a registered domain or is
a subdomain of one (`edition.example.com` matches `example.com`); the longest match wins, and
an entity merged into another stands for its survivor. A page served through Google's AMP
cache or viewer or the Wayback Machine is matched by its own address (domains.origin_url). A document that gets an outlet is
searched for funding appeals (services/registry/funding_proposals.py).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domains import candidate_domains, host_of, origin_url
from ...models import Document, EntityDomain, FundingLink
from ...models.enums import LinkStatus
from .. import audit
from ..actor import Actor
from ..permissions import LEADS, check_role, load_document_for, load_project, require_project_role
from ..unit import read_service, write_service
from .funding_proposals import propose_from_document
from .rows import designations_of, entity_view, funding_views, load_entity, ratings_of, survivor_of
from .views import OutletContext

#: Who changes a document's outlet: the project's leads (as for adding documents).


def match_outlet(session: Session, url: str | None) -> int | None:
    """The registry entity whose domain the URL belongs to, or None. A page served through
    an AMP cache or the Wayback Machine belongs to the domain of its own address."""
    host = host_of(origin_url(url)) if url else None
    if host is None:
        return None
    candidates = candidate_domains(host)
    rows = dict(session.execute(
        select(EntityDomain.domain, EntityDomain.entity_id).where(EntityDomain.domain.in_(candidates))
    ).all()) if candidates else {}
    for domain in candidates:  # longest first
        if domain in rows:
            return survivor_of(session, rows[domain])
    return None


def on_new_document(session: Session, actor: Actor, document: Document) -> None:
    """After a document is written: find its outlet from the URL if none was given, then
    propose the funding channels its text names. Called by the document and import services."""
    if document.outlet_id is None and document.url:
        document.outlet_id = match_outlet(session, document.url)
        session.flush()
    if document.outlet_id is not None:
        propose_from_document(session, actor, document)


@read_service
def outlet_for_url(session: Session, actor: Actor, url: str) -> int | None:
    return match_outlet(session, url)


@write_service
def set_outlet(session: Session, actor: Actor, document_id: int, outlet_id: int | None) -> int | None:
    """Reassign a document's outlet by hand (project leads); None clears it. Funding appeals
    in the text are proposed for the new outlet."""
    document, project, role = load_document_for(session, actor, document_id)
    check_role(actor, role, LEADS, "change a document's outlet", project_id=project.id)
    if outlet_id is not None:
        load_entity(session, outlet_id, live=True, field="outlet")
    if document.outlet_id == outlet_id:
        return outlet_id
    before = {"outlet_id": document.outlet_id}
    document.outlet_id = outlet_id
    session.flush()
    audit.record(session, actor, "update", "document", document.id, project_id=project.id,
                 document_id=document.id, before=before, after={"outlet_id": outlet_id},
                 detail="outlet set by hand")
    if outlet_id is not None:
        propose_from_document(session, actor, document)
    return outlet_id


@write_service
def match_outlets(session: Session, actor: Actor, project_id: int) -> int:
    """Give every document of the project without an outlet the one its URL matches (e.g.
    after adding a domain to the registry); returns how many documents got one."""
    require_project_role(session, actor, project_id, LEADS, "match outlets")
    load_project(session, project_id)
    assigned = 0
    documents = session.scalars(select(Document).where(
        Document.project_id == project_id, Document.outlet_id.is_(None), Document.url.is_not(None)
    ).order_by(Document.id))
    for document in documents:
        outlet_id = match_outlet(session, document.url)
        if outlet_id is None:
            continue
        document.outlet_id = outlet_id
        session.flush()
        audit.record(session, actor, "update", "document", document.id, project_id=project_id,
                     document_id=document.id, before={"outlet_id": None}, after={"outlet_id": outlet_id},
                     detail="outlet matched from the URL's domain")
        propose_from_document(session, actor, document)
        assigned += 1
    return assigned


@read_service
def outlet_context(session: Session, actor: Actor, document_id: int) -> OutletContext | None:
    """Funding, ratings and designations of the document's outlet (None without one)."""
    document, _, _ = load_document_for(session, actor, document_id)
    if document.outlet_id is None:
        return None
    outlet = load_entity(session, survivor_of(session, document.outlet_id))
    links = list(session.scalars(select(FundingLink).where(
        FundingLink.recipient_id == outlet.id, FundingLink.status == LinkStatus.ACCEPTED
    ).order_by(FundingLink.kind, FundingLink.id)))
    proposed = session.scalar(select(func.count()).select_from(FundingLink).where(
        FundingLink.recipient_id == outlet.id, FundingLink.status == LinkStatus.PROPOSED)) or 0
    return OutletContext(
        outlet=entity_view(session, outlet), funding_in=tuple(funding_views(session, links)),
        ratings=tuple(ratings_of(session, outlet.id)), designations=tuple(designations_of(session, outlet.id)),
        proposed=proposed,
    )
