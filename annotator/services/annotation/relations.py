"""Relations between two spans: create, update, delete, restore, list, each checked and audited.

Checks, in order: both spans exist and lie on one document; the actor may see them and change
the first (their own spans, or a project admin: spans.load_visible and require_can_change);
both belong to one annotator and are live; the type is in the project's codebook and allows
the two spans' labels at its ends (either way round when undirected); attribute values fit the
type's definitions; no live relation of the type joins the same two spans already; updates
name the version they read. A relation belongs to the annotator of its spans.

Blind projects hide other annotators' relations exactly as their spans (list_relations).
Deleting or restoring a span takes its relations along (relation_ends.py). The gold layer's
relations are written by curators through services/team/gold_relations.py, which shares the
checks and the listing below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, literal, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from ...codebooks.ends import ends_fit
from ...errors import Conflict, Forbidden, InvalidInput, NotFound
from ...models import (
    Annotation,
    GoldAnnotation,
    GoldRelation,
    Label,
    Project,
    Relation,
    RelationType,
    User,
    utcnow,
)
from ...models.enums import Origin
from .. import audit
from ..actor import Actor
from ..names import hides_names, pseudonyms
from ..permissions import load_document_for, lock_document, require_can_change, sees_everyone
from ..unit import read_service, write_service
from ..views import RelationView
from .relation_ends import RELATION, RelationModel, SpanModel
from .spans import check_attributes, load_visible

#: What an update leaves as it is.
UNSET: Any = object()


@dataclass(frozen=True)
class RelationIn:
    """A relation to create: from one span to another (span ids), of a codebook type."""

    from_id: int
    to_id: int
    type: str
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    origin: str = Origin.MANUAL.value
    #: Client-chosen id: saving the same relation twice stores it once.
    uid: str | None = None


def relation_type(session: Session, project: Project, key: str) -> RelationType:
    kind = session.scalar(select(RelationType).where(
        RelationType.codebook_id == project.codebook_id, RelationType.key == key))
    if kind is None:
        raise InvalidInput(f"relation type {key!r} is not in this project's codebook ({project.codebook.key})",
                           field="type")
    return kind


def check_ends(kind: RelationType, from_label: Label, to_label: Label) -> None:
    """Refuse spans whose labels the type does not allow at its ends."""
    if not ends_fit(kind.from_labels, kind.to_labels, kind.directed, from_label.key, to_label.key):
        allowed = " -> ".join(", ".join(keys) or "any span" for keys in (kind.from_labels, kind.to_labels))
        raise InvalidInput(
            f"a '{kind.name}' relation goes {allowed}"
            f"{' (either way)' if not kind.directed else ''}, not {from_label.name} -> {to_label.name}",
            field="type",
        )


def same_ends(model: RelationModel, kind: RelationType, from_id: int, to_id: int) -> ColumnElement[bool]:
    """SQL condition: a relation of `kind` between these two spans (either way when undirected)."""
    ends = and_(model.from_id == from_id, model.to_id == to_id)
    if not kind.directed:
        ends = or_(ends, and_(model.from_id == to_id, model.to_id == from_id))
    return and_(model.type_id == kind.id, ends)


def refuse_twin(session: Session, model: RelationModel, kind: RelationType, from_id: int, to_id: int,
                exclude_id: int | None = None) -> None:
    """A relation of one type between the same two spans is stored once."""
    query = select(model.id).where(same_ends(model, kind, from_id, to_id), model.deleted_at.is_(None))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    if session.scalar(query.limit(1)) is not None:
        raise Conflict(f"these two spans are already related as '{kind.name}'")


def _span_with_label(session: Session, model: SpanModel, span_id: int) -> tuple[Any, Label]:
    row = session.execute(select(model, Label).join(Label, Label.id == model.label_id).where(model.id == span_id)).first()
    if row is None:
        raise NotFound(f"no {'gold ' if model is GoldAnnotation else ''}span with id {span_id}")
    return row[0], row[1]


def check_pair(first: Annotation | GoldAnnotation, second: Annotation | GoldAnnotation) -> None:
    """Two different live spans of one document."""
    if first.id == second.id:
        raise InvalidInput("a relation joins two different spans", field="to_id")
    if first.document_id != second.document_id:
        raise InvalidInput("the two spans are on different documents", field="to_id")
    for span in (first, second):
        if span.deleted_at is not None:
            raise Conflict(f"span {span.id} is deleted; restore it first")


# --- reading -------------------------------------------------------------------------------


@cache
def _aliases(span_model: SpanModel) -> tuple[Any, Any, Any, Any]:
    """The two ends and their labels as aliases, made once: building them (and their column
    collections) anew took most of a side panel's relations query."""
    return aliased(span_model), aliased(span_model), aliased(Label), aliased(Label)


