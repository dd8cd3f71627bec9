"""A project's codebook over time: saving an edited codebook as a new version, the versions of
its key with what changed between them, and the codebook as a YAML file.

A stored codebook version never changes (annotations point at its labels). Saving an edit
stores the content as the next version of its key and moves the project to it; the project's
spans, gold spans and document labels follow their label to the new version by key, as an
import that adds labels does. A label that carries work in the project cannot be removed,
nor moved to the other layer: the refusal says how much work it carries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from ...codebooks import CodebookDef
from ...codebooks.diff import Change, codebook_diff
from ...codebooks.editor import CodebookDraft
from ...errors import Forbidden, InvalidInput, NotFound
from ...models import (
    Annotation,
    Codebook,
    Document,
    DocumentLabel,
    GoldAnnotation,
    GoldRelation,
    Label,
    Project,
    Relation,
    RelationType,
)
from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..permissions import load_project, project_role, require_project_role, sees_everyone
from ..unit import read_service, write_service
from ..views import CodebookView
from .codebooks import codebook_view, ensure_codebook

_WORK = ((Annotation, "span"), (GoldAnnotation, "gold span"), (DocumentLabel, "document label"))


@dataclass(frozen=True)
class VersionInfo:
    id: int
    key: str
    version: int
    name: str
    labels: int
    created_at: datetime
    #: The version the project annotates with now.
    current: bool


@dataclass(frozen=True)
class SavedCodebook:
    codebook: CodebookView
    #: False when the content was the project's codebook already (nothing was stored).
    changed: bool
    changes: tuple[Change, ...] = ()
    #: Spans, gold spans and document labels moved to the new version's labels.
    moved: int = 0


def definition_of(codebook: Codebook) -> CodebookDef:
    return CodebookDef.model_validate(codebook.definition)


def label_usage(session: Session, project_id: int) -> Counter[str]:
    """Label key -> spans, gold spans and document labels of the project that carry it (deleted
    spans too: they can be restored)."""
    usage: Counter[str] = Counter()
    documents = select(Document.id).where(Document.project_id == project_id).scalar_subquery()
    for model, _ in _WORK:
        usage.update(dict(session.execute(
            select(Label.key, func.count()).join(model, model.label_id == Label.id)
            .where(model.document_id.in_(documents)).group_by(Label.key)).all()))
    return usage


def _check_keeps_used_labels(old: CodebookDef, new: CodebookDef, usage: Counter[str]) -> None:
    kept = {label.key: new.layer_of(label) for label in new.labels}
    problems = []
    for label in old.labels:
        count = usage.get(label.key, 0)
        if not count:
            continue
        if label.key not in kept:
            problems.append(f"label {label.key!r} carries {count} annotation(s) in this project and cannot "
                            "be removed (rename it, or move it to another category, instead)")
        elif kept[label.key] != old.layer_of(label):
            problems.append(f"label {label.key!r} carries {count} annotation(s) in this project and cannot "
                            f"move from the {old.layer_of(label)} layer to the {kept[label.key]} layer")
    if problems:
        raise InvalidInput("; ".join(problems), field="labels")


def _check_keeps_used_relation_types(session: Session, project_id: int, old: CodebookDef, new: CodebookDef) -> None:
    """A relation type that the project's relations (gold ones and deleted ones included: they
    can be restored) carry stays, as a label that spans carry does."""
    removed = {r.key for r in old.relations} - {r.key for r in new.relations}
    if not removed:
        return
    documents = select(Document.id).where(Document.project_id == project_id).scalar_subquery()
    usage: Counter[str] = Counter()
    for model in (Relation, GoldRelation):
        usage.update(dict(session.execute(
            select(RelationType.key, func.count()).join(model, model.type_id == RelationType.id)
            .where(model.document_id.in_(documents), RelationType.key.in_(removed)).group_by(RelationType.key)).all()))
    problems = [f"relation type {key!r} carries {usage[key]} relation(s) in this project and cannot be removed "
                "(rename it instead)" for key in sorted(removed) if usage[key]]
    if problems:
        raise InvalidInput("; ".join(problems), field="relations")


def repoint_labels(session: Session, project_id: int, old_codebook: int, new_codebook: int) -> int:
    """The project's spans, gold spans and document labels follow their label (same key) from
    one stored codebook to another; returns how many spans and gold spans moved."""
    old = dict(session.execute(select(Label.key, Label.id).where(Label.codebook_id == old_codebook)).all())
    new = dict(session.execute(select(Label.key, Label.id).where(Label.codebook_id == new_codebook)).all())
    documents = select(Document.id).where(Document.project_id == project_id).scalar_subquery()
    moved = 0
    for key, old_id in old.items():
        if key not in new or new[key] == old_id:
            continue
        for model, _ in _WORK:
            # An UPDATE's result is a CursorResult (it has rowcount); Session.execute is typed
            # for every statement as the plain Result.
            result = cast(CursorResult[Any], session.execute(
                update(model).where(model.label_id == old_id, model.document_id.in_(documents))
                .values(label_id=new[key]).execution_options(synchronize_session=False)))
            if model is not DocumentLabel:
                moved += result.rowcount or 0
    _repoint_relation_types(session, documents, old_codebook, new_codebook)
    return moved


def _repoint_relation_types(session: Session, documents: Any, old_codebook: int, new_codebook: int) -> None:
    """Relations follow their type (same key) to the new version as spans follow their label."""
    old = dict(session.execute(select(RelationType.key, RelationType.id).where(RelationType.codebook_id == old_codebook)).all())
    new = dict(session.execute(select(RelationType.key, RelationType.id).where(RelationType.codebook_id == new_codebook)).all())
    for key, old_id in old.items():
        if key not in new or new[key] == old_id:
            continue
        for model in (Relation, GoldRelation):
            session.execute(update(model).where(model.type_id == old_id, model.document_id.in_(documents))
                            .values(type_id=new[key]).execution_options(synchronize_session=False))


def switch_codebook(session: Session, actor: Actor, project: Project, definition: CodebookDef, *,
                    detail: str, extra: dict[str, Any] | None = None) -> tuple[Codebook, int]:
    """Store `definition` as the next version of its key (or find that content stored already),
    move the project and its work onto it, and audit the change. Returns the stored codebook
    and how many spans moved."""
    old = project.codebook
    highest = session.scalar(select(func.max(Codebook.version)).where(Codebook.key == definition.key)) or 0
    stored = ensure_codebook(session, definition.model_copy(update={"version": highest + 1}))
    stored.frozen = True
    moved = repoint_labels(session, project.id, old.id, stored.id)
    project.codebook_id = stored.id
    session.flush()
    audit.record(session, actor, "update", "project", project.id, project_id=project.id,
                 before={"codebook": [old.key, old.version]},
                 after={"codebook": [stored.key, stored.version], **(extra or {})},
                 detail=f"{detail[:600]}; {moved} spans moved to the new version")
    session.expire(project)
    return stored, moved


def _same_content(a: CodebookDef, b: CodebookDef) -> bool:
    return a.model_copy(update={"version": 1}) == b.model_copy(update={"version": 1})


@write_service
def save_project_codebook(session: Session, actor: Actor, project_id: int, definition: CodebookDef) -> SavedCodebook:
    """Make `definition` the project's codebook as a new version (project admins). Refused,
    with the counts, if it removes a label that carries work in the project or moves one to
    the other layer, or removes a relation type that relations carry."""
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change the codebook")
    project = load_project(session, project_id)
    current = definition_of(project.codebook)
    if _same_content(current, definition):
        return SavedCodebook(codebook_view(project.codebook), changed=False)
    _check_keeps_used_labels(current, definition, label_usage(session, project_id))
    _check_keeps_used_relation_types(session, project_id, current, definition)
    changes = tuple(codebook_diff(current, definition))
    summary = "; ".join(change.text() for change in changes[:20])
    stored, moved = switch_codebook(session, actor, project, definition,
                                    detail=f"codebook edited: {summary}")
    return SavedCodebook(codebook_view(stored), changed=True, changes=changes, moved=moved)


def _versions_of(session: Session, key: str) -> list[Codebook]:
    return list(session.scalars(select(Codebook).where(Codebook.key == key).order_by(Codebook.version)))


@read_service
def codebook_versions(session: Session, actor: Actor, project_id: int) -> list[VersionInfo]:
    """Every stored version of the key of the project's codebook, oldest first."""
    project = load_project(session, project_id)
    project_role(session, actor, project_id, required=True)
    return [VersionInfo(c.id, c.key, c.version, c.name, len(c.labels), c.created_at, c.id == project.codebook_id)
            for c in _versions_of(session, project.codebook.key)]


