"""Inter-annotator agreement of a project: load what the actor may see, hand it to the pure
study in :mod:`annotator.agreement.study`, return its report.

Who may look: curators and admins of a project; annotators too when the project is not blind
(they see each other's spans there anyway). In a blind project an annotator would learn about
other annotators' work from the figures, so they are refused. An annotator who opens only the
documents assigned to them (permissions.restricted_to_assignments) studies only those: the
drill-down shows the text, and another document is refused as it is everywhere else. A
curator of a project that hides annotator names sees "Annotator N" here as in the curation
view (services/names.py).

What counts for an annotator on a document (:class:`AgreementFilter.finished_only`):
``True`` only documents they marked done; ``False`` documents they made a span or document
label on (or marked done); ``None`` (default) chooses ``True`` as soon as any selected
document is marked done by any selected annotator, else ``False``. The report says which
basis was used, and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import BigInteger, CursorResult, Executable, Select, cast, select
from sqlalchemy.orm import Session, aliased

from ...agreement.metrics.relations import End, RelationItem
from ...agreement.study import Category, LabelInfo, Spans, StudyInput, StudyOptions, compute_study
from ...agreement.study.positions import Layout, document_layout
from ...agreement.study.report import AgreementReport
from ...agreement.study.threads import in_thread
from ...errors import Forbidden, InvalidInput
from ...models import (
    Annotation,
    Assignment,
    Document,
    DocumentLabel,
    GoldAnnotation,
    Label,
    Membership,
    Project,
    Relation,
    RelationType,
    User,
)
from ...models.enums import AssignmentStatus, Layer
from ..actor import Actor
from ..annotation.codebooks import codebook_view
from ..names import first_joined, hides_names, namer, pseudonyms
from ..permissions import (
    load_project,
    project_role,
    require_assigned,
    restricted_to_assignments,
    sees_everyone,
)
from ..unit import read_service
from . import agreement_cache
from .agreement_memory import small_pages


@dataclass(frozen=True)
class AgreementFilter:
    """Which part of a project to measure, and how."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()
    finished_only: bool | None = None
    body_only: bool = True
    n_resamples: int = 1000
    confidence: float = 0.95
    seed: int | None = 0


class DocumentRow(NamedTuple):
    """A document as the study needs it."""

    id: int
    title: str
    text: str
    parts: list[Any]


@dataclass(frozen=True)
class Loaded:
    """A project's agreement data, as ids and plain values."""

    project: Project
    documents: list[DocumentRow]
    users: dict[int, str]  # counted annotators, by user id, sorted by name
    labels: list[Label]  # selected span labels
    categories: list[Category]
    category_labels: dict[int, tuple[int, int]]  # document label id -> (category, index)
    spans: np.ndarray  # rows [document_id, user_id, label_id, start, end]
    gold: np.ndarray  # rows [document_id, label_id, start, end]
    document_labels: Sequence[Any]  # rows (document_id, user_id, label_id)
    included: np.ndarray  # documents x annotators
    has_gold: np.ndarray
    basis: str
    basis_note: str
    #: rows (document_id, user_id, type key, directed, from start, end, label_id, to start, end, label_id)
    relations: Sequence[Any] = ()
    #: the documents' layout (body_only as asked), made in a second thread while the spans load
    places: Handoff | None = None


def require_overview(session: Session, actor: Actor, project: Project,
                     document_ids: Sequence[int] = ()) -> int | None:
    """Refuse (and so audit) whoever may not see the project's figures, or asks for a document
    they may not open; returns the user whose queue the study is limited to, if it is."""
    role = project_role(session, actor, project.id, required=True)
    if not sees_everyone(project, role):
        raise Forbidden(
            f"{actor.username} may not see agreement figures of the blind project "
            f"{project.name!r}: they describe other annotators' work (ask a curator)",
            action="view agreement", project_id=project.id, object_id=project.id)
    if not restricted_to_assignments(project, role):
        return None
    for document_id in document_ids:
        require_assigned(session, actor, project, role, document_id)
    return actor.user_id


