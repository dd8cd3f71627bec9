"""The study's integer rows read as text the database joins (agreement_rows.py) are the rows a
plain select returns, chunk by chunk in document order, on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Select, select

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models import Annotation, Document
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement_rows import int_rows
from annotator.services.team.projects import create_project


def _project(db: Database, admin: Actor) -> tuple[int, list[int]]:
    project = create_project(db, admin, "Rows")
    records = []
    for n in range(7):
        text = f"Document {n}: 👩🏽‍⚕️ the so-called opposition met again, and again, and again."
        spans = [AnnotationRecord(s, s + 4 + n % 3, "loaded_language", annotator=who)
                 for s in range(0, 10 * (n % 4), 5) for who in ("ann", "bob")]
        records.append(DocumentRecord(text=text, title=f"d{n}", annotations=spans))
    import_records(db, admin, project.id, records)
    with db.read() as session:
        ids = list(session.scalars(select(Document.id).where(Document.project_id == project.id)
                                   .order_by(Document.id)))
    return project.id, ids


def _query(project_id: int) -> Select[tuple[int, int, int, int, int]]:
    return (select(Annotation.document_id, Annotation.user_id, Annotation.label_id, Annotation.start,
                   Annotation.end).join(Document).where(Document.project_id == project_id))


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_the_rows_of_a_plain_select_in_document_order(db: Database, admin: Actor, chunk: int) -> None:
    project_id, ids = _project(db, admin)
    with db.read() as session:
        expected = session.execute(_query(project_id)).all()
        got = int_rows(session, _query(project_id), Document.id, ids, chunk=chunk)
    assert got.dtype == np.int64 and got.shape == (len(expected), 5)
    assert sorted(map(tuple, got.tolist())) == sorted(map(tuple, expected))
    assert got[:, 0].tolist() == sorted(got[:, 0].tolist())  # chunks come in document order
    assert len(expected) > 20 and {ids[0], ids[4]}.isdisjoint(got[:, 0].tolist())  # no spans there


def test_only_the_documents_named(db: Database, admin: Actor) -> None:
    project_id, ids = _project(db, admin)
    wanted = ids[1:3]
    with db.read() as session:
        query = _query(project_id).where(Document.id.in_(wanted))
        got = int_rows(session, query, Document.id, wanted, chunk=1)
        expected = session.execute(query).all()
    assert sorted(map(tuple, got.tolist())) == sorted(map(tuple, expected))
    assert set(got[:, 0].tolist()) <= set(wanted)


def test_no_rows_and_no_documents(db: Database, admin: Actor) -> None:
    project_id, ids = _project(db, admin)
    with db.read() as session:
        none = int_rows(session, _query(project_id).where(Annotation.start < 0), Document.id, ids)
        nothing = int_rows(session, _query(project_id), Document.id, [])
    assert none.shape == (0, 5) and nothing.shape == (0, 5)
