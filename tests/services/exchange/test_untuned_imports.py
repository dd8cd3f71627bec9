"""Imports of files nobody tuned the importer for: ids given twice, a span as long as an
article in a CSV cell, a Label Studio title that is not text. No span is dropped without a
word, no traceback, every refusal located, the database unchanged after one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats.base import EXAMPLES
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.ingest.local import load_paths
from annotator.models import Annotation, Document, Relation
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.imports import (
    MapTo,
    Upload,
    import_loaded,
    import_uploads,
    read_uploads,
)
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, get_project, list_projects
from annotator.spans import text_sha256


def _count(db: Database, model: type[Annotation] | type[Document]) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(model.id))) or 0


def _upload(db: Database, name: str, value: object) -> None:
    data = (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).encode()
    import_uploads(db, Actor.system(), "P", [Upload(name, data)], settings=get_settings(db.url))


def _tasks() -> list[dict[str, object]]:
    return json.loads((EXAMPLES / "example.labelstudio.json").read_text(encoding="utf-8"))


def test_two_different_spans_with_one_uid_are_refused_not_one_dropped(db: Database) -> None:
    """Label Studio regions (or native spans) that give two different spans of a document the
    same uid: the second was skipped as "imported before", silently."""
    tasks = _tasks()
    results = tasks[0]["annotations"][0]["result"]  # type: ignore[index]
    results[1]["annotator_data"]["uid"] = results[0]["annotator_data"]["uid"]
    tasks[0]["annotations"][0]["result"] = [r for r in results if r["type"] != "relation"]  # type: ignore[index]
    with pytest.raises(ImportRefused) as refused:
        _upload(db, "tasks.json", tasks)
    first = refused.value.issues[0]
    assert first.file and first.file.startswith("tasks.json, task 0, annotation 0, result"), first.located()
    assert first.field == "annotations[1].uid" and results[0]["annotator_data"]["uid"] in first.message
    assert list_projects(db, Actor.system()) == []


def test_the_same_span_given_twice_is_stored_once(db: Database) -> None:
    """The same file twice in one import (or a span repeated whole) adds each span once."""
    data = (EXAMPLES / "example.labelstudio.json").read_bytes()
    import_uploads(db, Actor.system(), "P", [Upload("a.json", data), Upload("b.json", data)],
                   settings=get_settings(db.url))
    assert _count(db, Annotation) == 8


def test_two_documents_with_one_uid_are_both_imported(db: Database) -> None:
    """Two different texts under one document uid (native lines edited by hand, two exports
    joined): the second gets a fresh uid, as a uid taken in the database does; it ended in the
    database's unique constraint."""
    lines = (EXAMPLES / "example.jsonl").read_text(encoding="utf-8").splitlines()
    documents = [n for n, line in enumerate(lines) if json.loads(line)["type"] == "document"]
    first, second = (json.loads(lines[n]) for n in documents[:2])
    second["uid"] = first["uid"]
    lines[documents[1]] = json.dumps(second, ensure_ascii=False)
    _upload(db, "export.jsonl", "\n".join(lines) + "\n")
    assert _count(db, Document) == 2
    assert _count(db, Annotation) == 8


def test_a_span_longer_than_a_csv_reader_takes_by_default_comes_back(db: Database, tmp_path: Path) -> None:
    """Python's csv module refuses a cell over 131,072 characters unless told otherwise: a
    claim span over a long article (or a long note) exported to CSV could not be imported."""
    text = ("The so-called “opposition” said 👩‍👩‍👧 " * 5000) + "\n"
    assert len(text) > 131_072
    actor = Actor.system()
    project = create_project(db, actor, "Long")
    import_records(db, actor, project.id, [DocumentRecord(text=text, title="Long", text_sha256=text_sha256(text),
                                                          annotations=[AnnotationRecord(0, len(text) - 1, "claim",
                                                                                        annotator="ana",
                                                                                        note="n" * 140_000)])])
    out = tmp_path / "long.csv"
    export_to_path(db, actor, get_project(db, actor, "Long").id, "csv", out)
    texts = tmp_path / "texts.jsonl"
    texts.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    loaded = load_paths([texts, out], fmt=None, settings=get_settings(db.url))
    assert loaded.issues == []
    (span,) = [a for r in loaded.records for a in r.annotations]
    assert (span.start, span.end, span.quote, span.note) == (0, len(text) - 1, text[:-1], "n" * 140_000)
    done = import_into_project(db, actor, "Copy", loaded.records)
    assert done.result.annotations == 1


