"""The curation page's view of a big project: a window (one page) of its documents with their
curation status, the project's status counts, and the next document with open disagreements.

Why not the whole list (curation_progress.py): a status needs the document's spans split into
clusters, in Python; on a 100,000-document project (2 million spans) that took half a minute
on every rerun of the page. Here the statuses are worked out only for the documents shown, and
the counts come from SQL except where a status needs the split: documents a curator has touched
(gold or a rejection), whose number grows with the curators' work, not with the project.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from ...models import (
    Annotation,
    Assignment,
    CuratedDocument,
    CurationDecision,
    Document,
    GoldAnnotation,
    Membership,
)
from ...models.enums import AssignmentStatus, ProjectRole
from ..actor import Actor
from ..paging import Page, check_paging, like_pattern, within
from ..permissions import LEADS, require_project_role
from ..unit import read_service
from .curation_progress import document_statuses
from .views import DocumentCuration

#: Documents whose statuses are worked out at a time while looking for the next open one.
SCAN_BATCH = 100


#: One page of the project's documents (those matching the search), in id order.
CurationWindow = Page[DocumentCuration]


def _matching(project_id: int, search: str) -> ColumnElement[bool]:
    """The project's documents whose title or external id contains `search` (any case), or
    whose number it is (#12 or 12)."""
    where = Document.project_id == project_id
    text = search.strip()
    if not text:
        return where
    pattern = like_pattern(text.lower())
    found: list[ColumnElement[bool]] = [func.lower(Document.title).like(pattern, escape="\\"),
                                        func.lower(Document.external_id).like(pattern, escape="\\")]
    number = text.removeprefix("#")
    if number.isdigit() and len(number) < 19:
        found.append(Document.id == int(number))
    return and_(where, or_(*found))


@read_service
def curation_window(session: Session, actor: Actor, project_id: int, *, search: str = "", page: int = 1,
                    per_page: int = 50, done_only: bool = False,
                    also: int | None = None) -> CurationWindow:
    """Page `page` (the last one when there are fewer) of the documents matching `search`, each
    with its curation status; `also`
    (a document of the project, the one shown) is added in front when it is not on the page,
    so that a picker always holds the current document."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    check_paging(page, per_page)
    where = _matching(project_id, search)
    total = session.scalar(select(func.count()).select_from(Document).where(where)) or 0
    page = within(page, total, per_page)
    documents = [(d, t) for d, t in session.execute(
        select(Document.id, Document.title).where(where).order_by(Document.id)
        .offset((page - 1) * per_page).limit(per_page))]
    if also is not None and all(d != also for d, _ in documents):
        extra = session.execute(select(Document.id, Document.title).where(
            Document.id == also, Document.project_id == project_id)).all()
        documents = [(d, t) for d, t in extra] + documents
    rows = document_statuses(session, project_id, documents, done_only=done_only)
    return CurationWindow(rows=tuple(rows), total=total, page=page, per_page=per_page)


@read_service
def curation_summary(session: Session, actor: Actor, project_id: int, *, done_only: bool = False) -> dict[str, int]:
    """How many of the project's documents have each status (empty, untouched, open, decided,
    curated), the same as counting `curation_progress`'s list, without splitting every document."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    in_project = Document.project_id == project_id
    curated = exists().where(CuratedDocument.document_id == Document.id, CuratedDocument.curated_at.is_not(None))
    touched = or_(exists().where(GoldAnnotation.document_id == Document.id),
                  exists().where(CurationDecision.document_id == Document.id, CurationDecision.deleted_at.is_(None),
                                 CurationDecision.outcome == "rejected"))
    counts: Counter[str] = Counter()
    counts["curated"] = session.scalar(select(func.count()).select_from(Document).where(in_project, curated)) or 0
    # Touched documents: their status (open or decided, or empty) needs the split.
    touched_documents = [(d, t) for d, t in session.execute(
        select(Document.id, Document.title).where(in_project, ~curated, touched).order_by(Document.id))]
    for item in document_statuses(session, project_id, touched_documents, done_only=done_only):
        counts[item.status] += 1
    # The others are untouched when a compared annotator drew on them, else empty (no gold either).
    rest, drawn = session.execute(
        select(func.count(), func.sum(case((_drawn(done_only), 1), else_=0)))
        .select_from(Document).where(in_project, ~curated, ~touched)).one()
    counts["untouched"] += drawn or 0
    counts["empty"] += (rest or 0) - (drawn or 0)
    return {status: n for status, n in counts.items() if n}


def _drawn(done_only: bool) -> ColumnElement[bool]:
    """The document has a live span by an annotator its comparison takes in (choose_annotators:
    its assignees and, without `done_only`, whoever else drew there but the project's curators
    and admins (those who left included), those done with `done_only`, or anyone when nobody is
    assigned)."""
    # Two levels down: each subquery names what it correlates to (automatic correlation reaches
    # only the enclosing statement, which does not read documents).
    assignee = select(Assignment.id).where(Assignment.document_id == Document.id,
                                           Assignment.user_id == Annotation.user_id)
    if done_only:
        assignee = assignee.where(Assignment.status == AssignmentStatus.DONE)
    nobody_assigned = ~exists(select(Assignment.id).where(Assignment.document_id == Document.id).correlate(Document))
    taken_in = [nobody_assigned, exists(assignee.correlate(Document, Annotation))]
    if not done_only:  # the others who drew there are compared too, but the curators and admins
        taken_in.append(~exists(select(Membership.id).where(
            Membership.project_id == Document.project_id, Membership.user_id == Annotation.user_id,
            Membership.role != ProjectRole.ANNOTATOR).correlate(Document, Annotation)))
    return exists(select(Annotation.id).where(
        Annotation.document_id == Document.id, Annotation.deleted_at.is_(None), or_(*taken_in)).correlate(Document))


@read_service
def next_open_document(session: Session, actor: Actor, project_id: int, after: int, *, search: str = "",
                       done_only: bool = False) -> int | None:
    """The first document after `after` (in id order, then from the start) among those matching
    `search` that is not marked curated and has open disagreements; None when there is none."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    where = _matching(project_id, search)

    def first_open(position: int, before: int | None) -> int | None:
        while True:
            ids_in = [Document.id > position] + ([Document.id < before] if before is not None else [])
            documents = [(d, t) for d, t in session.execute(
                select(Document.id, Document.title).where(where, *ids_in).order_by(Document.id).limit(SCAN_BATCH))]
            for item in document_statuses(session, project_id, documents, done_only=done_only):
                if item.open and not item.curated:
                    return item.document_id
            if len(documents) < SCAN_BATCH:
                return None
            position = documents[-1][0]

    found = first_open(after, None)
    return found if found is not None else first_open(0, after)
