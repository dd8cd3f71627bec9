"""One document's spans of all annotators side by side, at the places they disagree.

The drill-down of the agreement page: the same visibility rule and the same notion of who
counts on the document as :func:`annotator.services.team.agreement.project_agreement`, so that the
document looks here as it was counted there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ...agreement.study.disagreement import (
    disagreement_regions,
    excerpt_window,
    marked_excerpt,
)
from ...agreement.study.positions import counted_ranges
from ...models import Assignment, Document
from ...models.enums import AssignmentStatus
from ..actor import Actor
from ..names import visible_names
from ..permissions import load_project, project_role
from ..unit import read_service
from .agreement import AgreementFilter, load

GOLD = "gold"


@dataclass(frozen=True)
class ComparedSpan:
    label: str
    name: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class RaterSpans:
    """One annotator's (or the gold layer's) spans on the document, in text order."""

    rater: str
    counted: bool
    spans: tuple[ComparedSpan, ...]


@dataclass(frozen=True)
class MarkedExcerpt:
    rater: str
    text: str
    #: Indices into that rater's ``spans`` of the spans numbered 1, 2, ... in ``text``.
    numbered: tuple[int, ...]


@dataclass(frozen=True)
class ComparisonRegion:
    start: int
    end: int
    quote: str
    description: str
    excerpts: tuple[MarkedExcerpt, ...]


@dataclass(frozen=True)
class DocumentComparison:
    document_id: int
    title: str
    length: int
    raters: tuple[RaterSpans, ...]
    regions: tuple[ComparisonRegion, ...]
    basis_note: str


def _any_done(session: Session, actor: Actor, project_id: int, options: AgreementFilter) -> bool:
    query = select(Assignment.id).join(Document).where(
        Document.project_id == project_id, Assignment.status == AssignmentStatus.DONE)
    if options.document_ids:
        query = query.where(Document.id.in_(options.document_ids))
    if options.annotators:
        # The names as the caller sees them ("Annotator N" where names are hidden from them).
        shown = visible_names(session, load_project(session, project_id), project_role(session, actor, project_id))
        query = query.where(Assignment.user_id.in_([i for i, name in shown.items() if name in options.annotators]))
    return bool(session.scalar(select(exists(query))))


@read_service
def compare_document(session: Session, actor: Actor, project_id: int, document_id: int,
                     options: AgreementFilter | None = None, *, context: int = 80
                     ) -> DocumentComparison:
    """Each annotator's spans on the document and the regions where counted annotators
    disagree, with a marked excerpt per annotator for each region."""
    options = options or AgreementFilter()
    finished_only = options.finished_only
    if finished_only is None:  # decide as the project-level figures do, not per document
        finished_only = _any_done(session, actor, project_id, options)
    data = load(session, actor, project_id,
                replace(options, document_ids=(document_id,), finished_only=finished_only))
    document = data.documents[0]
    names = {label.id: (label.key, label.name) for label in data.labels}
    raters: list[RaterSpans] = []
    for column, (user_id, username) in enumerate(data.users.items()):
        own = data.spans[data.spans[:, 1] == user_id][:, 2:]
        raters.append(RaterSpans(username, bool(data.included[0, column]),
                                 _spans(document.text, own, names)))
    if len(data.gold):
        raters.append(RaterSpans(GOLD, True, _spans(document.text, data.gold[:, 1:], names)))
    raters = [r for r in raters if r.spans or r.counted]
    ranges = counted_ranges(document.parts or [], len(document.text), body_only=options.body_only)
    counted = {r.rater: [(s.start, s.end, s.label) for s in r.spans]
               for r in raters if r.counted and r.rater != GOLD}
    every = {r.rater: [(s.start, s.end, s.label) for s in r.spans] for r in raters}
    label_names = {key: name for key, name in names.values()}
    regions = []
    for region in disagreement_regions(len(document.text), ranges, counted):
        start, end = excerpt_window(len(document.text), region, every, context=context,
                                    text=document.text)
        excerpts = []
        for rater, spans in every.items():
            text, shown = marked_excerpt(document.text, spans, start, end)
            excerpts.append(MarkedExcerpt(rater, text, tuple(shown)))
        regions.append(ComparisonRegion(region.start, region.end,
                                        document.text[region.start:region.end],
                                        region.describe(label_names), tuple(excerpts)))
    note = ("Annotators count on this document only if they marked it done; the others' "
            "spans are listed but not compared." if finished_only else
            "Every annotator who made a span or document label here counts.")
    return DocumentComparison(document.id, document.title, len(document.text), tuple(raters),
                              tuple(regions), note)


def _spans(text: str, rows: np.ndarray, names: dict[int, tuple[str, str]]
           ) -> tuple[ComparedSpan, ...]:
    """Rows [label_id, start, end] as spans in text order."""
    ordered = sorted(rows.tolist(), key=lambda r: (r[1], r[2]))
    return tuple(ComparedSpan(*names[label], start, end, text[start:end])
                 for label, start, end in ordered)
