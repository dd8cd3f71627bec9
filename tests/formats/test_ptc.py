"""The PTC sample: import creates the documents and the annotations under a named annotator,
and export gives back its label files line for line, in either layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import InvalidInput
from annotator.ingest.local import load_paths
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, list_projects

from .samples import sample_records

ASTRAL = ("696246189", "755170235")


def _lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def _import(db: Database, folder: Path, name: str = "PTC") -> int:
    loaded = load_paths([folder], fmt=None, settings=get_settings(db.url))
    assert loaded.issues == []
    done = import_into_project(db, Actor.system(), name, loaded.records, codebook=loaded.codebook, annotator="ptc-gold")
    return done.project.id


def test_import_then_export_gives_the_label_files_back(db: Database, corpus: Path, tmp_path: Path) -> None:
    sample = corpus / "ptc-sample"
    project_id = _import(db, sample)
    documents = list_documents(db, Actor.system(), project_id)
    assert len(documents) == 40
    out = tmp_path / "out"
    export_to_path(db, Actor.system(), project_id, "semeval", out)
    originals = sorted((sample / "labels").glob("*.labels"))
    assert len(originals) == 40
    for original in originals:
        assert _lines(out / "labels" / original.name) == _lines(original), original.name
    for article in (sample / "articles").glob("*.txt"):
        assert (out / "articles" / article.name).read_bytes() == article.read_bytes()
    everything = sorted(line for f in originals for line in f.read_text(encoding="utf-8").splitlines())
    assert _lines(out / "all.task2-TC.labels") == everything
    for article_id in ASTRAL:  # astral characters before the spans: code points, not UTF-16
        text = (sample / "articles" / f"article{article_id}.txt").read_text(encoding="utf-8")
        assert any(ord(c) > 0xFFFF for c in text)


def test_external_ids_and_the_annotator(sqlite_db: Database, corpus: Path) -> None:
    project_id = _import(sqlite_db, corpus / "ptc-sample")
    documents = list_documents(sqlite_db, Actor.system(), project_id)
    assert {d.external_id for d in documents} == {p.stem[len("article"):] for p in (corpus / "ptc-sample" / "articles").glob("*.txt")}


def _concatenated_only(corpus: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "concat"
    shutil.copytree(corpus / "ptc-sample" / "articles", folder / "articles")
    lines = "".join(p.read_text(encoding="utf-8") for p in sorted((corpus / "ptc-sample" / "labels").glob("*.labels")))
    (folder / "train.task2-TC.labels").write_text(lines, encoding="utf-8")
    return folder


def test_the_concatenated_layout_imports_too(sqlite_db: Database, corpus: Path, tmp_path: Path) -> None:
    folder = _concatenated_only(corpus, tmp_path)
    project_id = _import(sqlite_db, folder)
    out = tmp_path / "out.zip"
    summary = export_to_path(sqlite_db, Actor.system(), project_id, "semeval", out)
    assert summary.annotations == 619


def test_both_layouts_must_agree(corpus: Path, tmp_path: Path) -> None:
    folder = _concatenated_only(corpus, tmp_path)
    shutil.copytree(corpus / "ptc-sample" / "labels", folder / "labels")
    assert load_paths([folder], fmt=None, settings=get_settings("sqlite://")).issues == []
    one = folder / "labels" / "article111111115.task2-TC.labels"
    one.write_text(one.read_text(encoding="utf-8").replace("\t658\t", "\t659\t"), encoding="utf-8")
    issues = load_paths([folder], fmt=None, settings=get_settings("sqlite://")).issues
    assert len(issues) == 1 and "article 111111115 has different lines" in issues[0].message


def test_bad_label_lines_are_located(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(corpus / "ptc-sample" / "articles", folder / "articles")
    (folder / "x.labels").write_text("111111115\tLoaded_Language\t1\t5\n999\tDoubt\t1\t5\n111111115\t1\t5\n",
                                     encoding="utf-8")
    issues = load_paths([folder], fmt="semeval", settings=get_settings("sqlite://")).issues
    located = [i.located() for i in issues]
    assert any("x.labels, line 2, field 'article_id'" in s and "no article999.txt" in s for s in located)
    assert any("x.labels, line 3" in s and "span-identification" in s for s in located)


def test_a_span_past_the_end_is_refused_and_nothing_is_written(db: Database, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "past"
    shutil.copytree(corpus / "ptc-sample" / "articles", folder / "articles")
    (folder / "a.labels").write_text("111111115\tLoaded_Language\t658\t999999\n", encoding="utf-8")
    loaded = load_paths([folder], fmt=None, settings=get_settings(db.url))
    with pytest.raises(Exception) as caught:
        import_into_project(db, Actor.system(), "P", loaded.records, codebook=loaded.codebook, annotator="ptc-gold")
    assert "a.labels, line 1" in str(caught.value) and "outside the text" in str(caught.value)
    assert list_projects(db, Actor.system()) == []


def test_semeval_export_refuses_a_mix_of_annotators_and_leaves_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    project = create_project(sqlite_db, Actor.system(), "Mixed")
    import_records(sqlite_db, Actor.system(), project.id, sample_records())
    out = tmp_path / "exports"
    out.mkdir()
    with pytest.raises(InvalidInput, match="several \\(ana, bo\\)"):
        export_to_path(sqlite_db, Actor.system(), project.id, "semeval", out / "folder")
    with pytest.raises(InvalidInput, match="--annotator"):
        export_to_path(sqlite_db, Actor.system(), project.id, "semeval", out / "file.zip")
    assert list(out.iterdir()) == []
