"""Merging two duplicate registry entries into one, losing no link.

Everything that points at the duplicate moves to the survivor: domains, funding links on both
sides, ratings, designations, documents' outlet, span links and entities merged into the
duplicate earlier. A span linked to both in the same role keeps one link (the same fact);
every other row moves. The duplicate stays, marked `merged_into` the survivor, so that old
references (exports, bookmarks) can still be followed; the survivor takes the duplicate's
country and description when it has none. One audit event lists what moved.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...models import (
    AnnotationEntity,
    Base,
    Designation,
    Document,
    Entity,
    EntityDomain,
    FundingLink,
    Rating,
    utcnow,
)
from .. import audit
from ..actor import Actor
from ..permissions import require_registry_editor
from ..unit import write_service
from .rows import load_entity
from .views import MergeResult


def _move(session: Session, model: type[Base], column: str, loser: int, survivor: int) -> int:
    attribute = getattr(model, column)
    # An UPDATE's result is a CursorResult (it has rowcount); Session.execute is typed for
    # every statement as the plain Result.
    result = cast(CursorResult[Any], session.execute(update(model).where(attribute == loser).values({column: survivor})))
    return int(result.rowcount or 0)


def _move_span_links(session: Session, loser: int, survivor: int) -> tuple[int, int]:
    """Moves span links; a link the survivor has already (same span, same role) is dropped
    as a duplicate. Returns (moved, duplicates dropped)."""
    have = set(session.execute(
        select(AnnotationEntity.annotation_id, AnnotationEntity.role).where(AnnotationEntity.entity_id == survivor)
    ).all())
    moved = dropped = 0
    for link in session.scalars(select(AnnotationEntity).where(AnnotationEntity.entity_id == loser)):
        if (link.annotation_id, link.role) in have:
            session.delete(link)
            dropped += 1
        else:
            link.entity_id = survivor
            moved += 1
    return moved, dropped


def _refuse_funding_between(session: Session, survivor: Entity, loser: Entity) -> None:
    """Funding between the two would become funding of the survivor by itself, which no write
    allows (funding.py): the user decides what it was (and deletes it) before merging."""
    pair = (survivor.id, loser.id)
    links = session.execute(select(FundingLink.id, FundingLink.funder_id).where(
        FundingLink.funder_id.in_(pair), FundingLink.recipient_id.in_(pair)).order_by(FundingLink.id)).all()
    if links:
        funds = {survivor.id: f"{survivor.name} funds {loser.name}", loser.id: f"{loser.name} funds {survivor.name}"}
        found = "; ".join(f"{funds[funder]} (funding link {link})" for link, funder in links if funder is not None)
        raise InvalidInput(f"{found}: after the merge an entity would fund itself; delete that "
                           "funding link first", field="duplicate")


@write_service
def merge_entities(session: Session, actor: Actor, survivor_id: int, duplicate_id: int) -> MergeResult:
    """Merge `duplicate_id` into `survivor_id` (see the module docstring)."""
    require_registry_editor(session, actor, "merge registry entries", object_id=survivor_id)
    if survivor_id == duplicate_id:
        raise InvalidInput("an entity cannot be merged into itself", field="duplicate")
    survivor = load_entity(session, survivor_id, live=True, field="survivor")
    loser = load_entity(session, duplicate_id, live=True, field="duplicate")
    _refuse_funding_between(session, survivor, loser)
    before = {"survivor": audit.snapshot(survivor), "duplicate": audit.snapshot(loser)}
    session.flush()
    moved = {
        "domains": _move(session, EntityDomain, "entity_id", loser.id, survivor.id),
        "funding_received": _move(session, FundingLink, "recipient_id", loser.id, survivor.id),
        "funding_given": _move(session, FundingLink, "funder_id", loser.id, survivor.id),
        "ratings": _move(session, Rating, "entity_id", loser.id, survivor.id),
        "designations": _move(session, Designation, "entity_id", loser.id, survivor.id),
        "documents": _move(session, Document, "outlet_id", loser.id, survivor.id),
        "merged_entities": _move(session, Entity, "merged_into_id", loser.id, survivor.id),
    }
    moved["span_links"], moved["span_links_already_present"] = _move_span_links(session, loser.id, survivor.id)
    session.flush()
    # Rows changed by bulk UPDATE: drop stale copies from the session.
    session.expire_all()
    survivor = load_entity(session, survivor_id)
    loser = load_entity(session, duplicate_id)
    if not survivor.country and loser.country:
        survivor.country = loser.country
    if not survivor.description and loser.description:
        survivor.description = loser.description
    now = utcnow()
    survivor.updated_at = loser.updated_at = now
    loser.merged_into_id = survivor.id
    session.flush()
    audit.record(
        session, actor, "merge", "entity", survivor.id, before=before,
        after={"survivor": audit.snapshot(survivor), "duplicate": audit.snapshot(loser), "moved": moved},
        detail=f"{loser.name} (id {loser.id}) merged into {survivor.name} (id {survivor.id})",
    )
    audit.record(session, actor, "update", "entity", loser.id, before=before["duplicate"],
                 after=audit.snapshot(loser), detail=f"merged into {survivor.name} (id {survivor.id})")
    return MergeResult(survivor_id=survivor.id, loser_id=loser.id, moved=moved)
