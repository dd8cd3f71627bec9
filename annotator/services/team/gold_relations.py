"""The gold layer's relations: between two gold spans, drawn by a curator or taken from one
annotator's relation. Curators and admins write them; every write is audited and versioned,
and the checks are those of annotators' relations (services/annotation/relations.py).

Deleting or restoring a gold span takes its relations along (annotation/relation_ends.py,
called from gold.py). Who may read them: as the gold layer itself (curation.list_gold).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ...errors import Conflict, Forbidden, NotFound
from ...models import (
    Annotation,
    Document,
    GoldAnnotation,
    GoldRelation,
    Label,
    Project,
    Relation,
    RelationType,
    utcnow,
)
from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..annotation.relation_ends import GOLD_RELATION
from ..annotation.relations import (
    UNSET,
    apply_change,
    check_ends,
    check_pair,
    check_version,
    refuse_twin,
    relation_rows,
    relation_type,
)
from ..annotation.spans import check_attributes
from ..names import visible_names
from ..permissions import load_document_for, lock_document, sees_everyone
from ..unit import read_service, write_service
from ..views import RelationView
from .curation import load_for_curation


def _names(session: Session, project: Project, role: ProjectRole) -> dict[int, str]:
    return visible_names(session, project, role)


def _view(session: Session, relation: GoldRelation, project: Project, role: ProjectRole) -> RelationView:
    return relation_rows(session, GoldRelation, GoldAnnotation, [GoldRelation.id == relation.id],
                         _names(session, project, role))[0]


def _gold_span(session: Session, document_id: int, span_id: int) -> tuple[GoldAnnotation, Label]:
    row = session.execute(select(GoldAnnotation, Label).join(Label, Label.id == GoldAnnotation.label_id)
                          .where(GoldAnnotation.id == span_id, GoldAnnotation.document_id == document_id)).first()
    if row is None:
        raise NotFound(f"no gold span {span_id} on document {document_id}")
    return row[0], row[1]


def _create(session: Session, actor: Actor, document: Document, project: Project, *, from_id: int, to_id: int,
            type: str, attributes: dict[str, Any], note: str | None, source_uids: Sequence[str]) -> GoldRelation:
    source, source_label = _gold_span(session, document.id, from_id)
    target, target_label = _gold_span(session, document.id, to_id)
    check_pair(source, target)
    kind = relation_type(session, project, type)
    check_ends(kind, source_label, target_label)
    clean = check_attributes(kind, attributes)
    lock_document(session, document.id)
    refuse_twin(session, GoldRelation, kind, source.id, target.id)
    now = utcnow()
    relation = GoldRelation(document_id=document.id, type_id=kind.id, from_id=source.id, to_id=target.id,
                            attributes=clean, note=note or None, source_uids=list(source_uids),
                            curator_id=actor.user_id, created_at=now, updated_at=now)
    session.add(relation)
    session.flush()
    audit.record(session, actor, "create", GOLD_RELATION, relation.id, project_id=project.id,
                 document_id=document.id, after=audit.snapshot(relation))
    return relation


@write_service
def add_gold_relation(
    session: Session, actor: Actor, document_id: int, *, from_id: int, to_id: int, type: str,
    attributes: dict[str, Any] | None = None, note: str | None = None,
) -> RelationView:
    """A relation between two gold spans (ids), drawn by the curator."""
    document, project, role = load_for_curation(session, actor, document_id, "curate")
    relation = _create(session, actor, document, project, from_id=from_id, to_id=to_id, type=type,
                       attributes=attributes or {}, note=note, source_uids=())
    return _view(session, relation, project, role)


def _gold_for(session: Session, span: Annotation) -> GoldAnnotation:
    """The live gold span an annotator's span went into: one that names it as a source, else
    one with the same offsets and label."""
    golds = session.scalars(select(GoldAnnotation).where(
        GoldAnnotation.document_id == span.document_id, GoldAnnotation.deleted_at.is_(None))
        .order_by(GoldAnnotation.id)).all()
    found = next((g for g in golds if span.uid in (g.source_uids or [])), None) or next(
        (g for g in golds if (g.start, g.end, g.label_id) == (span.start, span.end, span.label_id)), None)
    if found is None:
        raise Conflict(f"span {span.id} ({span.quote[:40]!r}) is not in the gold layer: accept it first")
    return found


@write_service
def accept_relation(session: Session, actor: Actor, relation_uid: str) -> RelationView:
    """Take one annotator's relation into the gold layer, between the gold spans its ends
    went into (which must be accepted first)."""
    relation = session.scalar(select(Relation).where(Relation.uid == relation_uid, Relation.deleted_at.is_(None)))
    if relation is None:
        raise NotFound(f"no live relation {relation_uid}")
    document, project, role = load_for_curation(session, actor, relation.document_id, "curate")
    ends = [session.get(Annotation, i) for i in (relation.from_id, relation.to_id)]
    source, target = (_gold_for(session, span) for span in ends if span is not None)
    kind = session.get(RelationType, relation.type_id)
    assert kind is not None
    created = _create(session, actor, document, project, from_id=source.id, to_id=target.id, type=kind.key,
                      attributes=dict(relation.attributes), note=relation.note, source_uids=[relation.uid])
    return _view(session, created, project, role)


def _load(session: Session, actor: Actor, relation_id: int, action: str
          ) -> tuple[GoldRelation, Project, ProjectRole]:
    relation = session.get(GoldRelation, relation_id)
    if relation is None:
        raise NotFound(f"no gold relation with id {relation_id}")
    _document, project, role = load_for_curation(session, actor, relation.document_id, action)
    return relation, project, role


@write_service
def update_gold_relation(
    session: Session, actor: Actor, relation_id: int, *, expected_version: int, type: str = UNSET,
    attributes: dict[str, Any] = UNSET, note: str | None = UNSET,
) -> RelationView:
    relation, project, role = _load(session, actor, relation_id, "edit gold")
    if relation.deleted_at is not None:
        raise Conflict(f"gold relation {relation_id} is deleted; restore it first")
    check_version("gold relation", relation, expected_version)
    before = audit.snapshot(relation)
    apply_change(session, project, GoldRelation, relation,
                 lambda: (_gold_span(session, relation.document_id, relation.from_id)[1],
                          _gold_span(session, relation.document_id, relation.to_id)[1]),
                 type=type, attributes=attributes, note=note)
    relation.curator_id, relation.updated_at = actor.user_id, utcnow()
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(f"gold relation {relation_id} was changed concurrently; reload and try again") from error
    audit.record(session, actor, "update", GOLD_RELATION, relation.id, project_id=project.id,
                 document_id=relation.document_id, before=before, after=audit.snapshot(relation))
    return _view(session, relation, project, role)


def _set_deleted(session: Session, actor: Actor, relation_id: int, deleted: bool,
                 expected_version: int | None) -> RelationView:
    relation, project, role = _load(session, actor, relation_id, "delete gold" if deleted else "restore gold")
    if (relation.deleted_at is not None) != deleted:
        check_version("gold relation", relation, expected_version)
        if not deleted:
            source, target = (session.get(GoldAnnotation, i) for i in (relation.from_id, relation.to_id))
            assert source is not None and target is not None
            check_pair(source, target)
            kind = session.get(RelationType, relation.type_id)
            assert kind is not None
            refuse_twin(session, GoldRelation, kind, relation.from_id, relation.to_id, relation.id)
        before = audit.snapshot(relation)
        relation.deleted_at = utcnow() if deleted else None
        relation.deleted_with, relation.updated_at = None, utcnow()
        session.flush()
        audit.record(session, actor, "delete" if deleted else "restore", GOLD_RELATION, relation.id,
                     project_id=project.id, document_id=relation.document_id, before=before,
                     after=audit.snapshot(relation))
    return _view(session, relation, project, role)


@write_service
def delete_gold_relation(session: Session, actor: Actor, relation_id: int, *,
                         expected_version: int | None = None) -> RelationView:
    return _set_deleted(session, actor, relation_id, True, expected_version)


@write_service
def restore_gold_relation(session: Session, actor: Actor, relation_id: int) -> RelationView:
    return _set_deleted(session, actor, relation_id, False, None)


@read_service
def list_gold_relations(session: Session, actor: Actor, document_id: int, *,
                        include_deleted: bool = False) -> list[RelationView]:
    """The gold layer's relations of a document, readable by whoever may read its gold spans."""
    _document, project, role = load_document_for(session, actor, document_id)
    if not sees_everyone(project, role):
        raise Forbidden(f"{actor.username} may not read the gold layer of a blind project",
                        action="read gold", object_type="document", object_id=document_id,
                        project_id=project.id, document_id=document_id)
    where: list[ColumnElement[bool]] = [GoldRelation.document_id == document_id]
    if not include_deleted:
        where.append(GoldRelation.deleted_at.is_(None))
    return relation_rows(session, GoldRelation, GoldAnnotation, where, _names(session, project, role))

