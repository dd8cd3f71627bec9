"""Loading registry rows and turning them into views; shared by the registry services."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput, NotFound
from ...models import Designation, Entity, EntityDomain, FundingLink, Rating, User
from ...models.enums import EntityKind
from ..in_batches import rows_in
from .views import DesignationView, EntitySummary, EntityView, FundingLinkView, RatingView


def load_entity(session: Session, entity_id: int, *, live: bool = False, field: str | None = None) -> Entity:
    """The entity, or NotFound. `live` refuses an entity merged into another (name the
    survivor instead)."""
    entity = session.get(Entity, entity_id)
    if entity is None:
        if field:
            raise InvalidInput(f"no entity with id {entity_id}", field=field)
        raise NotFound(f"no entity with id {entity_id}")
    if live and entity.merged_into_id is not None:
        survivor = session.get(Entity, entity.merged_into_id)
        raise InvalidInput(
            f"{entity.name} was merged into {survivor.name if survivor else entity.merged_into_id}; use that entity",
            field=field,
        )
    return entity


def survivor_of(session: Session, entity_id: int) -> int:
    """Follow merged_into links to the entity that holds the data now."""
    seen: set[int] = set()
    current = entity_id
    while current not in seen:
        seen.add(current)
        target = session.scalar(select(Entity.merged_into_id).where(Entity.id == current))
        if target is None:
            return current
        current = target
    return current


_SPACES = re.compile(r"\s+")


def clean_name(name: str | None) -> str:
    """A name as the registry stores and compares it: composed (NFC), every run of white space
    (a non-breaking space, a tab, a line break) one space, stripped. A name pasted from an
    article or typed on another system ("Cafe\u0301\u00a0Babel") is then the name the registry
    holds ("Café Babel")."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name or "")).strip()


def entities_named(session: Session, name: str, *conditions: ColumnElement[bool]) -> list[Entity]:
    """The entities called `name` in any case, in any script, in any Unicode form or spacing
    (clean_name), by id. SQL's lower() changes only A-Z on SQLite (and on PostgreSQL in the C
    locale), so names of the same length are fetched and compared here."""
    clean = clean_name(name)
    folded = clean.casefold()
    # A name stored before names were cleaned may be as long as the name as written.
    lengths = {len(clean), len(name.strip())}
    candidates = session.scalars(select(Entity).where(func.length(Entity.name).in_(lengths), *conditions)
                                 .order_by(Entity.id))
    return [entity for entity in candidates if clean_name(entity.name).casefold() == folded]


def entity_named_in_file(session: Session, uid: str | None, name: str | None, *,
                         kind: EntityKind | None = None) -> int | None:
    """The entity an imported record names, by uid or else by exact name, as the registry holds
    it now: followed to its survivor when it was merged (a file written before a merge names
    the duplicate), and by name a live entity of `kind` first, then any live one."""
    if uid:
        found = session.scalar(select(Entity.id).where(Entity.uid == uid))
        if found is not None:
            return survivor_of(session, found)
    if not name:
        return None
    rows = session.execute(select(Entity.id, Entity.kind, Entity.merged_into_id)
                           .where(Entity.name.in_({name, clean_name(name)})).order_by(Entity.id)).all()
    live = [r for r in rows if r.merged_into_id is None]
    for candidates in ([r for r in live if r.kind == kind], live):
        if candidates:
            return int(candidates[0].id)
    return survivor_of(session, rows[0].id) if rows else None


