"""Documents: adding articles (deduplicated by text hash), listing, reading, status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...models import Annotation, Assignment, Document, Entity, Label, column_size, utcnow
from ...models.enums import AssignmentStatus, PartKind
from ...spans import text_sha256
from .. import audit
from ..actor import Actor
from ..permissions import (
    LEADS,
    check_role,
    load_document_for,
    load_project,
    project_role,
    require_project_role,
    restricted_to_assignments,
    visible_annotations_filter,
)
from ..registry.outlets import on_new_document
from ..unit import read_service, write_service
from ..views import DocumentSummary, DocumentView


def check_parts(parts: list[dict[str, Any]], length: int, *, source: str | None = None) -> None:
    """Parts are non-overlapping, ordered ranges of known kinds inside the text."""
    previous_end = 0
    for i, part in enumerate(parts):
        field = f"parts[{i}]"
        try:
            kind, start, end = PartKind(part["kind"]), int(part["start"]), int(part["end"])
        except (KeyError, ValueError, TypeError) as error:
            raise InvalidInput(f"a part needs kind (body/furniture/comments), start and end: {error}", file=source, field=field) from error
        if not previous_end <= start < end <= length:
            raise InvalidInput(f"{kind} part [{start}, {end}) overlaps another or leaves the text (length {length})", file=source, field=field)
        previous_end = end


#: The document fields of limited size (as stored: models/documents.py), in the order checked.
SIZED_FIELDS = ("external_id", "url", "author", "language", "import_batch", "uid")


def oversized_fields(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, problem) for each text longer than its column holds: PostgreSQL refuses it with a
    database error, SQLite keeps it whole. The sizes come from the model itself."""
    found = []
    for name in SIZED_FIELDS:
        value, limit = values.get(name), column_size(Document, name)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            found.append((name, f"longer than {limit} characters ({len(value)})"))
    return found


def new_document(
    project_id: int,
    text: str,
    *,
    title: str = "",
    url: str | None = None,
    outlet_id: int | None = None,
    author: str | None = None,
    published: date | None = None,
    language: str | None = None,
    external_id: str | None = None,
    meta: dict[str, Any] | None = None,
    parts: list[dict[str, Any]] | None = None,
    import_batch: str | None = None,
    uid: str | None = None,
) -> Document:
    if not text:
        raise InvalidInput("a document needs some text", field="text")
    check_parts(parts or [], len(text))
    oversized = oversized_fields({"external_id": external_id, "url": url, "author": author, "language": language,
                                  "import_batch": import_batch, "uid": uid})
    if oversized:
        name, problem = oversized[0]
        raise InvalidInput(problem, field=name)
    document = Document(
        project_id=project_id,
        text=text,
        text_sha256=text_sha256(text),
        title=title or _title_from(text),
        url=url,
        outlet_id=outlet_id,
        author=author,
        published=published,
        language=language,
        external_id=external_id,
        meta=meta or {},
        parts=parts or [],
        import_batch=import_batch,
    )
    if uid:
        document.uid = uid
    return document


def _title_from(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200]


def find_by_hash(session: Session, project_id: int, sha: str) -> Document | None:
    return session.scalar(
        select(Document).where(Document.project_id == project_id, Document.text_sha256 == sha)
    )


@write_service
def add_document(
    session: Session, /, actor: Actor, project_id: int, text: str, **fields: Any
) -> tuple[int, bool]:
    """Add one article; returns (document id, created). The same text twice in a project is
    stored once: the second call returns the first document's id and created=False."""
    require_project_role(session, actor, project_id, LEADS, "add documents")
    load_project(session, project_id)
    existing = find_by_hash(session, project_id, text_sha256(text))
    if existing is not None:
        return existing.id, False
    document = new_document(project_id, text, **fields)
    session.add(document)
    session.flush()
    on_new_document(session, actor, document)  # outlet from the URL, funding proposals
    audit.record(
        session, actor, "create", "document", document.id, project_id=project_id,
        document_id=document.id, after=_document_audit(document),
    )
    return document.id, True


def _document_audit(document: Document) -> dict[str, Any]:
    data = audit.snapshot(document)
    # The text is immutable and can be long: its hash identifies it in the trail.
    data.pop("text", None)
    return data


@read_service
def list_documents(session: Session, actor: Actor, project_id: int) -> list[DocumentSummary]:
    """Every document of the project with the count of spans the actor may see and the
    actor's own status on it."""
    project = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    counts = dict(
        session.execute(
            select(Annotation.document_id, func.count())
            .join(Document, Document.id == Annotation.document_id)
            .where(Document.project_id == project_id)
            .where(visible_annotations_filter(project, role, actor))
            .group_by(Annotation.document_id)
        ).all()
    )
    statuses = dict(
        session.execute(
            select(Assignment.document_id, Assignment.status)
            .join(Document, Document.id == Assignment.document_id)
            .where(Document.project_id == project_id, Assignment.user_id == actor.user_id)
        ).all()
    )
    query = (
        select(
            Document.id, Document.uid, Document.title, Document.url, Entity.name,
            Document.external_id, func.length(Document.text), Document.created_at,
        )
        .outerjoin(Entity, Entity.id == Document.outlet_id)
        .where(Document.project_id == project_id)
        .order_by(Document.id)
    )
    if restricted_to_assignments(project, role):
        # Once a project uses assignments, an annotator's list is their queue.
        query = query.where(Document.id.in_(statuses))
    rows = session.execute(query).all()
    return [
        DocumentSummary(
            id=r[0], uid=r[1], title=r[2], url=r[3], outlet=r[4], external_id=r[5], length=r[6],
            annotation_count=counts.get(r[0], 0),
            status=statuses[r[0]].value if r[0] in statuses else None,
            created_at=r[7],
        )
        for r in rows
    ]


