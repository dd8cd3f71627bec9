"""Tying spans to registry entities in a role (claimant, funder, target, quoted source,
mentioned), and listing the spans that link an entity.

Whoever may change a span may link it (its annotator, or a project admin); the entity must be
a live registry entry (not merged away). Linking the same span to the same entity in the same
role twice stores it once. Links are audited; unlinking keeps the link in the audit event.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import Conflict, InvalidInput, NotFound
from ...models import Annotation, AnnotationEntity, Document, Label, Project
from ...models.enums import EntityRole
from .. import audit
from ..actor import Actor
from ..names import Namer, namer
from ..permissions import load_document_for, member_roles, require_can_change, sees_everyone
from ..unit import read_service, write_service
from ..views import EntityLinkView
from .entities import create_entity, same_named
from .rows import clean_name, load_entity
from .views import EntitySpanView

ROLES: tuple[str, ...] = tuple(role.value for role in EntityRole)


def entity_role(role: str) -> EntityRole:
    try:
        return EntityRole(role)
    except ValueError:
        raise InvalidInput(f"unknown role {role!r} (one of {', '.join(ROLES)})", field="role") from None


def _live_span(session: Session, actor: Actor, annotation_id: int, action: str) -> tuple[Annotation, Project]:
    annotation = session.get(Annotation, annotation_id)
    if annotation is None or annotation.deleted_at is not None:
        raise NotFound(f"no span with id {annotation_id}")
    _, project, role = load_document_for(session, actor, annotation.document_id)
    require_can_change(actor, annotation, role, project.id, action)
    return annotation, project


@write_service
def link_span(session: Session, actor: Actor, annotation_id: int, entity_id: int, role: str) -> EntityLinkView:
    annotation, project = _live_span(session, actor, annotation_id, "link a span to an entity")
    entity = load_entity(session, entity_id, live=True, field="entity")
    link_role = entity_role(role)
    link = session.scalar(select(AnnotationEntity).where(
        AnnotationEntity.annotation_id == annotation.id, AnnotationEntity.entity_id == entity.id,
        AnnotationEntity.role == link_role))
    if link is None:
        link = AnnotationEntity(annotation_id=annotation.id, entity_id=entity.id, role=link_role)
        session.add(link)
        session.flush()
        audit.record(session, actor, "create", "annotation_entity", link.id, project_id=project.id,
                     document_id=annotation.document_id, after=audit.snapshot(link))
    return EntityLinkView(link.id, entity.id, entity.name, entity.kind.value, link.role.value)


@write_service
def link_new_entity(session: Session, actor: Actor, annotation_id: int, kind: str, name: str,
                    role: str) -> EntityLinkView:
    """Add an entity to the registry and link the span to it, in one transaction (both or
    neither): the workspace's "new entity from the selected name". The actor must both be
    allowed to change the span and to add to the registry. A live entity of the same kind and
    name (any case) is refused, naming it, rather than registered twice."""
    _live_span(session, actor, annotation_id, "link a span to an entity")
    entity_role(role)
    clean = clean_name(name)
    if (same := same_named(session, kind, clean)) is not None:
        raise Conflict(f"{same.name} ({same.kind.value}) is in the registry already: pick it to link it")
    entity = create_entity.tx(session, actor, kind, clean, same_name=True)  # checked above, in the workspace's words
    return link_span.tx(session, actor, annotation_id, entity.id, role)


@write_service
def unlink_span(session: Session, actor: Actor, link_id: int) -> None:
    link = session.get(AnnotationEntity, link_id)
    if link is None:
        raise NotFound(f"no span link with id {link_id}")
    annotation, project = _live_span(session, actor, link.annotation_id, "unlink a span from an entity")
    audit.record(session, actor, "delete", "annotation_entity", link.id, project_id=project.id,
                 document_id=annotation.document_id, before=audit.snapshot(link))
    session.delete(link)
    session.flush()


def visible_span_links(session: Session, actor: Actor, entity_id: int, *, limit: int = 500) -> list[EntitySpanView]:
    """Live spans linking the entity that the actor may see: in their projects, and only their
    own in a blind project unless they oversee it; annotators named as the project shows them
    to the actor ("Annotator N" to a curator where names are hidden)."""
    roles = member_roles(session, actor)
    query = (
        select(AnnotationEntity, Annotation, Document.title, Project, Label.name)
        .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
        .join(Document, Document.id == Annotation.document_id)
        .join(Project, Project.id == Document.project_id)
        .join(Label, Label.id == Annotation.label_id)
        .where(AnnotationEntity.entity_id == entity_id, Annotation.deleted_at.is_(None))
        .order_by(Project.name, Document.id, Annotation.start, AnnotationEntity.id)
    )
    if roles is not None:
        query = query.where(Project.id.in_(roles))
    result = []
    # A curator of a project that hides annotator names sees "Annotator N", as elsewhere.
    namers: dict[int, Namer] = {}
    for link, annotation, title, project, label in session.execute(query):
        role = roles.get(project.id) if roles is not None else None
        if roles is not None and not sees_everyone(project, role) and annotation.user_id != actor.user_id:
            continue
        if project.id not in namers:
            namers[project.id] = namer(session, project, role)
        result.append(EntitySpanView(
            link_id=link.id, annotation_id=annotation.id, document_id=annotation.document_id,
            document_title=title, project=project.name, username=namers[project.id](annotation.user_id), label=label,
            quote=annotation.quote, role=link.role.value,
        ))
        if len(result) >= limit:
            break
    return result


@read_service
def spans_linking(session: Session, actor: Actor, entity_id: int) -> list[EntitySpanView]:
    load_entity(session, entity_id)
    return visible_span_links(session, actor, entity_id)
