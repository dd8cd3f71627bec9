"""Span times read as stored and converted once per distinct value (stored_times.py) are the
datetimes SQLAlchemy reads, on SQLite (text) and PostgreSQL (the driver's datetimes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, insert, select, type_coerce

from annotator.db import Database
from annotator.models import Annotation
from annotator.models.enums import Origin
from annotator.services.actor import Actor
from annotator.services.exchange.stored_times import StoredTimes, time_converter

from ..test_bulk import _document, _table

STAMPS = [datetime(2024, 5, 1, 12, 30, 5, 123456), datetime(2024, 5, 1, 12, 30, 5), datetime(1999, 1, 2),
          datetime(2024, 5, 1, 12, 30, 5, 1)]


def test_times_read_as_stored_are_the_orms(db: Database, system: Actor) -> None:
    document_id, label_id, user_id = _document(db, system)
    with db.write() as session:
        session.execute(insert(_table(Annotation)), [{
            "uid": f"u-{n}", "document_id": document_id, "label_id": label_id, "user_id": user_id, "start": n,
            "end": n + 1, "quote": "S", "prefix": "", "suffix": "", "text_sha256": "0" * 64, "attributes": {},
            "version": 1, "origin": Origin.IMPORT, "created_at": STAMPS[n % 4], "updated_at": STAMPS[(n + 1) % 4],
            "deleted_at": None if n % 2 else STAMPS[n % 4],
        } for n in range(12)])
    columns = (Annotation.created_at, Annotation.updated_at, Annotation.deleted_at)
    with db.read() as session:
        orm = session.execute(select(*columns).order_by(Annotation.id)).all()
        stored = session.execute(select(*(type_coerce(c, String) for c in columns)).order_by(Annotation.id)).all()
        convert = time_converter(session.get_bind().dialect, Annotation.created_at.type)
    times = StoredTimes(convert)
    assert [tuple(times[value] for value in row) for row in stored] == [tuple(row) for row in orm]
    assert len(times) == 5  # None and the four distinct times, each converted once


def test_each_distinct_value_is_converted_once() -> None:
    calls: list[Any] = []

    def convert(value: str) -> datetime:
        calls.append(value)
        return datetime.fromisoformat(value)

    times = StoredTimes(convert)
    values = ["2024-05-01 12:30:05.123456", None, "2024-05-01 12:30:05.123456", "1999-01-02 00:00:00.000000", None]
    assert [times[v] for v in values] == [STAMPS[0], None, STAMPS[0], STAMPS[2], None]
    assert calls == ["2024-05-01 12:30:05.123456", "1999-01-02 00:00:00.000000"]
    # A driver's datetime (PostgreSQL) is kept as it is, without a converter or with one.
    assert StoredTimes(None)[STAMPS[1]] is STAMPS[1] and StoredTimes(convert)[STAMPS[1]] is STAMPS[1]
