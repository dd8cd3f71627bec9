"""A Label Studio export as Label Studio writes it, with the result types a real project has
beside its text regions: relations without a label (Label Studio's default when the config has
no `<Relations>` labels) and results about the whole text (choices, a text area, a rating).
None of them refuses the file any more: relations without a label come in as relations of the
codebook's untyped relation types (added for them when it lacks them) and go out without a
label again; whole-text choices are document labels; whole-text text areas and ratings have no
place in our model and are counted in the import summary as not imported (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from annotator.codebooks.untyped import UNTYPED, UNTYPED_UNDIRECTED
from annotator.config import get_settings
from annotator.db import Database
from annotator.models import Annotation, DocumentLabel, Label, Relation, RelationType, User
from annotator.services.actor import Actor
from annotator.services.exchange.exports import export_to_bytes
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import create_project, get_project

SAID = "The minister said the so-called opposition groups were paid."
#: region id -> (start, end, label)
REGIONS = {"Xa1": (0, 12, "source_attribution"), "Xa2": (18, 49, "claim"), "Xa3": (22, 31, "scare_quotes")}


def _region(rid: str) -> dict[str, Any]:
    start, end, label = REGIONS[rid]
    return {"value": {"start": start, "end": end, "text": SAID[start:end], "labels": [label]}, "id": rid,
            "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"}


def _whole(rid: str, kind: str, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """A result about the whole text: no start and end, an id of its own."""
    return {"value": value, "id": rid, "from_name": name, "to_name": "text", "type": kind, "origin": "manual"}


#: What Label Studio 1.x exports (JSON): users by id, results as its editor serialises them.
TASKS = [{
    "id": 7, "data": {"text": SAID}, "meta": {}, "created_at": "2026-11-02T09:14:03.118Z", "project": 3,
    "annotations": [
        {"id": 21, "completed_by": 3, "was_cancelled": False, "ground_truth": False, "lead_time": 93.2,
         "result": [
             _region("Xa1"), _region("Xa2"), _region("Xa3"),
             # per region (the claim's claimant text area, perRegion="true")
             {"value": {"start": 18, "end": 49, "text": ["the minister"]}, "id": "Xa2", "from_name": "claimant",
              "to_name": "text", "type": "textarea", "origin": "manual"},
             # no <Relations> labels in the config: no `labels` key at all
             {"from_id": "Xa2", "to_id": "Xa1", "type": "relation", "direction": "right"},
             # <Relations> in the config but none chosen, both ways
             {"from_id": "Xa3", "to_id": "Xa2", "type": "relation", "direction": "bi", "labels": []},
             _whole("kP0", "choices", "genre", {"choices": ["genre_reporting"]}),
             _whole("kP1", "textarea", "comment", {"text": ["Reads like a press release."]}),
             _whole("kP2", "rating", "reliability", {"rating": 2}),
         ]},
        {"id": 22, "completed_by": 4, "was_cancelled": False, "ground_truth": False,
         "result": [_whole("mQ0", "choices", "frame", {"choices": ["frame_political"]}),
                    _whole("mQ1", "rating", "reliability", {"rating": 4})]},
    ],
    "predictions": [],
}]


def _import(db: Database, admin: Actor, content: bytes, project: str = "From LS") -> tuple[str, ...]:
    done = import_uploads(db, admin, project, [Upload("tasks.json", content)], settings=get_settings(db.url))
    return done.result.messages


def _relations(db: Database) -> list[tuple[str, str, str, bool, str]]:
    """(type, from quote, to quote, type directed, annotator) of every stored relation."""
    with db.read() as session:
        start, end = aliased(Annotation), aliased(Annotation)
        rows = session.execute(select(RelationType.key, start.quote, end.quote, RelationType.directed, User.username)
                               .select_from(Relation).join(RelationType, RelationType.id == Relation.type_id)
                               .join(start, start.id == Relation.from_id).join(end, end.id == Relation.to_id)
                               .join(User, User.id == Relation.user_id)).all()
        return sorted(tuple(row) for row in rows)


def test_a_real_label_studio_export_imports_with_every_result_accounted_for(db: Database, admin: Actor) -> None:
    create_project(db, admin, "From LS", codebook="framing")
    messages = _import(db, admin, json.dumps(TASKS).encode())
    assert _relations(db) == [
        (UNTYPED, "the so-called opposition groups", "The minister", True, "ls-user-3"),
        (UNTYPED_UNDIRECTED, "so-called", "the so-called opposition groups", False, "ls-user-3"),
    ]
    with db.read() as session:
        labels = sorted(session.execute(select(User.username, Label.key).select_from(DocumentLabel)
                                        .join(User, User.id == DocumentLabel.user_id)
                                        .join(Label, Label.id == DocumentLabel.label_id)).all())
    assert labels == [("ls-user-3", "genre_reporting"), ("ls-user-4", "frame_political")]
    assert messages[0] == ("Label Studio results about the whole text that have no place here are not imported: "
                           "2 rating 'reliability', 1 textarea 'comment' (first in tasks.json, task 7, annotation 21)")
    assert "relation types added to the codebook for relations without a label: untyped, untyped_undirected" in messages


def test_relations_without_a_label_go_out_without_one_and_come_back_unchanged(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "From LS", codebook="framing")
    _import(db, admin, json.dumps(TASKS).encode())
    stored = _relations(db)
    exported = export_to_bytes(db, admin, project.id, "labelstudio")
    links = [r for task in json.loads(exported) for a in task["annotations"] for r in a["result"]
             if r["type"] == "relation"]
    assert sorted((r["direction"], "labels" in r) for r in links) == [("bi", False), ("right", False)]
    _import(db, admin, exported)  # into the same project: nothing changes
    assert _relations(db) == stored
    create_project(db, admin, "Copy", codebook="framing")
    messages = _import(db, admin, exported, "Copy")
    assert len(_relations(db)) == 4 and sorted(set(_relations(db))) == stored
    assert not any(m.startswith("Label Studio results about the whole text") for m in messages)


def test_a_codebook_with_the_untyped_types_is_not_changed_again(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "From LS", codebook="framing")
    _import(db, admin, json.dumps(TASKS).encode())
    first = get_project(db, admin, project.id).codebook_version
    messages = _import(db, admin, json.dumps(TASKS).encode())
    assert get_project(db, admin, project.id).codebook_version == first
    assert not any("relation types added" in m for m in messages)
