"""Inputs built to hurt the reader rather than to carry annotations: JSON and YAML nested
deeper than a parser follows. Each is a located refusal (file, line, field where there is
one), never a traceback, and nothing is written."""

from __future__ import annotations

import json

import pytest

from annotator.codebooks.loader import parse_codebook_text
from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused, InvalidInput
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_registry_files, import_uploads
from annotator.services.team.projects import list_projects

DEPTH = 100_000
DEEP = "[" * DEPTH + "]" * DEPTH
NATIVE_HEAD = json.dumps({"type": "manifest", "format": "annotator-native", "format_version": 1})


@pytest.mark.parametrize(("name", "data", "fmt", "where"), [
    ("articles.jsonl", '{"text": "One."}\n' + DEEP + "\n", None, "articles.jsonl, line 2"),
    ("articles.jsonl", '{"text": "One."}\n{"text": "Two.", "meta": {"x": ' + DEEP + "}}\n", None,
     "articles.jsonl, line 2"),
    ("tasks.json", "[\n" + DEEP + "\n]", "labelstudio", "tasks.json, line 2"),
    ("a.jsonld", '{"a":\n' + DEEP + "}", "w3c", "a.jsonld, line 2"),
    ("spans.csv", "document_uid,label,start,end,quote,attributes\nx,claim,0,1,a," + DEEP + "\n", "csv",
     "spans.csv, line 2, field 'attributes'"),
])
def test_json_nested_too_deeply_is_a_located_refusal(db: Database, name: str, data: str, fmt: str | None,
                                                       where: str) -> None:
    """json.loads raises RecursionError past about a thousand levels: it escaped every reader
    as a traceback (the page showed it with the server's paths; the command line crashed)."""
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, Actor.system(), "P", [Upload(name, data.encode())], fmt=fmt,
                       settings=get_settings(db.url))
    first = refused.value.issues[0].located()
    assert first.startswith(where) and "nested too deeply" in first, first
    assert list_projects(db, Actor.system()) == []


def test_a_registry_table_with_deeply_nested_metadata_is_refused(db: Database) -> None:
    table = "uid,kind,name,meta\n1,outlet,Example,\"" + DEEP + "\"\n"
    with pytest.raises(ImportRefused) as refused:
        import_registry_files(db, Actor.system(), {"entities.csv": table.encode()}, source="upload")
    first = refused.value.issues[0].located()
    assert "entities.csv" in first and "nested too deeply" in first, first


@pytest.mark.parametrize(("name", "text", "line"), [
    ("book.json", '{"key": "x",\n"labels": ' + DEEP + "}", 2),
    ("book.yaml", "key: x\nlabels: " + DEEP + "\n", 2),
])
def test_a_codebook_nested_too_deeply_is_a_located_refusal(name: str, text: str, line: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_codebook_text(text, name=name)
    assert refused.value.file == name and refused.value.line == line, refused.value.located()
    assert "nested too deeply" in refused.value.message
