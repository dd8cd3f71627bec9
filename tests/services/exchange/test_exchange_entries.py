"""The exchange entries: the page's and the command line's ways in and out give the same result
for the same input, each way out of one export (path, stream, bytes) holds the same file, and
what differs by format comes from the format (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import Conflict, ImportRefused, InvalidInput
from annotator.formats.catalog import FORMATS
from annotator.formats.registry.files import REGISTRY_FORMATS
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.annotation.spans import delete_annotation, list_annotations
from annotator.services.exchange.data_export import ExportFilter
from annotator.services.exchange.exports import (
    default_filename,
    export_manifest,
    export_registry_to_bytes,
    export_registry_to_path,
    export_registry_to_stream,
    export_relation_table,
    export_to_bytes,
    export_to_path,
    export_to_stream,
    missing_layer_choice,
)
from annotator.services.exchange.imports import (
    Upload,
    import_loaded,
    import_registry_files,
    import_uploads,
    read_uploads,
)
from annotator.services.exchange.local_imports import import_paths, import_registry_paths
from annotator.services.exchange.registry_export import export_registry
from annotator.services.registry.entities import create_entity

TASKS = [{"id": 1, "data": {"text": "Café 😀 so-called “groups”.\r\n"}, "annotations": [{"annotator": "ana", "result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 7, "end": 16, "text": "so-called", "labels": ["scare_quotes"]}}]}]}]


def _tasks(tmp_path: Path) -> Path:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(TASKS), encoding="utf-8")
    return path


def test_the_page_and_the_command_line_import_alike(db: Database, system: Actor, tmp_path: Path) -> None:
    settings = get_settings(db.url)
    path = _tasks(tmp_path)
    by_path = import_paths(db, system, "From paths", [str(path)], fmt=None, settings=settings)
    by_upload = import_uploads(db, system, "From uploads", [Upload("tasks.json", path.read_bytes())], settings=settings)
    assert by_path.created and by_upload.created
    assert (by_path.result.added, by_path.result.annotations) == (by_upload.result.added, by_upload.result.annotations) == (1, 1)
    spans = [[(row["label"], row["start"], row["end"], row["quote"], row["annotator"], row["text_sha256"])
              for row in csv.DictReader(io.StringIO(export_to_bytes(db, system, done.project.id, "csv").decode("utf-8-sig")))]
             for done in (by_path, by_upload)]
    assert spans[0] == spans[1] and [s[:5] for s in spans[0]] == [("scare_quotes", "7", "16", "so-called", "ana")]


def test_a_bad_input_is_refused_whole_either_way(db: Database, system: Actor, tmp_path: Path) -> None:
    settings = get_settings(db.url)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(TASKS).replace('"text": "so-called"', '"text": "so called"'), encoding="utf-8")
    with pytest.raises(ImportRefused) as by_path:
        import_paths(db, system, "P", [str(bad)], fmt=None, settings=settings)
    with pytest.raises(ImportRefused) as by_upload:
        import_uploads(db, system, "P", [Upload(str(bad), bad.read_bytes())], settings=settings)
    assert [i.located() for i in by_path.value.issues] == [i.located() for i in by_upload.value.issues]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_path_stream_and_bytes_hold_the_same_export(db: Database, system: Actor, tmp_path: Path, fmt: str) -> None:
    done = import_paths(db, system, "Study", [str(_tasks(tmp_path))], fmt=None, settings=get_settings(db.url))
    module = FORMATS[fmt]
    target = tmp_path / "out" / default_filename("Study", fmt)
    summary = export_to_path(db, system, done.project.id, fmt, target)
    beside = (module.RELATION_TABLE,) if module.RELATION_TABLE else ()
    assert summary.paths == (target, *(target.with_name(target.name + s) for s in (*beside, *module.SIDECARS)))
    data = export_to_bytes(db, system, done.project.id, fmt)
    if module.KIND == "bundle":  # zips differ in their time stamps: compare the files
        with zipfile.ZipFile(target) as written, zipfile.ZipFile(io.BytesIO(data)) as downloaded:
            assert {n: written.read(n) for n in written.namelist()} == {n: downloaded.read(n) for n in downloaded.namelist()}
        with pytest.raises(InvalidInput, match="writes several files"):
            export_to_stream(db, system, done.project.id, fmt, io.StringIO())
        return
    assert data == target.read_bytes()
    out = io.StringIO(newline="")
    export_to_stream(db, system, done.project.id, fmt, out)
    assert out.getvalue().encode("utf-8") == data
    if module.RELATION_TABLE:
        table = target.with_name(target.name + module.RELATION_TABLE).read_bytes()
        assert export_relation_table(db, system, done.project.id, fmt) == table
    else:
        with pytest.raises(InvalidInput, match="carries its relations in its own file"):
            export_relation_table(db, system, done.project.id, fmt)
    if module.SIDECARS:
        manifest = target.with_name(target.name + ".manifest.json").read_bytes()
        assert export_manifest(db, system, done.project.id, fmt) == manifest


def test_the_pages_native_download_keeps_deleted_spans(db: Database, system: Actor, tmp_path: Path) -> None:
    """The page builds its filter without `include_deleted` (ExportFilter(annotators=..., ...)):
    its native download is as lossless as the command line's, deleted spans included, so a copy
    made from it can still restore them. Other formats leave deleted spans out either way."""
    done = import_paths(db, system, "Study", [str(_tasks(tmp_path))], fmt=None, settings=get_settings(db.url))
    (span,) = list_annotations(db, system, _document_id(db, system, done.project.id))
    delete_annotation(db, system, span.id)
    page_filter = ExportFilter(annotators=(), labels=(), gold_only=False, since=None, until=None)
    by_page = export_to_bytes(db, system, done.project.id, "jsonl", page_filter)
    by_command_line = export_to_bytes(db, system, done.project.id, "jsonl", ExportFilter(include_deleted=True))
    assert by_page == by_command_line
    (document,) = [json.loads(line) for line in by_page.decode("utf-8").splitlines() if '"type": "document"' in line]
    assert [(a["quote"], a["deleted_at"] is not None) for a in document["annotations"]] == [("so-called", True)]
    copy = import_uploads(db, system, "Copy", [Upload("study.jsonl", by_page)], settings=get_settings(db.url))
    (kept,) = list_annotations(db, system, _document_id(db, system, copy.project.id), include_deleted=True)
    assert (kept.quote, kept.deleted) == ("so-called", True)
    assert b"so-called" not in export_to_bytes(db, system, done.project.id, "csv", page_filter)


def test_an_import_meant_for_a_new_project_never_joins_one_of_that_name(db: Database, system: Actor,
                                                                          tmp_path: Path) -> None:
    """The page's "a new project" with the name of a project that exists: the import went into
    that project without a word (its codebook, not the file's the preview was made for). It is
    refused, and nothing is written; without `new_project` (the command line) it joins it."""
    path = _tasks(tmp_path)
    settings = get_settings(db.url)
    first = import_paths(db, system, "Study", [str(path)], fmt=None, settings=settings)
    other = tmp_path / "other.json"
    other.write_text(json.dumps(TASKS, ensure_ascii=False).replace("Café", "Cafe"), encoding="utf-8")
    loaded = read_uploads(db, system, None, [Upload("other.json", other.read_bytes())], settings=settings)
    with pytest.raises(Conflict, match="project 'Study' exists already"):
        import_loaded(db, system, "Study", loaded, source="other.json", new_project=True)
    assert len(list_documents(db, system, first.project.id)) == 1
    joined = import_loaded(db, system, "Study", loaded, source="other.json")
    assert not joined.created and len(list_documents(db, system, first.project.id)) == 2


def _document_id(db: Database, actor: Actor, project_id: int) -> int:
    (document,) = list_documents(db, actor, project_id)
    return document.id


def test_what_differs_by_format_comes_from_the_format() -> None:
    assert {fmt: default_filename("My study: *one*", fmt) for fmt in FORMATS} == {
        "jsonl": "My-study-one.jsonl", "csv": "My-study-one.csv", "w3c": "My-study-one.jsonld",
        "labelstudio": "My-study-one.labelstudio.json", "brat": "My-study-one.brat.zip",
        "semeval": "My-study-one.semeval.zip"}
    everyone, one, gold = ExportFilter(), ExportFilter(annotators=("ana",)), ExportFilter(gold_only=True)
    assert [fmt for fmt in FORMATS if missing_layer_choice(fmt, everyone)] == ["semeval"]
    assert missing_layer_choice("semeval", everyone) == (
        "A SemEval label file holds one annotator's spans: choose one annotator, or the gold layer.")
    assert missing_layer_choice("semeval", one) is None and missing_layer_choice("semeval", gold) is None


def _registry(db: Database, actor: Actor) -> None:
    create_entity(db, actor, "outlet", "=SouthFront", domains=["southfront.org"], country="Russia")
    create_entity(db, actor, "state", "Russian Federation")


def test_registry_ways_out_hold_the_same_registry(db: Database, system: Actor, tmp_path: Path) -> None:
    _registry(db, system)
    single = tmp_path / "reg" / "registry.json"
    assert export_registry_to_path(db, system, "json", single) == 2
    assert export_registry_to_bytes(db, system, "json") == single.read_bytes()
    out = io.StringIO(newline="")
    assert export_registry_to_stream(db, system, "json", out) == 2
    assert out.getvalue().encode("utf-8") == single.read_bytes()
    folder, archive = tmp_path / "tables", tmp_path / "registry.zip"
    assert export_registry_to_path(db, system, "csv", folder) == export_registry_to_path(db, system, "csv", archive) == 2
    tables = {p.name: p.read_bytes() for p in folder.iterdir()}
    with zipfile.ZipFile(archive) as written, zipfile.ZipFile(io.BytesIO(export_registry_to_bytes(db, system, "csv"))) as data:
        assert {n: written.read(n) for n in written.namelist()} == {n: data.read(n) for n in data.namelist()} == tables
    with pytest.raises(InvalidInput, match="csv writes several files"):
        export_registry_to_stream(db, system, "csv", io.StringIO())
    assert sorted(REGISTRY_FORMATS) == ["csv", "json"]


def test_registry_imports_from_paths_and_uploads_alike(db: Database, system: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "entities.csv").write_text("kind,name,domains\noutlet,=SouthFront,southfront.org\nstate,Russian Federation,\n",
                                        encoding="utf-8")
    (folder / "ratings.csv").write_text("entity,provider,dimension,value\n=SouthFront,MBFC,factual reporting,low\n",
                                       encoding="utf-8")
    by_path = import_registry_paths(db, system, [str(folder)], settings=get_settings(db.url))
    assert (by_path.entities_created, by_path.entities_existing, by_path.ratings_added) == (2, 0, 1)
    uploads = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = import_registry_files(db, system, uploads, source="uploads", settings=get_settings(db.url))
    assert (again.entities_created, again.entities_existing, again.ratings_added) == (0, 2, 0)
    assert [e.name for e in export_registry(db, system)] == ["=SouthFront", "Russian Federation"]


def test_registry_paths_are_refused_with_their_name(sqlite_db: Database, system: Actor, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    for raw, message in ((tmp_path / "empty", "no CSV tables in this folder"), (tmp_path / "nothing", "no such file or folder"),
                         (tmp_path / "notes.txt", "not a registry file (expected .json, .jsonl, .csv, .zip)")):
        with pytest.raises(InvalidInput) as refused:
            import_registry_paths(sqlite_db, system, [str(raw)], settings=get_settings(sqlite_db.url))
        assert str(refused.value) == f"{raw}: {message}"
    with pytest.raises(ImportRefused) as bad:
        import_registry_files(sqlite_db, system, {"entities.csv": b"kind,name\nnewspaper,Bad\n"}, source="x",
                              settings=get_settings(sqlite_db.url))
    assert bad.value.issues[0].located().startswith("entities.csv, line 2, field 'kind'")
