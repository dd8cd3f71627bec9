"""16 writers at once on one document: every span lands exactly once, no error escapes.

On SQLite the writers are threads sharing one engine (their transactions queue on the write
lock, and "database is locked" is retried inside the service layer); on PostgreSQL they are
16 connections. All spans belong to one user in a project that refuses overlaps, so the
overlap check itself runs under contention.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from annotator.db import Database
from annotator.models import Annotation
from annotator.services.actor import Actor
from annotator.services.annotation.spans import SpanIn, create_annotation

from ...support.builders import project_with_document

WRITERS = 16
PER_WRITER = 250


@pytest.mark.slow
def test_sixteen_concurrent_writers(db: Database, admin: Actor) -> None:
    text = "ab" * (WRITERS * PER_WRITER) + "."
    _, doc = project_with_document(db, admin, text, allow_overlaps=False)
    errors: list[BaseException] = []

    def writer(w: int) -> int:
        made = 0
        for i in range(PER_WRITER):
            start = (w * PER_WRITER + i) * 2
            spec = SpanIn(start, start + 1, "loaded_language", "a", uid=str(uuid.UUID(int=w * 10_000 + i + 1)))
            try:
                create_annotation(db, admin, doc, spec)
                if i % 25 == 0:  # a double-submitted save must not create a second row
                    create_annotation(db, admin, doc, spec)
                made += 1
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
        return made

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        made = sum(pool.map(writer, range(WRITERS)))

    assert errors == []
    assert made == WRITERS * PER_WRITER
    with db.read() as session:
        rows = session.scalar(select(func.count()).select_from(Annotation))
        distinct = session.scalar(select(func.count(func.distinct(Annotation.start))))
    assert rows == WRITERS * PER_WRITER
    assert distinct == WRITERS * PER_WRITER
