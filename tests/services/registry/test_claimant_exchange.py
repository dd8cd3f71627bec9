"""A Claim's claimant picked from the registry is the span's link in the role claimant; with
the free-text claimant beside it, both survive a native JSONL export imported into another
database (the entity travels in the file's registry part) and into a second project of the
same one (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.config import get_settings
from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation, list_annotations
from annotator.services.exchange.exports import export_to_bytes
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.registry.entities import create_entity
from annotator.services.registry.entity_links import link_span
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.databases import sqlite_database

TEXT = "The ministry said the talks failed, according to a spokesman of the rebels.\n"


def _claimants(db: Database, actor: Actor, project_id: int) -> list[tuple[str, object, list[tuple[str, str, str]]]]:
    from annotator.services.annotation.documents import list_documents

    [document] = list_documents(db, actor, project_id)
    return [(s.quote, s.attributes.get("claimant"), sorted((e.entity_name, e.entity_kind, e.role) for e in s.entities))
            for s in list_annotations(db, actor, document.id)]


def test_a_registry_claimant_and_a_typed_one_survive_native_exchange(
        db: Database, system: Actor, tmp_path: Path, _sqlite_template: Path) -> None:
    lead = make_user(db, "lead", GlobalRole.ADMIN)
    project = create_project(db, system, "Claims")
    doc, _ = add_document(db, system, project.id, TEXT, title="Talks")
    ministry = create_entity(db, system, "organisation", "Ministry of Foreign Affairs", country="Russia")
    start = TEXT.index("the talks failed")
    claim = create_annotation(db, lead, doc, SpanIn(start, start + 16, "claim", "the talks failed",
                                                     attributes={"claimant": "the ministry's spokesman"}))
    link_span(db, lead, claim.id, ministry.id, "claimant")
    start = TEXT.index("a spokesman of the rebels")
    typed = create_annotation(db, lead, doc, SpanIn(start, start + 25, "claim", "a spokesman of the rebels",
                                                     attributes={"claimant": "rebels (not in the registry)"}))
    assert typed.entities == ()
    expected = _claimants(db, system, project.id)
    assert expected[0][2] == [("Ministry of Foreign Affairs", "organisation", "claimant")]

    exported = export_to_bytes(db, system, project.id, "jsonl")
    rows = [json.loads(line) for line in exported.decode("utf-8").splitlines()]
    [link] = [e for row in rows for a in row.get("annotations", []) for e in a.get("entities", [])]
    assert link["role"] == "claimant" and link["entity_uid"] == ministry.uid

    upload = [Upload("claims.jsonl", exported)]
    again = import_uploads(db, system, "Claims again", upload, settings=get_settings(db.url))
    assert _claimants(db, system, again.project.id) == expected

    (tmp_path / "elsewhere").mkdir()
    elsewhere = sqlite_database(_sqlite_template, tmp_path / "elsewhere")
    try:
        moved = import_uploads(elsewhere, system, "Claims", upload, settings=get_settings(elsewhere.url))
        assert _claimants(elsewhere, system, moved.project.id) == expected
    finally:
        elsewhere.dispose()
