"""A file whose spans carry no id of ours, brought back into the project it came from: brat's
T lines, Label Studio regions without our uid, W3C annotations without a `urn:uuid:` id. The
spans a relation names got a uid made from the span itself, and that uid matched nothing the
project held (its spans have uids of their own), so a brat export of a project with relations,
edited in brat and imported again, doubled every span a relation touches, its gold spans and
every relation, without a word (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.base import EXAMPLES
from annotator.models import Annotation, GoldAnnotation, GoldRelation, Relation
from annotator.services.actor import Actor
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import get_project

MODELS = (Annotation, GoldAnnotation, Relation, GoldRelation)


def _counts(db: Database) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0) for m in MODELS)


def _without_our_uids(path: Path) -> bytes:
    """A Label Studio export as if its regions were made in Label Studio: no uid of ours."""
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:
        for annotation in task["annotations"]:
            for result in annotation["result"]:
                result.get("annotator_data", {}).pop("uid", None)
    return json.dumps(tasks, ensure_ascii=False).encode()


@pytest.mark.parametrize("fmt", ["brat", "labelstudio"])
def test_a_file_without_our_uids_brought_back_adds_nothing(db: Database, tmp_path: Path, fmt: str) -> None:
    actor = Actor.system()
    settings = get_settings(db.url)
    native = (EXAMPLES / "example.jsonl").read_bytes()
    import_uploads(db, actor, "P", [Upload("example.jsonl", native)], settings=settings)
    before = _counts(db)
    assert before[2] > 0 and before[1] > 0  # relations and gold spans to bring back
    suffix = ".zip" if fmt == "brat" else ".json"
    destination = tmp_path / f"out{suffix}"
    export_to_path(db, actor, get_project(db, actor, "P").id, fmt, destination)
    data = destination.read_bytes() if fmt == "brat" else _without_our_uids(destination)
    result = import_uploads(db, actor, "P", [Upload(destination.name, data)], settings=settings)
    assert result.result.annotations == 0
    assert _counts(db) == before
