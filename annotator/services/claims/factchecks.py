"""Fact-checks: reviews of a claim by fact-checkers (schema.org ClaimReview), imported from
their JSON-LD or added by hand, attached to a group; imported ones are matched to the groups as
proposals that a lead accepts or rejects. Export writes the project's fact-checks as
ClaimReview again, each listing where its group's claim appeared."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...claims import (
    THRESHOLD,
    FactCheck,
    match_fact_checks,
    read_claimreview,
)
from ...claims.claimreview import Rating
from ...claims.embeddings import EmbeddingsMode
from ...domains import page_key
from ...errors import ImportRefused, InvalidInput, NotFound
from ...models import (
    Annotation,
    ClaimFactCheck,
    ClaimFactCheckProposal,
    ClaimGroup,
    ClaimMember,
    Document,
    utcnow,
)
from ...models.enums import LinkStatus
from .. import audit
from ..actor import Actor
from ..unit import read_service, write_service
from .nearest import group_index
from .scope import Scope, live_groups, load_group, scope_of, visible_group_ids
from .views import FactCheckImport, FactCheckProposalView, FactCheckView

#: Where a fact-check added on the Claims page says it came from.
BY_HAND = "added by hand"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def rating_text(row: ClaimFactCheck) -> str:
    """The publisher's words, else its numbers ("1 of 5")."""
    if row.rating_label:
        return row.rating_label
    if row.rating_value is not None:
        scale = f" of {_number(row.best_rating)}" if row.best_rating is not None else ""
        return f"{_number(row.rating_value)}{scale}"
    return ""


def fact_check_view(row: ClaimFactCheck) -> FactCheckView:
    return FactCheckView(id=row.id, uid=row.uid, group_id=row.group_id, claim_reviewed=row.claim_reviewed, url=row.url,
                         publisher=row.publisher, date_published=row.date_published, rating=rating_text(row),
                         claim_author=row.claim_author, source=row.source)


def _columns(fact_check: FactCheck) -> dict[str, Any]:
    return {
        "claim_reviewed": fact_check.claim_reviewed, "url": fact_check.url, "publisher": fact_check.publisher,
        "publisher_url": fact_check.publisher_url, "date_published": fact_check.date_published,
        "rating_value": fact_check.rating_value, "best_rating": fact_check.best_rating,
        "worst_rating": fact_check.worst_rating, "rating_label": fact_check.rating_label,
        "claim_author": fact_check.claim_author, "claim_date": fact_check.claim_date,
        "appearances": list(fact_check.appearances), "other_ratings": rating_rows(fact_check.other_ratings),
    }


def rating_rows(ratings: Sequence[Rating]) -> list[dict[str, Any]]:
    """Ratings as the `other_ratings` column keeps them: the keys given."""
    return [{k: v for k, v in asdict(rating).items() if v is not None} for rating in ratings]


def stored_ratings(rows: Sequence[dict[str, Any]]) -> tuple[Rating, ...]:
    """The `other_ratings` column's ratings."""
    return tuple(Rating(**{k: row.get(k) for k in ("value", "best", "worst", "label")}) for row in rows)


def as_fact_check(row: ClaimFactCheck, *, appearances: Sequence[str] = ()) -> FactCheck:
    """The stored row as the core's FactCheck, with `appearances` added to its own."""
    seen = list(dict.fromkeys([*row.appearances, *appearances]))
    return FactCheck(
        claim_reviewed=row.claim_reviewed, url=row.url, publisher=row.publisher, publisher_url=row.publisher_url,
        date_published=row.date_published, rating_value=row.rating_value, best_rating=row.best_rating,
        worst_rating=row.worst_rating, rating_label=row.rating_label, claim_author=row.claim_author,
        claim_date=row.claim_date, appearances=tuple(seen), other_ratings=stored_ratings(row.other_ratings),
    )


def _live_fact_check(session: Session, actor: Actor, fact_check_id: int) -> tuple[ClaimFactCheck, Scope]:
    row = session.get(ClaimFactCheck, fact_check_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"no fact-check with id {fact_check_id}")
    scope = scope_of(session, actor, row.project_id)
    scope.require_lead("change fact-checks", object_type="claim_fact_check", object_id=fact_check_id)
    return row, scope


def fact_check_key(url: str | None, claim: str) -> tuple[str | None, str]:
    """What makes two fact-checks one: the claim, and the page (domains.page_key: one page
    under another address, with tracking parameters, http, www. or a trailing slash, is the
    same page)."""
    return (page_key(url) if url else None, claim)


def held_fact_checks(session: Session, project_id: int) -> set[tuple[str | None, str]]:
    """The keys of the project's live fact-checks (fact_check_key)."""
    return {fact_check_key(url, claim) for url, claim in session.execute(
        select(ClaimFactCheck.url, ClaimFactCheck.claim_reviewed).where(
            ClaimFactCheck.project_id == project_id, ClaimFactCheck.deleted_at.is_(None)))}