def relation_rows(session: Session, model: RelationModel, span_model: SpanModel,
                  where: Sequence[ColumnElement[bool]], names: dict[int, str] | None = None) -> list[RelationView]:
    """Relations as views, columns only (a long article's hundreds of relations load without
    building ORM objects). `names` maps user ids to the names the caller may see; a gold
    relation has no annotator (`user_id` None) and is named after its curator."""
    gold = model is GoldRelation
    owner = GoldRelation.curator_id if gold else Relation.user_id
    origin = literal(Origin.MANUAL.value) if gold else Relation.origin
    source, target, source_label, target_label = _aliases(span_model)
    query = (
        select(
            model.id, model.uid, model.document_id, owner, RelationType.key, RelationType.name,
            RelationType.colour, RelationType.directed, model.from_id, model.to_id, source.uid, target.uid,
            source_label.key, target_label.key, source.quote, target.quote, model.attributes, model.note,
            origin, model.version, model.created_at, model.updated_at, model.deleted_at,
        )
        .join(RelationType, RelationType.id == model.type_id)
        .join(source, source.id == model.from_id)
        .join(target, target.id == model.to_id)
        .join(source_label, source_label.id == source.label_id)
        .join(target_label, target_label.id == target.label_id)
        .where(*where)
        .order_by(source.start, target.start, model.id)
    )
    names = names or {}
    return [
        RelationView(
            id=r[0], uid=r[1], document_id=r[2], user_id=None if gold else r[3],
            username=names.get(r[3] or 0, "gold" if gold else "?"), type=r[4], type_name=r[5], colour=r[6],
            directed=r[7], from_id=r[8], to_id=r[9], from_uid=r[10], to_uid=r[11], from_label=r[12],
            to_label=r[13], from_quote=r[14], to_quote=r[15], attributes=dict(r[16]), note=r[17],
            origin=Origin(r[18]).value, version=r[19], created_at=r[20], updated_at=r[21],
            deleted=r[22] is not None,
        )
        for r in session.execute(query).all()
    ]


def _names(session: Session, project: Project, role: Any, user_ids: set[int]) -> dict[int, str]:
    names = dict(session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all())
    if hides_names(project, role):
        names.update({k: v for k, v in pseudonyms(session, project.id).items() if k in names})
    return names


def _view(session: Session, relation: Relation, project: Project, role: Any) -> RelationView:
    views = relation_rows(session, Relation, Annotation, [Relation.id == relation.id],
                          _names(session, project, role, {relation.user_id}))
    return views[0]


@read_service
def list_relations(
    session: Session, actor: Actor, document_id: int, *, include_deleted: bool = False,
    user_id: int | None = None, span_id: int | None = None,
) -> list[RelationView]:
    """Relations of a document the actor may see, in text order of their ends; with `span_id`,
    only those with that span at one end (a side panel lists one span's relations without
    reading the document's hundreds). In a blind project an annotator gets their own only;
    asking for another's (`user_id`) is refused."""
    document, project, role = load_document_for(session, actor, document_id)
    where: list[ColumnElement[bool]] = [Relation.document_id == document_id]
    if span_id is not None:
        where.append(or_(Relation.from_id == span_id, Relation.to_id == span_id))
    if not include_deleted:
        where.append(Relation.deleted_at.is_(None))
    if not sees_everyone(project, role):
        if user_id is not None and user_id != actor.user_id:
            raise Forbidden(
                f"{actor.username} may not read another annotator's relations", action="read",
                object_type="document", object_id=document_id, project_id=project.id, document_id=document_id,
            )
        where.append(Relation.user_id == actor.user_id)
    elif user_id is not None:
        where.append(Relation.user_id == user_id)
    users = set(session.scalars(select(Relation.user_id).where(*where).distinct()))
    return relation_rows(session, Relation, Annotation, where, _names(session, project, role, users))


