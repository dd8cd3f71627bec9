"""The documents page's listing: one page of a project's documents at a time, filtered and
counted in SQL, so that a project of 100,000 documents lists its first page about as fast as
one of 40 (`bench/` calls `document_page` to measure it).

Documents come in id order (the order they were imported) through the index on
(project_id, id); only the page's rows are read, and only their span counts and statuses are
looked up. The filters narrow the query itself: the text search (title, text and external id,
any case), outlets, labels (a document with at least one span of the label that the caller may
see) and status.

Status means two things, and the page says which it shows (`DocumentPage.scope`):
- for curators and admins ("overall"), the document's progress over its annotators:
  `unassigned` (nobody), `todo` (nobody started), `done` (everyone done), else `in_progress`;
- for annotators ("yours"), their own assignment's status, `unassigned` when they have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...models import Annotation, Assignment, Document, Entity, Label, Project
from ...models.enums import AssignmentStatus, Layer, ProjectRole
from ..actor import Actor
from ..names import namer
from ..paging import like_pattern, page_count
from ..permissions import (
    OVERSEERS,
    load_project,
    project_role,
    restricted_to_assignments,
    visible_annotations_filter,
)
from ..unit import read_service

Status = Literal["unassigned", "todo", "in_progress", "done"]
STATUSES: tuple[Status, ...] = ("unassigned", "todo", "in_progress", "done")
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class DocumentQuery:
    """What the page asks for; empty filters leave the list whole."""

    search: str = ""
    statuses: tuple[Status, ...] = ()
    #: Registry ids of outlets.
    outlets: tuple[int, ...] = ()
    #: Label keys.
    labels: tuple[str, ...] = ()
    #: Only these documents (a picker asking whether the one it shows is still listed).
    ids: tuple[int, ...] = ()
    #: 1-based.
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class DocumentRow:
    id: int
    external_id: str | None
    title: str
    outlet: str | None
    published: date | None
    #: Spans on the document that the caller may see.
    spans: int
    #: The caller's own status, or None when the document is not assigned to them.
    my_status: str | None
    #: (annotator as the caller may name them, status) per assignee; leads only, else empty.
    annotators: tuple[tuple[str, str], ...]
    #: As `DocumentPage.scope` says: overall progress for leads, the caller's own for others.
    status: Status


@dataclass(frozen=True)
class DocumentPage:
    rows: tuple[DocumentRow, ...]
    #: Documents matching the query (all pages).
    total: int
    page: int
    per_page: int
    scope: Literal["overall", "yours"]

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


@dataclass(frozen=True)
class DocumentFacets:
    """The choices the filters offer."""

    #: (registry id, name) of the outlets the project's documents come from.
    outlets: tuple[tuple[int, str], ...]
    #: (key, name) of the codebook's span labels.
    labels: tuple[tuple[str, str], ...]


def _check(query: DocumentQuery) -> None:
    if query.page < 1:
        raise InvalidInput("pages are numbered from 1", field="page")
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        raise InvalidInput(f"1 to {MAX_PER_PAGE} documents per page", field="per_page")
    unknown = [s for s in query.statuses if s not in STATUSES]
    if unknown:
        raise InvalidInput(f"unknown status {unknown[0]!r}; known: {', '.join(STATUSES)}", field="statuses")


def _overall_status_filter(statuses: tuple[Status, ...]) -> ColumnElement[bool]:
    """Documents whose progress over their assignees is one of `statuses`."""
    def assignees(*where: ColumnElement[bool]) -> ColumnElement[int]:
        return (select(func.count()).select_from(Assignment)
                .where(Assignment.document_id == Document.id, *where).correlate(Document).scalar_subquery())

    n = assignees()
    done = assignees(Assignment.status == AssignmentStatus.DONE)
    todo = assignees(Assignment.status == AssignmentStatus.TODO)
    conditions = {
        "unassigned": n == 0,
        "todo": and_(n > 0, todo == n),
        "done": and_(n > 0, done == n),
        "in_progress": and_(n > 0, todo < n, done < n),
    }
    return or_(*(conditions[s] for s in statuses))


def _own_status_filter(actor: Actor, statuses: tuple[Status, ...]) -> ColumnElement[bool]:
    own = select(Assignment.id).where(Assignment.document_id == Document.id, Assignment.user_id == actor.user_id)
    conditions: list[ColumnElement[bool]] = []
    if "unassigned" in statuses:
        conditions.append(~exists(own))
    assigned = [AssignmentStatus(s) for s in statuses if s != "unassigned"]
    if assigned:
        conditions.append(exists(own.where(Assignment.status.in_(assigned))))
    return or_(*conditions)


def _filtered(project: Project, role: ProjectRole | None, actor: Actor, query: DocumentQuery) -> Select[int]:
    """The ids of the matching documents (unordered, unpaged)."""
    statement = select(Document.id).where(Document.project_id == project.id)
    if restricted_to_assignments(project, role):
        # Once a project uses assignments, an annotator's list is their queue.
        statement = statement.where(exists(select(Assignment.id).where(
            Assignment.document_id == Document.id, Assignment.user_id == actor.user_id)))
    words = query.search.strip()
    if words:
        pattern = like_pattern(words.lower())
        statement = statement.where(or_(func.lower(Document.title).like(pattern, escape="\\"),
                                        func.lower(Document.text).like(pattern, escape="\\"),
                                        func.lower(Document.external_id).like(pattern, escape="\\")))
    if query.ids:
        statement = statement.where(Document.id.in_(query.ids))
    if query.outlets:
        statement = statement.where(Document.outlet_id.in_(query.outlets))
    if query.labels:
        statement = statement.where(exists(
            select(Annotation.id).join(Label, Label.id == Annotation.label_id)
            .where(Annotation.document_id == Document.id, Label.key.in_(query.labels),
                   visible_annotations_filter(project, role, actor))))
    if query.statuses:
        overall = role in OVERSEERS
        statement = statement.where(_overall_status_filter(query.statuses) if overall
                                    else _own_status_filter(actor, query.statuses))
    return statement


def _overall(statuses: list[str]) -> Status:
    if not statuses:
        return "unassigned"
    if all(s == "done" for s in statuses):
        return "done"
    if all(s == "todo" for s in statuses):
        return "todo"
    return "in_progress"


@read_service
def document_page(session: Session, actor: Actor, project_id: int, query: DocumentQuery = DocumentQuery()) -> DocumentPage:
    """One page of the project's documents that match `query`, with the number matching."""
    _check(query)
    project = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    matching = _filtered(project, role, actor, query)
    total = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    rows = session.execute(
        select(Document.id, Document.external_id, Document.title, Entity.name, Document.published)
        .outerjoin(Entity, Entity.id == Document.outlet_id)
        .where(Document.id.in_(matching.order_by(Document.id)
                               .limit(query.per_page).offset((query.page - 1) * query.per_page)))
        .order_by(Document.id)
    ).all()
    ids = [r[0] for r in rows]
    spans = dict(session.execute(
        select(Annotation.document_id, func.count()).where(
            Annotation.document_id.in_(ids), visible_annotations_filter(project, role, actor))
        .group_by(Annotation.document_id)).all())
    overall = role in OVERSEERS
    assignees: dict[int, list[tuple[int, str]]] = {}
    for document_id, user_id, status in session.execute(
            select(Assignment.document_id, Assignment.user_id, Assignment.status)
            .where(Assignment.document_id.in_(ids)).order_by(Assignment.document_id, Assignment.id)):
        if overall or user_id == actor.user_id:
            assignees.setdefault(document_id, []).append((user_id, status.value))
    name = namer(session, project, role) if overall else None
    result = []
    for document_id, external_id, title, outlet, published in rows:
        people = assignees.get(document_id, [])
        mine = next((status for user_id, status in people if user_id == actor.user_id), None)
        result.append(DocumentRow(
            id=document_id, external_id=external_id, title=title, outlet=outlet, published=published,
            spans=spans.get(document_id, 0), my_status=mine,
            annotators=tuple((name(user_id), status) for user_id, status in people) if name else (),
            status=_overall([s for _, s in people]) if overall else (mine or "unassigned"),  # type: ignore[arg-type]
        ))
    return DocumentPage(tuple(result), total, query.page, query.per_page, "overall" if overall else "yours")


@read_service
def document_facets(session: Session, actor: Actor, project_id: int) -> DocumentFacets:
    project = load_project(session, project_id)
    project_role(session, actor, project_id, required=True)
    outlets = session.execute(
        select(Entity.id, Entity.name).where(Entity.id.in_(
            select(Document.outlet_id).where(Document.project_id == project_id, Document.outlet_id.is_not(None))
            .distinct())).order_by(Entity.name)).all()
    labels = session.execute(
        select(Label.key, Label.name).where(Label.codebook_id == project.codebook_id, Label.layer == Layer.SPAN)
        .order_by(Label.position)).all()
    return DocumentFacets(tuple((i, n) for i, n in outlets), tuple((k, n) for k, n in labels))
