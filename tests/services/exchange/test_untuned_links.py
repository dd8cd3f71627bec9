"""A span's link to a registry entity the database does not know (an export of a project with
links, imported into another database before its registry): the refusal names the file, the
line and the field, like every other refusal, and nothing is written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats import catalog, native_jsonl
from annotator.formats.records import (
    AnnotationRecord,
    DocumentRecord,
    EntityLinkRecord,
    EntityRecord,
)
from annotator.models import Annotation, Document, Entity
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import ExportFilter
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import get_project
from annotator.spans import text_sha256

from ...formats.samples import sample_manifest

TEXT = "The ministry said the talks succeeded.\n"
KNOWN = "30000000-0000-4000-8000-000000000001"
UNKNOWN = "30000000-0000-4000-8000-000000000002"


def _native(links: list[EntityLinkRecord], entities: list[EntityRecord]) -> bytes:
    spans = [AnnotationRecord(4, 12, "source_attribution", "ministry", "ana", uid="00000000-0000-4000-8000-000000000001"),
             AnnotationRecord(22, 27, "claim", "talks", "ana", uid="00000000-0000-4000-8000-000000000002",
                              entities=links)]
    record = DocumentRecord(text=TEXT, title="t", uid="10000000-0000-4000-8000-000000000001",
                            text_sha256=text_sha256(TEXT), annotations=spans)
    out = io.StringIO(newline="")
    native_jsonl.write(sample_manifest(native_jsonl.FORMAT_ID), entities, iter([record]), out)
    return out.getvalue().encode()


def _count(db: Database, model: type[Annotation] | type[Document] | type[Entity]) -> int:
    with db.read() as session:
        return session.scalar(select(func.count(model.id))) or 0


def test_a_link_to_an_unknown_entity_is_refused_with_file_line_and_field(db: Database) -> None:
    data = _native([EntityLinkRecord("claimant", UNKNOWN, "Nobody we know")], [])
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, Actor.system(), "P", [Upload("links.jsonl", data)], settings=get_settings(db.url))
    issue = refused.value.issues[0]
    assert issue.file == "links.jsonl, line 2", issue.located()
    assert issue.field == "annotations[1].entities[0]", issue.located()
    assert UNKNOWN in issue.message and "import the registry first" in issue.message
    assert (_count(db, Document), _count(db, Annotation)) == (0, 0)


def test_a_link_to_an_entity_of_the_same_file_is_imported(db: Database) -> None:
    entity = EntityRecord(kind="outlet", name="The Ministry", uid=KNOWN)
    data = _native([EntityLinkRecord("claimant", None, "The Ministry")], [entity])
    import_uploads(db, Actor.system(), "P", [Upload("links.jsonl", data)], settings=get_settings(db.url))
    assert (_count(db, Document), _count(db, Annotation), _count(db, Entity)) == (1, 2, 1)


@pytest.mark.parametrize("fmt", ["csv", "semeval", "labelstudio", "w3c", "brat"])
def test_an_export_states_what_its_format_leaves_out(db: Database, tmp_path: Path, fmt: str) -> None:
    """The CSV of a project with document labels and links to the registry said `carries_no: []`
    and the SemEval manifest named only relations, attributes and notes: both left the rest
    out without a word. Each manifest, and the export's summary, now name what the format has
    no place for."""
    entity = EntityRecord(kind="outlet", name="The Ministry", uid=KNOWN)
    data = _native([EntityLinkRecord("claimant", KNOWN, "The Ministry")], [entity])
    import_uploads(db, Actor.system(), "P", [Upload("links.jsonl", data)], settings=get_settings(db.url))
    project_id = get_project(db, Actor.system(), "P").id
    module = catalog.get_format(fmt)
    destination = tmp_path / f"out{module.EXPORT_SUFFIX}"
    flt = ExportFilter(annotators=("ana",)) if fmt == "semeval" else None
    summary = export_to_path(db, Actor.system(), project_id, fmt, destination, flt)
    if module.KIND == "bundle":
        with zipfile.ZipFile(destination) as bundle:
            manifest = json.loads(bundle.read("manifest.json"))
        manifest = manifest.get("manifest", manifest)  # brat's maps hold the export's manifest
    elif fmt == "w3c":
        manifest = json.loads(destination.read_text(encoding="utf-8"))["manifest"]
    else:
        manifest = json.loads(Path(f"{destination}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["carries_no"] == list(module.CARRIES_NO) == list(summary.left_out)
    expected = {"csv": {"texts", "document labels", "links to registry entities", "assignments"},
                "semeval": {"relations", "attributes", "notes", "document labels", "links to registry entities",
                            "document metadata"},
                "labelstudio": {"assignments"}, "w3c": {"assignments"},
                "brat": {"span and relation uids", "times", "origin", "assignments"}}[fmt]
    assert expected <= set(manifest["carries_no"])