def load(session: Session, actor: Actor, project_id: int, options: AgreementFilter) -> Loaded:
    project = load_project(session, project_id)
    queue = require_overview(session, actor, project, options.document_ids)
    documents = _documents(session, project_id, options.document_ids, queue)
    doc_ids = [row.id for row in documents]
    labels, categories, category_labels = _labels(session, project, options.labels)
    places = Handoff([row.text for row in documents], [row.parts for row in documents],
                     body_only=options.body_only)
    in_docs = Document.project_id == project_id
    if options.document_ids:
        in_docs = in_docs & Document.id.in_(doc_ids)
    if queue is not None:
        in_docs = in_docs & Document.id.in_(_queued(queue))
    live = Annotation.deleted_at.is_(None)
    # Every live span once: who was active where, and (filtered here) the spans the study
    # reads; a second pass over the span table for the activity took a second at 2 million.
    every_span = _unpair(_int_table(session, select(
        Annotation.document_id, _pair(Annotation.user_id, Annotation.label_id),
        _pair(Annotation.start, Annotation.end)).join(Document).where(in_docs, live), 3))
    labelled = session.execute(
        select(DocumentLabel.document_id, DocumentLabel.user_id).join(Document)
        .where(in_docs).distinct()).all()
    done = session.execute(
        select(Assignment.document_id, Assignment.user_id).join(Document)
        .where(in_docs, Assignment.status == AssignmentStatus.DONE)).all()
    users = _annotators(session, set(np.unique(every_span[:, 1]).tolist())
                        | {u for _, u in labelled} | {u for _, u in done}, options.annotators,
                        pseudonyms(session, project_id) if _masked(session, actor, project) else None)
    position = {d: i for i, d in enumerate(doc_ids)}
    column = {u: i for i, u in enumerate(users)}
    finished = np.zeros((len(doc_ids), len(users)), dtype=bool)
    for doc, user in done:
        if user in column:
            finished[position[doc], column[user]] = True
    annotated = finished.copy()
    for doc, user in labelled:
        if user in column:
            annotated[position[doc], column[user]] = True
    by_counted = every_span[np.isin(every_span[:, 1], list(users))]
    annotated[_indices(by_counted[:, 0], doc_ids), _indices(by_counted[:, 1], list(users))] = True
    basis, note = _basis(options.finished_only, finished, annotated)
    label_ids = [label.id for label in labels]
    spans = by_counted[np.isin(by_counted[:, 2], label_ids)]
    gold = _int_table(session, select(
        GoldAnnotation.document_id, GoldAnnotation.label_id, GoldAnnotation.start,
        GoldAnnotation.end).join(Document).where(in_docs, GoldAnnotation.deleted_at.is_(None)), 4)
    has_gold = np.isin(np.array(doc_ids, dtype=np.int64), gold[:, 0])
    document_labels = session.execute(
        select(DocumentLabel.document_id, DocumentLabel.user_id, DocumentLabel.label_id)
        .join(Document).where(in_docs, DocumentLabel.label_id.in_(list(category_labels)),
                              DocumentLabel.user_id.in_(list(users)))).all()
    return Loaded(project, documents, users, labels, categories, category_labels, spans,
                  gold[np.isin(gold[:, 1], label_ids)], document_labels,
                  finished if basis == "finished" else annotated, has_gold, basis, note,
                  _relations(session, in_docs, list(users), label_ids), places)


class Handoff:
    """A layout made in a thread of its own (SQLite and numpy let go of the GIL, so the
    database's reading and the tokenising share the machine's cores), taken once: after
    :meth:`take` nothing here holds it, so the study can let its token offsets go."""

    def __init__(self, texts: list[str], parts: list[Any], *, body_only: bool) -> None:
        # The thread hands back the heap its tokenising freed (study/threads.py: at 100,000
        # documents the peak was 2.06 GB instead of 1.76 GB without).
        self._future: Future[Layout] | None = in_thread(
            document_layout, texts, parts, body_only=body_only)

    def take(self) -> Layout:
        if self._future is None:
            raise RuntimeError("the layout was taken already")
        future, self._future = self._future, None
        return future.result()


