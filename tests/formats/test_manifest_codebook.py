"""An export imported into a new project brings the codebook of the project it came from:
brat and SemEval bundles carry their manifest inside, a CSV, W3C or Label Studio file beside
it (`<file>.manifest.json`, given with the file on the command line or uploaded with it).
The manifests were written and never read: such an import made a `framing` (or, for SemEval,
`semeval2020-ptc`) project, and every label of another codebook was refused as unknown; the
manifest given beside a CSV was refused as a file of no known format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.codebooks import CodebookDef
from annotator.config import get_settings
from annotator.db import Database
from annotator.ingest.local import load_paths
from annotator.ingest.web import Upload, load_uploads
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.imports import import_loaded
from annotator.services.team.projects import create_project, get_project

from .samples import key_alphabet_codebook, key_alphabet_records

SUFFIX = {"csv": ".csv", "w3c": ".jsonld", "labelstudio": ".json", "brat": ".zip", "semeval": ".zip"}


def _exported(db: Database, fmt: str, tmp_path: Path) -> tuple[CodebookDef, list[Path]]:
    """A project of a codebook no import knows, exported in `fmt`: the files a user has."""
    codebook = key_alphabet_codebook()
    actor = Actor.system()
    project = create_project(db, actor, "Source", codebook=codebook)
    import_records(db, actor, project.id, key_alphabet_records(codebook))
    path = tmp_path / f"export{SUFFIX[fmt]}"
    export_to_path(db, actor, project.id, fmt, path)
    return codebook, sorted(tmp_path.glob("export*"))


@pytest.mark.parametrize("fmt", ["brat", "semeval", "w3c", "labelstudio"])
def test_a_new_project_gets_the_codebook_of_the_project_exported(fmt: str, source: Database, db: Database,
                                                                  tmp_path: Path) -> None:
    codebook, files = _exported(source, fmt, tmp_path)
    loaded = load_paths([str(f) for f in files], fmt=None, settings=get_settings(db.url))
    assert loaded.issues == []
    done = import_loaded(db, Actor.system(), "Copy", loaded, source="export", annotator="ana")
    project = get_project(db, Actor.system(), "Copy")
    assert (project.codebook_key, done.result.annotations) == ("alphabet", len(codebook.labels))


def test_a_csv_uploaded_with_its_manifest_makes_the_projects_codebook(source: Database, db: Database,
                                                                      tmp_path: Path) -> None:
    codebook, files = _exported(source, "csv", tmp_path)
    texts = json.dumps({"text": key_alphabet_records(codebook)[0].text, "title": "Keys"}) + "\n"
    uploads = [Upload("texts.jsonl", texts.encode()), *(Upload(f.name, f.read_bytes()) for f in files)]
    loaded = load_uploads(uploads, [], fmt=None, settings=get_settings(db.url))
    assert loaded.issues == [] and loaded.manifest_source == "export.csv.manifest.json"
    done = import_loaded(db, Actor.system(), "Copy", loaded, source="upload", annotator="ana")
    assert get_project(db, Actor.system(), "Copy").codebook_key == "alphabet"
    assert done.result.annotations == len(codebook.labels)


def test_a_broken_manifest_is_located(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "x.csv.manifest.json"
    path.write_text('{"format": "annotator-csv", "format_version": "one"}', encoding="utf-8")
    loaded = load_paths([str(path)], fmt=None, settings=get_settings(db.url))
    assert [i.located() for i in loaded.issues][0].startswith(f"{path}, field 'format_version':")
