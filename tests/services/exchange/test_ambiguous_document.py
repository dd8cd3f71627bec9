"""A row that names its document by something two documents share (an external id, a URL) is
refused saying so: file, line, field, the documents it could mean and how to name the one
meant. It used to say the document was "neither in the project nor in this import", which sent
the user to import a text the project holds twice already (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats.records import DocumentRecord
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import create_project

FIRST, SECOND = "Café says so. The end.", "Another text entirely."


def _refusal(db: Database, admin: Actor, csv: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, admin, "Twins", [Upload("spans.csv", csv.encode())], settings=get_settings(db.url))
    return [issue.located() for issue in refused.value.issues]


def test_an_external_id_two_documents_share_is_named_with_both(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Twins", codebook="framing")
    import_records(db, admin, project.id, [DocumentRecord(text=FIRST, title="First", external_id="A7"),
                                           DocumentRecord(text=SECOND, title="Second", external_id="A7")])
    first, second = sorted(list_documents(db, admin, project.id), key=lambda d: d.id)
    problems = _refusal(db, admin, "external_id,label,start,end,quote\nA7,claim,0,4,Café\n")
    assert problems == [
        f"spans.csv, line 2, field 'external_id': external_id 'A7' names 2 documents of the project, "
        f"#{first.id} 'First' (uid {first.uid}) and #{second.id} 'Second' (uid {second.uid}): "
        "name the one meant by its uid (document_uid) or text hash (text_sha256) instead"]


def test_a_value_that_names_one_document_still_finds_it(db: Database, admin: Actor) -> None:
    """Another key of the row that names one document settles it; one document with the
    external id is no question at all."""
    project = create_project(db, admin, "Twins", codebook="framing")
    import_records(db, admin, project.id, [DocumentRecord(text=FIRST, title="First", external_id="A7", url="https://a.example/1"),
                                           DocumentRecord(text=SECOND, title="Second", external_id="A7"),
                                           DocumentRecord(text="Third, alone.", title="Third", external_id="B1")])
    csv = "external_id,url,label,start,end,quote\nA7,https://a.example/1,claim,0,4,Café\nB1,,claim,0,5,Third\n"
    done = import_uploads(db, admin, "Twins", [Upload("spans.csv", csv.encode())], settings=get_settings(db.url))
    assert done.result.annotations == 2


def test_two_documents_of_the_same_import_with_one_external_id_are_named_too(db: Database, admin: Actor) -> None:
    """The same question within one import (texts and the rows naming them read together):
    the row is not attached to whichever document came first."""
    create_project(db, admin, "Twins", codebook="framing")
    texts = "\n".join(f'{{"text": "{text}", "title": "{title}", "meta": {{}}, "external_id": "A7"}}'
                      for text, title in ((FIRST, "First"), (SECOND, "Second")))
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, admin, "Twins", [Upload("texts.jsonl", texts.encode()),
                                            Upload("spans.csv", b"external_id,label,start,end,quote\nA7,claim,0,4,Caf\xc3\xa9\n")],
                       settings=get_settings(db.url))
    assert [issue.located() for issue in refused.value.issues] == [
        "spans.csv, line 2, field 'external_id': external_id 'A7' names 2 documents of this import, "
        "'First' (texts.jsonl, line 1) and 'Second' (texts.jsonl, line 2): name the one meant by its uid (document_uid) or text hash (text_sha256) instead"]