def _load(session: Session, actor: Actor, relation_id: int, action: str) -> tuple[Relation, Project, Any]:
    """A relation the actor may see (blind: their own), with its project and their role."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise NotFound(f"no relation with id {relation_id}")
    _source, _document, project, role = load_visible(session, actor, relation.from_id, action)
    return relation, project, role


@read_service
def get_relation(session: Session, actor: Actor, relation_id: int) -> RelationView:
    relation, project, role = _load(session, actor, relation_id, "read")
    return _view(session, relation, project, role)


# --- writing -------------------------------------------------------------------------------


@write_service(retry_integrity=True)
def create_relation(session: Session, actor: Actor, relation: RelationIn) -> RelationView:
    """Store a new relation. With `relation.uid` set, a repeated call returns the stored one."""
    if relation.uid:
        existing = session.scalar(select(Relation).where(Relation.uid == relation.uid))
        if existing is not None:
            if (existing.from_id, existing.to_id) != (relation.from_id, relation.to_id):
                raise Conflict(f"a different relation was already saved with id {relation.uid}")
            _, project, role = _load(session, actor, existing.id, "read")
            return _view(session, existing, project, role)
    source, document, project, role = load_visible(session, actor, relation.from_id, "relate")
    # The target must be visible too: read by id alone, the checks below told a blind
    # annotator whose span an id was and on which document (and were not audited).
    target = load_visible(session, actor, relation.to_id, "relate")[0]
    target_label = session.get(Label, target.label_id)
    assert target_label is not None
    if target.document_id == document.id and target.user_id != source.user_id:
        raise InvalidInput("a relation joins two spans of one annotator", field="to_id")
    check_pair(source, target)
    require_can_change(actor, source, role, project.id, "relate")
    kind = relation_type(session, project, relation.type)
    source_label = session.get(Label, source.label_id)
    assert source_label is not None
    check_ends(kind, source_label, target_label)
    attributes = check_attributes(kind, relation.attributes)
    lock_document(session, document.id)
    refuse_twin(session, Relation, kind, source.id, target.id)
    now = utcnow()
    row = Relation(
        document_id=document.id, user_id=source.user_id, type_id=kind.id, from_id=source.id, to_id=target.id,
        attributes=attributes, note=relation.note or None, origin=Origin(relation.origin), created_at=now,
        updated_at=now,
    )
    if relation.uid:
        row.uid = relation.uid
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", RELATION, row.id, project_id=project.id, document_id=document.id,
                 after=audit.snapshot(row))
    return _view(session, row, project, role)


def _load_for_change(session: Session, actor: Actor, relation_id: int, action: str
                     ) -> tuple[Relation, Project, Any]:
    relation, project, role = _load(session, actor, relation_id, action)
    source = session.get(Annotation, relation.from_id)
    assert source is not None
    require_can_change(actor, source, role, project.id, action)
    return relation, project, role


def check_version(kind: str, row: Relation | GoldRelation, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise Conflict(f"{kind} {row.id} was changed by someone else (version {row.version}, you had "
                       f"{expected_version}); reload and try again")


def apply_change(session: Session, project: Project, model: RelationModel, relation: Relation | GoldRelation,
                 end_labels: Callable[[], tuple[Label, Label]], *, type: str, attributes: dict[str, Any],
                 note: str | None) -> None:
    """Set what an update names (`UNSET` for what it leaves), checked as on creation: a new
    type must fit the ends (`end_labels` reads their labels) and not repeat a live relation;
    the attributes must fit the type (the kept ones too, when the type changes)."""
    kind = session.get(RelationType, relation.type_id)
    assert kind is not None
    if type is not UNSET and type != kind.key:
        kind = relation_type(session, project, type)
        check_ends(kind, *end_labels())
        refuse_twin(session, model, kind, relation.from_id, relation.to_id, relation.id)
        relation.type_id = kind.id
    relation.attributes = check_attributes(kind, dict(relation.attributes) if attributes is UNSET else attributes)
    if note is not UNSET:
        relation.note = note or None


@write_service
def update_relation(
    session: Session, actor: Actor, relation_id: int, *, expected_version: int, type: str = UNSET,
    attributes: dict[str, Any] = UNSET, note: str | None = UNSET,
) -> RelationView:
    """Change a relation's type, attributes or note; refused if `expected_version` is stale."""
    relation, project, role = _load_for_change(session, actor, relation_id, "edit")
    if relation.deleted_at is not None:
        raise Conflict(f"relation {relation_id} is deleted; restore it first")
    check_version("relation", relation, expected_version)
    before = audit.snapshot(relation)
    apply_change(session, project, Relation, relation,
                 lambda: (_span_with_label(session, Annotation, relation.from_id)[1],
                          _span_with_label(session, Annotation, relation.to_id)[1]),
                 type=type, attributes=attributes, note=note)
    relation.updated_at = utcnow()
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(f"relation {relation_id} was changed concurrently; reload and try again") from error
    audit.record(session, actor, "update", RELATION, relation.id, project_id=project.id,
                 document_id=relation.document_id, before=before, after=audit.snapshot(relation))
    return _view(session, relation, project, role)


@write_service
def delete_relation(session: Session, actor: Actor, relation_id: int, *,
                    expected_version: int | None = None) -> RelationView:
    """Soft delete: it disappears from lists and exports but can be restored."""
    relation, project, role = _load_for_change(session, actor, relation_id, "delete")
    if relation.deleted_at is None:
        check_version("relation", relation, expected_version)
        before = audit.snapshot(relation)
        relation.deleted_at = relation.updated_at = utcnow()
        relation.deleted_with = None
        session.flush()
        audit.record(session, actor, "delete", RELATION, relation.id, project_id=project.id,
                     document_id=relation.document_id, before=before, after=audit.snapshot(relation))
    return _view(session, relation, project, role)


@write_service
def restore_relation(session: Session, actor: Actor, relation_id: int) -> RelationView:
    """Undo a delete. Refused while an end is deleted, or when the same relation was drawn
    again since."""
    relation, project, role = _load_for_change(session, actor, relation_id, "restore")
    if relation.deleted_at is not None:
        source, target = session.get(Annotation, relation.from_id), session.get(Annotation, relation.to_id)
        assert source is not None and target is not None
        check_pair(source, target)
        kind = session.get(RelationType, relation.type_id)
        assert kind is not None
        refuse_twin(session, Relation, kind, relation.from_id, relation.to_id, relation.id)
        before = audit.snapshot(relation)
        relation.deleted_at, relation.deleted_with, relation.updated_at = None, None, utcnow()
        session.flush()
        audit.record(session, actor, "restore", RELATION, relation.id, project_id=project.id,
                     document_id=relation.document_id, before=before, after=audit.snapshot(relation))
    return _view(session, relation, project, role)
