"""The registry of outlets, organisations, people, states and platforms: create, read, update,
delete, with their web domains, ratings and designations. Every write is audited.

Who may write: see `permissions.can_edit_registry` (admins and curators, globally or of any
project). Everyone signed in reads the registry. Funding links live in funding.py, span links
in entity_links.py, merging in entity_merge.py (all in services/registry/).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypeVar, overload

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ...domains import check_url, clean_domain, normalise_domain, origin_url
from ...errors import Conflict, InvalidInput, NotFound
from ...models import (
    AnnotationEntity,
    Base,
    Designation,
    Document,
    Entity,
    EntityDomain,
    FundingLink,
    Rating,
    column_size,
    utcnow,
)
from ...models.enums import EntityKind
from .. import audit
from ..actor import Actor
from ..paging import like_pattern
from ..permissions import can_edit_registry, require_registry_editor
from ..unit import read_service, write_service
from .checks import DESIGNATION_KINDS, normalise_designation_kind
from .rows import (
    clean_name,
    designation_view,
    domains_of,
    entities_named,
    entity_summary,
    entity_view,
    load_entity,
    rating_view,
)
from .views import DesignationView, EntitySummary, EntityView, RatingView

_UNSET: Any = object()


@overload
def _text(value: str | None, field: str, model: type[Base], *, required: Literal[True] = True) -> str: ...


@overload
def _text(value: str | None, field: str, model: type[Base], *, required: bool) -> str | None: ...


def _text(value: str | None, field: str, model: type[Base], *, required: bool = True) -> str | None:
    """The value stripped, no longer than `model`'s column `field` holds."""
    limit = column_size(model, field)
    assert limit is not None, f"{model.__name__}.{field} is a text of limited size"
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"{field} must not be empty", field=field)
        return None
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters", field=field)
    return cleaned


def entity_kind(kind: str | EntityKind, *, field: str = "kind") -> EntityKind:
    try:
        return EntityKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in EntityKind)
        raise InvalidInput(f"unknown entity kind {kind!r} (one of {known})", field=field) from None


def optional_url(url: str | None, field: str) -> str | None:
    return check_url(url, field=field) if url and url.strip() else None


def attach_domain(session: Session, actor: Actor, entity: Entity, domain: str) -> str | None:
    """Register a domain for the entity; returns it, or None when the entity has it already.
    A domain is unique in the registry: another entity's domain is a conflict."""
    clean = clean_domain(domain)
    owner = session.scalar(select(EntityDomain.entity_id).where(EntityDomain.domain == clean))
    if owner == entity.id:
        return None
    if owner is not None:
        other = session.get(Entity, owner)
        raise Conflict(f"the domain {clean} belongs to {other.name if other else owner} already")
    row = EntityDomain(entity_id=entity.id, domain=clean)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "entity_domain", row.id, after=audit.snapshot(row))
    return clean


@write_service
def create_entity(
    session: Session, actor: Actor, kind: str | EntityKind, name: str, *, country: str | None = None,
    description: str = "", domains: tuple[str, ...] | list[str] = (), meta: dict[str, Any] | None = None,
    same_name: bool = False,
) -> EntityView:
    """A new registry entry. A live entry of the same kind and name (any case, any spacing) is
    refused, naming it, unless `same_name` says a second one is meant (two outlets that share
    a name): a duplicate would split the entity's funding and its documents between two."""
    require_registry_editor(session, actor, "add to the registry")
    if not same_name and (same := same_named(session, kind, name)) is not None:
        raise Conflict(f"{same.name} ({same.kind.value}) is in the registry already (id {same.id})",
                       override="same_name")
    now = utcnow()
    entity = Entity(
        kind=entity_kind(kind), name=_text(clean_name(name), "name", Entity), country=_text(country, "country", Entity, required=False),
        description=(description or "").strip(), meta=dict(meta or {}), created_at=now, updated_at=now,
    )
    session.add(entity)
    session.flush()
    audit.record(session, actor, "create", "entity", entity.id, after=audit.snapshot(entity))
    for domain in domains:
        attach_domain(session, actor, entity, domain)
    return entity_view(session, entity)


def same_named(session: Session, kind: str | EntityKind, name: str) -> Entity | None:
    """The live entity of this kind called `name` (as `entities_named` compares), if any."""
    clean = clean_name(name)
    if not clean:
        return None
    return next(iter(entities_named(session, clean, Entity.kind == entity_kind(kind),
                                    Entity.merged_into_id.is_(None))), None)


