"""Document-level labels (genre, frames): each user sets their own on a document.

A category of the codebook's document layer is either one-of (`multiple: false`, e.g. genre)
or any-of (frames). Setting a category's labels replaces the user's earlier choice in that
category in one transaction; every added or removed row leaves an audit event, so a removed
label can be traced. In a blind project an annotator sees only their own labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...models import DocumentLabel, Label, Project, User
from ...models.enums import Layer
from .. import audit
from ..actor import Actor
from ..names import hides_names, pseudonyms
from ..permissions import load_document_for, sees_everyone
from ..unit import read_service, write_service
from ..views import DocumentLabelView


def _category(project: Project, key: str) -> dict[str, Any]:
    categories: list[dict[str, Any]] = project.codebook.definition.get("categories", [])
    for category in categories:
        if category["key"] == key:
            if category.get("layer", "span") != Layer.DOCUMENT.value:
                raise InvalidInput(f"category {key!r} is a span category, not a document one", field="category")
            return category
    raise InvalidInput(f"category {key!r} is not in this project's codebook", field="category")


def _labels_of(session: Session, project: Project, category: str) -> dict[str, Label]:
    rows = session.scalars(
        select(Label).where(Label.codebook_id == project.codebook_id, Label.category == category,
                            Label.layer == Layer.DOCUMENT)
    )
    return {label.key: label for label in rows}


@write_service
def set_document_labels(
    session: Session, actor: Actor, document_id: int, category: str, labels: Sequence[str]
) -> list[DocumentLabelView]:
    """Make the actor's labels of `category` on the document exactly `labels` (an empty list
    clears them). Returns the actor's labels on the document afterwards, all categories."""
    if actor.user_id is None:
        raise InvalidInput("document labels belong to a user; act as one (e.g. --as USER)")
    document, project, _role = load_document_for(session, actor, document_id)
    spec = _category(project, category)
    allowed = _labels_of(session, project, category)
    wanted = list(dict.fromkeys(labels))
    unknown = [key for key in wanted if key not in allowed]
    if unknown:
        raise InvalidInput(f"{', '.join(map(repr, unknown))} is not a label of category {category!r}", field="labels")
    if not spec.get("multiple", True) and len(wanted) > 1:
        raise InvalidInput(f"{spec['name']} takes one label, got {len(wanted)}", field="labels")
    ids = {allowed[key].id for key in wanted}
    current = session.scalars(
        select(DocumentLabel).where(
            DocumentLabel.document_id == document_id, DocumentLabel.user_id == actor.user_id,
            DocumentLabel.label_id.in_([label.id for label in allowed.values()]),
        )
    ).all()
    for row in current:
        if row.label_id not in ids:
            audit.record(session, actor, "delete", "document_label", row.id, project_id=project.id,
                         document_id=document.id, before=audit.snapshot(row))
            session.delete(row)
    have = {row.label_id for row in current}
    for label_id in sorted(ids - have):
        row = DocumentLabel(document_id=document_id, user_id=actor.user_id, label_id=label_id)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "document_label", row.id, project_id=project.id,
                     document_id=document.id, after=audit.snapshot(row))
    session.flush()
    return list_document_labels.tx(session, actor, document_id, user_id=actor.user_id)


@read_service
def list_document_labels(
    session: Session, actor: Actor, document_id: int, *, user_id: int | None = None
) -> list[DocumentLabelView]:
    """Document labels the actor may see, in codebook order then by user. In a blind project an
    annotator gets their own only, whatever `user_id` they ask for."""
    _document, project, role = load_document_for(session, actor, document_id)
    query = (
        select(DocumentLabel, Label, User.username)
        .join(Label, Label.id == DocumentLabel.label_id)
        .join(User, User.id == DocumentLabel.user_id)
        .where(DocumentLabel.document_id == document_id)
        .order_by(Label.position, User.username, DocumentLabel.id)
    )
    if not sees_everyone(project, role):
        query = query.where(DocumentLabel.user_id == actor.user_id)
    elif user_id is not None:
        query = query.where(DocumentLabel.user_id == user_id)
    # Curators of a project that hides names see "Annotator N" (services/names.py).
    masks = pseudonyms(session, project.id) if hides_names(project, role) else {}
    return [
        DocumentLabelView(
            id=row.id, document_id=row.document_id, user_id=row.user_id, username=masks.get(row.user_id, name),
            label=label.key, label_name=label.name, category=label.category, colour=label.colour,
            created_at=row.created_at,
        )
        for row, label, name in session.execute(query).all()
    ]