@read_service
def get_document(session: Session, actor: Actor, document_id: int) -> DocumentView:
    document, _project, _role = load_document_for(session, actor, document_id)
    outlet = session.get(Entity, document.outlet_id) if document.outlet_id else None
    status = session.scalar(
        select(Assignment.status).where(
            Assignment.document_id == document_id, Assignment.user_id == actor.user_id
        )
    )
    return DocumentView(
        id=document.id, uid=document.uid, project_id=document.project_id, title=document.title,
        text=document.text, text_sha256=document.text_sha256, url=document.url,
        outlet_id=document.outlet_id, outlet=outlet.name if outlet else None,
        author=document.author, published=document.published, language=document.language,
        external_id=document.external_id, parts=list(document.parts), meta=dict(document.meta),
        status=status.value if status else None,
    )


@read_service
def neighbours(session: Session, actor: Actor, document_id: int) -> tuple[int | None, int | None]:
    """Ids of the previous and next document in the project's order (in the annotator's
    queue order when the project restricts annotators to their assignments)."""
    document, project, role = load_document_for(session, actor, document_id)
    if restricted_to_assignments(project, role):
        queue = list(session.scalars(
            select(Assignment.document_id)
            .join(Document, Document.id == Assignment.document_id)
            .where(Assignment.user_id == actor.user_id, Document.project_id == project.id)
            .order_by(Assignment.position, Assignment.document_id)
        ))
        i = queue.index(document_id)
        return (queue[i - 1] if i > 0 else None, queue[i + 1] if i + 1 < len(queue) else None)
    base = select(Document.id).where(Document.project_id == document.project_id)
    previous = session.scalar(base.where(Document.id < document_id).order_by(Document.id.desc()).limit(1))
    following = session.scalar(base.where(Document.id > document_id).order_by(Document.id).limit(1))
    return previous, following


@write_service
def set_status(
    session: Session, actor: Actor, document_id: int, status: AssignmentStatus | str
) -> str:
    """Set the actor's own status on a document (e.g. done), assigning it to them if needed."""
    document, _, _ = load_document_for(session, actor, document_id)
    if actor.user_id is None:
        raise InvalidInput("the system account has no status on documents")
    if AssignmentStatus(status) == AssignmentStatus.DONE:
        _check_required_attributes(session, document_id, actor.user_id)
    assignment = session.scalar(
        select(Assignment).where(
            Assignment.document_id == document_id, Assignment.user_id == actor.user_id
        )
    )
    before = audit.snapshot(assignment) if assignment else None
    if assignment is None:
        assignment = Assignment(document_id=document_id, user_id=actor.user_id)
        session.add(assignment)
    assignment.status = AssignmentStatus(status)
    assignment.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "assignment", assignment.id,
        project_id=document.project_id, document_id=document_id, before=before,
        after=audit.snapshot(assignment),
    )
    return assignment.status.value


def _check_required_attributes(session: Session, document_id: int, user_id: int) -> None:
    """A document is done only when the user's spans carry every attribute their label
    requires (the codebook's `required: true`)."""
    missing = []
    for start, end, values, label in session.execute(
            select(Annotation.start, Annotation.end, Annotation.attributes, Label)
            .join(Label, Label.id == Annotation.label_id)
            .where(Annotation.document_id == document_id, Annotation.user_id == user_id,
                   Annotation.deleted_at.is_(None)).order_by(Annotation.start)):
        lacking = [a["name"] for a in label.attributes
                   if a.get("required") and (values or {}).get(a["key"]) in (None, "")]
        if lacking:
            missing.append(f"{label.name} at {start}–{end} lacks {', '.join(lacking)}")
    if missing:
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise InvalidInput("not done yet: " + "; ".join(missing[:5]) + more, field="attributes")


@write_service
def set_parts(session: Session, actor: Actor, document_id: int, parts: list[dict[str, Any]]) -> None:
    """Mark body / furniture / comments ranges (leads only)."""
    document, project, role = load_document_for(session, actor, document_id)
    check_role(actor, role, LEADS, "mark document parts", project_id=project.id)
    check_parts(parts, len(document.text))
    before = {"parts": document.parts}
    document.parts = [dict(p) for p in parts]
    audit.record(
        session, actor, "update", "document", document.id, project_id=project.id,
        document_id=document.id, before=before, after={"parts": document.parts},
    )


__all__ = [
    "add_document",
    "check_parts",
    "find_by_hash",
    "get_document",
    "list_documents",
    "neighbours",
    "new_document",
    "set_parts",
    "set_status",
]