@write_service
def import_fact_checks(session: Session, actor: Actor, project_id: int, data: bytes | str, *, source: str,
                       threshold: float = THRESHOLD, embeddings: EmbeddingsMode = "auto") -> FactCheckImport:
    """Read ClaimReview JSON-LD (one object, an array, or a page's @graph); any problem refuses
    the file whole (every problem listed by file, item and field) and nothing is written.
    A fact-check already in the project (same claim, and the same page: domains.page_key) is
    skipped. Each new one is
    matched to the groups, and the matches stored as proposals for a lead."""
    scope = scope_of(session, actor, project_id)
    scope.require_lead("import fact-checks")
    read = read_claimreview(data, source=source)
    if read.issues:
        raise ImportRefused(read.issues)
    if not read.fact_checks:
        raise ImportRefused([InvalidInput("no ClaimReview found", file=source)])
    have = held_fact_checks(session, project_id)
    new: list[tuple[FactCheck, ClaimFactCheck]] = []
    for fact_check in read.fact_checks:
        key = fact_check_key(fact_check.url, fact_check.claim_reviewed)
        if key in have:
            continue
        have.add(key)
        row = ClaimFactCheck(project_id=project_id, source=source[:500], created_by_id=actor.user_id,
                             **_columns(fact_check))
        session.add(row)
        new.append((fact_check, row))
    session.flush()
    index = group_index(session, scope, embeddings)
    proposals = match_fact_checks([f for f, _ in new], index, threshold=threshold) if new and len(index) else []
    for proposal in proposals:
        session.add(ClaimFactCheckProposal(fact_check_id=new[proposal.fact_check][1].id, group_id=int(proposal.group),
                                           score=proposal.score))
    events = [audit.event(actor, "import", "claim_fact_check", row.id, project_id=project_id, after=audit.snapshot(row),
                          detail=f"from {source[:300]}") for _, row in new]
    audit.record_many(session, events)
    return FactCheckImport(added=len(new), skipped=len(read.fact_checks) - len(new), proposals=len(proposals),
                           fact_check_ids=tuple(row.id for _, row in new))


@dataclass(frozen=True)
class FactCheckIn:
    """A fact-check typed in on the Claims page."""

    claim_reviewed: str
    url: str | None = None
    publisher: str | None = None
    date_published: date | None = None
    rating_label: str | None = None
    claim_author: str | None = None


@write_service
def add_fact_check(session: Session, actor: Actor, group_id: int, data: FactCheckIn) -> FactCheckView:
    """Attach a fact-check typed in by a lead to the group (checked as an import would be)."""
    project_id = session.scalar(select(ClaimGroup.project_id).where(ClaimGroup.id == group_id))
    if project_id is None:
        raise NotFound(f"no claim group with id {group_id}")
    scope = scope_of(session, actor, project_id)
    scope.require_lead("add fact-checks")
    group = load_group(session, scope, group_id)
    jsonld: dict[str, Any] = {"@type": "ClaimReview", "claimReviewed": data.claim_reviewed, "url": data.url or None,
                              "datePublished": data.date_published.isoformat() if data.date_published else None,
                              "author": {"name": data.publisher} if data.publisher else None,
                              "reviewRating": {"alternateName": data.rating_label} if data.rating_label else None,
                              "itemReviewed": {"author": data.claim_author} if data.claim_author else None}
    read = read_claimreview(json.dumps({k: v for k, v in jsonld.items() if v is not None}), source="the form")
    if read.issues:
        raise read.issues[0]
    row = ClaimFactCheck(project_id=project_id, group_id=group.id, source=BY_HAND, created_by_id=actor.user_id,
                         **_columns(read.fact_checks[0]))
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "claim_fact_check", row.id, project_id=project_id, after=audit.snapshot(row))
    return fact_check_view(row)


@write_service
def attach_fact_check(session: Session, actor: Actor, fact_check_id: int, group_id: int | None) -> FactCheckView:
    """Attach the fact-check to a group, or detach it (None). Its open proposals are settled:
    the one for that group accepted, the others rejected."""
    row, scope = _live_fact_check(session, actor, fact_check_id)
    if group_id is not None:
        load_group(session, scope, group_id)
    before = audit.snapshot(row)
    row.group_id = group_id
    now = utcnow()
    if group_id is not None:
        for proposal in session.scalars(select(ClaimFactCheckProposal).where(
                ClaimFactCheckProposal.fact_check_id == row.id, ClaimFactCheckProposal.status == LinkStatus.PROPOSED)):
            proposal.status = LinkStatus.ACCEPTED if proposal.group_id == group_id else LinkStatus.REJECTED
            proposal.decided_by_id, proposal.decided_at = actor.user_id, now
    session.flush()
    audit.record(session, actor, "attach" if group_id else "detach", "claim_fact_check", row.id,
                 project_id=row.project_id, before=before, after=audit.snapshot(row))
    return fact_check_view(row)


