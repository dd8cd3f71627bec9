"""Proposed funding links from the funding appeals in an outlet's articles.

When a document with a known outlet is added or imported (or gets its outlet by hand), the
appeals in its text (annotator.suggest.funding) become funding links with status `proposed`:
a donation channel of the outlet, open to the public (no funder), self-declared, with the
matched passage, its code-point offsets and the document as evidence. A lead accepts or
rejects each (services/registry/funding.py `decide_funding_link`).

Which appeals become proposals: every channel hit (PayPal, Patreon, crypto wallet, IBAN,
donation page ...). A bare "Support us" / "Donate" block becomes a proposal only when the
article names no channel at all (then the block is the only evidence that the outlet asks
for money); otherwise the channels carry the evidence and the block would repeat them.
A channel the outlet already has a link for (any status, so a rejected proposal is not
offered again) is skipped: same channel and identifier, ignoring case, `http(s)://`, `www.`
and a trailing slash.

A page imported from HTML also brings the lines outside its article that appeal for money (the
header's "Donate" link, the footer's PayPal address: `ingest/page_appeals.py`, kept in the
document's metadata). They are read the same way, after the article, and proposed with the
line as the quoted evidence and no offsets (the line is not in the document's text); a bare
appeal block there is proposed only when neither the article nor the page names a channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import nulls_last, select
from sqlalchemy.orm import Session

from ...domains import check_url
from ...errors import InvalidInput
from ...ingest.page_appeals import META_KEY as PAGE_APPEALS
from ...ingest.page_appeals import lines_of
from ...models import Document, FundingLink, utcnow
from ...models.enums import Attribution, FundingKind, LinkStatus
from .. import audit
from ..actor import Actor
from ..permissions import load_document_for, member_roles, require_registry_editor
from ..unit import read_service, write_service
from .rows import funding_views, survivor_of
from .views import ProposalView

if TYPE_CHECKING:
    from ...suggest import FundingAppeal

CONTEXT = 80


def identifier_key(channel: str | None, identifier: str | None) -> tuple[str, str]:
    value = (identifier or "").strip().lower()
    for prefix in ("https://", "http://"):
        value = value.removeprefix(prefix)
    value = value.removeprefix("www.").rstrip("/")
    return (channel or "").lower(), value.replace(" ", "")


def appeals_to_propose(text: str) -> list[FundingAppeal]:
    """The appeals worth a proposal, in text order (see the module docstring)."""
    # Imported here: an import whose documents name no outlet looks for no appeal, and the
    # detectors' patterns cost a tenth of its start.
    from ...suggest import detect_funding_appeals

    appeals = detect_funding_appeals(text)
    channels = [a for a in appeals if a.channel != "support_block"]
    chosen = channels or [a for a in appeals if a.channel == "support_block"]
    unique: dict[tuple[str, str], FundingAppeal] = {}
    for appeal in chosen:
        unique.setdefault(identifier_key(appeal.channel, appeal.identifier), appeal)
    return list(unique.values())


def _evidence_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return check_url(url)
    except InvalidInput:
        return None  # a malformed source URL is kept on the document, not copied here


def page_appeal_lines(document: Document) -> list[str]:
    """The lines of the document's page outside its article that appeal for money (none for a
    document that did not come from a page, or whose metadata holds something else there)."""
    lines = document.meta.get(PAGE_APPEALS) if isinstance(document.meta, dict) else None
    return [line for line in lines if isinstance(line, str)] if isinstance(lines, list) else []


def _on_page(article: list[FundingAppeal], lines: list[str]) -> list[tuple[FundingAppeal, str]]:
    """The page's appeals worth a proposal, each with the line it was found on."""
    if not lines:
        return []
    text = "\n".join(lines)
    appeals = appeals_to_propose(text)
    if any(a.channel != "support_block" for a in article):
        appeals = [a for a in appeals if a.channel != "support_block"]
    return [(appeal, text[slice(*lines_of(text, appeal))]) for appeal in appeals]


