"""The PTC sample: import creates the documents and the annotations under a named annotator,
and export gives back its label files line for line, in either layout."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import InvalidInput
from annotator.ingest.local import load_paths
from annotator.models import User
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.annotation.spans import SpanIn, create_annotation
from annotator.services.exchange.data_export import ExportFilter
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.gold import add_gold
from annotator.services.team.projects import create_project, list_projects

from .samples import sample_records

ASTRAL = ("696246189", "755170235")


def _account(db: Database, name: str) -> Actor:
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return Actor(user.id, user.username, GlobalRole(user.role))


def _import(db: Database, folder: Path, name: str = "PTC") -> int:
    loaded = load_paths([folder], fmt=None, settings=get_settings(db.url))
    assert loaded.issues == []
    done = import_into_project(db, Actor.system(), name, loaded.records, codebook=loaded.codebook, annotator="ptc-gold")
    return done.project.id


def test_import_then_export_gives_the_label_files_back_byte_for_byte(db: Database, corpus: Path,
                                                                     tmp_path: Path) -> None:
    """Every label file and the concatenated one come back as they were, line order included:
    the official scorer pairs spans in file order, and only 7 of the 40 files are in offset order."""
    sample = corpus / "ptc-sample"
    project_id = _import(db, sample)
    documents = list_documents(db, Actor.system(), project_id)
    assert len(documents) == 40
    out = tmp_path / "out"
    summary = export_to_path(db, Actor.system(), project_id, "semeval", out, ExportFilter(annotators=("ptc-gold",)))
    originals = sorted((sample / "labels").glob("*.labels"))
    assert len(originals) == 40
    in_offset_order = 0
    for original in originals:
        assert (out / "labels" / original.name).read_bytes() == original.read_bytes(), original.name
        lines = original.read_text(encoding="utf-8").splitlines()
        in_offset_order += lines == sorted(lines, key=lambda line: [int(n) for n in line.split("\t")[2:]])
    assert in_offset_order < 40  # the check would pass on sorted output otherwise
    for article in (sample / "articles").glob("*.txt"):
        assert (out / "articles" / article.name).read_bytes() == article.read_bytes()
    assert (out / "all.task2-TC.labels").read_bytes() == b"".join(f.read_bytes() for f in originals)
    lines = sum(len(f.read_text(encoding="utf-8").splitlines()) for f in originals)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert summary.annotations == lines == manifest["counts"]["annotations"] == 619
    for article_id in ASTRAL:  # astral characters before the spans: code points, not UTF-16
        text = (sample / "articles" / f"article{article_id}.txt").read_text(encoding="utf-8")
        assert any(ord(c) > 0xFFFF for c in text)


def test_new_spans_follow_the_imported_lines_and_counts_are_what_was_written(sqlite_db: Database, corpus: Path,
                                                                             tmp_path: Path) -> None:
    """A span drawn here after the import comes after the article's imported lines (which keep
    their order); a gold span made meanwhile is not in an annotator's export, nor in its counts."""
    sample = corpus / "ptc-sample"
    project_id = _import(sqlite_db, sample)
    actor = Actor.system()
    document = next(d for d in list_documents(sqlite_db, actor, project_id) if d.external_id == "111111115")
    text = (sample / "articles" / "article111111115.txt").read_text(encoding="utf-8")
    annotator = _account(sqlite_db, "ptc-gold")
    create_annotation(sqlite_db, annotator, document.id, SpanIn(0, 5, "Doubt", text[0:5]))
    create_annotation(sqlite_db, annotator, document.id, SpanIn(0, 3, "Slogans", text[0:3]))
    add_gold(sqlite_db, actor, document.id, start=10, end=20, label="Doubt", quote=text[10:20])
    out = tmp_path / "out.zip"
    summary = export_to_path(sqlite_db, actor, project_id, "semeval", out, ExportFilter(annotators=("ptc-gold",)))
    with zipfile.ZipFile(out) as archive:
        written = archive.read("labels/article111111115.task2-TC.labels").decode("utf-8")
        manifest = json.loads(archive.read("manifest.json"))
    original = (sample / "labels" / "article111111115.task2-TC.labels").read_text(encoding="utf-8")
    assert written == original + "111111115\tSlogans\t0\t3\n111111115\tDoubt\t0\t5\n"
    assert summary.annotations == 621 and manifest["counts"]["annotations"] == 621
    assert manifest["counts"]["gold"] == 0


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
    train = folder / "train.task2-TC.labels"
    lines = train.read_text(encoding="utf-8").splitlines()
    unchanged = next(n for n, line in enumerate(lines, start=1) if line.startswith("111111115\t") and "\t658\t" in line)
    # The first line either file lacks, located at its file and line, naming the other file.
    assert len(issues) == 1 and issues[0].message.startswith("article 111111115: ")
    assert f"658-700 is not in {one}" in issues[0].message
    assert issues[0].located().startswith(f"{train}, line {unchanged}: ")


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