def _version(session: Session, key: str, version: int) -> Codebook:
    found = session.scalar(select(Codebook).where(Codebook.key == key, Codebook.version == version))
    if found is None:
        raise NotFound(f"codebook {key!r} has no version {version}")
    return found


@read_service
def version_changes(session: Session, actor: Actor, project_id: int, old: int, new: int) -> list[Change]:
    """What changed from version `old` to version `new` of the project's codebook key."""
    project = load_project(session, project_id)
    project_role(session, actor, project_id, required=True)
    key = project.codebook.key
    return codebook_diff(definition_of(_version(session, key, old)), definition_of(_version(session, key, new)))


@read_service
def project_codebook_definition(session: Session, actor: Actor, project_id: int,
                                version: int | None = None) -> CodebookDef:
    """The project's codebook (or another version of its key) as a definition: for the editor,
    for a copy into a new project, for the YAML download."""
    project = load_project(session, project_id)
    project_role(session, actor, project_id, required=True)
    stored = project.codebook if version is None else _version(session, project.codebook.key, version)
    return definition_of(stored)


@read_service
def project_label_usage(session: Session, actor: Actor, project_id: int) -> dict[str, int]:
    """Label key -> annotations carrying it in the project (what the editor says beside a label).
    The counts describe everyone's work: refused to an annotator of a blind project."""
    role = project_role(session, actor, project_id, required=True)
    if not sees_everyone(load_project(session, project_id), role):
        raise Forbidden(f"{actor.username} may not count the labels of a blind project: the counts describe "
                        "other annotators' work", action="count labels", project_id=project_id, object_id=project_id)
    return dict(label_usage(session, project_id))


def codebook_yaml(definition: CodebookDef) -> str:
    """A codebook as the YAML file that loads back to it (the editor's serialisation)."""
    return CodebookDraft.from_definition(definition).to_yaml()
