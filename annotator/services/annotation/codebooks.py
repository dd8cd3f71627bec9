"""Codebooks in the database: stored once per content, versioned, frozen when used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Codebook, Label, RelationType
from ...models.enums import Layer
from ..actor import Actor
from ..permissions import load_project, project_role
from ..unit import read_service
from ..views import AttributeView, CategoryView, CodebookView, LabelView, RelationTypeView

if TYPE_CHECKING:
    from ...codebooks import CodebookDef


def ensure_codebook(session: Session, definition: CodebookDef) -> Codebook:
    """The stored codebook with exactly this content, created as the next version if new.

    The file's own `version` is kept when free; if that version exists with other content
    (an edited file), the content is stored as a new version after the highest one, so
    annotations made with the old labels keep pointing at them.
    """
    # The loader, imported here: see codebooks/__init__.py.
    from ...codebooks import content_sha256, definition_json

    digest = content_sha256(definition)
    existing = session.scalar(
        select(Codebook).where(Codebook.key == definition.key, Codebook.content_sha256 == digest)
    )
    if existing is not None:
        return existing
    highest = session.scalar(
        select(func.max(Codebook.version)).where(Codebook.key == definition.key)
    )
    version = definition.version if highest is None else max(highest + 1, definition.version)
    codebook = Codebook(
        key=definition.key,
        version=version,
        name=definition.name,
        description=definition.description,
        content_sha256=digest,
        definition=definition_json(definition),
    )
    session.add(codebook)
    session.flush()
    for position, label in enumerate(definition.labels):
        session.add(
            Label(
                codebook_id=codebook.id,
                key=label.key,
                name=label.name,
                layer=Layer(definition.layer_of(label)),
                category=label.category,
                colour=label.colour,
                hotkey=label.hotkey,
                description=label.description,
                attributes=[a.model_dump(mode="json") for a in label.attributes],
                position=position,
                claim=label.claim,
            )
        )
    for position, relation in enumerate(definition.relations):
        session.add(
            RelationType(
                codebook_id=codebook.id,
                key=relation.key,
                name=relation.name,
                description=relation.description,
                colour=relation.colour,
                hotkey=relation.hotkey,
                directed=relation.directed,
                from_labels=list(relation.from_),
                to_labels=list(relation.to),
                attributes=[a.model_dump(mode="json") for a in relation.attributes],
                position=position,
            )
        )
    session.flush()
    session.refresh(codebook)
    return codebook


def _attribute_views(definitions: list[dict[str, Any]]) -> tuple[AttributeView, ...]:
    return tuple(
        AttributeView(
            key=a["key"],
            name=a["name"],
            type=a["type"],
            choices=tuple(a.get("choices", ())),
            description=a.get("description", ""),
            required=bool(a.get("required", False)),
        )
        for a in definitions
    )


def relation_type_view(relation: RelationType) -> RelationTypeView:
    return RelationTypeView(
        id=relation.id,
        key=relation.key,
        name=relation.name,
        description=relation.description,
        colour=relation.colour,
        hotkey=relation.hotkey,
        directed=relation.directed,
        from_labels=tuple(relation.from_labels),
        to_labels=tuple(relation.to_labels),
        attributes=_attribute_views(relation.attributes),
    )


def codebook_view(codebook: Codebook) -> CodebookView:
    categories = tuple(
        CategoryView(
            key=c["key"],
            name=c["name"],
            layer=c.get("layer", "span"),
            multiple=c.get("multiple", True),
            description=c.get("description", ""),
        )
        for c in codebook.definition.get("categories", [])
    )
    labels = tuple(
        LabelView(
            id=label.id,
            key=label.key,
            name=label.name,
            layer=label.layer.value,
            category=label.category,
            colour=label.colour,
            hotkey=label.hotkey,
            description=label.description,
            claim=label.claim,
            attributes=_attribute_views(label.attributes),
        )
        for label in codebook.labels
    )
    return CodebookView(
        id=codebook.id,
        key=codebook.key,
        version=codebook.version,
        name=codebook.name,
        description=codebook.description,
        categories=categories,
        labels=labels,
        relations=tuple(relation_type_view(r) for r in codebook.relation_types),
    )


@read_service
def get_project_codebook(session: Session, actor: Actor, project_id: int) -> CodebookView:
    project = load_project(session, project_id)
    project_role(session, actor, project_id, required=True)
    return codebook_view(project.codebook)


def labels_by_key(session: Session, codebook_id: int) -> dict[str, Label]:
    return {label.key: label for label in session.scalars(select(Label).where(Label.codebook_id == codebook_id))}


def relation_types_by_key(session: Session, codebook_id: int) -> dict[str, RelationType]:
    return {t.key: t for t in session.scalars(select(RelationType).where(RelationType.codebook_id == codebook_id))}
