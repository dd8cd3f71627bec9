"""What an import finds stored already, so that importing the same file twice adds nothing.

Two ways a span of the file is known to be in the database:
- by its uid, when the file gives one (`stored_uids`): the same uid on the same document is the
  span imported before; on another document, the uid is taken and the span gets a fresh one;
- by what it is, when the file gives no uid (PTC/SemEval lines, Label Studio regions made in
  Label Studio, brat, CSV without `annotation_uid`): how many spans the document already holds
  of that annotator, label and offsets (gold: label and offsets), deleted ones too, so that a
  re-import brings back nothing deleted (`held_spans`, `held_gold`). The writer skips a span
  while the count is above what this import has met, so a file's own repeated lines stay.
  A span whose uid its reader made (`uid_made`: a relation names it) is matched the same way,
  and its relations then join the stored span (`held_uids` gives its uid). So is a span whose
  uid another document holds (`taken_elsewhere`: a copy of another project's export, which
  got a fresh uid when it was first imported).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...formats.records import DocumentRecord
from ...models import Annotation, GoldAnnotation
from ..in_batches import rows_in

SpanModel = type[Annotation] | type[GoldAnnotation]


def stored_uids(session: Session, model: SpanModel, uids: list[str]) -> dict[str, int]:
    """The uids among `uids` that `model` holds already -> their document's id."""
    return dict(rows_in(session, select(model.uid, model.document_id), model.uid, uids))


def taken_elsewhere(stored: dict[str, int], uid: str | None, document_id: int) -> bool:
    """Whether another document than `document_id` holds the span uid `uid` (`stored`: from
    `stored_uids`)."""
    return uid is not None and stored.get(uid, document_id) != document_id


def held_spans(session: Session, records: Sequence[DocumentRecord], document_ids: Sequence[int],
               reused: set[int], stored: dict[str, int]) -> Counter[tuple[Any, ...]]:
    """(document, annotator, label, start, end) -> how many annotators' spans the documents
    of the project (`reused`) hold, for the records with a span without uid (or one its reader
    made, or one another document holds: `stored` is `stored_uids` of the records' spans)."""
    return _held(session, Annotation,
                 [document_id for record, document_id in zip(records, document_ids, strict=True)
                  if document_id in reused and any(not a.uid or a.uid_made or taken_elsewhere(stored, a.uid, document_id)
                                                   for a in record.annotations)])


def held_gold(session: Session, records: Sequence[DocumentRecord], document_ids: Sequence[int],
              reused: set[int]) -> Counter[tuple[Any, ...]]:
    """(document, label, start, end) -> how many gold spans the documents of the project
    (`reused`) hold, for the records with a gold span without uid (or one its reader made, or
    one another document holds)."""
    wanted = [(record, document_id) for record, document_id in zip(records, document_ids, strict=True)
              if document_id in reused and record.gold]
    stored = stored_uids(session, GoldAnnotation, [g.uid for record, _ in wanted for g in record.gold if g.uid])
    return _held(session, GoldAnnotation,
                 [document_id for record, document_id in wanted
                  if any(not g.uid or g.uid_made or taken_elsewhere(stored, g.uid, document_id) for g in record.gold)])


def _key(model: SpanModel) -> tuple[Any, ...]:
    """What a span the file gives no uid (or a uid its reader made) is matched by: its
    document, annotator, label and offsets (gold: document, label and offsets)."""
    who = (Annotation.user_id,) if model is Annotation else ()
    return (model.document_id, *who, model.label_id, model.start, model.end)


def _held(session: Session, model: SpanModel, document_ids: list[int]) -> Counter[tuple[Any, ...]]:
    """How many spans of `model` (deleted ones too: an import does not bring back what was
    deleted) each `_key` has on these documents."""
    key = _key(model)
    query = select(*key, func.count()).group_by(*key)
    return Counter({tuple(row[:-1]): int(row[-1])
                    for row in rows_in(session, query, model.document_id, sorted(set(document_ids)))})


def held_uids(session: Session, model: SpanModel, document_ids: list[int]) -> dict[tuple[Any, ...], list[str]]:
    """The keys of `held_spans` (`held_gold` for gold) -> the uids of the spans they count, live
    ones first: where a span whose uid its reader made is stored, for its relations."""
    query = select(*_key(model), model.uid).order_by(model.deleted_at.is_not(None), model.id)
    found: defaultdict[tuple[Any, ...], list[str]] = defaultdict(list)
    for row in rows_in(session, query, model.document_id, sorted(set(document_ids))):
        found[tuple(row[:-1])].append(row[-1])
    return found