def _relations(session: Session, in_docs: Any, users: list[int], label_ids: list[int]) -> Sequence[Any]:
    """The live relations of the counted annotators whose two ends are live spans of the
    selected labels."""
    first, second = aliased(Annotation), aliased(Annotation)
    return session.execute(
        select(Relation.document_id, Relation.user_id, RelationType.key, RelationType.directed,
               first.start, first.end, first.label_id, second.start, second.end, second.label_id)
        .join(Document, Document.id == Relation.document_id).join(RelationType)
        .join(first, first.id == Relation.from_id).join(second, second.id == Relation.to_id)
        .where(in_docs, Relation.deleted_at.is_(None), Relation.user_id.in_(users),
               first.deleted_at.is_(None), second.deleted_at.is_(None),
               first.label_id.in_(label_ids), second.label_id.in_(label_ids))
        .order_by(Relation.id)).all()


def _int_table(session: Session, query: Executable, width: int) -> np.ndarray:
    """Integer columns straight into an array. The rows come off the driver's cursor one at
    a time: 2 million spans held as rows at once took about 600 MB, and SQLAlchemy's row
    objects (even without the ORM's row loading) cost more than SQLite's reading of them.
    Integer columns need none of SQLAlchemy's result processing."""
    result = session.connection().execute(query)
    try:
        flat = np.fromiter(chain.from_iterable(_driver_rows(result)), dtype=np.int64)
    finally:
        result.close()
    return flat.reshape(-1, width)


#: Two columns of a row travel as one integer, ``high * 2**32 + low``: 2 million span rows
#: as 3 integers each instead of 5 took 1.7 s instead of 2.2 s off SQLite's cursor (every
#: integer the driver hands over is a Python object). Ids and offsets (``0 <= start < end``,
#: in code points) are below 2**31, so both halves fit.
_HALF = 1 << 32


def _pair(high: Any, low: Any) -> Any:
    return cast(high, BigInteger) * _HALF + low


def _unpair(packed: np.ndarray) -> np.ndarray:
    """Rows ``[a, b * 2**32 + c, d * 2**32 + e]`` -> rows ``[a, b, c, d, e]``."""
    rows = np.empty((len(packed), 5), dtype=np.int64)
    rows[:, 0] = packed[:, 0]
    for column, pair in ((1, packed[:, 1]), (3, packed[:, 2])):
        np.right_shift(pair, 32, out=rows[:, column])
        np.bitwise_and(pair, _HALF - 1, out=rows[:, column + 1])
    return rows


def _driver_rows(result: CursorResult[Any]) -> Iterator[Sequence[Any]]:
    """A result's rows as the driver gives them (tuples), in batches."""
    cursor = result.cursor
    return chain.from_iterable(iter(lambda: cursor.fetchmany(50_000), []))


def _queued(user_id: int) -> Select[int]:
    """The ids of the documents assigned to the user."""
    return select(Assignment.document_id).where(Assignment.user_id == user_id)


def _documents(session: Session, project_id: int, wanted: tuple[int, ...],
               queue: int | None = None) -> list[DocumentRow]:
    """The documents as plain tuples off the driver's cursor (only those assigned to `queue`,
    when given); ``parts`` is decoded only where there are any (SQLite hands JSON over as
    text, PostgreSQL's drivers as Python values)."""
    query = select(Document.id, Document.title, Document.text, Document.parts).where(
        Document.project_id == project_id).order_by(Document.id)
    if wanted:
        query = query.where(Document.id.in_(wanted))
    if queue is not None:
        query = query.where(Document.id.in_(_queued(queue)))
    result = session.connection().execute(query)
    try:
        # Most documents have no parts: SQLite's "[]" is told apart without a call (0.2 s of
        # 100,000 documents).
        rows = [DocumentRow(i, title, text, [] if parts == "[]" else _parts(parts))
                for i, title, text, parts in _driver_rows(result)]
    finally:
        result.close()
    missing = sorted(set(wanted) - {row.id for row in rows})
    if missing:
        raise InvalidInput(f"no document {missing[0]} in this project", field="document")
    return rows


