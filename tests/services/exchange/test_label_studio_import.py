"""Importing a Label Studio export (issue 17.3, 17.4): its users map to our accounts when a map
is given, and an outlet the registry does not know is kept and reported, never dropped
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli.transfer import user_map
from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.documents import get_document, list_documents
from annotator.services.exchange.exports import export_to_bytes
from annotator.services.exchange.local_imports import import_paths


def _region(rid: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": ["claim"]}}


#: As Label Studio exports annotations made in it: users by id (and e-mail), no data of ours.
TASKS = [
    {"id": 1, "data": {"text": "Café 😀 says so.\r\nThe end.", "outlet": "Nowhere Gazette"}, "annotations": [
        {"id": 11, "completed_by": {"id": 3, "email": "ana@example.org"}, "ground_truth": False,
         "result": [_region("a", 0, 4, "Café")]},
        {"id": 12, "completed_by": 4, "ground_truth": True, "result": [_region("b", 7, 11, "says")]},
        {"id": 13, "completed_by": 5, "ground_truth": False, "result": [_region("c", 17, 20, "The")]},
    ]},
    {"id": 2, "data": {"text": "Another one.", "outlet": "Nowhere Gazette"}, "annotations": []},
]


def _import(db: Database, tmp_path: Path, users: dict[str, str] | None) -> int:
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(TASKS), encoding="utf-8")
    done = import_paths(db, Actor.system(), "From Label Studio", [str(path)], fmt="labelstudio",
                        settings=get_settings(db.url), codebook="framing", users=users)
    assert done.result.messages == (
        "outlets that match no registry entity, kept in the documents' metadata (outlet): Nowhere Gazette (2 documents)",)
    return done.project.id


def test_label_studio_users_map_to_our_accounts(db: Database, tmp_path: Path) -> None:
    project_id = _import(db, tmp_path, {"ana@example.org": "ana", "4": "lead"})
    exported = export_to_bytes(db, Actor.system(), project_id, "jsonl").decode("utf-8").splitlines()
    [first] = [json.loads(line) for line in exported if '"Café' in line]
    assert sorted((a["annotator"], a["quote"]) for a in first["annotations"]) == [("ana", "Café"), ("ls-user-5", "The")]
    assert [(g["curator"], g["quote"]) for g in first["gold"]] == [("lead", "says")]


def test_an_outlet_the_registry_lacks_stays_on_the_document(db: Database, tmp_path: Path) -> None:
    project_id = _import(db, tmp_path, None)
    for summary in list_documents(db, Actor.system(), project_id):
        document = get_document(db, Actor.system(), summary.id)
        assert document.outlet_id is None and document.meta["outlet"] == "Nowhere Gazette"


@pytest.mark.parametrize(("content", "problem"), [
    ("[1, 2]", "expected one JSON object of user names"),
    ('{"3": ""}', "expected one JSON object of user names"),
    ("{", "not a readable JSON file"),
])
def test_a_bad_user_map_is_refused_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        user_map(path)
    assert refused.value.file == str(path) and problem in refused.value.message
