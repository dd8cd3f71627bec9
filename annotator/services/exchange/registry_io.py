"""Moving the registry in with an import: entities, domains, ratings, designations, funding.

Entities are matched by uid, or (without one, as in a hand-written CSV) by kind and name, any
case. An entity already present is not overwritten (the registry is shared by every project):
only what it lacks is added: domains, and ratings, designations and funding links not present
yet (same uid, or the same content when the record has no uid). Entities merged into another
stand for their survivor. Users named as authors of links that this database lacks are created
as inactive accounts without a password, as for imported spans.

Project imports call `import_entities` before the documents and `import_entity_details`
after them (a funding link may cite a document of the same file); `import_registry` imports
a registry file on its own (JSON or CSV, annotator/formats/registry/; the entries that read
them are in services/exchange/).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...amounts import check_currency
from ...domains import normalise_domain as normalise_domain
from ...errors import ImportRefused, InvalidInput
from ...formats.records import DesignationRecord, EntityRecord, FundingLinkRecord, RatingRecord
from ...models import (
    Designation,
    Document,
    Entity,
    EntityDomain,
    FundingLink,
    Rating,
    utcnow,
)
from ...models.enums import Attribution, EntityKind, FundingKind, LinkStatus
from .. import audit
from ..accounts.users import placeholder_accounts
from ..actor import Actor
from ..permissions import require_registry_editor
from ..registry.checks import normalise_designation_kind, validate_registry
from ..registry.funding import evidence_problem
from ..registry.funding_proposals import identifier_key
from ..registry.rows import clean_name, survivor_of
from ..registry.views import RegistryImportResult
from ..unit import read_service, write_service


@dataclass
class _Counts:
    created: int = 0
    existing: int = 0
    domains: int = 0
    links: int = 0
    ratings: int = 0
    designations: int = 0
    skipped: int = 0
    issues: list[InvalidInput] = field(default_factory=list)
    #: The registry's names, read at the import's first lookup by name.
    names: _Names | None = None


class _Names:
    """The registry's live entities by name, read once per import and kept up to date by it.
    Each row's name was looked up in the database (`entities_named`, which reads every entity
    whose name has the same length): a file of n like names read about n²/2 entities, and a
    4 MB file held the write lock for longer than 15 minutes. Names match as there: in any
    case, any script, any Unicode form or spacing (clean_name, then casefold)."""

    def __init__(self, session: Session) -> None:
        self._by_name: dict[str, list[tuple[int, EntityKind]]] = defaultdict(list)
        for entity_id, name, kind in session.execute(
                select(Entity.id, Entity.name, Entity.kind).where(Entity.merged_into_id.is_(None)).order_by(Entity.id)):
            self.add(entity_id, name, kind)

    @staticmethod
    def _key(name: str) -> str:
        return clean_name(name).casefold()

    def add(self, entity_id: int, name: str, kind: EntityKind) -> None:
        self._by_name[self._key(name)].append((entity_id, kind))

    def merged(self, entity_id: int, name: str) -> None:
        self._by_name[self._key(name)] = [e for e in self._by_name[self._key(name)] if e[0] != entity_id]

    def find(self, name: str, kind: str | None) -> list[int]:
        wanted = EntityKind(kind) if kind else None
        return [i for i, k in self._by_name.get(self._key(name), []) if wanted is None or k == wanted]


def _names(session: Session, counts: _Counts) -> _Names:
    if counts.names is None:
        counts.names = _Names(session)
    return counts.names


def _find(session: Session, counts: _Counts, uid: str | None, name: str | None, kind: str | None = None) -> list[int]:
    if uid:
        found = session.scalar(select(Entity.id).where(Entity.uid == uid))
        if found is not None:
            return [survivor_of(session, found)]
    if not name:
        return []
    return _names(session, counts).find(name, kind)


def _resolve(session: Session, uid: str | None, name: str | None, where: str, field: str, counts: _Counts) -> int | None:
    found = _find(session, counts, uid, name)
    if len(found) == 1:
        return found[0]
    what = uid or name
    message = (f"{len(found)} entities are called {name!r}: name it by uid" if found
               else f"no entity {what!r} in the file or the registry")
    counts.issues.append(InvalidInput(message, file=where, field=field))
    return None


def _add(session: Session, actor: Actor, row: Any, object_type: str, *, uid: str | None = None,
         detail: str = "added by import") -> None:
    """Insert one imported row (keeping its uid) with its audit event."""
    if uid:
        row.uid = uid
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", object_type, row.id, after=audit.snapshot(row), detail=detail)


def _add_domains(session: Session, actor: Actor, entity_id: int, record: EntityRecord, counts: _Counts) -> None:
    where = record.source or record.name
    for i, domain in enumerate(record.domains):
        clean = normalise_domain(domain)
        owner = session.scalar(select(EntityDomain.entity_id).where(EntityDomain.domain == clean))
        if owner is not None and survivor_of(session, owner) != entity_id:
            counts.issues.append(InvalidInput(f"domain {clean} already belongs to another entity", file=where, field=f"domains[{i}]"))
        elif owner is None:
            _add(session, actor, EntityDomain(entity_id=entity_id, domain=clean), "entity_domain")
            counts.domains += 1


def _import_entities(session: Session, actor: Actor, entities: Sequence[EntityRecord], counts: _Counts) -> list[int | None]:
    ids: list[int | None] = []
    pending_merges: list[tuple[Entity, str]] = []
    for number, record in enumerate(entities, start=1):
        found = _find(session, counts, record.uid, None if record.uid else record.name, record.kind)
        if len(found) > 1:
            counts.issues.append(InvalidInput(f"{len(found)} entities are called {record.name!r}: give a uid",
                                              file=record.source or f"entity {number}", field="name"))
            ids.append(None)
            continue
        if found:
            counts.existing += 1
            entity_id = found[0]
        else:
            now = utcnow()
            entity = Entity(
                kind=EntityKind(record.kind), name=clean_name(record.name), country=record.country,
                description=record.description or "", meta=dict(record.meta),
                created_at=record.created_at or now, updated_at=record.updated_at or now,
            )
            _add(session, actor, entity, "entity", uid=record.uid, detail="created by import")
            _names(session, counts).add(entity.id, entity.name, entity.kind)
            counts.created += 1
            entity_id = entity.id
            if record.merged_into_uid:
                pending_merges.append((entity, record.merged_into_uid))
        _add_domains(session, actor, entity_id, record, counts)
        ids.append(entity_id)
    for entity, target_uid in pending_merges:
        entity.merged_into_id = session.scalar(select(Entity.id).where(Entity.uid == target_uid))
        if entity.merged_into_id is not None:
            _names(session, counts).merged(entity.id, entity.name)
    session.flush()
    return ids


def import_entities(session: Session, actor: Actor, entities: Sequence[EntityRecord]) -> int:
    """Create the entities this database lacks (and add missing domains); returns how many
    were created. Raises ImportRefused on a conflicting domain or an ambiguous name."""
    counts = _Counts()
    _import_entities(session, actor, entities, counts)
    if counts.issues:
        raise ImportRefused(counts.issues)
    return counts.created


def _flatten(session: Session, entities: Sequence[EntityRecord], funding: Sequence[FundingLinkRecord],
             ratings: Sequence[RatingRecord], designations: Sequence[DesignationRecord],
             counts: _Counts) -> tuple[list[tuple[int, FundingLinkRecord]], list[tuple[int, Any]]]:
    """(recipient id, link) and (entity id, rating or designation) pairs, references resolved."""
    links: list[tuple[int, FundingLinkRecord]] = []
    owned: list[tuple[int, Any]] = []
    for number, entity in enumerate(entities, start=1):
        if not (entity.ratings or entity.designations or entity.funding_received):
            continue
        where = entity.source or f"entity {number}"
        owner = _resolve(session, entity.uid, entity.name, where, "uid", counts)
        if owner is None:
            continue
        links += [(owner, replace(link, source=link.source or where)) for link in entity.funding_received]
        nested: list[RatingRecord | DesignationRecord] = [*entity.ratings, *entity.designations]
        owned += [(owner, replace(item, source=item.source or where)) for item in nested]
    for link in funding:
        recipient = _resolve(session, link.recipient_uid, link.recipient, link.source or "funding link", "recipient", counts)
        if recipient is not None:
            links.append((recipient, link))
    flat: list[RatingRecord | DesignationRecord] = [*ratings, *designations]
    for item in flat:
        owner = _resolve(session, item.entity_uid, item.entity, item.source or "record", "entity", counts)
        if owner is not None:
            owned.append((owner, item))
    return links, owned


def _has_uid(session: Session, model: Any, uid: str | None) -> bool:
    return bool(uid) and session.scalar(select(model.id).where(model.uid == uid)) is not None


def _write_owned(session: Session, actor: Actor, owned: list[tuple[int, Any]], counts: _Counts) -> None:
    for entity_id, item in owned:
        is_rating = isinstance(item, RatingRecord)
        model = Rating if is_rating else Designation
        if _has_uid(session, model, item.uid):
            counts.skipped += 1
            continue
        if is_rating:
            values = {"provider": item.provider.strip(), "dimension": item.dimension.strip(), "value": item.value.strip(), "rated_on": item.rated_on}
        else:
            values = {"kind": normalise_designation_kind(item.kind), "name": item.name.strip(), "issuer": item.issuer.strip(),
                      "designated_on": item.designated_on, "ended_on": item.ended_on}
        if not item.uid and session.scalar(select(model.id).filter_by(entity_id=entity_id, **values).limit(1)) is not None:
            counts.skipped += 1
            continue
        row = model(entity_id=entity_id, url=item.url or None, note=item.note or None, created_at=item.created_at or utcnow(), **values)
        _add(session, actor, row, "rating" if is_rating else "designation", uid=item.uid)
        if is_rating:
            counts.ratings += 1
        else:
            counts.designations += 1


def _write_links(session: Session, actor: Actor, links: list[tuple[int, FundingLinkRecord]], counts: _Counts) -> None:
    users = placeholder_accounts(session, actor, {n for _, link in links for n in (link.created_by, link.decided_by) if n})
    for recipient_id, link in links:
        if _has_uid(session, FundingLink, link.uid):
            counts.skipped += 1
            continue
        where = link.source or "funding link"
        funder_id = None
        if link.funder_uid or link.funder:
            funder_id = _resolve(session, link.funder_uid, link.funder, where, "funder", counts)
            if funder_id is None:
                continue
            if funder_id == recipient_id:  # as create_funding_link refuses it
                counts.issues.append(InvalidInput("an entity cannot fund itself", file=where, field="funder"))
                continue
        if not link.uid:
            # The same link: same channel and identifier, and the same amount, currency, period
            # and share (two years of state funding from one funder are two links).
            key = (identifier_key(link.channel, link.identifier), link.amount, (link.currency or "").strip().upper() or None,
                   link.period_start, link.period_end, link.share_percent)
            same = session.execute(select(FundingLink.channel, FundingLink.identifier, FundingLink.amount, FundingLink.currency,
                                          FundingLink.period_start, FundingLink.period_end, FundingLink.share_percent).where(
                FundingLink.recipient_id == recipient_id, FundingLink.funder_id.is_(None) if funder_id is None else FundingLink.funder_id == funder_id,
                FundingLink.kind == FundingKind(link.kind))).all()
            if any((identifier_key(c, i), *rest) == key for c, i, *rest in same):
                counts.skipped += 1
                continue
        document_id = session.scalar(select(Document.id).where(Document.uid == link.evidence_document_uid)) if link.evidence_document_uid else None
        if document_id is not None and link.evidence_start is not None and link.evidence_end is not None:
            text = session.scalar(select(Document.text).where(Document.id == document_id)) or ""
            problem = evidence_problem(text, link.evidence_start, link.evidence_end, link.evidence_quote, file=where)
            if problem is not None:
                counts.issues.append(problem)
                continue
        row = FundingLink(
            funder_id=funder_id, recipient_id=recipient_id, kind=FundingKind(link.kind),
            channel=(link.channel or "").strip().lower() or None, identifier=link.identifier,
            evidence_url=link.evidence_url or None, evidence_quote=link.evidence_quote,
            evidence_document_id=document_id,
            evidence_start=link.evidence_start if document_id else None,
            evidence_end=link.evidence_end if document_id else None,
            observed_on=link.observed_on, attribution=Attribution(link.attribution),
            attributed_by=link.attributed_by or None, confidence=link.confidence, status=LinkStatus(link.status),
            note=link.note or None, created_by_id=users.get(link.created_by) if link.created_by else None,
            created_at=link.created_at or utcnow(),
            decided_by_id=users.get(link.decided_by) if link.decided_by else None, decided_at=link.decided_at,
            amount=link.amount, currency=check_currency(link.currency) if link.currency else None,
            period_start=link.period_start, period_end=link.period_end, share_percent=link.share_percent,
        )
        _add(session, actor, row, "funding_link", uid=link.uid)
        counts.links += 1


def _details(session: Session, actor: Actor, entities: Sequence[EntityRecord], funding: Sequence[FundingLinkRecord],
             ratings: Sequence[RatingRecord], designations: Sequence[DesignationRecord], counts: _Counts) -> None:
    links, owned = _flatten(session, entities, funding, ratings, designations, counts)
    _write_owned(session, actor, owned, counts)
    _write_links(session, actor, links, counts)


def import_entity_details(session: Session, actor: Actor, entities: Sequence[EntityRecord]) -> None:
    """Ratings, designations and funding links nested in entity records (after documents)."""
    counts = _Counts()
    _details(session, actor, entities, (), (), (), counts)
    if counts.issues:
        raise ImportRefused(counts.issues)


@read_service
def check_may_import_registry(session: Session, actor: Actor) -> None:
    """Refuse (and audit) someone who does not edit the registry, before their files are read."""
    require_registry_editor(session, actor, "import into the registry")


@write_service
def import_registry(
    session: Session, actor: Actor, entities: Sequence[EntityRecord], *,
    funding_links: Sequence[FundingLinkRecord] = (), ratings: Sequence[RatingRecord] = (),
    designations: Sequence[DesignationRecord] = (), source: str = "import",
) -> RegistryImportResult:
    """Import a registry file: everything is checked, then written in one transaction; any
    problem refuses the whole file with every issue located (file, line, field)."""
    require_registry_editor(session, actor, "import into the registry")
    issues = validate_registry(entities, funding_links, ratings, designations, source=source)
    if issues:
        raise ImportRefused(issues)
    counts = _Counts()
    _import_entities(session, actor, entities, counts)
    if not counts.issues:
        _details(session, actor, entities, funding_links, ratings, designations, counts)
    if counts.issues:
        raise ImportRefused(counts.issues)
    return RegistryImportResult(
        entities_created=counts.created, entities_existing=counts.existing, domains_added=counts.domains,
        funding_links_added=counts.links, ratings_added=counts.ratings, designations_added=counts.designations,
        skipped=counts.skipped,
    )
