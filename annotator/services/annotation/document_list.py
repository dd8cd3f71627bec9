"""A project's document list one page at a time: filtered, ordered, limited and counted in
SQL, so that the documents page of a 100,000-document project reads what it shows (issue 18).
`documents.list_documents` remains for the callers that need every document."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...models import Annotation, Assignment, Document, Entity, Project
from ...models.enums import AssignmentStatus, ProjectRole
from ..actor import Actor
from ..permissions import (
    load_project,
    project_role,
    restricted_to_assignments,
    visible_annotations_filter,
)
from ..unit import read_service
from ..views import DocumentPage, DocumentSummary

#: Which documents a page shows, by the caller's own assignment status.
StatusFilter = Literal["all", "done", "not done"]
STATUS_FILTERS: tuple[StatusFilter, ...] = ("all", "not done", "done")
#: The most rows one page may ask for.
MAX_PAGE = 500


@read_service
def document_page(
    session: Session, actor: Actor, project_id: int, *, offset: int = 0, limit: int = 50,
    status: StatusFilter = "all", search: str = "",
) -> DocumentPage:
    """Documents `offset` .. `offset + limit` of the project in id order, among those matching
    `status` (the caller's own assignment status) and `search` (part of the title, any case),
    with the span counts the caller may see; and the whole project's figures."""
    if status not in STATUS_FILTERS:
        raise InvalidInput(f"status must be one of {', '.join(STATUS_FILTERS)}", field="status")
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInput(f"a page holds 1 to {MAX_PAGE} documents from offset 0 on", field="limit")
    project = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    scope = _scope(project, role, actor)
    matching = scope
    if status != "all":
        done = Assignment.status == AssignmentStatus.DONE
        matching = matching.where(done if status == "done" else or_(Assignment.id.is_(None), ~done))
    if search.strip():
        pattern = "%" + search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        matching = matching.where(func.lower(Document.title).like(pattern, escape="\\"))
    rows = session.execute(
        matching.with_only_columns(
            Document.id, Document.uid, Document.title, Document.url, Entity.name, Document.external_id,
            func.length(Document.text), Document.created_at, Assignment.status,
        ).outerjoin(Entity, Entity.id == Document.outlet_id).order_by(Document.id).offset(offset).limit(limit)
    ).all()
    ids = [r[0] for r in rows]
    visible = visible_annotations_filter(project, role, actor)
    counts: dict[int, int] = dict(session.execute(
        select(Annotation.document_id, func.count()).where(Annotation.document_id.in_(ids), visible)
        .group_by(Annotation.document_id)
    ).all()) if ids else {}
    summaries = [
        DocumentSummary(id=r[0], uid=r[1], title=r[2], url=r[3], outlet=r[4], external_id=r[5], length=r[6],
                        annotation_count=counts.get(r[0], 0), status=r[8].value if r[8] else None,
                        created_at=r[7])
        for r in rows
    ]
    # Counting documents reads an index; counting the project's spans would read every span
    # row (2 million in the 100,000-document project: seconds), so the page counts its own.
    total = _count(session, scope)
    done_count = _count(session, scope.where(Assignment.status == AssignmentStatus.DONE))
    return DocumentPage(
        documents=summaries, offset=offset, limit=limit, total=total, done=done_count,
        spans=sum(counts.values()),
        matching=total if matching is scope else _count(session, matching),
    )


def _scope(project: Project, role: ProjectRole | None, actor: Actor) -> Select[Any]:
    """The project's documents the caller may open, each with the caller's own assignment
    (outer-joined: one row per document, an assignment being unique per document and user)."""
    mine: ColumnElement[bool] = and_(Assignment.document_id == Document.id, Assignment.user_id == actor.user_id)
    query = select(Document.id).outerjoin(Assignment, mine).where(Document.project_id == project.id)
    if restricted_to_assignments(project, role):
        # Once a project uses assignments, an annotator's list is their queue.
        query = query.where(Assignment.id.is_not(None))
    return query


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.with_only_columns(Document.id).subquery())) or 0
