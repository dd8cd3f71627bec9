"""Relations on the way in and out: a brat collection written here by hand (spans, attributes,
notes and R lines) imports and exports back with the same relations; relations of both layers,
with attributes and an undirected type, survive every format that can hold them; what cannot be
read is refused whole, naming file, line and field."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.base import relations_of
from annotator.formats.records import (
    AnnotationRecord,
    DocumentRecord,
    GoldRecord,
    GoldRelationRecord,
    RelationRecord,
)
from annotator.ingest.local import load_paths
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import list_documents
from annotator.services.annotation.relations import delete_relation, list_relations, update_relation
from annotator.services.annotation.spans import delete_annotation
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.exchange.data_import import ImportRefused, import_records
from annotator.services.exchange.exports import export_to_path
from annotator.services.exchange.local_imports import import_paths
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, get_project, set_member
from annotator.spans import text_sha256

from ..conftest import make_user
from .test_round_trip import _round_trip

TEXT = ("Officials claimed the talks succeeded, according to state media.\n"
        "Critics said the talks failed. Officials repeated that the talks succeeded.\n")

ANN = "\n".join([
    "T1\tclaim 18 37\tthe talks succeeded",
    "T2\tsource_attribution 39 63\taccording to state media",
    "T3\tclaim 78 94\tthe talks failed",
    "T4\tclaim 120 139\tthe talks succeeded",
    "A1\tcheck_worthy T1",
    "#1\tAnnotatorNotes T1\tthe headline claim",
    "R1\tattributed_to Arg1:T1 Arg2:T2",
    "R2\tcontradicts Arg1:T3 Arg2:T1",
    "R3\trepeats Arg1:T4 Arg2:T1",
    "A2\tspeech R1 indirect%20speech",
    "#2\tAnnotatorNotes R2\tsays the opposite",
    "",
])


def _zip(tmp_path: Path, files: dict[str, str], name: str = "hand.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


def _import(db: Database, paths: list[Path], project: str = "Links") -> None:
    loaded = load_paths(paths, fmt=None, settings=get_settings(db.url))
    assert [i.located() for i in loaded.issues] == []
    import_into_project(db, Actor.system(), project, loaded.records, codebook="framing")


def _stored(db: Database, project: str = "Links") -> list[tuple[Any, ...]]:
    """(layer, type, start quote, end quote, who, attributes, note) of every stored relation."""
    actor = Actor.system()
    out = []
    with open_export(db, actor, get_project(db, actor, project).id, fmt="check") as stream:
        for record in stream.records:
            spans: dict[str | None, AnnotationRecord] = {a.uid: a for a in [*record.annotations, *record.gold]}
            for layer, relation in relations_of(record):
                start, end = spans[relation.from_uid], spans[relation.to_uid]
                who = start.annotator if layer == "annotation" else getattr(start, "curator", None)
                out.append((layer, relation.type, (start.start, start.quote), (end.start, end.quote), who,
                            relation.attributes, relation.note))
    return sorted(out, key=repr)


def _ann_lines(path: Path, folder: str) -> list[str]:
    """The lines of the one .ann file in `folder` of a brat zip."""
    with zipfile.ZipFile(path) as archive:
        [member] = [n for n in archive.namelist() if n.startswith(f"{folder}/") and n.endswith(".ann")]
        return archive.read(member).decode().splitlines()


def test_a_hand_written_brat_file_with_relations_imports_and_exports_back(db: Database, tmp_path: Path) -> None:
    _import(db, [_zip(tmp_path, {"ana/news.txt": TEXT, "ana/news.ann": ANN})])
    stored = _stored(db)
    assert stored == sorted([
        ("annotation", "attributed_to", (18, "the talks succeeded"), (39, "according to state media"), "ana",
         {"speech": "indirect speech"}, None),
        ("annotation", "contradicts", (78, "the talks failed"), (18, "the talks succeeded"), "ana", {},
         "says the opposite"),
        ("annotation", "repeats", (120, "the talks succeeded"), (18, "the talks succeeded"), "ana", {}, None),
    ], key=repr)
    out = tmp_path / "out.zip"
    export_to_path(db, Actor.system(), get_project(db, Actor.system(), "Links").id, "brat", out)
    lines = _ann_lines(out, "ana")
    spans = {line.split("\t")[0]: line.split("\t")[2] for line in lines if line.startswith("T")}
    relations = [line.split("\t")[1].split() for line in lines if line.startswith("R")]
    assert sorted((kind, spans[a[5:]], spans[b[5:]]) for kind, a, b in relations) == [
        ("attributed_to", "the talks succeeded", "according to state media"),
        ("contradicts", "the talks failed", "the talks succeeded"),
        ("repeats", "the talks succeeded", "the talks succeeded"),
    ]
    assert any(line.startswith("A") and " R" in line and line.endswith("indirect%20speech") for line in lines)
    assert any(line.startswith("#") and "AnnotatorNotes R" in line for line in lines)
    with zipfile.ZipFile(out) as archive:
        conf = archive.read("annotation.conf").decode()
    declared = conf.split("[relations]\n", 1)[1].split("[", 1)[0]
    assert "attributed_to\tArg1:claim, Arg2:source_attribution" in declared
    assert "frames\tArg1:scare_quotes|name_calling, Arg2:<ENTITY>" in declared
    # And back again into an empty project: the same relations.
    _import(db, [out], project="Again")
    assert _stored(db, "Again") == stored


@pytest.mark.parametrize(("lines", "expected"), [
    (["R1\tattributed_to Arg1:T1 Arg2:T9"], "hand.zip/ana/news.ann, line 3: T9 is not a span above"),
    (["R1\tattributed_to T1 T2"], "hand.zip/ana/news.ann, line 3: expected 'TYPE Arg1:T<n> Arg2:T<m>'"),
    (["E1\tclaim:T1 Cause:T2"], "hand.zip/ana/news.ann, line 3: 'E' lines (events, equivalences) cannot be imported"),
    (["*\tEquiv T1 T2"], "hand.zip/ana/news.ann, line 3: '*' lines (events, equivalences) cannot be imported"),
])
def test_brat_lines_that_cannot_be_read_are_located(sqlite_db: Database, tmp_path: Path, lines: list[str],
                                                    expected: str) -> None:
    head = ["T1\tclaim 18 37\tthe talks succeeded", "T2\tsource_attribution 39 63\taccording to state media"]
    path = _zip(tmp_path, {"ana/news.txt": TEXT, "ana/news.ann": "\n".join(head + lines) + "\n"})
    loaded = load_paths([path], fmt=None, settings=get_settings(sqlite_db.url))
    assert [i.located().removeprefix(f"{tmp_path}/") for i in loaded.issues][0].startswith(expected)


def test_relations_that_break_the_codebook_are_refused_whole(db: Database, tmp_path: Path) -> None:
    """A type the codebook lacks, ends its type does not allow, two annotators' spans, a span the
    import does not hold: each refused with its place, and nothing of the import is written."""
    spans = [
        AnnotationRecord(start=18, end=37, label="claim", annotator="ana", uid="a1"),
        AnnotationRecord(start=39, end=63, label="source_attribution", annotator="ana", uid="a2"),
        AnnotationRecord(start=78, end=94, label="claim", annotator="bo", uid="b1"),
    ]
    record = DocumentRecord(text=TEXT, title="News", annotations=spans, source="rel.jsonl, line 2")
    record.relations = [
        RelationRecord(type="blames", from_uid="a1", to_uid="a2"),
        RelationRecord(type="attributed_to", from_uid="a2", to_uid="a1"),
        RelationRecord(type="contradicts", from_uid="b1", to_uid="a1"),
        RelationRecord(type="supports", from_uid="a1", to_uid="zz"),
        RelationRecord(type="attributed_to", from_uid="a1", to_uid="a2", attributes={"speech": "shouting"}),
    ]
    actor = Actor.system()
    project = create_project(db, actor, "Refused")
    with pytest.raises(ImportRefused) as refused:
        import_records(db, actor, project.id, [record])
    assert [i.located() for i in refused.value.issues] == [
        "rel.jsonl, line 2, field 'relations[0].type': unknown relation type 'blames'",
        "rel.jsonl, line 2, field 'relations[1].type': a 'attributed_to' relation cannot go source_attribution -> claim",
        "rel.jsonl, line 2, field 'relations[2].to_uid': the two spans are bo's and ana's: a relation joins one annotator's",
        "rel.jsonl, line 2, field 'relations[3].to_uid': no span zz on this document (in the import or the project)",
        "rel.jsonl, line 2, field 'relations[4].attributes.speech': speech must be one of direct quote, indirect speech,"
        " paraphrase",
    ]
    with open_export(db, actor, project.id, fmt="check") as stream:
        assert list(stream.records) == []


def _linked_records() -> list[DocumentRecord]:
    """Two annotators' relations (one with a typed attribute, one undirected) and a gold relation."""
    def at(quote: str, label: str, who: str | None, uid: str, occurrence: int = 0) -> AnnotationRecord:
        start = -1
        for _ in range(occurrence + 1):
            start = TEXT.index(quote, start + 1)
        return AnnotationRecord(start=start, end=start + len(quote), label=label, quote=quote, annotator=who, uid=uid)

    ana = [at("the talks succeeded", "claim", "ana", "a1"), at("according to state media", "source_attribution", "ana", "a2"),
           at("the talks failed", "claim", "ana", "a3"), at("the talks succeeded", "claim", "ana", "a4", 1)]
    bo = [at("the talks succeeded", "claim", "bo", "b1"), at("the talks failed", "claim", "bo", "b2")]
    gold = [GoldRecord(**at("the talks succeeded", "claim", None, "g1").__dict__, curator="lead"),
            GoldRecord(**at("according to state media", "source_attribution", None, "g2").__dict__, curator="lead")]
    return [DocumentRecord(
        text=TEXT, title="News", text_sha256=text_sha256(TEXT), annotations=ana + bo, gold=gold,
        relations=[
            RelationRecord(type="attributed_to", from_uid="a1", to_uid="a2", attributes={"speech": "direct quote"},
                           note="line one\nline two"),
            RelationRecord(type="repeats", from_uid="a4", to_uid="a1"),
            RelationRecord(type="contradicts", from_uid="a3", to_uid="a1"),
            RelationRecord(type="contradicts", from_uid="b2", to_uid="b1", note="=1+1"),
        ],
        gold_relations=[],
    )]


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "labelstudio", "w3c", "csv"])
def test_relations_of_both_layers_round_trip(fmt: str, source: Database, db: Database,  # noqa: F811
                                             tmp_path: Path) -> None:
    records = _linked_records()
    records[0].gold_relations = [GoldRelationRecord(type="attributed_to", from_uid="g1", to_uid="g2", curator="lead",
                                                    attributes={"speech": "paraphrase"})]
    actor = Actor.system()
    project = create_project(source, actor, "Links")
    import_records(source, actor, project.id, records)
    relations = _round_trip(source, db, fmt, "Links", tmp_path)
    assert len(relations) == 5 and {r[0] for r in relations} == {"annotation", "gold"}