def _parts(stored: Any) -> list[Any]:
    if isinstance(stored, str | bytes):
        return [] if stored in ("[]", b"[]", "null", b"null") else list(json.loads(stored) or [])
    return list(stored or [])


def _labels(session: Session, project: Project, keys: tuple[str, ...]
            ) -> tuple[list[Label], list[Category], dict[int, tuple[int, int]]]:
    rows = list(session.scalars(select(Label).where(Label.codebook_id == project.codebook_id)
                                .order_by(Label.position, Label.id)))
    known = {label.key for label in rows}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise InvalidInput(f"no label {unknown[0]!r} in the codebook of {project.name!r}",
                           field="label")
    span_labels = [r for r in rows if r.layer == Layer.SPAN and (not keys or r.key in keys)]
    categories: list[Category] = []
    category_labels: dict[int, tuple[int, int]] = {}
    named_document_labels = {r.key for r in rows if r.layer == Layer.DOCUMENT} & set(keys)
    for view in codebook_view(project.codebook).categories:
        members = [r for r in rows if r.layer == Layer.DOCUMENT and r.category == view.key]
        if view.layer != "document" or not members:
            continue
        if keys and not named_document_labels & {m.key for m in members}:
            continue
        for index, label in enumerate(members):
            category_labels[label.id] = (len(categories), index)
        categories.append(Category(view.key, view.name, view.multiple,
                                   tuple(LabelInfo(m.key, m.name) for m in members)))
    return span_labels, categories, category_labels


def _masked(session: Session, actor: Actor, project: Project) -> bool:
    """Whether the caller sees annotators as "Annotator N" (a curator where names are hidden)."""
    return hides_names(project, project_role(session, actor, project.id))


