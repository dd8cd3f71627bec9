"""An import's writing of documents and of what hangs on one document (its document labels and
assignments): rows in batches, documents of the project reused by their text's hash."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ...formats.records import DocumentRecord
from ...models import Assignment, Document, DocumentLabel, Label, new_uid
from ...models.enums import AssignmentStatus, EntityKind
from ...words import count_words
from ..bulk import insert_rows_with_ids
from ..in_batches import rows_in
from ..registry.outlets import match_outlet
from ..registry.rows import entity_named_in_file
from .import_progress import Progress, silent

#: Document and audit rows inserted per statement batch (documents carry their text).
ROW_BATCH = 1_000


def write_documents(
    session: Session, project_id: int, records: Sequence[DocumentRecord], shas: list[str],
    batch: str | None, now: Any, progress: Progress = silent,
) -> tuple[dict[str, tuple[int, bool]], set[int], dict[str, int]]:
    """Text hash -> (document id, created now), the ids of the new documents that have an
    outlet, and the outlet names that matched no registry entity (with how many new documents
    named each: they are kept in the document's meta, never dropped). Documents already in the project are reused; the new ones are inserted in the order
    of the records, in batches, as rows (no ORM objects: an import of many small documents
    keeps its memory flat)."""
    found = {sha: (doc_id, False) for sha, doc_id in rows_in(
        session, select(Document.text_sha256, Document.id).where(Document.project_id == project_id),
        Document.text_sha256, list(set(shas)))}
    taken_uids = {uid for (uid,) in rows_in(
        session, select(Document.uid), Document.uid, [r.uid for r in records if r.uid])}
    pending: dict[str, dict[str, Any]] = {}  # text hash -> row, in the order of the records
    with_outlet: set[int] = set()
    unknown_outlets: dict[str, int] = {}

    def insert_pending() -> None:
        table = Document.__table__
        assert isinstance(table, Table)
        ids = insert_rows_with_ids(session, table, list(pending.values()), "uid")
        for (sha, row), document_id in zip(pending.items(), ids, strict=True):
            found[sha] = (document_id, True)
            if row["outlet_id"] is not None:
                with_outlet.add(document_id)
        pending.clear()

    for number, (record, sha) in enumerate(zip(records, shas, strict=True), start=1):
        if sha not in found and sha not in pending:
            # The same export imported into a second project gets fresh document identities.
            uid = record.uid if record.uid and record.uid not in taken_uids else new_uid()
            taken_uids.add(uid)  # a second document of this import with the same uid gets a fresh one
            pending[sha] = _document_row(session, project_id, record, sha, uid, batch, now)
            if record.outlet and pending[sha]["outlet_id"] is None:
                pending[sha]["meta"]["outlet"] = record.outlet
                unknown_outlets[record.outlet] = unknown_outlets.get(record.outlet, 0) + 1
            if len(pending) == ROW_BATCH:
                insert_pending()
                progress(0.1 + 0.4 * number / len(records), f"writing the documents ({number} of {len(records)})")
    insert_pending()
    return found, with_outlet, unknown_outlets


def _document_row(
    session: Session, project_id: int, record: DocumentRecord, sha: str, uid: str, batch: str | None,
    now: Any,
) -> dict[str, Any]:
    outlet_id = entity_named_in_file(session, record.outlet_uid, record.outlet, kind=EntityKind.OUTLET)
    if outlet_id is None:
        outlet_id = match_outlet(session, record.url)
    return {
        "uid": uid, "project_id": project_id, "external_id": record.external_id,
        "title": record.title or record.text.strip().split("\n", 1)[0][:200], "url": record.url,
        "outlet_id": outlet_id, "author": record.author, "published": record.published,
        "language": record.language, "text": record.text, "text_sha256": sha,
        "word_count": count_words(record.text),
        "parts": [dict(p) for p in record.parts], "meta": dict(record.meta),
        "import_batch": record.import_batch or batch, "created_at": record.created_at or now,
    }


def write_document_labels(
    session: Session, document_id: int, record: DocumentRecord, labels: dict[str, Label],
    users: dict[str, int], default_user: str, now: Any,
) -> None:
    if not record.document_labels:
        return
    have: set[tuple[int, int]] = {
        (user_id, label_id) for user_id, label_id in
        session.execute(select(DocumentLabel.user_id, DocumentLabel.label_id).where(DocumentLabel.document_id == document_id))
    }
    for doc_label in record.document_labels:
        key = (users[doc_label.annotator or default_user], labels[doc_label.label].id)
        if key not in have:
            have.add(key)
            session.add(DocumentLabel(document_id=document_id, user_id=key[0], label_id=key[1], created_at=doc_label.created_at or now))


def write_assignments(
    session: Session, document_id: int, record: DocumentRecord, users: dict[str, int], default_user: str
) -> None:
    if not record.assignments:
        return
    have = set(session.scalars(select(Assignment.user_id).where(Assignment.document_id == document_id)))
    for item in record.assignments:
        user_id = users[item.get("annotator") or default_user]
        if user_id in have:
            continue
        have.add(user_id)
        session.add(Assignment(
            document_id=document_id, user_id=user_id,
            status=AssignmentStatus(item.get("status", "todo")), position=int(item.get("position", 0)),
        ))