@write_service
def update_entity(
    session: Session, actor: Actor, entity_id: int, *, name: str = _UNSET, kind: str = _UNSET,
    country: str | None = _UNSET, description: str = _UNSET, meta: dict[str, Any] = _UNSET,
) -> EntityView:
    require_registry_editor(session, actor, "edit the registry", object_id=entity_id)
    entity = load_entity(session, entity_id)
    before = audit.snapshot(entity)
    if name is not _UNSET:
        entity.name = _text(clean_name(name), "name", Entity)
    if kind is not _UNSET:
        entity.kind = entity_kind(kind)
    if country is not _UNSET:
        entity.country = _text(country, "country", Entity, required=False)
    if description is not _UNSET:
        entity.description = (description or "").strip()
    if meta is not _UNSET:
        entity.meta = dict(meta or {})
    entity.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "update", "entity", entity.id, before=before, after=audit.snapshot(entity))
    return entity_view(session, entity)


@write_service
def delete_entity(session: Session, actor: Actor, entity_id: int) -> None:
    """Delete an entity nothing refers to (its domains, ratings and designations go with it,
    kept in the audit event). One with funding links, documents, span links or merged
    entities is refused: merge it into its duplicate instead."""
    require_registry_editor(session, actor, "delete from the registry", object_id=entity_id)
    entity = load_entity(session, entity_id)
    uses = {
        "funding links": select(FundingLink.id).where(or_(FundingLink.funder_id == entity_id, FundingLink.recipient_id == entity_id)),
        "documents": select(Document.id).where(Document.outlet_id == entity_id),
        "span links": select(AnnotationEntity.id).where(AnnotationEntity.entity_id == entity_id),
        "merged entities": select(Entity.id).where(Entity.merged_into_id == entity_id),
    }
    used = [what for what, query in uses.items() if session.scalar(select(exists(query)))]
    if used:
        raise Conflict(f"{entity.name} is still referred to by {', '.join(used)}: merge it into its duplicate instead")
    before = audit.snapshot(entity) | {
        "domains": list(domains_of(session, [entity.id]).get(entity.id, ())),
        "ratings": [audit.snapshot(r) for r in session.scalars(select(Rating).where(Rating.entity_id == entity_id))],
        "designations": [audit.snapshot(d) for d in session.scalars(select(Designation).where(Designation.entity_id == entity_id))],
    }
    for model in (EntityDomain, Rating, Designation):
        for row in session.scalars(select(model).where(model.entity_id == entity_id)):
            session.delete(row)
    session.delete(entity)
    session.flush()
    audit.record(session, actor, "delete", "entity", entity_id, before=before)


@read_service
def get_entity(session: Session, actor: Actor, entity_id: int) -> EntityView:
    return entity_view(session, load_entity(session, entity_id))


@read_service
def is_registry_editor(session: Session, actor: Actor) -> bool:
    """Whether the actor may edit the registry (pages show the forms only then)."""
    return can_edit_registry(session, actor)


@read_service
def find_entity(session: Session, actor: Actor, ref: str | int) -> EntityView:
    """An entity by id, uid or exact name (any case); an ambiguous name is an error."""
    text = str(ref).strip()
    if text.isdigit():
        return entity_view(session, load_entity(session, int(text)))
    entity = session.scalar(select(Entity).where(Entity.uid == text))
    if entity is None:
        found = entities_named(session, text)
        live = [e for e in found if e.merged_into_id is None] or found
        if not live:
            raise NotFound(f"no entity {text!r} in the registry")
        if len(live) > 1:
            raise InvalidInput(f"{len(live)} entities are called {text!r}: name one by id ({', '.join(str(e.id) for e in live)})")
        entity = live[0]
    return entity_view(session, entity)


@read_service
def list_entities(
    session: Session, actor: Actor, *, search: str | None = None, kind: str | None = None,
    include_merged: bool = False, limit: int | None = None,
) -> list[EntitySummary]:
    """Entities by name; `search` matches a part of the name or of a domain, any case."""
    query = (select(Entity.id, Entity.uid, Entity.kind, Entity.name, Entity.country, Entity.merged_into_id)
             .order_by(func.lower(Entity.name), Entity.id))
    if kind:
        query = query.where(Entity.kind == entity_kind(kind))
    if not include_merged:
        query = query.where(Entity.merged_into_id.is_(None))
    rows = session.execute(query).all()
    if search and search.strip():
        # Names are matched here, not by SQL's lower(), which changes only A-Z on SQLite (and
        # on a C-locale PostgreSQL): the registry is small next to the documents.
        needle = clean_name(search).casefold()
        # Domains are stored in their ASCII (IDNA) form: "пример.рф" is looked for as
        # "xn--e1afmkfd.xn--p1ai" too (whole labels: a part of one has no such form).
        # An address served through an AMP cache or an archive is looked for by its own.
        # The forms are made from the text as typed, as a domain is when it is stored, not from
        # the casefolded needle: casefold() turns ß into ss and ς into σ (faß.de into fass.de,
        # another site), where lower() and IDNA 2008 keep them.
        typed = clean_name(search).lower()
        forms = {typed, normalise_domain(typed), normalise_domain(origin_url(typed))} - {""}
        in_domains = set(session.scalars(select(EntityDomain.entity_id).where(
            or_(*(EntityDomain.domain.like(like_pattern(form), escape="\\") for form in forms)))))
        rows = [r for r in rows if needle in clean_name(r.name).casefold() or r.id in in_domains]
    if limit:
        rows = rows[:limit]
    # One query for every domain (the registry is small next to the documents), not one per chunk.
    domains: dict[int, list[str]] = {}
    for entity_id, domain in session.execute(select(EntityDomain.entity_id, EntityDomain.domain).order_by(EntityDomain.domain)):
        domains.setdefault(entity_id, []).append(domain)
    return [entity_summary(r, tuple(domains.get(r.id, ()))) for r in rows]