def _natural(name: str) -> list[Any]:
    """"Annotator 2" before "Annotator 10" (the parts alternate text and number)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _annotators(session: Session, user_ids: set[int], names: tuple[str, ...],
                shown: Mapping[int, str] | None = None) -> dict[int, str]:
    """User id -> the name the report gives, of the counted annotators (those of `names` when
    given: the names as the caller sees them), in the order of those names."""
    found = dict(session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all())
    if shown:
        found = {i: shown.get(i, n) for i, n in found.items()}
    if names:
        unknown = [n for n in names if n not in found.values()]
        if unknown:
            raise InvalidInput(f"{unknown[0]!r} made no annotations in the selected documents",
                               field="annotator")
        found = {i: n for i, n in found.items() if n in names}
    return dict(sorted(found.items(), key=lambda item: _natural(item[1])))


@read_service
def study_annotators(session: Session, actor: Actor, project_id: int) -> list[str]:
    """The project's members, and those who left it (whose spans the study still counts), as
    the agreement filter names them to the caller (any member may list them)."""
    project = load_project(session, project_id)
    name = namer(session, project, project_role(session, actor, project_id, required=True))
    members = session.execute(select(Membership.id, Membership.user_id, Membership.role)
                              .where(Membership.project_id == project_id)).all()
    return sorted({name(user_id) for user_id in first_joined(session, project_id, members)}, key=_natural)


def _basis(finished_only: bool | None, finished: np.ndarray, annotated: np.ndarray
           ) -> tuple[str, str]:
    pairs = int((finished.sum(axis=1) >= 2).sum())
    if finished_only is None:
        finished_only = bool(finished.any())
        if not finished_only:
            return "annotated", ("No document is marked done yet, so each annotator counts on "
                                 "every document they made a span or document label on.")
    if finished_only:
        return "finished", (f"Only documents an annotator marked done count for them; {pairs} "
                            "document(s) are done by two or more annotators.")
    return "annotated", ("Each annotator counts on every document they made a span or "
                         "document label on or marked done.")


def _indices(ids: np.ndarray, order: list[int]) -> np.ndarray:
    """Position of each id in ``order`` (every id must occur there)."""
    keys = np.array(order, dtype=np.int64)
    sort = np.argsort(keys, kind="stable")
    return sort[np.searchsorted(keys, ids, sorter=sort)].astype(np.int64)


def study_input(data: Loaded) -> StudyInput:
    doc_order = [row.id for row in data.documents]
    label_order = [label.id for label in data.labels]
    spans, gold = data.spans, data.gold
    position = {d: i for i, d in enumerate(doc_order)}
    column = {u: i for i, u in enumerate(data.users)}
    document_labels = [(position[d.document_id], column[d.user_id],
                        *data.category_labels[d.label_id]) for d in data.document_labels]
    return StudyInput(
        project=data.project.name,
        document_ids=doc_order,
        titles=[row.title for row in data.documents],
        texts=[row.text for row in data.documents],
        parts=[row.parts for row in data.documents],
        annotators=list(data.users.values()),
        labels=[LabelInfo(label.key, label.name) for label in data.labels],
        spans=Spans(_indices(spans[:, 0], doc_order), _indices(spans[:, 1], list(data.users)),
                    _indices(spans[:, 2], label_order), spans[:, 3].copy(), spans[:, 4].copy()),
        included=data.included,
        gold=Spans(_indices(gold[:, 0], doc_order), np.zeros(len(gold), dtype=np.int64),
                   _indices(gold[:, 1], label_order), gold[:, 2].copy(), gold[:, 3].copy()),
        has_gold=data.has_gold, categories=data.categories, document_labels=document_labels,
        basis=data.basis, basis_note=data.basis_note,
        relations=[(column[r[1]], RelationItem(position[r[0]], r[2], End(r[4], r[5], r[6]), End(r[7], r[8], r[9]),
                                               directed=r[3]))
                   for r in data.relations])


@read_service
def project_agreement(session: Session, actor: Actor, project_id: int,
                      options: AgreementFilter | None = None, *, keep: bool = True
                      ) -> AgreementReport:
    """Every agreement figure of the project (or the selected documents, annotators and
    labels), with bootstrap intervals over documents. ``keep=False`` is for a caller that
    asks once (the command line exits after one study): it neither looks for a kept report
    nor keeps this one, which spares reading the revision (a scan of every span row: 1.1 s
    of a 100,000-document study)."""
    options = options or AgreementFilter()
    project = load_project(session, project_id)
    queue = require_overview(session, actor, project, options.document_ids)
    # A seeded study gives the same report for the same rows: kept until a row changes
    # (agreement_cache). An unseeded one draws new resamples each time, so it is not kept.
    # A study limited to one annotator's queue, or naming annotators "Annotator N", is kept
    # apart from the whole project's with real names.
    key = (agreement_cache.revision(session, project_id), options, queue, _masked(session, actor, project)) \
        if keep and options.seed is not None else None
    report = agreement_cache.cached(key) if key else None
    if report is not None:
        return report
    study_options = StudyOptions(body_only=options.body_only, n_resamples=options.n_resamples,
                                 confidence=options.confidence, seed=options.seed)
    with small_pages():
        data = load(session, actor, project_id, options)
        given, take = study_input(data), data.places.take if data.places else None
        del data  # the loaded rows (2 million spans: 80 MB) are in `given` as indices now
        try:
            report = compute_study(given, options=study_options, layout_from=take)
        except ValueError as error:
            raise InvalidInput(str(error)) from error
    if key:
        agreement_cache.keep(key, report)
    return report
