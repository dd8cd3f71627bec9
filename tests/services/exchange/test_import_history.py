"""What an import writes in a document's History: the spans its file offered, from where, and
the import batch when there is one (a native file may carry none: never "batch None")."""

from __future__ import annotations

from sqlalchemy import select

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project

TEXT = "The so-called experts met the opposition groups in Astana."


def _record(batch: str | None, spans: int) -> DocumentRecord:
    start = TEXT.index("so-called")
    return DocumentRecord(text=TEXT if batch else TEXT + " Again.", title="Astana", import_batch=batch, annotations=[
        AnnotationRecord(start=start, end=start + 9, label="scare_quotes", annotator=f"a{n}") for n in range(spans)])


def test_the_history_line_names_the_batch_only_when_there_is_one(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "P")
    import_records(db, admin, project.id, [_record("b7f3c2d1", 2), _record(None, 1)], source="file.jsonl")
    with db.read() as session:
        details = sorted(session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "import", AuditEvent.object_type == "document")))
    assert details == ["1 span offered from file.jsonl", "batch b7f3c2d1: 2 spans offered from file.jsonl"]
