"""The assignment page's progress per document, one page at a time: on a 100,000-document
project the whole list (`assignments.document_progress`) counted 2 million spans per rerun and
sent a table of 100,000 rows; a page counts the spans and gold of its own documents only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Annotation, Assignment, Document, GoldAnnotation, Project
from ...models.enums import AssignmentStatus
from ..actor import Actor
from ..in_batches import rows_in
from ..names import namer
from ..paging import Page, check_paging, within
from ..permissions import LEADS, load_project, require_project_role
from ..unit import read_service
from .views import DocumentProgress

DocumentProgressPage = Page[DocumentProgress]


def progress_rows(session: Session, project: Project, name: Callable[[int], str],
                  documents: Sequence[tuple[int, str]], *, whole: bool = False) -> list[DocumentProgress]:
    """`documents` ((id, title) of the project) with their assignees, spans and gold; the rows
    read are those of these documents (a batch of ids at a time), or with `whole` (every
    document of the project) the project's, one query each."""
    ids = [d for d, _ in documents]

    def rows(query: Any, column: Any) -> list[Any]:
        query = query.join(Document, Document.id == column).where(Document.project_id == project.id)
        return list(session.execute(query).all()) if whole else rows_in(session, query, column, ids)

    who: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for doc, user_id, state, _ in sorted(rows(select(Assignment.document_id, Assignment.user_id, Assignment.status,
                                                  Assignment.id), Assignment.document_id), key=lambda r: (r[0], r[3])):
        who[doc].append((name(user_id), state.value))
    counts: list[dict[int, int]] = []
    for model in (Annotation, GoldAnnotation):
        counts.append(dict(rows(select(model.document_id, func.count()).where(model.deleted_at.is_(None))
                                .group_by(model.document_id), model.document_id)))
    spans, gold = counts
    return [
        DocumentProgress(
            document_id=doc, title=title, wanted=project.annotators_per_document,
            assigned=len(who[doc]), done=sum(1 for _, s in who[doc] if s == AssignmentStatus.DONE.value),
            annotators=tuple(sorted(who[doc])), spans=spans.get(doc, 0), gold=gold.get(doc, 0),
        )
        for doc, title in documents
    ]


@read_service
def document_progress_page(session: Session, actor: Actor, project_id: int, *, page: int = 1,
                           per_page: int = 50) -> DocumentProgressPage:
    """Page `page` (the last one when there are fewer) of the project's documents in id order,
    with their progress (leads only)."""
    role = require_project_role(session, actor, project_id, LEADS, "see progress")
    check_paging(page, per_page)
    project = load_project(session, project_id)
    in_project = Document.project_id == project_id
    total = session.scalar(select(func.count()).select_from(Document).where(in_project)) or 0
    page = within(page, total, per_page)
    documents = [(d, t) for d, t in session.execute(
        select(Document.id, Document.title).where(in_project).order_by(Document.id)
        .offset((page - 1) * per_page).limit(per_page))]
    rows = progress_rows(session, project, namer(session, project, role), documents)
    return DocumentProgressPage(tuple(rows), total, page, per_page)
