"""Agreement reports kept per process, keyed by a revision of what the study reads.

Why: the study of a big project takes seconds (100,000 documents: tens of seconds), and the
Agreement page ran it again on every rerun — opening the options, clicking a document in the
chart. The revision is a handful of aggregates over the rows the study reads (the project's
documents, spans, gold spans, document labels, assignments, relations, and its codebook
version); any write that can change a figure changes one of them: a new or deleted row changes
a count or a largest id, new parts or a new title change the documents' digest, an edit of a span, gold span, relation or assignment bumps its
`updated_at` (and a span's or relation's `version`). Reading it costs one scan of the project's
span rows, a small part of the study's own reading.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from ...agreement.study.report import AgreementReport
from ...models import (
    Annotation,
    Assignment,
    Document,
    DocumentLabel,
    GoldAnnotation,
    Project,
    Relation,
)

#: Reports kept (a report of 100,000 documents holds a row per document: a few MB).
KEEP = 8

_REPORTS: OrderedDict[tuple[Any, ...], AgreementReport] = OrderedDict()
_LOCK = Lock()


def revision(session: Session, project_id: int) -> tuple[Any, ...]:
    """What changes whenever a row the agreement study reads changes (see the module
    docstring), and which database this is (project ids repeat across databases)."""
    in_project = Document.project_id == project_id

    def aggregates(model: Any, *extra: Any) -> tuple[Any, ...]:
        return tuple(session.execute(
            select(func.count(model.id), func.max(model.id), *extra)
            .join(Document, Document.id == model.document_id).where(in_project)).one())

    return (
        str(session.get_bind().engine.url), project_id,
        session.scalar(select(Project.codebook_id).where(Project.id == project_id)),
        _documents(session, in_project),
        aggregates(Annotation, func.sum(Annotation.version), func.max(Annotation.updated_at)),
        aggregates(GoldAnnotation, func.sum(GoldAnnotation.version), func.max(GoldAnnotation.updated_at)),
        aggregates(DocumentLabel),
        aggregates(Assignment, func.max(Assignment.updated_at)),
        aggregates(Relation, func.sum(Relation.version), func.max(Relation.updated_at)),
    )


def _documents(session: Session, in_project: Any) -> str:
    """A digest of the project's documents as the study reads them: ids, titles and parts (the
    parts are marked after the import, by a lead or the furniture detector, and leave no other
    trace; a title can change on a later import). Texts never change. Parts are read as stored
    text, not decoded: 100,000 documents take a fraction of a second."""
    digest = hashlib.blake2b(digest_size=16)
    for row in session.connection().execute(
            select(Document.id, Document.title, type_coerce(Document.parts, String)).where(in_project)
            .order_by(Document.id)):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def cached(key: tuple[Any, ...]) -> AgreementReport | None:
    with _LOCK:
        report = _REPORTS.get(key)
        if report is not None:
            _REPORTS.move_to_end(key)
        return report


def keep(key: tuple[Any, ...], report: AgreementReport) -> None:
    with _LOCK:
        _REPORTS[key] = report
        _REPORTS.move_to_end(key)
        while len(_REPORTS) > KEEP:
            _REPORTS.popitem(last=False)


def clear() -> None:
    with _LOCK:
        _REPORTS.clear()
