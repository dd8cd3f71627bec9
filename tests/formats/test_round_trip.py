"""Round trips through the database for every format: export -> import into an empty database
-> export gives the same spans (offsets, labels, quotes, and what else the format carries), on
the written hard document (emoji, flags, combining marks, `\r\n`) and on the 40 PTC articles.
The first database is SQLite; the second is each backend in turn."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotator.codebooks import CodebookDef
from annotator.config import get_settings
from annotator.db import Database
from annotator.formats import catalog
from annotator.formats.base import relations_of
from annotator.ingest.local import load_paths
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, get_project

from .helpers import read_bytes, span_keys
from .samples import key_alphabet_codebook, key_alphabet_records, sample_records

FORMATS = list(catalog.FORMATS)
SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "w3c": ".jsonld", "labelstudio": ".json", "brat": ".zip", "semeval": ".zip"}


def _spans_in(db: Database, actor: Actor, project: str, *, full: bool) -> list[tuple[Any, ...]]:
    """Every span of a project as (layer, start, end, label, quote, who[, note, attributes])."""
    project_id = get_project(db, actor, project).id
    out = []
    with open_export(db, actor, project_id, fmt="check") as stream:
        for record in stream.records:
            for layer, spans in (("annotation", record.annotations), ("gold", record.gold)):
                for a in spans:
                    who = a.annotator if layer == "annotation" else getattr(a, "curator", None)
                    key: tuple[Any, ...] = (layer, a.start, a.end, a.label, a.quote, who)
                    assert record.text[a.start : a.end] == a.quote
                    if full:
                        key += (a.note, json.dumps(a.attributes, sort_keys=True))
                    out.append(key)
    return sorted(out, key=repr)


def _relations_in(db: Database, actor: Actor, project: str) -> list[tuple[Any, ...]]:
    """Every relation of a project as (layer, type, its start span, its end span, note,
    attributes), each span named by (start, end, label, who): uids may change on the way."""
    project_id = get_project(db, actor, project).id
    out = []
    with open_export(db, actor, project_id, fmt="check") as stream:
        for record in stream.records:
            spans = {a.uid: (a.start, a.end, a.label, a.annotator) for a in record.annotations}
            spans |= {g.uid: (g.start, g.end, g.label, g.curator) for g in record.gold}
            for layer, relation in relations_of(record):
                out.append((layer, record.text_sha256, relation.type, spans[relation.from_uid],
                            spans[relation.to_uid], relation.note, json.dumps(relation.attributes, sort_keys=True)))
    return sorted(out, key=repr)


def _documents_file(db: Database, actor: Actor, project: str, path: Path) -> Path:
    """The texts as JSON lines of articles: what a CSV import needs beside it."""
    with open_export(db, actor, get_project(db, actor, project).id, fmt="texts") as stream, \
            path.open("w", encoding="utf-8") as fp:
        for record in stream.records:
            fp.write(json.dumps({"text": record.text, "title": record.title, "url": record.url,
                                 "external_id": record.external_id}, ensure_ascii=False) + "\n")
    return path


def _round_trip(source: Database, target: Database, fmt: str, project: str, tmp_path: Path,
                filters: ExportFilter | None = None, annotator: str | None = None,
                codebook: CodebookDef | None = None) -> list[tuple[Any, ...]]:
    """Round trip `project` through `fmt`; returns the source's relations (compared too)."""
    actor = Actor.system()
    source_id = get_project(source, actor, project).id
    first = tmp_path / f"first{SUFFIX[fmt]}"
    export_to_path(source, actor, source_id, fmt, first, filters)
    inputs = [first]
    if fmt == "csv":
        inputs.insert(0, _documents_file(source, actor, project, tmp_path / "texts.jsonl"))
        inputs.append(tmp_path / "first.csv.relations.csv")
    loaded = load_paths(inputs, fmt=None, settings=get_settings(target.url))
    assert loaded.issues == []
    import_into_project(target, actor, project, loaded.records, entities=loaded.entities,
                        codebook=codebook or get_project(source, actor, project).codebook_key, annotator=annotator)
    second = tmp_path / f"second{SUFFIX[fmt]}"
    export_to_path(target, actor, get_project(target, actor, project).id, fmt, second, filters)
    module = catalog.get_format(fmt)
    full = fmt != "semeval"
    assert span_keys(read_bytes(module, second.read_bytes()).records) == span_keys(read_bytes(module, first.read_bytes()).records)
    before = _spans_in(source, actor, project, full=full)
    after = _spans_in(target, actor, project, full=full)
    if filters and filters.annotators:
        before = [s for s in before if s[5] in filters.annotators]
    assert after == before and after
    relations = _relations_in(source, actor, project)
    if fmt == "semeval":
        # The label lines have no place for relations: the manifest says they were left out.
        assert "relations" in json.loads(_manifest_of(first))["carries_no"]
        assert _relations_in(target, actor, project) == []
    else:
        assert _relations_in(target, actor, project) == relations
    return relations


def _manifest_of(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("manifest.json").decode()


def _hard_project(db: Database) -> None:
    actor = Actor.system()
    project = create_project(db, actor, "Hard")
    import_records(db, actor, project.id, sample_records())


@pytest.mark.parametrize("fmt", FORMATS)
def test_hard_document_round_trip(fmt: str, source: Database, db: Database, tmp_path: Path) -> None:
    _hard_project(source)
    flt = ExportFilter(annotators=("bo",)) if fmt == "semeval" else None
    relations = _round_trip(source, db, fmt, "Hard", tmp_path, flt, annotator="bo" if fmt == "semeval" else None)
    # The sample's relations, one with a note (formula-looking, a line break, a tab), all stored.
    assert len(relations) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_ptc_round_trip(fmt: str, source: Database, sqlite_db: Database, tmp_path: Path, corpus: Path) -> None:
    loaded = load_paths([corpus / "ptc-sample"], fmt="semeval", settings=get_settings(source.url))
    import_into_project(source, Actor.system(), "PTC", loaded.records, codebook=loaded.codebook, annotator="ptc-gold")
    _round_trip(source, sqlite_db, fmt, "PTC", tmp_path, annotator="ptc-gold" if fmt == "semeval" else None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_keys_of_the_whole_legal_alphabet_round_trip(fmt: str, source: Database, db: Database, tmp_path: Path) -> None:
    """Label and attribute keys from every corner of the key rule (punctuation, spaces, scripts,
    combining marks, 100 characters, keys that brat's names would merge) come back exactly,
    with typed attribute values."""
    codebook = key_alphabet_codebook()
    actor = Actor.system()
    project = create_project(source, actor, "Keys", codebook=codebook)
    import_records(source, actor, project.id, key_alphabet_records(codebook))
    _round_trip(source, db, fmt, "Keys", tmp_path, annotator="ana" if fmt == "semeval" else None, codebook=codebook)