def test_the_semeval_manifest_says_relations_are_left_out(sqlite_db: Database, tmp_path: Path) -> None:
    actor = Actor.system()
    project = create_project(sqlite_db, actor, "Links")
    import_records(sqlite_db, actor, project.id, _linked_records())
    out = tmp_path / "out.zip"
    export_to_path(sqlite_db, actor, project.id, "semeval", out, ExportFilter(annotators=("ana",)))
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert "relations" in manifest["carries_no"] and manifest["counts"]["relations"] == 3


def test_the_native_round_trip_with_relations_is_byte_identical(source: Database, db: Database,  # noqa: F811
                                                                tmp_path: Path) -> None:
    """Relations of both layers, one deleted on its own and one taken along with its span,
    come back with their uids, versions, times and deletion: the second export is the first."""
    actor = Actor.system()
    records = _linked_records()
    records[0].gold_relations = [GoldRelationRecord(type="attributed_to", from_uid="g1", to_uid="g2", curator="lead")]
    project = create_project(source, actor, "Links")
    import_records(source, actor, project.id, records)
    lead = make_user(source, "boss", GlobalRole.ADMIN)
    set_member(source, actor, project.id, "boss", "admin")
    document = list_documents(source, lead, project.id)[0].id
    relations = {r.type: r for r in list_relations(source, lead, document) if r.username == "ana"}
    update_relation(source, lead, relations["attributed_to"].id, expected_version=1, note="changed")
    delete_relation(source, lead, relations["repeats"].id)
    delete_annotation(source, lead, relations["contradicts"].from_id)  # takes its relations along
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    export_to_path(source, actor, project.id, "jsonl", first, ExportFilter(include_deleted=True))
    import_paths(db, actor, "Links", [str(first)], fmt=None, settings=get_settings(db.url))
    export_to_path(db, actor, get_project(db, actor, "Links").id, "jsonl", second, ExportFilter(include_deleted=True))
    # Byte for byte after the manifest; the manifest's codebook definition comes back from
    # PostgreSQL's JSONB with its keys in another order, so it is compared as JSON.
    (head, body), (head_again, body_again) = (p.read_bytes().split(b"\n", 1) for p in (first, second))
    assert body == body_again and json.loads(head) == json.loads(head_again)
    [line] = [json.loads(x) for x in first.read_text(encoding="utf-8").splitlines() if '"document"' in x[:20]]
    assert sorted((r["type"], r["version"], r["deleted_at"] is not None, r["deleted_with"] is not None)
                  for r in line["relations"]) == [
        ("attributed_to", 2, False, False), ("contradicts", 1, False, False), ("contradicts", 2, True, True),
        ("repeats", 2, True, False)]
    assert len(line["gold_relations"]) == 1