def propose_from_document(session: Session, actor: Actor, document: Document) -> int:
    """Create the proposals for one document; returns how many were created."""
    if document.outlet_id is None:
        return 0
    recipient = survivor_of(session, document.outlet_id)
    have = {
        identifier_key(channel, identifier)
        for channel, identifier in session.execute(
            select(FundingLink.channel, FundingLink.identifier).where(FundingLink.recipient_id == recipient)
        )
    }
    observed = document.published or document.created_at.date()  # the document is stored: created_at is set
    in_article = appeals_to_propose(document.text)
    found = [(appeal, appeal.quote, True) for appeal in in_article]
    found += [(appeal, line, False) for appeal, line in _on_page(in_article, page_appeal_lines(document))]
    created = 0
    for appeal, quote, located in found:
        key = identifier_key(appeal.channel, appeal.identifier)
        if key in have:
            continue
        have.add(key)
        link = FundingLink(
            funder_id=None, recipient_id=recipient, kind=FundingKind.DONATION_CHANNEL,
            channel=appeal.channel, identifier=appeal.identifier[:500],
            evidence_url=_evidence_url(document.url), evidence_quote=quote,
            evidence_document_id=document.id, evidence_start=appeal.start if located else None,
            evidence_end=appeal.end if located else None,
            observed_on=observed, attribution=Attribution.SELF_DECLARED, status=LinkStatus.PROPOSED,
            note=appeal.detail if appeal.detail and appeal.channel == "crypto" else None,
            created_by_id=actor.user_id, created_at=utcnow(),
        )
        session.add(link)
        session.flush()
        where = "in the article" if located else "on the article's page, outside its text"
        audit.record(session, actor, "propose", "funding_link", link.id, project_id=document.project_id,
                     document_id=document.id, after=audit.snapshot(link),
                     detail=f"funding appeal ({appeal.channel}) found {where}")
        created += 1
    return created


def propose_for_documents(session: Session, actor: Actor, document_ids: Iterable[int]) -> int:
    created = 0
    for document_id in document_ids:
        document = session.get(Document, document_id)
        if document is not None and document.outlet_id is not None:
            created += propose_from_document(session, actor, document)
    return created


@write_service
def detect_funding_in_document(session: Session, actor: Actor, document_id: int) -> int:
    """Look for funding appeals in a document again (e.g. after its outlet changed)."""
    document, _, _ = load_document_for(session, actor, document_id)
    require_registry_editor(session, actor, "propose funding links", object_type="document", object_id=document_id)
    return propose_from_document(session, actor, document)


@read_service
def list_proposals(
    session: Session, actor: Actor, *, status: str = "proposed", recipient_id: int | None = None,
) -> list[ProposalView]:
    """Links of one status found in articles, the newest documents' first and in text order, with the passage
    around the evidence when the caller may read the document."""
    query = (select(FundingLink).where(FundingLink.status == LinkStatus(status),
                                       FundingLink.evidence_document_id.is_not(None))
             .order_by(FundingLink.evidence_document_id.desc(), nulls_last(FundingLink.evidence_start.asc()),
                       FundingLink.id))
    if recipient_id is not None:
        query = query.where(FundingLink.recipient_id == recipient_id)
    links = list(session.scalars(query))
    roles = member_roles(session, actor)
    doc_ids = {link.evidence_document_id for link in links if link.evidence_document_id}
    documents = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(doc_ids)))} if doc_ids else {}
    result = []
    for link, view in zip(links, funding_views(session, links), strict=True):
        document = documents.get(link.evidence_document_id) if link.evidence_document_id else None
        if document is None or (roles is not None and document.project_id not in roles):
            result.append(ProposalView(view))
            continue
        start, end = link.evidence_start or 0, link.evidence_end or 0
        result.append(ProposalView(
            view, document_title=document.title,
            before=document.text[max(0, start - CONTEXT):start] if end else "",
            after=document.text[end:end + CONTEXT] if end else "",
        ))
    return result
