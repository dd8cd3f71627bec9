"""What a change to a span does to the relations at its ends, for annotators' spans and gold
spans alike: a deleted span takes its live relations with it (soft, audited, marked
`deleted_with` the span's uid); restoring it brings back the relations that left that way,
once both their ends are live again; a new label must still fit every live relation's type.

Kept apart from relations.py, which needs spans.py: spans.py and team/gold.py call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from ...codebooks.ends import ends_fit
from ...errors import Conflict
from ...models import (
    Annotation,
    GoldAnnotation,
    GoldRelation,
    Label,
    Relation,
    RelationType,
    utcnow,
)
from .. import audit
from ..actor import Actor

#: The audit trail's object types.
RELATION = "relation"
GOLD_RELATION = "gold_relation"

RelationModel = type[Relation] | type[GoldRelation]
SpanModel = type[Annotation] | type[GoldAnnotation]


def _pair(span: Annotation | GoldAnnotation) -> tuple[RelationModel, SpanModel, str]:
    if isinstance(span, GoldAnnotation):
        return GoldRelation, GoldAnnotation, GOLD_RELATION
    return Relation, Annotation, RELATION


def _at(model: RelationModel, span_id: int) -> Any:
    return or_(model.from_id == span_id, model.to_id == span_id)


def _relations(session: Session, query: Select[Any]) -> Sequence[Relation | GoldRelation]:
    # `select(model)` over a union of two models is typed as the declarative base.
    return cast(Sequence[Relation | GoldRelation], session.scalars(query).all())


def delete_with_span(session: Session, actor: Actor, span: Annotation | GoldAnnotation, *,
                     project_id: int) -> int:
    """Soft-delete the live relations at either end of `span`; returns how many."""
    model, _, object_type = _pair(span)
    relations = _relations(session, select(model).where(_at(model, span.id), model.deleted_at.is_(None)))
    now = utcnow()
    for relation in relations:
        before = audit.snapshot(relation)
        relation.deleted_at, relation.updated_at, relation.deleted_with = now, now, span.uid
        session.flush()
        audit.record(session, actor, "delete", object_type, relation.id, project_id=project_id,
                     document_id=relation.document_id, before=before, after=audit.snapshot(relation),
                     detail=f"with its span {span.id}")
    return len(relations)


def restore_with_span(session: Session, actor: Actor, span: Annotation | GoldAnnotation, *,
                      project_id: int) -> int:
    """Restore the relations at `span` that a span's deletion took with it and whose other end
    is live; returns how many. Relations deleted on their own stay deleted."""
    model, span_model, object_type = _pair(span)
    relations = _relations(session, select(model).where(
        _at(model, span.id), model.deleted_at.is_not(None), model.deleted_with.is_not(None)))
    restored = 0
    for relation in relations:
        other = relation.to_id if relation.from_id == span.id else relation.from_id
        if session.scalar(select(span_model.id).where(span_model.id == other, span_model.deleted_at.is_(None))) is None:
            continue
        before = audit.snapshot(relation)
        relation.deleted_at, relation.deleted_with, relation.updated_at = None, None, utcnow()
        session.flush()
        audit.record(session, actor, "restore", object_type, relation.id, project_id=project_id,
                     document_id=relation.document_id, before=before, after=audit.snapshot(relation),
                     detail=f"with its span {span.id}")
        restored += 1
    return restored


def check_label_fits(session: Session, span: Annotation | GoldAnnotation, label: Label) -> None:
    """Refuse a new label for `span` that a live relation's type does not allow at its end."""
    model, span_model, _ = _pair(span)
    for mine, other, outgoing in ((model.from_id, model.to_id, True), (model.to_id, model.from_id, False)):
        rows = session.execute(
            select(RelationType, Label.key)
            .join(model, model.type_id == RelationType.id)
            .join(span_model, span_model.id == other)
            .join(Label, Label.id == span_model.label_id)
            .where(mine == span.id, model.deleted_at.is_(None))
        ).all()
        for kind, other_label in rows:
            ends = (label.key, other_label) if outgoing else (other_label, label.key)
            if not ends_fit(kind.from_labels, kind.to_labels, kind.directed, *ends):
                raise Conflict(
                    f"the span is an end of a relation '{kind.name}', which does not allow a "
                    f"{label.name!r} span there; delete the relation first"
                )