@write_service
def decide_proposal(session: Session, actor: Actor, proposal_id: int, *, accept: bool) -> FactCheckView:
    """Accept (the fact-check is attached to the proposed group) or reject a proposal."""
    proposal = session.get(ClaimFactCheckProposal, proposal_id)
    if proposal is None:
        raise NotFound(f"no fact-check proposal with id {proposal_id}")
    row, _ = _live_fact_check(session, actor, proposal.fact_check_id)
    if proposal.status != LinkStatus.PROPOSED:
        raise InvalidInput(f"proposal {proposal_id} was {proposal.status.value} already", field="proposal")
    if accept:
        return attach_fact_check.tx(session, actor, row.id, proposal.group_id)
    proposal.status = LinkStatus.REJECTED
    proposal.decided_by_id, proposal.decided_at = actor.user_id, utcnow()
    session.flush()
    audit.record(session, actor, "reject", "claim_fact_check", row.id, project_id=row.project_id,
                 after={"proposal": proposal.id, "group_id": proposal.group_id})
    return fact_check_view(row)


@write_service
def delete_fact_check(session: Session, actor: Actor, fact_check_id: int) -> None:
    """Soft delete (kept for the trail, left out of lists and exports)."""
    row, _ = _live_fact_check(session, actor, fact_check_id)
    before = audit.snapshot(row)
    row.deleted_at = utcnow()
    session.flush()
    audit.record(session, actor, "delete", "claim_fact_check", row.id, project_id=row.project_id, before=before,
                 after=audit.snapshot(row))


def proposal_views(session: Session, project_id: int, group_ids: Sequence[int] | None = None) -> list[FactCheckProposalView]:
    """Open proposals of the project (or of some groups), best first."""
    query = (select(ClaimFactCheckProposal, ClaimFactCheck, ClaimGroup.canonical)
             .join(ClaimFactCheck, ClaimFactCheck.id == ClaimFactCheckProposal.fact_check_id)
             .join(ClaimGroup, ClaimGroup.id == ClaimFactCheckProposal.group_id)
             .where(ClaimFactCheck.project_id == project_id, ClaimFactCheck.deleted_at.is_(None),
                    ClaimGroup.deleted_at.is_(None), ClaimFactCheckProposal.status == LinkStatus.PROPOSED)
             .order_by(ClaimFactCheckProposal.score.desc(), ClaimFactCheckProposal.id))
    if group_ids is not None:
        query = query.where(ClaimFactCheckProposal.group_id.in_(list(group_ids)))
    return [FactCheckProposalView(p.id, fact_check_view(f), p.group_id, canonical, p.score)
            for p, f, canonical in session.execute(query).all()]


@read_service
def list_fact_checks(session: Session, actor: Actor, project_id: int, *, unattached: bool = False) -> list[FactCheckView]:
    """The project's fact-checks (leads see every one; others those of groups they see)."""
    scope = scope_of(session, actor, project_id)
    query = select(ClaimFactCheck).where(ClaimFactCheck.project_id == project_id, ClaimFactCheck.deleted_at.is_(None))
    if unattached:
        query = query.where(ClaimFactCheck.group_id.is_(None))
    rows = list(session.scalars(query.order_by(ClaimFactCheck.id)))
    if not scope.lead:
        visible = {g.id for g in _visible(session, scope)}
        rows = [r for r in rows if r.group_id in visible]
    return [fact_check_view(r) for r in rows]


def _visible(session: Session, scope: Scope) -> list[ClaimGroup]:
    return live_groups(session, scope.project.id, visible_group_ids(session, scope))


@read_service
def list_proposals(session: Session, actor: Actor, project_id: int) -> list[FactCheckProposalView]:
    scope = scope_of(session, actor, project_id)
    scope.require_lead("read fact-check proposals")
    return proposal_views(session, project_id)


@read_service
def claimreview_export(session: Session, actor: Actor, project_id: int) -> list[FactCheck]:
    """The project's fact-checks as ClaimReview data, in the order they were added; an attached
    one lists among its appearances the URLs of the documents its group's claim appeared in
    (the documents the caller sees). Leads export every fact-check, others those of the groups
    they see."""
    scope = scope_of(session, actor, project_id)
    rows = list(session.scalars(select(ClaimFactCheck).where(
        ClaimFactCheck.project_id == project_id, ClaimFactCheck.deleted_at.is_(None)).order_by(ClaimFactCheck.id)))
    visible = None if scope.lead else {g.id for g in _visible(session, scope)}
    urls: dict[int, list[str]] = {}
    query = (select(ClaimMember.group_id, Document.url)
             .join(Annotation, Annotation.id == ClaimMember.annotation_id)
             .join(Document, Document.id == Annotation.document_id)
             .where(Annotation.deleted_at.is_(None), Document.url.is_not(None),
                    ClaimMember.group_id.in_({r.group_id for r in rows if r.group_id}))
             .order_by(Document.published.asc().nulls_last(), Document.id))
    if scope.own_only is not None:
        query = query.where(Annotation.user_id == scope.own_only)
    queue = scope.in_queue(Document.id)
    if queue is not None:
        query = query.where(queue)
    for group_id, url in session.execute(query).all():
        if url:
            urls.setdefault(group_id, []).append(url)
    found = []
    for row in rows:
        if visible is not None and row.group_id not in visible:
            continue
        found.append(as_fact_check(row, appearances=urls.get(row.group_id, []) if row.group_id else ()))
    return found