def domains_of(session: Session, entity_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    ids = list(entity_ids)
    found: dict[int, list[str]] = defaultdict(list)
    query = select(EntityDomain.entity_id, EntityDomain.domain).order_by(EntityDomain.domain)
    for entity_id, domain in rows_in(session, query, EntityDomain.entity_id, ids):
        found[entity_id].append(domain)
    return {key: tuple(value) for key, value in found.items()}


class EntityColumns(Protocol):
    """What a summary needs: an Entity, or a row that selected just these columns (a list of
    the whole registry need not load every description and meta)."""

    @property
    def id(self) -> int: ...
    @property
    def uid(self) -> str: ...
    @property
    def kind(self) -> EntityKind: ...
    @property
    def name(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def merged_into_id(self) -> int | None: ...


def entity_summary(entity: EntityColumns, domains: tuple[str, ...]) -> EntitySummary:
    return EntitySummary(
        id=entity.id, uid=entity.uid, kind=entity.kind.value, name=entity.name, country=entity.country,
        domains=domains, merged_into_id=entity.merged_into_id,
    )


def entity_view(session: Session, entity: Entity) -> EntityView:
    merged_into = session.get(Entity, entity.merged_into_id) if entity.merged_into_id else None
    return EntityView(
        id=entity.id, uid=entity.uid, kind=entity.kind.value, name=entity.name, country=entity.country,
        description=entity.description, domains=domains_of(session, [entity.id]).get(entity.id, ()),
        meta=dict(entity.meta), merged_into_id=entity.merged_into_id,
        merged_into_name=merged_into.name if merged_into else None,
        created_at=entity.created_at, updated_at=entity.updated_at,
    )


def funding_views(session: Session, links: Sequence[FundingLink]) -> list[FundingLinkView]:
    entity_ids = {link.recipient_id for link in links} | {link.funder_id for link in links if link.funder_id}
    names = dict(session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(entity_ids))).all()) if entity_ids else {}
    user_ids = {u for link in links for u in (link.created_by_id, link.decided_by_id) if u}
    users = dict(session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all()) if user_ids else {}
    return [
        FundingLinkView(
            id=link.id, uid=link.uid, funder_id=link.funder_id,
            funder=names.get(link.funder_id) if link.funder_id else None,
            recipient_id=link.recipient_id, recipient=names.get(link.recipient_id, "?"),
            kind=link.kind.value, channel=link.channel, identifier=link.identifier,
            evidence_url=link.evidence_url, evidence_quote=link.evidence_quote,
            evidence_document_id=link.evidence_document_id, evidence_start=link.evidence_start,
            evidence_end=link.evidence_end, observed_on=link.observed_on,
            attribution=link.attribution.value, attributed_by=link.attributed_by,
            confidence=link.confidence, status=link.status.value, note=link.note,
            created_by=users.get(link.created_by_id) if link.created_by_id else None,
            created_at=link.created_at,
            decided_by=users.get(link.decided_by_id) if link.decided_by_id else None,
            decided_at=link.decided_at, amount=link.amount, currency=link.currency,
            period_start=link.period_start, period_end=link.period_end, share_percent=link.share_percent,
        )
        for link in links
    ]


def rating_view(rating: Rating) -> RatingView:
    return RatingView(
        id=rating.id, uid=rating.uid, entity_id=rating.entity_id, provider=rating.provider,
        dimension=rating.dimension, value=rating.value, rated_on=rating.rated_on, url=rating.url,
        note=rating.note,
    )


def designation_view(designation: Designation) -> DesignationView:
    return DesignationView(
        id=designation.id, uid=designation.uid, entity_id=designation.entity_id, kind=designation.kind,
        name=designation.name, issuer=designation.issuer, designated_on=designation.designated_on,
        ended_on=designation.ended_on, url=designation.url, note=designation.note,
    )


def ratings_of(session: Session, entity_id: int) -> list[RatingView]:
    rows = session.scalars(select(Rating).where(Rating.entity_id == entity_id)
                           .order_by(Rating.provider, Rating.dimension, Rating.rated_on, Rating.id))
    return [rating_view(r) for r in rows]


def designations_of(session: Session, entity_id: int) -> list[DesignationView]:
    rows = session.scalars(select(Designation).where(Designation.entity_id == entity_id)
                           .order_by(Designation.designated_on, Designation.id))
    return [designation_view(d) for d in rows]
