"""`insert_rows` (the import's fast way in on SQLite) stores exactly what a Core insert stores:
JSON, timestamps (with and without microseconds), enums, NULLs and the Python defaults of the
columns a row leaves out; a broken constraint is SQLAlchemy's IntegrityError, as with Core."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.exc import IntegrityError

from annotator.db import Database
from annotator.models import Annotation, AuditEvent, Document, Project
from annotator.models.enums import Origin
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import labels_by_key
from annotator.services.bulk import (
    indexes_deferred,
    insert_rows,
    insert_rows_with_ids,
    insert_values,
)
from annotator.services.team.projects import create_project

from ..conftest import make_user


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _stored(db: Database, model: Any) -> list[dict[str, Any]]:
    """Every row as the ORM reads it back (types converted again), without its id."""
    table = _table(model)
    with db.read() as session:
        rows = session.execute(select(table).order_by(table.c.id)).mappings().all()
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def _document(db: Database, system: Actor) -> tuple[int, int, int]:
    """A document of a new project, a label of its codebook and a user: (ids)."""
    user = make_user(db, "ana")
    project = create_project(db, system, "Bulk")
    with db.write() as session:
        document_id = session.scalars(insert(_table(Document)).returning(_table(Document).c.id), [{
            "uid": "d-1", "project_id": project.id, "title": "T", "text": "Some text here.", "text_sha256": "0" * 64,
            "parts": [], "meta": {}}]).one()
        codebook_id = session.scalar(select(Project.codebook_id).where(Project.id == project.id))
        label_id = next(iter(labels_by_key(session, codebook_id).values())).id
    assert user.user_id is not None
    return document_id, label_id, user.user_id


def _spans(document_id: int, label_id: int, user_id: int) -> list[dict[str, Any]]:
    stamps = [datetime(2024, 5, 1, 12, 30, 5, 123456), datetime(2024, 5, 1, 12, 30, 5), datetime(1999, 1, 2)]
    return [{
        "uid": f"u-{n}", "document_id": document_id, "label_id": label_id, "user_id": user_id,
        "start": n, "end": n + 4, "quote": "Some"[: 4], "prefix": "" if n % 2 else "é😀\n", "suffix": "x",
        "text_sha256": "0" * 64, "attributes": {"who": "ana", "n": n, "nested": [1, "ü"]} if n % 2 else {},
        "note": None if n % 2 else "a note 😀", "version": 1, "created_at": stamps[n % 3],
        "updated_at": stamps[(n + 1) % 3], "deleted_at": None if n % 2 else stamps[0], "origin": Origin.IMPORT,
    } for n in range(6)]


def test_rows_are_stored_as_a_core_insert_stores_them(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    rows = _spans(document_id, label_id, user_id)
    with db.write() as session:
        session.execute(insert(_table(Annotation)), [dict(r) for r in rows])
    core = _stored(db, Annotation)
    with db.write() as session:
        session.execute(delete(_table(Annotation)))
        assert insert_rows(session, _table(Annotation), [dict(r) for r in rows]) == len(rows)
    assert _stored(db, Annotation) == core
    assert core[0]["attributes"] == {} and core[1]["attributes"]["nested"] == [1, "ü"]
    assert core[0]["created_at"] == datetime(2024, 5, 1, 12, 30, 5, 123456)


def test_left_out_columns_get_their_python_defaults(db: Database, system: Actor) -> None:
    document_id, _, _ = _document(db, system)
    with db.write() as session:
        insert_rows(session, _table(AuditEvent), [{"action": "import", "object_type": "document",
                                                   "object_id": document_id, "detail": "x"}])
    event = _stored(db, AuditEvent)[-1]
    assert event["action"] == "import" and event["detail"] == "x" and event["before"] is None
    assert isinstance(event["at"], datetime)


def test_a_broken_constraint_is_an_integrity_error_and_nothing_stays(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    rows = _spans(document_id, label_id, user_id)
    rows[3]["uid"] = rows[0]["uid"]
    with pytest.raises(IntegrityError), db.write() as session:
        insert_rows(session, _table(Annotation), rows)
    assert _stored(db, Annotation) == []


def test_ids_come_back_in_the_order_of_the_rows(db: Database, system: Actor) -> None:
    project = create_project(db, system, "Ids")
    rows = [{"uid": f"doc-{n}", "project_id": project.id, "title": f"T{n}", "text": f"Text {n} é😀.",
             "text_sha256": f"{n:064d}", "parts": [], "meta": {"n": n} if n % 2 else {},
             "published": date(2024, 1, n + 1) if n % 3 else None, "created_at": datetime(2024, 1, 1, 0, 0, n)}
            for n in (5, 1, 4, 2, 3)]
    with db.write() as session:
        ids = insert_rows_with_ids(session, _table(Document), [dict(r) for r in rows], "uid")
    with db.read() as session:
        stored = {d.id: (d.uid, d.meta, d.published, d.text, d.created_at) for d in session.scalars(select(Document))}
    assert [stored[i][:3] for i in ids] == [(r["uid"], r["meta"], r["published"]) for r in rows]
    assert stored[ids[0]][3:] == ("Text 5 é😀.", datetime(2024, 1, 1, 0, 0, 5))


def _index_sql(session: Any) -> dict[str, str | None]:
    """The annotations table's secondary indexes as the database describes them."""
    if session.connection().dialect.name == "sqlite":
        return dict(session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations'")).all())
    return dict(session.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'annotations'")).all())


def test_indexes_are_made_again_as_they_were_after_a_first_import(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    rows = _spans(document_id, label_id, user_id)
    with db.read() as session:
        before = _index_sql(session)
    assert any(name.startswith("ix_annotations_") for name in before)
    with db.write() as session:
        with indexes_deferred(session, _table(Annotation)):
            inside = _index_sql(session)
            insert_rows(session, _table(Annotation), [dict(r) for r in rows])
        assert _index_sql(session) == before
    with db.read() as session:
        assert _index_sql(session) == before
    if db.engine.dialect.name == "sqlite":  # an empty table there: only the unique constraint's own index stays
        assert inside == {name: sql for name, sql in before.items() if sql is None}
    else:
        assert inside == before
    assert len(_stored(db, Annotation)) == len(rows)


def test_a_table_with_rows_keeps_its_indexes(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    rows = _spans(document_id, label_id, user_id)
    with db.write() as session:
        insert_rows(session, _table(Annotation), [dict(r) for r in rows[:1]])
    with db.write() as session:
        before = _index_sql(session)
        with indexes_deferred(session, _table(Annotation)):
            assert _index_sql(session) == before
            insert_rows(session, _table(Annotation), [dict(r) for r in rows[1:]])
    assert len(_stored(db, Annotation)) == len(rows)


def test_a_failed_first_import_leaves_the_indexes_and_no_rows(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    rows = _spans(document_id, label_id, user_id)
    rows[3]["uid"] = rows[0]["uid"]
    with db.read() as session:
        before = _index_sql(session)
    with pytest.raises(IntegrityError), db.write() as session, indexes_deferred(session, _table(Annotation)):
        insert_rows(session, _table(Annotation), rows)
    with db.read() as session:
        assert _index_sql(session) == before
    assert _stored(db, Annotation) == []


@pytest.mark.parametrize("order", ["as given", "reversed"])
def test_values_in_tuples_are_stored_as_rows_in_dicts_are(db: Database, system: Actor, order: str) -> None:
    rows = _spans(*_document(db, system))
    columns = list(rows[0]) if order == "as given" else list(reversed(list(rows[0])))
    stored = []
    for insert_them in (lambda session: insert_rows(session, _table(Annotation), [dict(r) for r in rows]),
                        lambda session: insert_values(session, _table(Annotation), columns,
                                                      [tuple(r[c] for c in columns) for r in rows])):
        with db.write() as session:
            assert insert_them(session) == len(rows)
        stored.append(_stored(db, Annotation))
        with db.write() as session:
            session.execute(delete(_table(Annotation)))
    assert stored[0] == stored[1] and len(stored[0]) == len(rows)
    with db.write() as session:
        assert insert_values(session, _table(Annotation), columns, []) == 0


def test_the_models_json_columns_are_converted_as_json() -> None:
    """Every JSON column of the models (JSONDocument decorates JSON) is known as JSON, so an
    empty object or array is encoded once per batch, not once per row."""
    from annotator.models import Base
    from annotator.models.base import JSONDocument
    from annotator.services.bulk import _python_type

    columns = [c for table in Base.metadata.tables.values() for c in table.columns if isinstance(c.type, JSONDocument)]
    assert len(columns) > 5
    assert {_python_type(c) for c in columns} == {dict}


def test_json_values_are_stored_as_the_core_insert_stores_them(db: Database, system: Actor) -> None:
    """None, empty and filled JSON values (encoded once per batch when empty or None) are the
    same stored text as a Core insert writes, on either backend."""
    _document(db, system)
    values = [None, {}, [], {"a": [1, "ü"]}, None, {}]
    rows = [{"action": "import", "object_type": "document", "object_id": n, "before": value, "after": values[-1 - n]}
            for n, value in enumerate(values)]
    stored = text("SELECT CAST(before AS TEXT), CAST(after AS TEXT) FROM audit_events WHERE action = 'import' ORDER BY id")
    with db.write() as session:
        session.execute(insert(_table(AuditEvent)), [dict(r) for r in rows])
        core = session.execute(stored).all()
        session.execute(delete(_table(AuditEvent)).where(_table(AuditEvent).c.action == "import"))
        insert_rows(session, _table(AuditEvent), [dict(r) for r in rows])
        assert session.execute(stored).all() == core
    assert [row[0] for row in core][:2] == ["null", "{}"]  # None is JSON null, as Core stores it
