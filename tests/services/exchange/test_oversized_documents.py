"""A document field longer than its column holds (an external id over 200 characters, a URL
over 2,000) is refused with its file, record and field, by an import and by the one-document
service alike, and nothing is written: PostgreSQL failed with a database error mid-import,
SQLite kept the value whole."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.db import Database
from annotator.errors import ImportRefused, InvalidInput
from annotator.formats.records import DocumentRecord
from annotator.models import Document
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project

TEXT = "A short article about the harbour bridge."


def test_an_import_with_oversized_fields_is_refused_whole(db: Database, system: Actor) -> None:
    records = [DocumentRecord(text=TEXT, title="fine", url="https://example.org/fine", source="docs.jsonl, line 1"),
               DocumentRecord(text=TEXT + " Again.", url="https://example.org/" + "a" * 2000,
                              external_id="x" * 201, language="en-GB-oxendict-but-much-longer",
                              source="docs.jsonl, line 2")]
    with pytest.raises(ImportRefused) as refused:
        import_into_project(db, system, "P", records)
    assert [issue.located() for issue in refused.value.issues] == [
        "docs.jsonl, line 2, field 'external_id': longer than 200 characters (201)",
        "docs.jsonl, line 2, field 'url': longer than 2000 characters (2020)",
        "docs.jsonl, line 2, field 'language': longer than 20 characters (30)",
    ]
    with db.read() as session:
        assert session.scalar(select(func.count(Document.id))) == 0


def test_one_document_with_an_oversized_field_is_refused(db: Database, system: Actor) -> None:
    project = create_project(db, system, "P")
    with pytest.raises(InvalidInput, match="longer than 500 characters") as refused:
        add_document(db, system, project.id, TEXT, author="A" * 501)
    assert refused.value.field == "author"
    document_id, _ = add_document(db, system, project.id, TEXT, author="A" * 500, external_id="x" * 200)
    assert document_id
