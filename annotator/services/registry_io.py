"""Moving registry entities (outlets, organisations, ...) in with an import.

Entities are matched by uid; an entity already present is left as it is (the registry is
shared by every project in the database, so an import never overwrites it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..formats.records import EntityRecord
from ..models import Entity, EntityDomain, utcnow
from ..models.enums import EntityKind
from . import audit
from .actor import Actor


def normalise_domain(domain: str) -> str:
    """Lower-case, no scheme, no path, no port, no leading `www.`."""
    domain = domain.strip().lower()
    if "://" in domain:
        domain = domain.split("://", 1)[1]
    domain = domain.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    return domain[4:] if domain.startswith("www.") else domain


def validate_entities(entities: Sequence[EntityRecord], source: str) -> list[InvalidInput]:
    issues = []
    for number, entity in enumerate(entities, start=1):
        where = entity.source or f"{source}, entity {number}"
        if entity.kind not in EntityKind._value2member_map_:
            issues.append(InvalidInput(f"unknown entity kind {entity.kind!r}", file=where, field="kind"))
        if not entity.name.strip():
            issues.append(InvalidInput("an entity needs a name", file=where, field="name"))
    return issues


def import_entities(session: Session, actor: Actor, entities: Sequence[EntityRecord]) -> int:
    """Create the entities this database lacks; returns how many were created."""
    created = 0
    by_uid: dict[str, int] = {}
    pending_merges: list[tuple[Entity, str]] = []
    for record in entities:
        if record.uid:
            existing = session.scalar(select(Entity.id).where(Entity.uid == record.uid))
            if existing is not None:
                by_uid[record.uid] = existing
                continue
        now = utcnow()
        entity = Entity(
            kind=EntityKind(record.kind), name=record.name.strip(), country=record.country,
            description=record.description or "", meta=dict(record.meta),
            created_at=record.created_at or now, updated_at=record.updated_at or now,
        )
        if record.uid:
            entity.uid = record.uid
        session.add(entity)
        session.flush()
        by_uid[entity.uid] = entity.id
        for domain in record.domains:
            clean = normalise_domain(domain)
            owner = session.scalar(select(EntityDomain.entity_id).where(EntityDomain.domain == clean))
            if owner is not None and owner != entity.id:
                raise InvalidInput(
                    f"domain {clean} already belongs to another entity", file=record.source, field="domains"
                )
            if owner is None:
                session.add(EntityDomain(entity_id=entity.id, domain=clean))
        if record.merged_into_uid:
            pending_merges.append((entity, record.merged_into_uid))
        audit.record(session, actor, "create", "entity", entity.id, after=audit.snapshot(entity), detail="created by import")
        created += 1
    for entity, target_uid in pending_merges:
        entity.merged_into_id = by_uid.get(target_uid) or session.scalar(select(Entity.id).where(Entity.uid == target_uid))
    session.flush()
    return created