@write_service
def add_domain(session: Session, actor: Actor, entity_id: int, domain: str) -> EntityView:
    require_registry_editor(session, actor, "edit the registry", object_id=entity_id)
    entity = load_entity(session, entity_id, live=True)
    attach_domain(session, actor, entity, domain)
    return entity_view(session, entity)


@write_service
def remove_domain(session: Session, actor: Actor, entity_id: int, domain: str) -> EntityView:
    require_registry_editor(session, actor, "edit the registry", object_id=entity_id)
    entity = load_entity(session, entity_id)
    row = session.scalar(select(EntityDomain).where(EntityDomain.entity_id == entity_id,
                                                    EntityDomain.domain == clean_domain(domain)))
    if row is None:
        raise NotFound(f"{entity.name} has no domain {domain}")
    audit.record(session, actor, "delete", "entity_domain", row.id, before=audit.snapshot(row))
    session.delete(row)
    session.flush()
    return entity_view(session, entity)


@write_service
def add_rating(
    session: Session, actor: Actor, entity_id: int, provider: str, dimension: str, value: str, *,
    rated_on: date | None = None, url: str | None = None, note: str | None = None,
) -> RatingView:
    """One provider's rating on one dimension (e.g. Media Bias/Fact Check, factual
    reporting, mixed). Ratings are a list per entity, never folded into one score."""
    require_registry_editor(session, actor, "rate an entity", object_id=entity_id)
    load_entity(session, entity_id, live=True)
    rating = Rating(
        entity_id=entity_id, provider=_text(provider, "provider", Rating),
        dimension=_text(dimension, "dimension", Rating), value=_text(value, "value", Rating),
        rated_on=rated_on, url=optional_url(url, "url"), note=(note or "").strip() or None, created_at=utcnow(),
    )
    session.add(rating)
    session.flush()
    audit.record(session, actor, "create", "rating", rating.id, after=audit.snapshot(rating))
    return rating_view(rating)


def designation_kind(kind: str) -> str:
    cleaned = normalise_designation_kind(kind)
    if cleaned not in DESIGNATION_KINDS:
        raise InvalidInput(f"unknown designation kind {kind!r} (one of {', '.join(DESIGNATION_KINDS)})", field="kind")
    return cleaned


@write_service
def add_designation(
    session: Session, actor: Actor, entity_id: int, kind: str, name: str, issuer: str, *,
    designated_on: date | None = None, ended_on: date | None = None, url: str | None = None,
    note: str | None = None,
) -> DesignationView:
    """A sanction or an official label (e.g. "foreign agent") with its issuer."""
    require_registry_editor(session, actor, "add a designation", object_id=entity_id)
    load_entity(session, entity_id, live=True)
    if designated_on and ended_on and ended_on < designated_on:
        raise InvalidInput("the designation ends before it starts", field="ended_on")
    designation = Designation(
        entity_id=entity_id, kind=designation_kind(kind), name=_text(name, "name", Designation),
        issuer=_text(issuer, "issuer", Designation), designated_on=designated_on, ended_on=ended_on,
        url=optional_url(url, "url"), note=(note or "").strip() or None, created_at=utcnow(),
    )
    session.add(designation)
    session.flush()
    audit.record(session, actor, "create", "designation", designation.id, after=audit.snapshot(designation))
    return designation_view(designation)


_Listed = TypeVar("_Listed", Rating, Designation)


def _delete_row(session: Session, actor: Actor, model: type[_Listed], row_id: int, what: str) -> None:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    require_registry_editor(session, actor, f"delete a {what}", object_type=what, object_id=row_id)
    audit.record(session, actor, "delete", what, row.id, before=audit.snapshot(row))
    session.delete(row)
    session.flush()


@write_service
def delete_rating(session: Session, actor: Actor, rating_id: int) -> None:
    _delete_row(session, actor, Rating, rating_id, "rating")


@write_service
def delete_designation(session: Session, actor: Actor, designation_id: int) -> None:
    _delete_row(session, actor, Designation, designation_id, "designation")