def test_a_label_studio_title_that_is_not_text_is_refused(db: Database) -> None:
    """`data.title` as a list was stored as its Python spelling ("['x']")."""
    tasks = _tasks()
    tasks[0]["data"]["title"] = ["x"]  # type: ignore[index]
    with pytest.raises(ImportRefused) as refused:
        _upload(db, "tasks.json", tasks)
    assert refused.value.issues[0].located().startswith("tasks.json, task 0, field 'data.title'")
    assert list_projects(db, Actor.system()) == []


def test_dropping_a_label_drops_the_relations_of_its_spans_and_says_so(db: Database) -> None:
    """The lead drops a label the codebook lacks; some of its spans are ends of relations. The
    import was refused naming a relation's missing end, after a preview that showed no problem."""
    tasks = _tasks()
    for task in tasks:
        for annotation in task["annotations"]:  # type: ignore[union-attr]
            for result in annotation["result"]:
                if result["type"] == "labels":
                    result["value"]["labels"] = ["Claim!" if x == "claim" else x for x in result["value"]["labels"]]
    actor = Actor.system()
    create_project(db, actor, "P")
    loaded = read_uploads(db, Actor.system(), None, [Upload("tasks.json", json.dumps(tasks).encode())], settings=get_settings(db.url))
    done = import_loaded(db, actor, "P", loaded, source="tasks.json", mapping={"Claim!": MapTo("drop")})
    assert done.result.annotations == 6  # the two claims dropped
    assert "2 span(s) of Claim! dropped, as chosen" in done.result.messages
    assert "2 relation(s) dropped with those spans" in done.result.messages
    with db.read() as session:
        assert session.scalar(select(func.count(Relation.id))) == 1  # the relation between kept spans


@pytest.mark.parametrize(("name", "data", "where"), [
    ("a.txt", b"Title\nHello\x00world\n", "a.txt, field 'text'"),
    ("a.jsonl", (json.dumps({"text": "Hello\u0000world"}) + "\n").encode(), "a.jsonl, line 1, field 'text'"),
    ("b.jsonl", (json.dumps({"text": "Hello", "meta": {"tags": ["ok", "v\u0000"]}}) + "\n").encode(),
     "b.jsonl, line 1, field 'meta.tags[1]'"),
    ("c.csv", "\ufefftext_sha256,label,start,end,quote,annotator,note\n64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c,claim,0,5,Hello,ana,a\x00b\n".encode(),
     "c.csv, line 2, field 'annotations[0].note'"),
])
def test_a_nul_character_is_refused_on_every_database(db: Database, name: str, data: bytes, where: str) -> None:
    """PostgreSQL cannot store U+0000 in text: the import ended in a DataError traceback there
    (and SQLite stored it). Refused, located, on both."""
    uploads = [Upload(name, data)]
    if name.endswith(".csv"):
        uploads.insert(0, Upload("texts.jsonl", b'{"text": "Hello world"}\n'))
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, Actor.system(), "P", uploads, settings=get_settings(db.url))
    first = refused.value.issues[0].located()
    assert first.startswith(where) and "U+0000" in first, first
    assert list_projects(db, Actor.system()) == []


def test_a_label_that_cannot_be_a_key_is_added_under_a_made_key_and_still_checked(db: Database) -> None:
    """With --add-labels, a label whose key breaks the key rule was refused (named at the file);
    it is added under a key made from it, as the page adds it, and what else the file says of
    its span is still checked: a relation the codebook does not allow from the new label is
    refused at its place, naming the key the label got."""
    tasks = _tasks()
    tasks[0]["annotations"][0]["result"][0]["value"]["labels"] = ["bad\tlabel"]  # type: ignore[index]
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, Actor.system(), "P", [Upload("tasks.json", json.dumps(tasks).encode())], add_labels=True,
                       settings=get_settings(db.url))
    first = refused.value.issues[0]
    assert first.located().startswith("tasks.json, task 0, annotation 0, result 3, field 'relations[0].type'"), \
        first.located()
    assert "cannot go bad_label -> claim" in first.message
    assert list_projects(db, Actor.system()) == []
