"""An export's statements do not grow with the project.

PostgreSQL takes at most 65,535 parameters in one statement; an export that named every
document id in one query failed on a 100,000-document project (issue 18). Here a project of
more documents than an export batch holds is exported in every format, and no statement may
carry as many parameters as the project has documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.catalog import FORMATS
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import BATCH
from annotator.services.exchange.exports import export_to_bytes
from annotator.services.exchange.local_imports import import_paths

from ...support.statements import parameters_per_statement

DOCUMENTS = 2 * BATCH + 50


def _tasks(tmp_path: Path) -> Path:
    tasks = [{"id": n, "data": {"text": f"Article {n}: so-called “groups” said 😀."}, "annotations": [
        {"annotator": "ana", "result": [{"id": f"r{n}", "from_name": "label", "to_name": "text", "type": "labels",
                                         "value": {"start": len(f"Article {n}: "), "end": len(f"Article {n}: so-called"),
                                                   "text": "so-called", "labels": ["scare_quotes"]}}]}]}
             for n in range(DOCUMENTS)]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_statement_names_every_document(db: Database, system: Actor, tmp_path: Path, fmt: str) -> None:
    done = import_paths(db, system, "Many", [str(_tasks(tmp_path))], fmt="labelstudio", settings=get_settings(db.url))
    assert done.result.added == DOCUMENTS
    with parameters_per_statement(db) as counts:
        data = export_to_bytes(db, system, done.project.id, fmt)
    assert data and counts
    assert max(counts) < DOCUMENTS, f"a statement of the {fmt} export carries {max(counts)} parameters"


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    """The text of every statement sent while the block runs."""
    sent: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def test_what_a_project_lacks_is_not_asked_for_batch_by_batch(db: Database, system: Actor, tmp_path: Path) -> None:
    """A project with spans only (no gold, document labels, relations or assignments): its
    export asks for those as often with three batches of documents as with one."""
    many = import_paths(db, system, "Many", [str(_tasks(tmp_path))], fmt="labelstudio", settings=get_settings(db.url))
    few_file = tmp_path / "few.json"
    few_file.write_text(json.dumps(json.loads(_tasks(tmp_path).read_text(encoding="utf-8"))[: BATCH // 2]),
                        encoding="utf-8")
    few = import_paths(db, system, "Few", [str(few_file)], fmt="labelstudio", settings=get_settings(db.url))
    asked: dict[str, list[int]] = {}
    for done in (many, few):
        with _statements(db) as sent:
            data = export_to_bytes(db, system, done.project.id, "jsonl")
        assert data.count(b'"label": "scare_quotes"') == done.result.annotations
        asked[done.project.name] = [sum(table in statement for statement in sent) for table in
                                    ("gold_annotations", "document_labels", "relations", "assignments")]
    assert asked["Many"] == asked["Few"]
